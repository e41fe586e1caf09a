package io.groupmailbox.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.RawSmtpClient.Reply;

/** What a sending server meets at SMTP: one answer per transaction, whatever the message holds. */
class SmtpAnswersTest {

    /** A size limit of 2 MiB here (conf/ has 50 MiB), so that a message over it is quick to send. */
    private static final long SIZE_LIMIT = 2048 * 1024;

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension()
        .withConfiguration(configuration -> configuration.rewrite("smtpserver.xml",
            "<maxmessagesize>51200</maxmessagesize>", "<maxmessagesize>2048</maxmessagesize>"));

    @BeforeAll
    static void provision() {
        server.webAdmin()
            .createDomain("example.fr")
            .createUser("bob@example.fr", "bob-secret");
    }

    /** The malformed-corpus cases: a line far over the server's line limit inside DATA. */
    static Stream<Arguments> overlongLines() {
        return Stream.of(
            Arguments.of("a 100 KiB header", "X-Long: " + "h".repeat(100 * 1024) + "\r\nSubject: long header\r\n\r\nbody\r\n"),
            Arguments.of("a 100 KiB Subject", "Subject: " + "s".repeat(100 * 1024) + "\r\n\r\nbody\r\n"),
            Arguments.of("a 1 MiB body line", "Subject: long body line\r\n\r\n" + "b".repeat(1024 * 1024) + "\r\nend\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlongLines")
    void aLineOverTheLimitInDataGetsOneRefusalAfterTheDotAndNothingIsStored(String label, String rest) throws Exception {
        int before = messageCount("bob@example.fr", "bob-secret");
        String sentinel = "sentinel after " + label;
        try (RawSmtpClient.Session session = RawSmtpClient.Session.open(server.configuration().smtpPort())) {
            Reply reply = session.send("customer@remote.test", "bob@example.fr", message(rest));

            assertThat(reply.code()).as("the answer after the dot").isEqualTo(554);
            assertThat(reply.text()).startsWith("5.6.0").contains("8192");
            // nothing else is pending: the next command gets its own answer
            Reply noop = session.command("NOOP");
            assertThat(noop.code()).isEqualTo(250);
            assertThat(noop.text()).doesNotContain("Message received");

            assertThat(session.send("customer@remote.test", "bob@example.fr",
                message("Subject: " + sentinel + "\r\n\r\nafter\r\n")).code()).isEqualTo(250);
        }

        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", sentinel);
        assertThat(messageCount("bob@example.fr", "bob-secret")).as("only the sentinel was stored").isEqualTo(before + 1);
    }

    @Test
    void aMessageOverTheSizeLimitWithoutSizeParameterGetsOneRefusalNamingTheLimit() throws Exception {
        int before = messageCount("bob@example.fr", "bob-secret");
        String line = "z".repeat(998) + "\r\n";
        try (RawSmtpClient.Session session = RawSmtpClient.Session.open(server.configuration().smtpPort())) {
            Reply reply = session.send("customer@remote.test", "bob@example.fr",
                message("Subject: too big\r\n\r\n" + line.repeat((int) (SIZE_LIMIT / line.length()) + 100)));

            assertThat(reply.code()).isEqualTo(552);
            assertThat(reply.text()).startsWith("5.3.4").contains(String.valueOf(SIZE_LIMIT));
            assertThat(session.command("NOOP").text()).doesNotContain("Message received");
            assertThat(session.send("customer@remote.test", "bob@example.fr",
                message("Subject: sentinel after too big\r\n\r\nafter\r\n")).code()).isEqualTo(250);
        }

        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "sentinel after too big");
        assertThat(messageCount("bob@example.fr", "bob-secret")).isEqualTo(before + 1);
    }

    @Test
    void aRecipientWithAThousandCharacterLocalPartIsRefusedAtRcptOnBothPorts() throws Exception {
        String recipient = "x".repeat(1000) + "@example.fr";
        Reply mx = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null,
            "customer@remote.test", recipient, message("Subject: long local part\r\n\r\nx\r\n"));
        Reply submission = RawSmtpClient.send(server.configuration().submissionPort(), Optional.of("bob@example.fr"),
            "bob-secret", "bob@example.fr", recipient, message("Subject: long local part\r\n\r\nx\r\n"));

        for (Reply reply : new Reply[] {mx, submission}) {
            assertThat(reply.stage()).isEqualTo("RCPT");
            assertThat(reply.code()).isEqualTo(501);
            assertThat(reply.text()).startsWith("5.1.3 Address too long");
        }
    }

    @Test
    void aLongLineUnderTheLimitIsStoredWhole() throws Exception {
        String line = "w".repeat(8000);
        Reply reply = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null,
            "customer@remote.test", "bob@example.fr", message("Subject: long but allowed\r\n\r\n" + line + "\r\n"));

        assertThat(reply.code()).isEqualTo(250);
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "long but allowed");
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message stored = Stream.of(inbox.getMessages())
                .filter(candidate -> "long but allowed".equals(subject(candidate)))
                .findFirst().orElseThrow();
            assertThat(((String) stored.getContent()).trim()).isEqualTo(line);
        }
    }

    static byte[] message(String rest) {
        return ("From: customer@remote.test\r\nTo: bob@example.fr\r\n" + rest).getBytes(StandardCharsets.US_ASCII);
    }

    static int messageCount(String user, String password) throws Exception {
        try (Store store = server.imap().login(user, password)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return inbox.getMessageCount();
            } finally {
                inbox.close(false);
            }
        }
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
