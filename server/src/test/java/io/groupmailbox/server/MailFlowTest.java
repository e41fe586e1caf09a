package io.groupmailbox.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.search.SubjectTerm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPAddressFailedException;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.ListeningSockets;
import io.groupmailbox.server.testing.PythonClient;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.TestConfiguration;

class MailFlowTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        server.webAdmin()
            .createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
    }

    @Test
    void submittedMailIsReadOverImapWithJakartaMail() throws Exception {
        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "bob@example.fr", "Lunch on Friday?", "At noon."));

        assertThat(Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Lunch on Friday?"))
            .containsExactly("Lunch on Friday?");
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message message = inbox.search(new SubjectTerm("Lunch on Friday?"))[0];
            assertThat(message.getFrom()[0].toString()).isEqualTo("alice@example.fr");
            assertThat(((String) message.getContent()).trim()).isEqualTo("At noon.");
        }
    }

    @Test
    void submittedMailIsReadOverImapWithPython() throws Exception {
        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "bob@example.fr", "Report déjà prêt", "Ci-joint."));
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Report déjà prêt");

        String output = PythonClient.run("imap_read.py", String.valueOf(server.imap().port()),
            "bob@example.fr", "bob-secret", "Report déjà prêt");

        assertThat(output).contains("subject=Report déjà prêt");
    }

    @Test
    void mailFromAnotherServerReachesALocalUser() throws Exception {
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "bob@example.fr", "Order 4711", "Where is it?"),
            "bob@example.fr");

        assertThat(Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Order 4711"))
            .hasSize(1);
    }

    @Test
    void submissionWithoutAuthenticationIsRefused() {
        assertThatThrownBy(() -> server.smtp().submitWithoutAuthentication(
                SmtpClient.message("alice@example.fr", "bob@example.fr", "Not authenticated", "x")))
            .isInstanceOfSatisfying(SMTPSendFailedException.class,
                e -> assertThat(e.getReturnCode()).isEqualTo(530));
    }

    @Test
    void submissionWithAWrongPasswordIsRefused() {
        assertThatThrownBy(() -> server.smtp().submit("alice@example.fr", "wrong",
                SmtpClient.message("alice@example.fr", "bob@example.fr", "Wrong password", "x")))
            .isInstanceOf(javax.mail.AuthenticationFailedException.class);
    }

    @Test
    void unauthenticatedRelayToARemoteDomainIsRefused() {
        assertThatThrownBy(() -> server.smtp().deliver("spammer@remote.test",
                SmtpClient.message("spammer@remote.test", "victim@elsewhere.test", "Relay?", "x"),
                "victim@elsewhere.test"))
            .hasCauseInstanceOf(SMTPAddressFailedException.class)
            .satisfies(e -> assertThat(((SMTPAddressFailedException) e.getCause()).getReturnCode()).isEqualTo(550));
    }

    @Test
    void mailToAnUnknownLocalUserIsRefused() {
        assertThatThrownBy(() -> server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "nobody@example.fr", "Anyone?", "x"),
                "nobody@example.fr"))
            .hasCauseInstanceOf(SMTPAddressFailedException.class);
    }

    @Test
    void aTenMegabyteMailCrossesTheSpoolIntact() throws Exception {
        byte[] noise = new byte[7_500_000];
        new Random(42).nextBytes(noise);
        String text = Base64.getMimeEncoder().encodeToString(noise);
        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "bob@example.fr", "The big export", text));

        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "The big export");
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message message = Stream.of(inbox.getMessages())
                .filter(candidate -> subject(candidate).equals("The big export"))
                .findFirst().orElseThrow();
            assertThat(((String) message.getContent()).trim()).isEqualTo(text);
            // and the search index has it, once its copy is read back for indexing
            await().atMost(Duration.ofSeconds(30))
                .until(() -> inbox.search(new SubjectTerm("The big export")).length, found -> found == 1);
        }
    }

    /** A port scan of the machine finds SMTP, submission, IMAP and WebAdmin on loopback, and nothing else. */
    @Test
    void theServerListensOnItsFourConfiguredLoopbackPortsOnly() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux's /proc");
        TestConfiguration configuration = server.configuration();

        assertThat(ListeningSockets.ofThisProcess())
            .allSatisfy(listener -> assertThat(listener.loopback()).as("%s bound to loopback", listener).isTrue())
            .extracting(ListeningSockets.Listener::port)
            .containsExactlyInAnyOrder(configuration.smtpPort(), configuration.submissionPort(), configuration.imapPort(),
                configuration.webAdminPort());
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
