package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.internet.InternetHeaders;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.imap.IMAPMessage;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.RawSmtpClient.Reply;

/**
 * The fields of a message that James 3.8.1's JPA store keeps in columns of their own (the top-level Content-Type's
 * media type, subtype and parameters, Content-Disposition, Content-Description, Content-ID, ...; keywords): a
 * message whose field is longer than James's column either is stored and read back byte for byte, or is refused at
 * the end of DATA with one 5xx answer. None is answered 250 and then left in the error repository.
 */
class MessageFieldSizeTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
    }

    static List<Arguments> storedFields() {
        String boundary2000 = "b".repeat(2000);
        return List.of(
            Arguments.of("2000-character boundary (PROPERTY_VALUE, 1024)", "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary2000 + "\"\r\n",
                "--" + boundary2000 + "\r\nContent-Type: text/plain\r\n\r\npart\r\n--" + boundary2000 + "--\r\n"),
            Arguments.of("300-character subtype (MAIL_MIME_SUBTYPE, 200)", "MIME-Version: 1.0\r\n"
                + "Content-Type: application/x-" + "s".repeat(300) + "\r\n", "data\r\n"),
            Arguments.of("300-character media type (MAIL_MIME_TYPE, 200)", "MIME-Version: 1.0\r\n"
                + "Content-Type: x-" + "m".repeat(300) + "/plain\r\n", "data\r\n"),
            Arguments.of("600-character parameter name (PROPERTY_LOCAL_NAME, 500)", "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; x-" + "n".repeat(600) + "=v\r\n", "text\r\n"),
            Arguments.of("3000-character attachment name", "MIME-Version: 1.0\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename=\"" + "f".repeat(3000) + ".bin\"\r\n", "AAAA\r\n"),
            Arguments.of("5000-character folded Content-Description", "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\nContent-Description: " + folded("word", 1000) + "\r\n", "text\r\n"),
            Arguments.of("3000-character Content-ID", "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\nContent-ID: <" + "i".repeat(3000) + "@example.fr>\r\n", "text\r\n"),
            Arguments.of("2000-character Content-Location", "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\nContent-Location: http://example.fr/" + "l".repeat(2000) + "\r\n", "text\r\n"),
            Arguments.of("1,000 Content-Language tags", "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\nContent-Language: " + String.join(",\r\n ", Collections.nCopies(1000, "fr")) + "\r\n",
                "text\r\n"),
            Arguments.of("100 KiB Subject, folded", "", "text\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedFields")
    void aMessageWithALongFieldIsStoredAndReadBackByteForByte(String name, String headers, String body) throws Exception {
        String subject = name.startsWith("100 KiB Subject") ? name + " " + folded("s", 100 * 1024 / 2) : name;
        byte[] sent = ("From: c@remote.test\r\nTo: bob@example.fr\r\nSubject: " + subject + "\r\n" + headers + "\r\n" + body)
            .getBytes(StandardCharsets.UTF_8);

        Reply reply = send(sent);

        assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
        Stored stored = awaitStored(name);
        assertThat(stored.body()).as("the body, byte for byte").isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(stored.headerLines()).as("the sender's header lines, in order")
            .containsSubsequence(headerLines(sent));
    }

    @Test
    void aFieldLongerThanTheStoreTakesIsRefusedAtTheEndOfData() throws Exception {
        byte[] sent = ("From: c@remote.test\r\nTo: bob@example.fr\r\nSubject: too long to store\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain\r\nContent-Description: " + folded("word", 8000) + "\r\n\r\ntext\r\n")
            .getBytes(StandardCharsets.UTF_8);

        Reply reply = send(sent);

        assertThat(reply.code()).as(reply.toString()).isEqualTo(554);
        assertThat(reply.text()).startsWith("5.6.0").contains("Content-Description").contains("32672");
        // a sentinel sent afterwards arrives, the refused message does not
        assertThat(send(("From: c@remote.test\r\nTo: bob@example.fr\r\nSubject: after the refusal\r\n\r\nhi\r\n")
            .getBytes(StandardCharsets.UTF_8)).code()).isEqualTo(250);
        awaitStored("after the refusal");
        assertThat(find("too long to store")).isEmpty();
    }

    @Test
    void aLongKeywordIsKeptOnTheMessage() throws Exception {
        send(("From: c@remote.test\r\nTo: bob@example.fr\r\nSubject: keyword\r\n\r\nhi\r\n").getBytes(StandardCharsets.UTF_8));
        awaitStored("keyword");
        String keyword = "k".repeat(700);

        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message message = messageWithSubject(inbox, "keyword").orElseThrow();
            message.setFlags(new Flags(keyword), true);
            inbox.close(false);
        }

        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(messageWithSubject(inbox, "keyword").orElseThrow().getFlags().getUserFlags()).contains(keyword);
            inbox.close(false);
        }
    }

    record Stored(List<String> headerLines, byte[] body) {
    }

    private static Reply send(byte[] message) throws Exception {
        try (RawSmtpClient.Session session = RawSmtpClient.Session.open(server.configuration().smtpPort())) {
            return session.send("c@remote.test", "bob@example.fr", message);
        }
    }

    private static Stored awaitStored(String subjectStart) {
        // 90 s: a header line over 1,000 characters makes the search index listener fail (mime4j's
        // MaxLineLimitException) and retry for about 35 s, which holds up the deliveries that follow.
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
            .until(() -> find(subjectStart), Optional::isPresent).orElseThrow();
    }

    private static Optional<Stored> find(String subjectStart) throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Optional<Message> message = messageWithSubject(inbox, subjectStart);
                if (message.isEmpty()) {
                    return Optional.empty();
                }
                IMAPMessage imapMessage = (IMAPMessage) message.get();
                List<String> lines = Collections.list(imapMessage.getAllHeaderLines());
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                try (InputStream raw = imapMessage.getRawInputStream()) {
                    raw.transferTo(body);
                }
                return Optional.of(new Stored(lines, body.toByteArray()));
            } finally {
                inbox.close(false);
            }
        }
    }

    private static Optional<Message> messageWithSubject(Folder folder, String subjectStart) throws Exception {
        for (Message message : folder.getMessages()) {
            String subject = message.getSubject();
            if (subject != null && subject.startsWith(subjectStart)) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    private static List<String> headerLines(byte[] message) throws Exception {
        return Collections.list(new InternetHeaders(new ByteArrayInputStream(message)).getAllHeaderLines());
    }

    /** {@code count} copies of {@code word}, folded onto lines of 20 words. */
    private static String folded(String word, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i += 20) {
            lines.add(String.join(" ", Collections.nCopies(Math.min(20, count - i), word)));
        }
        return String.join("\r\n ", lines);
    }
}
