package io.groupmailbox.server.sent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.smtp.SMTPSendFailedException;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.PythonClient;
import io.groupmailbox.server.testing.SmtpClient;

/** A member answers as the group: the group's Sent has the answer once, and everyone sees it was answered, by whom. */
class WorkingAsTheGroupTest {

    static final String GROUP_INBOX = "Groups.Support.INBOX";
    static final String GROUP_SENT = "Groups.Support.Sent";

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("customer@example.fr", "customer-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" membersMaySend="true">
                <signature>-- \nThe Support team</signature>
                <member address="alice@example.fr" role="replier"/>
                <member address="bob@example.fr" role="reader"/>
              </group>
              <group address="help@example.fr" name="Help" membersMaySend="true" senderMode="send-on-behalf">
                <member address="alice@example.fr" role="replier"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @Test
    void aReplyAsTheGroupIsFiledOnceInTheGroupsSentAndMarksTheOriginalAnsweredForEveryone() throws Exception {
        MimeMessage question = SmtpClient.message("customer@example.fr", "support@example.fr", "Where is order 1?", "?");
        question.setHeader("Message-ID", "<order-1@example.fr>");
        server.smtp().submit("customer@example.fr", "customer-secret", question);
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", GROUP_INBOX, "Where is order 1?");

        MimeMessage answer = SmtpClient.message("support@example.fr", "customer@example.fr", "Re: Where is order 1?", "On its way.");
        answer.setHeader("In-Reply-To", "<order-1@example.fr>");
        answer.setHeader("X-Group-Sent-By", "mallory@example.fr");
        answer.saveChanges();
        answer.setHeader("Message-ID", "<answer-1@example.fr>");
        server.smtp().submit("alice@example.fr", "alice-secret", answer);

        assertThat(Inbox.awaitSubject(server.imap(), "customer@example.fr", "customer-secret", "INBOX", "Re: Where is order 1?")).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Message> sent = messages("bob@example.fr", "bob-secret", GROUP_SENT, "Re: Where is order 1?");
            assertThat(sent).hasSize(1);
        });
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder sent = store.getFolder(GROUP_SENT);
            sent.open(Folder.READ_ONLY);
            Message copy = Arrays.stream(sent.getMessages()).filter(message -> subject(message).equals("Re: Where is order 1?")).findFirst().orElseThrow();
            assertThat(copy.getHeader("X-Group-Sent-By")).containsExactly("alice@example.fr");
            assertThat(copy.isSet(Flags.Flag.SEEN)).isTrue();
            Folder inbox = store.getFolder(GROUP_INBOX);
            inbox.open(Folder.READ_ONLY);
            Message original = Arrays.stream(inbox.getMessages()).filter(message -> subject(message).equals("Where is order 1?")).findFirst().orElseThrow();
            assertThat(original.isSet(Flags.Flag.ANSWERED)).isTrue();
            assertThat(original.getFlags().getUserFlags()).contains("$AnsweredBy_alice");
        }
        String python = PythonClient.run("imap_flags.py", String.valueOf(server.imap().port()), "bob@example.fr", "bob-secret",
            GROUP_INBOX, "Where is order 1?");
        assertThat(python).contains("\\Answered", "$AnsweredBy_alice");
    }

    @Test
    void aClientThatSavesItsOwnCopyFirstStillLeavesOneCopy() throws Exception {
        MimeMessage answer = SmtpClient.message("support@example.fr", "customer@example.fr", "Saved twice?", "Once.");
        answer.setHeader("Message-ID", "<answer-2@example.fr>");
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder sent = store.getFolder(GROUP_SENT);
            sent.appendMessages(new Message[] {answer});
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> messages("alice@example.fr", "alice-secret", GROUP_SENT, "Saved twice?").size() == 1);

        server.smtp().submit("alice@example.fr", "alice-secret", answer);

        Inbox.awaitSubject(server.imap(), "customer@example.fr", "customer-secret", "INBOX", "Saved twice?");
        Thread.sleep(1000); // the Sent copy is filed before delivery; give a wrong second copy time to show
        assertThat(messages("alice@example.fr", "alice-secret", GROUP_SENT, "Saved twice?")).hasSize(1);
    }

    @Test
    void aClientThatSavesItsOwnCopyAfterSendingStillLeavesOneCopy() throws Exception {
        MimeMessage answer = SmtpClient.message("support@example.fr", "customer@example.fr", "Saved after sending", "Once.");
        answer.setHeader("Message-ID", "<answer-3@example.fr>");
        server.smtp().submit("alice@example.fr", "alice-secret", answer);
        await().atMost(Duration.ofSeconds(30)).until(() -> messages("alice@example.fr", "alice-secret", GROUP_SENT, "Saved after sending").size() == 1);

        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            store.getFolder(GROUP_SENT).appendMessages(new Message[] {answer});
        }

        assertThat(messages("alice@example.fr", "alice-secret", GROUP_SENT, "Saved after sending")).hasSize(1);
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            store.getFolder("Drafts").appendMessages(new Message[] {answer}); // her own folders keep every copy
            store.getFolder("Drafts").appendMessages(new Message[] {answer});
        }
        assertThat(messages("alice@example.fr", "alice-secret", "Drafts", "Saved after sending")).hasSize(2);
    }

    @Test
    void inSendOnBehalfModeTheRecipientSeesWhichMemberSentIt() throws Exception {
        MimeMessage answer = SmtpClient.message("help@example.fr", "customer@example.fr", "On behalf of Help", "Hi");
        answer.setHeader("Sender", "alice@example.fr");
        server.smtp().submit("alice@example.fr", "alice-secret", answer);
        MimeMessage withoutSender = SmtpClient.message("help@example.fr", "customer@example.fr", "On behalf, no Sender", "Hi");
        server.smtp().submit("alice@example.fr", "alice-secret", withoutSender);

        Inbox.awaitSubject(server.imap(), "customer@example.fr", "customer-secret", "INBOX", "On behalf, no Sender");
        try (Store store = server.imap().login("customer@example.fr", "customer-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (String subject : List.of("On behalf of Help", "On behalf, no Sender")) {
                Message received = Arrays.stream(inbox.getMessages()).filter(message -> subject(message).equals(subject)).findFirst().orElseThrow();
                assertThat(received.getHeader("Sender")).containsExactly("alice@example.fr");
                assertThat(received.getFrom()[0].toString()).isEqualTo("help@example.fr");
            }
        }
    }

    @Test
    void theGroupSignatureIsAddedOnceToTheTextAndHtmlVersionsAndTheAttachmentIsKept() throws Exception {
        byte[] attachment = new byte[1024];
        new java.util.Random(42).nextBytes(attachment); // binary: base64 on the wire, so any change would show
        server.smtp().submit("alice@example.fr", "alice-secret", withAttachment("support@example.fr", "Signed answer", attachment));
        server.smtp().submit("alice@example.fr", "alice-secret", withAttachment("help@example.fr", "Unsigned answer", attachment));

        Inbox.awaitSubject(server.imap(), "customer@example.fr", "customer-secret", "INBOX", "Unsigned answer");
        Inbox.awaitSubject(server.imap(), "customer@example.fr", "customer-secret", "INBOX", "Signed answer");
        try (Store store = server.imap().login("customer@example.fr", "customer-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            javax.mail.internet.MimeMultipart signed = (javax.mail.internet.MimeMultipart) find(inbox, "Signed answer").getContent();
            javax.mail.internet.MimeMultipart alternative = (javax.mail.internet.MimeMultipart) signed.getBodyPart(0).getContent();
            String plain = (String) alternative.getBodyPart(0).getContent();
            String html = (String) alternative.getBodyPart(1).getContent();
            assertThat(plain).startsWith("Your parcel left today.").containsOnlyOnce("The Support team");
            assertThat(html).containsOnlyOnce("The Support team").contains("<p>Your parcel left today.</p>");
            assertThat(signed.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(attachment);
            javax.mail.internet.MimeMultipart unsigned = (javax.mail.internet.MimeMultipart) find(inbox, "Unsigned answer").getContent();
            String unsignedPlain = (String) ((javax.mail.internet.MimeMultipart) unsigned.getBodyPart(0).getContent()).getBodyPart(0).getContent();
            assertThat(unsignedPlain).doesNotContain("The Support team");
        }
    }

    private static MimeMessage withAttachment(String from, String subject, byte[] attachment) throws Exception {
        MimeMessage message = SmtpClient.message(from, "customer@example.fr", subject, "x");
        javax.mail.internet.MimeBodyPart plain = new javax.mail.internet.MimeBodyPart();
        plain.setText("Your parcel left today.\r\n", "UTF-8", "plain");
        javax.mail.internet.MimeBodyPart html = new javax.mail.internet.MimeBodyPart();
        html.setText("<html><body><p>Your parcel left today.</p></body></html>", "UTF-8", "html");
        javax.mail.internet.MimeMultipart alternative = new javax.mail.internet.MimeMultipart("alternative", plain, html);
        javax.mail.internet.MimeBodyPart body = new javax.mail.internet.MimeBodyPart();
        body.setContent(alternative);
        javax.mail.internet.MimeBodyPart file = new javax.mail.internet.MimeBodyPart();
        file.setContent(attachment, "application/pdf");
        file.setFileName("invoice.pdf");
        file.setDisposition(javax.mail.Part.ATTACHMENT);
        message.setContent(new javax.mail.internet.MimeMultipart("mixed", body, file));
        message.saveChanges();
        return message;
    }

    private static Message find(Folder folder, String subject) throws MessagingException {
        return Arrays.stream(folder.getMessages()).filter(message -> subject(message).equals(subject)).findFirst().orElseThrow();
    }

    @Test
    void aReaderMayNotSendAsTheGroup() {
        assertThatThrownBy(() -> server.smtp().submit("bob@example.fr", "bob-secret",
                SmtpClient.message("support@example.fr", "customer@example.fr", "From bob", "x")))
            .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                assertThat(e.getReturnCode()).isEqualTo(550);
                assertThat(e.getMessage()).contains("5.7.1");
            });
    }

    private static List<Message> messages(String user, String password, String folder, String subject) throws MessagingException {
        try (Store store = server.imap().login(user, password)) {
            Folder opened = store.getFolder(folder);
            opened.open(Folder.READ_ONLY);
            List<Message> found = Arrays.stream(opened.getMessages()).filter(message -> subject(message).equals(subject)).toList();
            found.forEach(message -> subject(message));
            return found;
        }
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
