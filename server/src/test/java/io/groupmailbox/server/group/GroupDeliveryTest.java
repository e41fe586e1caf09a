package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.smtp.SMTPAddressFailedException;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.StoreProbe;
import io.groupmailbox.server.testing.WebAdminClient;

/** Mail to a group is stored once, in the group's INBOX, however many members it has. */
class GroupDeliveryTest {

    private static final int MEMBERS = 50;

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        WebAdminClient webAdmin = server.webAdmin().createDomain("example.fr");
        List<String> members = new ArrayList<>();
        IntStream.range(0, MEMBERS).forEach(i -> {
            webAdmin.createUser("member" + i + "@example.fr", "secret");
            members.add("{\"address\":\"member" + i + "@example.fr\",\"role\":\"" + (i % 2 == 0 ? "replier" : "reader") + "\"}");
        });
        WebAdminClient.Response created = webAdmin.put("/groups/team@example.fr",
            "{\"name\":\"Team\",\"membersMaySend\":true,\"notify\":\"none\",\"members\":[" + String.join(",", members) + "]}");
        assertThat(created.status()).isEqualTo(204);
    }

    @Test
    void oneMessageToAFiftyMemberGroupLeavesOneCopyInTheStore() throws Exception {
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "team@example.fr", "Question for the team", "Hello team"),
            "team@example.fr");

        await().atMost(Duration.ofSeconds(30)).until(() -> messageCount("team@example.fr", "INBOX") == 1);
        for (int i = 0; i < MEMBERS; i++) {
            assertThat(messageCount("member" + i + "@example.fr", "INBOX")).isZero();
        }
        assertThat(server.webAdmin().get("/groups/team@example.fr").body()).contains("\"messages\":{\"INBOX\":1,\"Sent\":0}");
    }

    @Test
    void anUnknownAddressInTheDomainIsRefusedLikeAnUnknownUser() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "noteam@example.fr", "Anyone?", "x"), "noteam@example.fr"))
            .hasCauseInstanceOf(SMTPAddressFailedException.class);
    }

    @Test
    void groupsCreatedOverWebAdminCanBeChangedThere() {
        server.webAdmin().createUser("extra@example.fr", "secret");

        assertThat(server.webAdmin().put("/groups/team@example.fr/members/extra@example.fr", "{\"role\":\"manager\"}").status()).isEqualTo(204);
        assertThat(server.webAdmin().get("/groups/team@example.fr").body()).contains("\"extra@example.fr\":{\"INBOX\":\"lrswipkxtea\"");
        assertThat(server.webAdmin().delete("/groups/team@example.fr/members/extra@example.fr").status()).isEqualTo(204);
        assertThat(server.webAdmin().delete("/groups/team@example.fr/members/extra@example.fr").status()).isEqualTo(404);
        assertThat(server.webAdmin().get("/groups/team@example.fr").body()).doesNotContain("extra@example.fr");
    }

    @Test
    void badRequestsGetAJsonReason() {
        WebAdminClient.Response badRole = server.webAdmin().put("/groups/other@example.fr",
            "{\"members\":[{\"address\":\"member1@example.fr\",\"role\":\"boss\"}]}");
        WebAdminClient.Response notAUser = server.webAdmin().put("/groups/other@example.fr",
            "{\"members\":[{\"address\":\"ghost@example.fr\",\"role\":\"reader\"}]}");
        WebAdminClient.Response unknown = server.webAdmin().get("/groups/nothing@example.fr");

        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.body()).contains("\"message\":\"role must be one of reader, replier, manager, not 'boss'\"");
        assertThat(notAUser.status()).isEqualTo(400);
        assertThat(notAUser.body()).contains("member ghost@example.fr is not a user");
        assertThat(unknown.status()).isEqualTo(404);
    }

    private long messageCount(String user, String folder) throws Exception {
        MailboxManager mailboxManager = server.probe(StoreProbe.class).mailboxManager();
        Username owner = Username.of(user);
        MailboxSession session = mailboxManager.createSystemSession(owner);
        MailboxPath path = MailboxPath.forUser(owner, folder);
        if (!Boolean.TRUE.equals(reactor.core.publisher.Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
            return 0;
        }
        return mailboxManager.getMailbox(path, session)
            .getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session, EnumSet.of(MessageManager.MailboxMetaData.Item.MailboxCounters))
            .getMessageCount();
    }
}
