package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Mail that a machine sent to the group (bounces, read receipts, auto-replies, bulk mail) is stored in the group's
 * INBOX like any other, and never notified: neither as a notice (notify="each") nor in a digest.
 */
class MachineMailNotificationsTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("carol@example.fr", "carol-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" notify="each">
                <member address="alice@example.fr" role="replier"/>
              </group>
              <group address="ops@example.fr" name="Ops" notify="digest" digestInterval="1s">
                <member address="carol@example.fr" role="replier"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    /** The machine-made cases of the malformed corpus: name, envelope sender, message (To: and Subject: added). */
    static Stream<Arguments> machineMail() {
        return Stream.of(
            Arguments.of("delivery status notification", "", """
                From: MAILER-DAEMON@remote.test
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                Your message could not be delivered.
                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; remote.test

                Final-Recipient: rfc822; nobody@remote.test
                Action: failed
                Status: 5.1.1
                --b1--
                """),
            Arguments.of("read receipt", "customer@remote.test", """
                From: customer@remote.test
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=disposition-notification; boundary="b2"

                --b2
                Content-Type: text/plain

                Your message was displayed.
                --b2
                Content-Type: message/disposition-notification

                Final-Recipient: rfc822; customer@remote.test
                Disposition: manual-action/MDN-sent-manually; displayed
                --b2--
                """),
            Arguments.of("null reverse-path", "", """
                From: daemon@remote.test

                A note from a daemon, sent with MAIL FROM:<>.
                """),
            Arguments.of("auto-replied", "robot@remote.test", """
                From: robot@remote.test
                Auto-Submitted: auto-replied

                Away until Monday.
                """),
            Arguments.of("auto-generated with a comment", "robot@remote.test", """
                From: robot@remote.test
                Auto-Submitted: Auto-Generated (monitoring)

                Disk full.
                """),
            Arguments.of("Precedence bulk", "news@remote.test", """
                From: news@remote.test
                Precedence: bulk

                Our newsletter.
                """),
            Arguments.of("Precedence junk", "ads@remote.test", """
                From: ads@remote.test
                Precedence: Junk

                Buy now.
                """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machineMail")
    void machineMailIsStoredInTheGroupButNoMemberIsNotified(String name, String mailFrom, String message) throws Exception {
        String subject = "machine " + name;
        assertThat(send(mailFrom, "support@example.fr", subject, message)).isEqualTo(250);
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "Groups.Support.INBOX", subject);

        // a human's mail after it: once its notice is there, a notice of the machine's mail would be too
        String sentinel = "human after " + name;
        assertThat(send("customer@remote.test", "support@example.fr", sentinel, "From: customer@remote.test\n\nHello.\n"))
            .isEqualTo(250);
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] " + sentinel);
        assertThat(Inbox.subjects(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "[Support] " + subject))
            .isEmpty();
    }

    @Test
    void machineMailIsInNoDigest() throws Exception {
        List<String> machineSubjects = new ArrayList<>();
        for (Arguments arguments : machineMail().toList()) {
            Object[] values = arguments.get();
            String subject = "digest machine " + values[0];
            machineSubjects.add(subject);
            assertThat(send((String) values[1], "ops@example.fr", subject, (String) values[2])).isEqualTo(250);
        }
        for (String subject : machineSubjects) {
            Inbox.awaitSubject(server.imap(), "carol@example.fr", "carol-secret", "Groups.Ops.INBOX", subject);
        }
        String sentinel = "digest human sentinel";
        assertThat(send("customer@remote.test", "ops@example.fr", sentinel, "From: customer@remote.test\n\nHello.\n"))
            .isEqualTo(250);

        List<String> digests = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .ignoreExceptions()
            .until(MachineMailNotificationsTest::carolsDigests, texts -> texts.stream().anyMatch(text -> text.contains(sentinel)));
        assertThat(digests).allSatisfy(text -> assertThat(text).doesNotContain(machineSubjects));
    }

    private static List<String> carolsDigests() throws Exception {
        try (Store store = server.imap().login("carol@example.fr", "carol-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> texts = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                texts.add(String.valueOf(message.getContent()));
            }
            inbox.close(false);
            return texts;
        }
    }

    private static int send(String mailFrom, String to, String subject, String message) throws Exception {
        String raw = ("To: " + to + "\nSubject: " + subject + "\n" + message).replace("\n", "\r\n");
        return RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), null, mailFrom, to,
            raw.getBytes(StandardCharsets.US_ASCII)).code();
    }
}
