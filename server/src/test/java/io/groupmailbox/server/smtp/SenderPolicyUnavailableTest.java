package io.groupmailbox.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;
import javax.persistence.PersistenceException;

import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.server.jpa.JpaGroupRepository;
import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.RawSmtpClient.Reply;

/**
 * A grant that cannot be read is not an absent grant: while a store the sender policy reads fails, a submission is
 * answered "try again" (451 4.7.1), neither refused for good (a client would bounce its user's mail) nor accepted.
 */
class SenderPolicyUnavailableTest {

    private static final AtomicBoolean GROUPS_FAIL = new AtomicBoolean();

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension()
        .withOverride(binder -> binder.bind(GroupRepository.class).to(FailingGroupRepository.class));

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" membersMaySend="true">
                <member address="alice@example.fr" role="replier"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @AfterEach
    void storeBack() {
        GROUPS_FAIL.set(false);
    }

    @Test
    void anEnvelopeSenderIsAnsweredTryAgainWhileTheGrantsCannotBeRead() throws Exception {
        GROUPS_FAIL.set(true);

        Reply reply = submitAsAlice("support@example.fr", "support@example.fr");

        assertThat(reply.stage()).isEqualTo("MAIL");
        assertThat(reply.code()).as(reply.text()).isEqualTo(451);
        assertThat(reply.text()).contains("4.7.1", "try again");
    }

    @Test
    void aFromHeaderIsAnsweredTryAgainAfterTheDataWhileTheGrantsCannotBeRead() throws Exception {
        GROUPS_FAIL.set(true);

        Reply reply = submitAsAlice("alice@example.fr", "support@example.fr");

        assertThat(reply.stage()).isEqualTo("end of DATA");
        assertThat(reply.code()).as(reply.text()).isEqualTo(451);
        assertThat(reply.text()).contains("4.7.1");
    }

    @Test
    void theSameSubmissionIsAcceptedOnceTheStoreIsBack() throws Exception {
        GROUPS_FAIL.set(true);
        assertThat(submitAsAlice("support@example.fr", "support@example.fr").code()).isEqualTo(451);

        GROUPS_FAIL.set(false);

        Reply reply = submitAsAlice("support@example.fr", "support@example.fr");
        assertThat(reply.code()).as(reply.text()).isEqualTo(250);
    }

    private static Reply submitAsAlice(String mailFrom, String from) throws Exception {
        String message = "From: " + from + "\r\nTo: bob@example.fr\r\nSubject: Grants\r\n\r\nHello.\r\n";
        return RawSmtpClient.send(server.configuration().submissionPort(), Optional.of("alice@example.fr"), "alice-secret",
            mailFrom, "bob@example.fr", message.getBytes(StandardCharsets.US_ASCII));
    }

    /** The server's group store, failing as a database that went away does while {@link #GROUPS_FAIL} is set. */
    public static class FailingGroupRepository implements GroupRepository {

        private final JpaGroupRepository store;

        @Inject
        public FailingGroupRepository(JpaGroupRepository store) {
            this.store = store;
        }

        private void failIfAsked() {
            if (GROUPS_FAIL.get()) {
                throw new PersistenceException("the database is unreachable");
            }
        }

        @Override
        public List<GroupDefinition> list() {
            failIfAsked();
            return store.list();
        }

        @Override
        public Optional<GroupDefinition> get(Username address) {
            failIfAsked();
            return store.get(address);
        }

        @Override
        public List<GroupDefinition> groupsOf(Username member) {
            failIfAsked();
            return store.groupsOf(member);
        }

        @Override
        public void save(GroupDefinition group) {
            store.save(group);
        }

        @Override
        public void delete(Username address) {
            store.delete(address);
        }
    }
}
