package io.groupmailbox.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.lifecycle.api.Disposable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.RawSmtpClient.Reply;

/** Malformed mail, to a user and to a group: each gets an answer, and the server releases what it held for it. */
class MalformedMailTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    private final ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    private final Logger leakLogger = (Logger) LoggerFactory.getLogger("org.apache.james.lifecycle.api.Disposable$LeakAwareFinalizer");

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" notify="each">
                <member address="alice@example.fr" role="replier"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @BeforeEach
    void listen() {
        leaks.start();
        leakLogger.addAppender(leaks);
    }

    @AfterEach
    void stopListening() {
        leakLogger.detachAppender(leaks);
    }

    /** Malformed-corpus cases (text after the To: and Subject: lines; CRLF unless the case is about line ends). */
    static Map<String, String> corpus() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("bare LF line ends", "From: c@remote.test\nX-Bare: lf\n\nbody\nmore\n");
        cases.put("NUL in the body", "From: c@remote.test\r\n\r\nnul \0 here\r\n");
        cases.put("raw 8-bit header", "From: c@remote.test\r\nX-Name: \u00e9t\u00e9\r\n\r\nbody\r\n");
        cases.put("unterminated multipart", "From: c@remote.test\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\npart\r\n");
        cases.put("2000-character boundary", "From: c@remote.test\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"" + "b".repeat(2000) + "\"\r\n\r\n--" + "b".repeat(2000)
            + "\r\nContent-Type: text/plain\r\n\r\npart\r\n--" + "b".repeat(2000) + "--\r\n");
        cases.put("invalid base64", "From: c@remote.test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n!!!not base64***\r\n");
        cases.put("broken encoded word", "From: =?utf-8?B?@@@?= <c@remote.test>\r\n\r\nbody\r\n");
        cases.put("header without colon", "From: c@remote.test\r\nNot a header\r\n\r\nbody\r\n");
        cases.put("unknown charset", "From: c@remote.test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nbody\r\n");
        cases.put("truncated message/rfc822", "From: c@remote.test\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\nFrom: x\r\n");
        cases.put("unparseable Content-Type", "From: c@remote.test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"utf-8\r\n\r\nbody\r\n");
        cases.put("Content-Type parameter without value", "From: c@remote.test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; =x; ;\r\n\r\nbody\r\n");
        cases.put("multipart without boundary", "From: c@remote.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nbody\r\n");
        cases.put("multipart without start boundary", "From: c@remote.test\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\nno boundary at all\r\n");
        cases.put("no From", "X-Only: header\r\n\r\nbody\r\n");
        cases.put("line over the limit", "From: c@remote.test\r\nX-Long: " + "l".repeat(20_000) + "\r\n\r\nbody\r\n");
        return cases;
    }

    /** To a user and a group at once: James splits the mail in two, a copy of the message for each part. */
    @Test
    void malformedMailLeavesNothingUnreleased() throws Exception {
        int before = Disposable.LeakAware.REFERENCES_IN_USE.size();
        for (Map.Entry<String, String> entry : corpus().entrySet()) {
            send(List.of("bob@example.fr", "support@example.fr"), entry.getKey(), entry.getValue());
        }
        assertThat(send(List.of("bob@example.fr"), "sentinel", "From: c@remote.test\r\n\r\nlast\r\n").code()).isEqualTo(250);
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "sentinel");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .untilAsserted(() -> assertThat(Disposable.LeakAware.REFERENCES_IN_USE.size())
                .as("resources held but not released").isLessThanOrEqualTo(before));
        System.gc();
        Disposable.LeakAware.track();
        assertThat(leaks.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    /** The MIME structures James cannot copy once a header was added: refused at the end of DATA, once. */
    @Test
    void aMessageWhoseMimeStructureCannotBeParsedIsRefusedWithOneAnswer() throws Exception {
        for (String name : List.of("unparseable Content-Type", "Content-Type parameter without value", "multipart without start boundary")) {
            Reply reply = send(List.of("bob@example.fr", "support@example.fr"), name, corpus().get(name));

            assertThat(reply.code()).as(name).isEqualTo(554);
            assertThat(reply.text()).as(name).startsWith("5.6.0 Malformed MIME structure");
        }
    }

    private static Reply send(List<String> to, String subject, String rest) throws Exception {
        String raw = "To: " + String.join(", ", to) + "\r\nSubject: " + subject + "\r\n" + rest;
        try (RawSmtpClient.Session session = RawSmtpClient.Session.open(server.configuration().smtpPort())) {
            return session.send("c@remote.test", to, raw.getBytes(StandardCharsets.UTF_8));
        }
    }
}
