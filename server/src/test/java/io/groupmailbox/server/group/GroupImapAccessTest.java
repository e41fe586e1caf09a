package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.FolderNotFoundException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.imap.IMAPFolder;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.PythonClient;
import io.groupmailbox.server.testing.SmtpClient;

/** Members open the group's folders from their own IMAP account, with their own rights. */
class GroupImapAccessTest {

    static final String INBOX = "Groups.Support.INBOX";
    static final String SENT = "Groups.Support.Sent";

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" membersMaySend="true">
                <member address="alice@example.fr" role="replier"/>
                <member address="bob@example.fr" role="reader"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "support@example.fr", "My order is late", "Order 4711"),
            "support@example.fr");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", INBOX, "My order is late");
    }

    @Test
    void membersListAndReadTheGroupInboxFromTheirOwnAccount() throws Exception {
        for (String member : new String[] {"alice", "bob"}) {
            try (Store store = server.imap().login(member + "@example.fr", member + "-secret")) {
                assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", INBOX, SENT);
                Folder inbox = store.getFolder(INBOX);
                inbox.open(Folder.READ_ONLY);
                assertThat(Arrays.stream(inbox.getMessages()).map(GroupImapAccessTest::subject)).contains("My order is late");
            }
        }
    }

    @Test
    void pythonImaplibSeesTheSameFolderUnderItsMountedName() throws Exception {
        String output = PythonClient.run("imap_group.py", String.valueOf(server.imap().port()), "bob@example.fr", "bob-secret", INBOX);

        assertThat(output)
            .contains("list=", INBOX, SENT)
            .containsPattern("lsub=.*" + INBOX.replace(".", "\\.") + ",.*" + SENT.replace(".", "\\."))
            .contains("select=OK")
            .contains("subjects=My order is late")
            .contains("status=\"" + INBOX + "\" (MESSAGES")
            .contains("store-flagged=NO");
    }

    @Test
    void aNonMemberNeitherListsNorSelectsTheGroupFoldersAndKeepsTheConnection() throws Exception {
        String output = PythonClient.run("imap_group.py", String.valueOf(server.imap().port()), "carol@example.fr", "carol-secret", INBOX);

        assertThat(output).doesNotContain(INBOX + ",").doesNotContain("Groups.Support")
            .contains("select=NO").contains("noop=OK");
        try (Store store = server.imap().login("carol@example.fr", "carol-secret")) {
            assertThatThrownBy(() -> store.getFolder(INBOX).open(Folder.READ_ONLY)).isInstanceOf(FolderNotFoundException.class);
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
    }

    @Test
    void aReaderCannotFlagDeleteAppendMoveOrExpunge() throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_WRITE);
            Message message = inbox.getMessage(1);
            assertThatThrownBy(() -> message.setFlag(Flags.Flag.FLAGGED, true)).isInstanceOf(MessagingException.class);
            assertThatThrownBy(() -> message.setFlag(Flags.Flag.DELETED, true)).isInstanceOf(MessagingException.class);
            int count = inbox.getMessageCount();
            inbox.expunge(); // without the e right, EXPUNGE removes nothing
            assertThat(inbox.getMessageCount()).isEqualTo(count);
            assertThatThrownBy(() -> inbox.moveMessages(new Message[] {message}, store.getFolder("INBOX")))
                .isInstanceOf(MessagingException.class);
            assertThatThrownBy(() -> inbox.appendMessages(new Message[] {note("From bob")})).isInstanceOf(MessagingException.class);
            inbox.close(false);
        }
    }

    @Test
    void aReplierFlagsButNeitherExpungesNorMovesOut() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_WRITE);
            Message message = inbox.getMessage(1);
            message.setFlag(Flags.Flag.FLAGGED, true);
            assertThat(message.isSet(Flags.Flag.FLAGGED)).isTrue();
            assertThatThrownBy(() -> message.setFlag(Flags.Flag.DELETED, true)).isInstanceOf(MessagingException.class);
            assertThatThrownBy(() -> inbox.moveMessages(new Message[] {message}, store.getFolder("INBOX")))
                .isInstanceOf(MessagingException.class);
            message.setFlag(Flags.Flag.FLAGGED, false);
            inbox.close(false);
        }
    }

    @Test
    void mountPointsCannotBeCreatedRenamedOrDeleted() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            assertThat(store.getFolder("Groups.Other").create(Folder.HOLDS_MESSAGES)).isFalse();
            assertThat(store.getFolder(INBOX).delete(false)).isFalse();
            assertThat(store.getFolder(SENT).renameTo(store.getFolder("Mine"))).isFalse();
            assertThat(store.getFolder(INBOX).exists()).isTrue();
        }
    }

    @Test
    void idleInAMembersSessionSeesANewArrival() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            int before = inbox.getMessageCount();
            CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> {
                try {
                    inbox.idle(true);
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500); // let IDLE start; the assertion below waits for the outcome itself
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "support@example.fr", "Another question", "?"),
                "support@example.fr");
            idle.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.getMessageCount() == before + 1);
        }
    }

    private static MimeMessage note(String subject) throws MessagingException {
        return SmtpClient.message("bob@example.fr", "support@example.fr", subject, "x");
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
