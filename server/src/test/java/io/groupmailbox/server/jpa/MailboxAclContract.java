package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.junit.jupiter.api.Test;

/**
 * What any mailbox store of this product must do with ACLs (RFC 4314), whatever the backend: rights given to a
 * user on another user's mailbox persist, grant exactly what they say, and nothing more.
 */
public interface MailboxAclContract {

    Username BOB = Username.of("bob@example.fr");
    Username ALICE = Username.of("alice@example.fr");
    Username CAROL = Username.of("carol@example.fr");

    MailboxManager mailboxManager();

    /** Closes the store and opens it again on the same data. */
    void restart() throws Exception;

    private MailboxPath bobsMailboxWithOneMessage() throws Exception {
        MailboxPath path = MailboxPath.forUser(BOB, "Shared-" + UUID.randomUUID());
        MailboxSession bob = mailboxManager().createSystemSession(BOB);
        mailboxManager().createMailbox(path, bob);
        mailboxManager().getMailbox(path, bob).appendMessage(MessageManager.AppendCommand.builder()
            .build("From: customer@remote.test\r\nSubject: hello\r\n\r\nbody\r\n"), bob);
        return path;
    }

    private void grant(MailboxPath path, Username user, String rights) throws Exception {
        mailboxManager().applyRightsCommand(path, MailboxACL.command()
            .forUser(user)
            .rights(MailboxACL.Rfc4314Rights.fromSerializedRfc4314Rights(rights))
            .asReplacement(), mailboxManager().createSystemSession(BOB));
    }

    @Test
    default void rightsGrantedToAliceSurviveARestart() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lr");

        restart();

        MailboxSession alice = mailboxManager().createSystemSession(ALICE);
        assertThat(mailboxManager().myRights(path, alice).serialize()).isEqualTo("lr");
        assertThat(mailboxManager().listRights(path, mailboxManager().createSystemSession(BOB)).getEntries())
            .containsEntry(MailboxACL.EntryKey.createUserEntryKey(ALICE), MailboxACL.Rfc4314Rights.fromSerializedRfc4314Rights("lr"));
    }

    @Test
    default void aliceReadsTheMailboxWithReadRights() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lr");
        restart();

        MailboxSession alice = mailboxManager().createSystemSession(ALICE);
        MessageManager mailbox = mailboxManager().getMailbox(path, alice);

        assertThat(mailbox.getMessages(MessageRange.all(), FetchGroup.MINIMAL, alice)).toIterable().hasSize(1);
    }

    @Test
    default void readRightsDoNotLetAliceAppend() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lr");
        restart();

        MailboxSession alice = mailboxManager().createSystemSession(ALICE);
        MessageManager mailbox = mailboxManager().getMailbox(path, alice);

        assertThatThrownBy(() -> mailbox.appendMessage(MessageManager.AppendCommand.builder()
                .build("Subject: intruder\r\n\r\nx\r\n"), alice))
            .isInstanceOf(MailboxException.class);
        assertThat(mailbox.getMessageCount(alice)).isEqualTo(1);
    }

    @Test
    default void readRightsDoNotLetAliceDeleteTheMailbox() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lr");
        restart();

        assertThatThrownBy(() -> mailboxManager().deleteMailbox(path, mailboxManager().createSystemSession(ALICE)))
            .isInstanceOf(MailboxException.class);
        assertThat(reactor.core.publisher.Mono.from(mailboxManager().mailboxExists(path, mailboxManager().createSystemSession(BOB))).block()).isTrue();
    }

    @Test
    default void insertRightLetsAliceAppend() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lri");
        restart();

        MailboxSession alice = mailboxManager().createSystemSession(ALICE);
        mailboxManager().getMailbox(path, alice).appendMessage(MessageManager.AppendCommand.builder()
            .build("Subject: from alice\r\n\r\nx\r\n"), alice);

        assertThat(mailboxManager().getMailbox(path, alice).getMessageCount(alice)).isEqualTo(2);
    }

    @Test
    default void aUserWithoutRightsNeitherOpensNorListsTheMailbox() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lr");
        restart();

        MailboxSession carol = mailboxManager().createSystemSession(CAROL);
        assertThatThrownBy(() -> mailboxManager().getMailbox(path, carol)).isInstanceOf(MailboxException.class);
        assertThat(mailboxManager().search(MailboxQuery.builder().matchesAllMailboxNames().build(), carol)
                .map(metaData -> metaData.getPath()).collectList().block())
            .doesNotContain(path);
    }

    @Test
    default void theGranteeSeesTheSharedMailboxInSearchResults() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lr");
        restart();

        MailboxSession alice = mailboxManager().createSystemSession(ALICE);
        assertThat(mailboxManager().search(MailboxQuery.builder().matchesAllMailboxNames().build(), alice)
                .map(metaData -> metaData.getPath()).collectList().block())
            .contains(path);
    }

    @Test
    default void revokedRightsStayRevokedAfterARestart() throws Exception {
        MailboxPath path = bobsMailboxWithOneMessage();
        grant(path, ALICE, "lr");
        mailboxManager().applyRightsCommand(path, MailboxACL.command().forUser(ALICE).noRights().asReplacement(),
            mailboxManager().createSystemSession(BOB));

        restart();

        MailboxSession alice = mailboxManager().createSystemSession(ALICE);
        assertThat(mailboxManager().myRights(path, alice).serialize()).isEmpty();
        assertThatThrownBy(() -> mailboxManager().getMailbox(path, alice)).isInstanceOf(MailboxException.class);
    }
}
