package io.groupmailbox.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.identity.SpoofingChecklistFixture;
import io.groupmailbox.identity.SpoofingChecklistFixture.Case;
import io.groupmailbox.identity.SpoofingChecklistFixture.Verdict;
import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.RawSmtpClient.Reply;

/**
 * The spoofing checklist (shared/spec/spoofing-checklist.md), sent byte for byte over SMTP submission to the
 * real server: the same table of cases that drives the pure policy's tests. Left out here: the cases that
 * need external accounts (no store yet) or SMTPUTF8 (James 3.8.1 does not offer it), and the cases that change
 * the setup while the session is open.
 */
class SpoofingChecklistOverSmtpTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provisionTheChecklistSetup() throws Exception {
        server.webAdmin().createDomain("example.fr").createDomain("example.com")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("boss@example.fr", "boss-secret")
            .authorize("boss@example.fr", "alice@example.fr");
        assertThat(server.webAdmin().put("/domains/example.fr/aliases/example.com").status()).isEqualTo(204);
        assertThat(server.webAdmin().put("/address/aliases/alice@example.fr/sources/a.lice@example.fr").status()).isEqualTo(204);
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" membersMaySend="true" senderMode="send-as">
                <member address="alice@example.fr" role="replier"/>
              </group>
              <group address="sales@example.fr" membersMaySend="false">
                <member address="alice@example.fr" role="replier"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    static Stream<Case> submissionCases() {
        return SpoofingChecklistFixture.cases().stream()
            .filter(Case::decidableWithoutSmtp)
            .filter(checklistCase -> !checklistCase.smtpUtf8() && checklistCase.changes().isEmpty())
            .filter(checklistCase -> !(checklistCase.headers() + checklistCase.mailFrom()).contains(".test"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("submissionCases")
    void submissionGivesTheChecklistVerdict(Case checklistCase) throws Exception {
        Reply reply = RawSmtpClient.send(server.configuration().submissionPort(),
            checklistCase.authenticatedUser().map(user -> user.asString()), "alice-secret",
            checklistCase.mailFrom(), "bob@example.fr", checklistCase.messageBytes());
        String what = checklistCase + " answered " + reply;

        switch (checklistCase.expected().verdict()) {
            case ACCEPT -> assertThat(reply.code()).as(what).isEqualTo(250);
            case REFUSE -> {
                assertThat(reply.code()).as(what).isEqualTo(550);
                assertThat(reply.text()).as(what).startsWith("5.7.1");
                checklistCase.expected().reasonMentions().forEach(mention -> assertThat(reply.text()).as(what).contains(mention));
            }
            // Refused with a permanent error; the words differ from the pure parser's (James puts its Received:
            // field in front first, and its line reader refuses a bare LF itself with 500 5.0.0).
            case MALFORMED -> {
                assertThat(reply.code()).as(what).isBetween(500, 559);
                assertThat(reply.text()).as(what).matches("5\\.[07]\\..*");
            }
        }
    }

    @Test
    void unauthenticatedMailClaimingALocalSenderIsRefusedOnTheMxPort() throws Exception {
        Reply envelope = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "",
            "alice@example.fr", "bob@example.fr", "From: alice@example.fr\r\nSubject: hi\r\n\r\nx\r\n".getBytes());
        Reply header = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "",
            "someone@remote.test", "bob@example.fr", "From: alice@example.fr\r\nSubject: hi\r\n\r\nx\r\n".getBytes());
        Reply stranger = RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "",
            "someone@remote.test", "bob@example.fr", "From: someone@remote.test\r\nSubject: hi\r\n\r\nx\r\n".getBytes());

        assertThat(envelope.code()).as(envelope.toString()).isEqualTo(550);
        assertThat(header.code()).as(header.toString()).isEqualTo(550);
        assertThat(header.text()).contains("alice@example.fr");
        assertThat(stranger.code()).as(stranger.toString()).isEqualTo(250);
    }
}
