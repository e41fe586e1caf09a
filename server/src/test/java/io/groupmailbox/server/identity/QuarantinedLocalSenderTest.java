package io.groupmailbox.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.RawSmtpClient.Reply;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * {@code <unauthenticatedLocalSender>quarantine</unauthenticatedLocalSender>}: unauthenticated mail claiming a local
 * sender is accepted, never delivered, and kept in the quarantine repository where an admin can inspect it; so is
 * mail whose identity fields programs can read differently (here a comment holding a local address).
 */
class QuarantinedLocalSenderTest {

    private static final String QUARANTINE = "/mailRepositories/" + WebAdminClient.encode("var/mail/quarantine");

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension()
        .withConfiguration(conf -> conf.rewrite("smtpserver.xml",
            "<unauthenticatedLocalSender>refuse</unauthenticatedLocalSender>",
            "<unauthenticatedLocalSender>quarantine</unauthenticatedLocalSender>"));

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
    }

    @Test
    void mailClaimingALocalSenderIsKeptInQuarantineNotDelivered() throws Exception {
        Reply header = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "",
            "someone@remote.test", "bob@example.fr", "From: alice@example.fr\r\nSubject: Spoofed header\r\n\r\nx\r\n".getBytes());
        Reply envelope = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "",
            "alice@example.fr", "bob@example.fr", "From: someone@remote.test\r\nSubject: Spoofed envelope\r\n\r\nx\r\n".getBytes());
        Reply malformed = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "",
            "someone@remote.test", "bob@example.fr", "From: bob@example.fr (ceo@example.fr)\r\nSubject: Spoofed comment\r\n\r\nx\r\n".getBytes());
        Reply honest = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "",
            "someone@remote.test", "bob@example.fr", "From: someone@remote.test\r\nSubject: Honest\r\n\r\nx\r\n".getBytes());

        assertThat(header.code()).as(header.toString()).isEqualTo(250);
        assertThat(envelope.code()).as(envelope.toString()).isEqualTo(250);
        assertThat(malformed.code()).as(malformed.toString()).isEqualTo(250);
        assertThat(honest.code()).as(honest.toString()).isEqualTo(250);
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Honest");
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(QuarantinedLocalSenderTest::quarantined, count -> count == 3);
        assertThat(Inbox.subjects(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Spoofed header")).isEmpty();
        assertThat(Inbox.subjects(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Spoofed envelope")).isEmpty();
        assertThat(Inbox.subjects(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Spoofed comment")).isEmpty();
    }

    /** The size WebAdmin gives for the quarantine repository ({@code {"repository":…,"size":2}}), 0 before it exists. */
    private static int quarantined() {
        Matcher size = Pattern.compile("\"size\":(\\d+)").matcher(server.webAdmin().get(QUARANTINE).body());
        return size.find() ? Integer.parseInt(size.group(1)) : 0;
    }
}
