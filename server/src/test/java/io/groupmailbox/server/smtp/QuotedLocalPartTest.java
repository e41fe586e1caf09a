package io.groupmailbox.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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

/**
 * A quoted local part that quotes a dot-atom is the same mailbox as the dot-atom (RFC 5321 4.1.2), on both ports,
 * for users, groups, aliases and forwards, whatever the case of the domain; any other quoted local part of a served
 * domain is refused at RCPT; and the quoted form of a sender is judged exactly as the unquoted one.
 */
class QuotedLocalPartTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret");
        assertThat(server.webAdmin().put("/groups/support@example.fr", """
            {"name":"Support","notify":"none","membersMaySend":true,
             "members":[{"address":"alice@example.fr","role":"replier"}]}""").status()).isEqualTo(204);
        assertThat(server.webAdmin().put("/address/aliases/bob@example.fr/sources/robert@example.fr").status()).isEqualTo(204);
        assertThat(server.webAdmin().put("/address/forwards/carol@example.fr/targets/bob@example.fr").status()).isEqualTo(204);
    }

    /** Where mail to a local part ends, and who reads it there. */
    record Target(String localPart, String reader, String password, String folder) {
    }

    private static final List<Target> TARGETS = List.of(
        new Target("bob", "bob@example.fr", "bob-secret", "INBOX"),
        new Target("support", "alice@example.fr", "alice-secret", "Groups.Support.INBOX"),
        new Target("robert", "bob@example.fr", "bob-secret", "INBOX"),       // alias of bob
        new Target("carol", "bob@example.fr", "bob-secret", "INBOX"));       // forwards to bob

    /** Every target, quoted, with the domain as is and in mixed case, on the MX and the submission port. */
    static Stream<Arguments> quotedForms() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : TARGETS) {
            for (String domain : List.of("example.fr", "Example.FR")) {
                for (String port : List.of("mx", "submission")) {
                    cases.add(Arguments.of("\"" + target.localPart() + "\"@" + domain, port, target));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("quotedForms")
    void theQuotedFormOfAnAddressReachesTheSameMailbox(String recipient, String port, Target target) throws Exception {
        String subject = "quoted " + recipient + " over " + port;
        Reply reply = send(port, recipient, subject);

        assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
        assertThat(Inbox.awaitSubject(server.imap(), target.reader(), target.password(), target.folder(), subject)).hasSize(1);
    }

    @Test
    void aGroupNamedTwiceQuotedAndUnquotedStoresTheMailOnce() throws Exception {
        try (RawSmtpClient.Session session = RawSmtpClient.Session.open(server.configuration().smtpPort())) {
            Reply reply = session.send("customer@remote.test", List.of("\"support\"@example.fr", "support@example.fr"),
                message("support@example.fr", "named twice"));
            assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
            assertThat(session.send("customer@remote.test", "support@example.fr", message("support@example.fr", "sentinel twice")).code())
                .isEqualTo(250);
        }
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "sentinel twice");
        assertThat(Inbox.subjects(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", "named twice")).hasSize(1);
    }

    static Stream<Arguments> quotedLocalPartsThatAreNoDotAtom() {
        List<Arguments> cases = new ArrayList<>();
        for (String recipient : List.of("\"bob smith\"@example.fr", "\"bob\\\"x\"@example.fr", "\"b\\ob\"@example.fr",
            "\"bob.\"@example.fr", "\"b..ob\"@Example.FR", "\"support@example.fr\"@example.fr")) {
            for (String port : List.of("mx", "submission")) {
                cases.add(Arguments.of(recipient, port));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("quotedLocalPartsThatAreNoDotAtom")
    void aQuotedLocalPartThatIsNoDotAtomIsRefusedAtRcpt(String recipient, String port) throws Exception {
        Reply reply = send(port, recipient, "never stored");

        // 550 5.1.1 from this server's check; 553 5.1.3 where James's own address parser already refuses it ("b..ob")
        assertThat(reply.stage()).isEqualTo("RCPT");
        assertThat(reply.code()).as(reply.toString()).isIn(550, 553);
        assertThat(reply.text()).matches(reply.code() == 550 ? "5\\.1\\.1 Unknown user: .*" : "5\\.1\\.3 .*");
    }

    @Test
    void aQuotedRemoteRecipientIsNotJudgedHere() throws Exception {
        Reply reply = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null,
            "customer@remote.test", "\"bob smith\"@remote.test", message("x@remote.test", "relay"));

        assertThat(reply.stage()).isEqualTo("RCPT");
        assertThat(reply.text()).doesNotContain("quoted local part");
    }

    /** Senders a user may not use, and one they may: the quoted form gets the unquoted form's answer. */
    static Stream<Arguments> senders() {
        return Stream.of(
            Arguments.of("bob@example.fr", "bob-secret", "support@example.fr"),   // not a member
            Arguments.of("bob@example.fr", "bob-secret", "alice@example.fr"),     // another user
            Arguments.of("bob@example.fr", "bob-secret", "Alice@Example.FR"),
            Arguments.of("alice@example.fr", "alice-secret", "support@example.fr"), // member allowed to send
            Arguments.of("alice@example.fr", "alice-secret", "alice@example.fr"));
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("senders")
    void aQuotedSenderGetsExactlyTheAnswerOfTheUnquotedOne(String user, String password, String sender) throws Exception {
        int at = sender.lastIndexOf('@');
        String quoted = "\"" + sender.substring(0, at) + "\"" + sender.substring(at);
        byte[] message = ("From: " + sender + "\r\nTo: bob@example.fr\r\nSubject: as " + sender + "\r\n\r\nx\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        try (RawSmtpClient.Session session = RawSmtpClient.Session.open(server.configuration().submissionPort())) {
            assertThat(session.authenticate(user, password).code()).isEqualTo(235);
            Reply plain = session.send(sender, "bob@example.fr", message);
            Reply quotedReply = session.send(quoted, "bob@example.fr", message);

            assertThat(quotedReply.code()).isEqualTo(plain.code());
            assertThat(quotedReply.stage()).isEqualTo(plain.stage());
            assertThat(quotedReply.text()).isEqualTo(plain.text());
        }
    }

    @Test
    void anUnauthenticatedQuotedLocalSenderIsRefusedAsTheUnquotedOne() throws Exception {
        for (String sender : List.of("alice@example.fr", "support@example.fr")) {
            Reply plain = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null,
                sender, "bob@example.fr", message(sender, "spoof"));
            Reply quoted = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null,
                "\"" + sender.replace("@", "\"@"), "bob@example.fr", message(sender, "spoof"));

            assertThat(plain.code()).isEqualTo(550);
            assertThat(quoted).isEqualTo(plain);
        }
    }

    private static Reply send(String port, String recipient, String subject) throws Exception {
        return port.equals("mx")
            ? RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null, "customer@remote.test", recipient,
                message("customer@remote.test", recipient, subject))
            : RawSmtpClient.send(server.configuration().submissionPort(), Optional.of("bob@example.fr"), "bob-secret",
                "bob@example.fr", recipient, message("bob@example.fr", recipient, subject));
    }

    private static byte[] message(String to, String subject) {
        return message("customer@remote.test", to, subject);
    }

    private static byte[] message(String from, String to, String subject) {
        return ("From: " + from + "\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n\r\nHello.\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }
}
