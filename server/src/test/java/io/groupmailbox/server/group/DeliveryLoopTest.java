package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.WebAdminClient;

/** The group's copy says where it was delivered, and mail that comes back to where it was delivered ends in the loop repository. */
class DeliveryLoopTest {

    private static final String LOOP = "/mailRepositories/" + WebAdminClient.encode("var/mail/loop");

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
              <group address="support@example.fr" name="Support" notify="none" membersMaySend="true">
                <member address="alice@example.fr" role="replier"/>
              </group>
              <group address="sales@example.fr" name="Sales" notify="each">
                <member address="carol@example.fr" role="replier"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        // carol forwards her mail, the group's notices included, back to the group
        assertThat(server.webAdmin().put("/address/forwards/carol@example.fr/targets/sales@example.fr").status()).isEqualTo(204);
    }

    @Test
    void theGroupsCopyIsDeliveredToTheGroupAndItsSentCopyIsNot() throws Exception {
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "support@example.fr", "Where is my parcel", "?"), "support@example.fr");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Where is my parcel");
        assertThat(header("Groups.Support.INBOX", "Where is my parcel", "Delivered-To")).containsExactly("support@example.fr");

        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("support@example.fr", "bob@example.fr", "Your parcel", "It left."));
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.Sent", "Your parcel");
        assertThat(header("Groups.Support.Sent", "Your parcel", "Delivered-To")).isEmpty();
    }

    @Test
    void aNoticeThatAMembersForwardSendsBackToTheGroupEndsInTheLoopRepository() throws Exception {
        int before = loopMails().size();
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "sales@example.fr", "Order 12", "Ten chairs."), "sales@example.fr");

        Inbox.awaitSubject(server.imap(), "carol@example.fr", "carol-secret", "Groups.Sales.INBOX", "Order 12");
        List<String> loop = awaitLoopMails(before + 1);
        assertThat(loop.stream().map(key -> server.webAdmin().get(LOOP + "/mails/" + WebAdminClient.encode(key)).body()))
            .anySatisfy(mail -> assertThat(mail).contains("sales@example.fr"));
        assertThat(Inbox.subjects(server.imap(), "carol@example.fr", "carol-secret", "Groups.Sales.INBOX", "[Sales] Order 12")).isEmpty();
        assertThat(Inbox.subjects(server.imap(), "carol@example.fr", "carol-secret", "Groups.Sales.INBOX", "Order 12")).hasSize(1);
    }

    @Test
    void aGroupMailBouncedBackIntoTheGroupWithItsHeaderEndsInTheLoopRepository() throws Exception {
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "support@example.fr", "Refund 7", "Please."), "support@example.fr");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Refund 7");
        byte[] stored = raw("Groups.Support.INBOX", "Refund 7");
        int before = loopMails().size();

        // a remote server that bounces (redirects) the message whole, its Delivered-To kept, with a null reverse-path
        RawSmtpClient.Reply reply = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null,
            "", "support@example.fr", stored);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(250);

        awaitLoopMails(before + 1);
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "support@example.fr", "sentinel refund", "x"), "support@example.fr");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "sentinel refund");
        assertThat(Inbox.subjects(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Refund 7")).hasSize(1);
    }

    @Test
    void aDeliveryReportAboutGroupMailIsStoredInTheGroupNotTakenForALoop() throws Exception {
        int before = loopMails().size();
        String report = """
            From: MAILER-DAEMON@remote.test\r
            To: support@example.fr\r
            Subject: Undelivered Mail Returned to Sender 9\r
            MIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            Your message could not be delivered.\r
            --b\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; remote.test\r
            \r
            Final-Recipient: rfc822; gone@remote.test\r
            Action: failed\r
            Status: 5.1.1\r
            --b\r
            Content-Type: text/rfc822-headers\r
            \r
            Delivered-To: support@example.fr\r
            From: support@example.fr\r
            Subject: Re: Refund\r
            --b--\r
            """;
        RawSmtpClient.Reply reply = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null,
            "", "support@example.fr", report.getBytes(StandardCharsets.US_ASCII));
        assertThat(reply.code()).as(reply.toString()).isEqualTo(250);

        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "Undelivered Mail Returned to Sender 9");
        assertThat(loopMails()).hasSize(before);
    }

    private static List<String> awaitLoopMails(int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
            .until(DeliveryLoopTest::loopMails, keys -> keys.size() >= count);
    }

    /** The keys of the mails in the loop repository (none while it does not exist yet). */
    private static List<String> loopMails() {
        WebAdminClient.Response response = server.webAdmin().get(LOOP + "/mails");
        if (response.status() == 404) {
            return List.of();
        }
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String body = response.body().trim();
        if (body.equals("[]")) {
            return List.of();
        }
        return Stream.of(body.substring(1, body.length() - 1).split(","))
            .map(key -> key.trim().replaceAll("^\"|\"$", ""))
            .toList();
    }

    private static String[] header(String folder, String subject, String name) throws MessagingException {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder opened = store.getFolder(folder);
            opened.open(Folder.READ_ONLY);
            String[] values = find(opened, subject).getHeader(name);
            opened.close(false);
            return values == null ? new String[0] : values;
        }
    }

    private static byte[] raw(String folder, String subject) throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder opened = store.getFolder(folder);
            opened.open(Folder.READ_ONLY);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            find(opened, subject).writeTo(out);
            opened.close(false);
            return out.toByteArray();
        }
    }

    private static Message find(Folder folder, String subject) throws MessagingException {
        for (Message message : folder.getMessages()) {
            if (subject.equals(message.getSubject())) {
                return message;
            }
        }
        throw new AssertionError("no message '" + subject + "' in " + folder.getFullName());
    }
}
