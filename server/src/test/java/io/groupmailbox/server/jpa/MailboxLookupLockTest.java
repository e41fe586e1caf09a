package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import javax.persistence.EntityManager;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.StoreProbe;

/**
 * An append holds its mailbox's row lock until it commits ({@link OneTransactionAppendMessageMapper}). Finding
 * another mailbox by its path, as every delivery and IMAP SELECT does, must not wait for that commit: without an
 * index on the path, the look-up reads every mailbox row, the locked one too, so deliveries to different users
 * would wait for each other.
 */
class MailboxLookupLockTest {

    private static final Username ALICE = Username.of("alice@example.fr");
    private static final Username BOB = Username.of("bob@example.fr");

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr")
            .createUser(ALICE.asString(), "alice-secret")
            .createUser(BOB.asString(), "bob-secret");
    }

    @Test
    void aMailboxIsFoundWhileAnAppendToAnotherMailboxIsUncommitted() throws Exception {
        MailboxManager mailboxManager = server.probe(StoreProbe.class).mailboxManager();
        MailboxId alicesInbox = createInbox(mailboxManager, ALICE);
        MailboxId bobsInbox = createInbox(mailboxManager, BOB);

        EntityManager appending = server.probe(StoreProbe.class).entityManagerFactory().createEntityManager();
        try {
            appending.getTransaction().begin();
            // what an append does first, in the transaction that then stores the message
            appending.createNativeQuery("UPDATE JAMES_MAILBOX SET MAILBOX_LAST_UID = MAILBOX_LAST_UID + 1 WHERE MAILBOX_ID = ?")
                .setParameter(1, ((JPAId) alicesInbox).getRawId())
                .executeUpdate();

            MessageManager found = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                MailboxSession session = mailboxManager.createSystemSession(BOB);
                return mailboxManager.getMailbox(MailboxPath.inbox(BOB), session);
            }, "Bob's INBOX was not found while an append to Alice's INBOX was in progress");

            assertThat(found.getId()).isEqualTo(bobsInbox);
        } finally {
            if (appending.getTransaction().isActive()) {
                appending.getTransaction().rollback();
            }
            appending.close();
        }
    }

    private static MailboxId createInbox(MailboxManager mailboxManager, Username user) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(user);
        return mailboxManager.createMailbox(MailboxPath.inbox(user), session).orElseThrow();
    }
}
