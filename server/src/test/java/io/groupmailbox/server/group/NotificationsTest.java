package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.SpoolProbe;

/** Members who want it are told, in their own INBOX, when mail arrives for the group. */
class NotificationsTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret")
            .createUser("dave@example.fr", "dave-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" notify="each">
                <member address="alice@example.fr" role="replier"/>
                <member address="bob@example.fr" role="reader" notify="false"/>
                <member address="carol@example.fr" role="reader"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @Test
    void eachMemberWithNotificationsOnGetsOneShortNoticeAndTheOthersNone() throws Exception {
        deliverToSupport("customer@remote.test", "Printer on fire", "It smokes.\nPlease help.");

        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Printer on fire");
        Inbox.awaitSubject(server.imap(), "carol@example.fr", "carol-secret", "INBOX", "[Support] Printer on fire");
        awaitSentinelNotice("after Printer on fire");
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<Message> notices = Arrays.stream(inbox.getMessages())
                .filter(message -> subject(message).equals("[Support] Printer on fire"))
                .toList();
            assertThat(notices).hasSize(1);
            Message notice = notices.get(0);
            assertThat(notice.getHeader("Auto-Submitted")).containsExactly("auto-generated");
            assertThat(notice.getFrom()[0].toString()).contains("support@example.fr");
            assertThat(notice.getHeader("To")).as("members are envelope recipients, never listed").containsExactly("Support <support@example.fr>");
            assertThat((String) notice.getContent()).contains("customer@remote.test", "> It smokes.", "Groups.Support.INBOX");
        }
        assertThat(Inbox.subjects(server.imap(), "carol@example.fr", "carol-secret", "INBOX", "[Support] Printer on fire")).hasSize(1);
        assertThat(Inbox.subjects(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "[Support] Printer on fire")).isEmpty();
    }

    @Test
    void mailFromARobotNotifiesNobody() throws Exception {
        MimeMessage autoReply = SmtpClient.message("robot@remote.test", "support@example.fr", "Out of office", "Away");
        autoReply.setHeader("Auto-Submitted", "auto-replied");
        server.smtp().deliver("robot@remote.test", autoReply, "support@example.fr");

        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Out of office");
        awaitSentinelNotice("after Out of office");
        assertThat(Inbox.subjects(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] Out of office")).isEmpty();
    }

    /**
     * The spool delivers at least once: after a crash, or when an admin reprocesses a mail, the same spooled mail
     * goes through the processors again, and a matcher splits it again (here between the group and a person) with
     * new random names for the copies. Each recipient still holds it once, and each member has one notice.
     */
    @Test
    void aMailProcessedTwiceIsStoredOnceForEachRecipientAndNotifiesOnce() throws Exception {
        String name = "spooled-" + UUID.randomUUID();
        SpoolProbe spool = server.probe(SpoolProbe.class);

        spool.process(mailToSupportAndDave(name, "Processed twice"));
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] Processed twice");
        spool.process(mailToSupportAndDave(name, "Processed twice"));

        assertThat(Inbox.subjects(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Processed twice")).hasSize(1);
        assertThat(Inbox.subjects(server.imap(), "dave@example.fr", "dave-secret", "INBOX", "Processed twice")).hasSize(1);
        awaitSentinelNotice("after Processed twice");
        assertThat(Inbox.subjects(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] Processed twice")).hasSize(1);
        assertThat(Inbox.subjects(server.imap(), "carol@example.fr", "carol-secret", "INBOX", "[Support] Processed twice")).hasSize(1);
    }

    private static Mail mailToSupportAndDave(String name, String subject) throws Exception {
        return MailImpl.builder()
            .name(name)
            .sender("customer@remote.test")
            .addRecipients(new MailAddress("support@example.fr"), new MailAddress("dave@example.fr"))
            .mimeMessage(SmtpClient.message("customer@remote.test", "support@example.fr", subject, "Once is enough."))
            .state(Mail.DEFAULT)
            .build();
    }

    private static void deliverToSupport(String sender, String subject, String text) throws Exception {
        server.smtp().deliver(sender, SmtpClient.message(sender, "support@example.fr", subject, text), "support@example.fr");
    }

    /** A notice sent after the one under test: once it arrived, a second notice of that one would have too. */
    private static void awaitSentinelNotice(String subject) throws Exception {
        deliverToSupport("sentinel@remote.test", subject, "Sentinel.");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] " + subject);
    }

    private static String subject(Message message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
