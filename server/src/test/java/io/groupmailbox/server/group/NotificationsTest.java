package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

/** Members who want it are told, in their own INBOX, when mail arrives for the group. */
class NotificationsTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" notify="each">
                <member address="alice@example.fr" role="replier"/>
                <member address="bob@example.fr" role="reader" notify="false"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @Test
    void aMemberWithNotificationsOnGetsOneShortNoticeAndTheOthersNone() throws Exception {
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "support@example.fr", "Printer on fire", "It smokes.\nPlease help."),
            "support@example.fr");

        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] Printer on fire");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Printer on fire");
        Thread.sleep(1000); // a second notice (a loop) would arrive within this time; the assertions below check none did
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<Message> notices = Arrays.stream(inbox.getMessages()).toList();
            assertThat(notices).hasSize(1);
            Message notice = notices.get(0);
            assertThat(notice.getHeader("Auto-Submitted")).containsExactly("auto-generated");
            assertThat(notice.getFrom()[0].toString()).contains("support@example.fr");
            assertThat((String) notice.getContent()).contains("customer@remote.test", "> It smokes.", "Groups.Support.INBOX");
        }
        assertThat(Inbox.subjects(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "[Support] Printer on fire")).isEmpty();
    }

    @Test
    void mailFromARobotNotifiesNobody() throws Exception {
        MimeMessage autoReply = SmtpClient.message("robot@remote.test", "support@example.fr", "Out of office", "Away");
        autoReply.setHeader("Auto-Submitted", "auto-replied");
        server.smtp().deliver("robot@remote.test", autoReply, "support@example.fr");

        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Out of office");
        Thread.sleep(1000); // a notice, if any, would have been delivered by now
        assertThat(Inbox.subjects(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] Out of office")).isEmpty();
    }
}
