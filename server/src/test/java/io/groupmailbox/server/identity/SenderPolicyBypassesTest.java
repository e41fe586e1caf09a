package io.groupmailbox.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.RawSmtpClient.Reply;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * Ways past the sender policy that hold only over real SMTP and WebAdmin: identity fields beyond the first
 * 256 KiB of the header section, malformed identity fields from another server, a grant made stale by a later
 * change (an external account in a domain served since), and a domain created a moment ago. (An account with an
 * alias's address, the other stale grant the policy guards against, is refused by James's WebAdmin: 409.)
 */
class SenderPolicyBypassesTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
    }

    private static Reply submit(String from, String headers) throws Exception {
        return RawSmtpClient.send(server.configuration().submissionPort(), Optional.of("alice@example.fr"), "alice-secret",
            from, "bob@example.fr", headers.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Reply fromTheInternet(String mailFrom, String headers) throws Exception {
        return RawSmtpClient.send(server.configuration().smtpPort(), Optional.empty(), "", mailFrom, "bob@example.fr",
            headers.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code first}, then ordinary fields of about {@code paddingBytes} in all, then {@code last}, then a body. */
    private static String padded(String first, int paddingBytes, String last) {
        StringBuilder header = new StringBuilder(first).append("\r\nSubject: padded\r\n");
        for (int i = 0; header.length() < paddingBytes; i++) {
            header.append(String.format("X-Pad-%04d: %s\r\n", i, "x".repeat(60)));
        }
        return header.append(last).append("\r\n\r\nbody\r\n").toString();
    }

    @Test
    void anIdentityFieldBeyondTheHeaderLimitIsRefusedOnSubmission() throws Exception {
        for (String last : List.of("Sender: bob@example.fr", "Resent-From: bob@example.fr", "From: bob@example.fr",
            "X-Last: harmless")) {
            Reply reply = submit("alice@example.fr", padded("From: alice@example.fr", 300 * 1024, last));

            assertThat(reply.code()).as(last + ": " + reply).isEqualTo(552);
            assertThat(reply.text()).as(last + ": " + reply).startsWith("5.3.4").contains("262144 bytes");
        }
    }

    @Test
    void anIdentityFieldWithinTheHeaderLimitIsJudgedWhereverItStands() throws Exception {
        Reply reply = submit("alice@example.fr", padded("From: alice@example.fr", 200 * 1024, "Sender: bob@example.fr"));

        assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
        assertThat(reply.text()).startsWith("5.7.1").contains("bob@example.fr");
    }

    @Test
    void anIdentityFieldBeyondTheHeaderLimitIsRefusedOnTheMxPort() throws Exception {
        Reply reply = fromTheInternet("someone@remote.test", padded("From: someone@remote.test", 300 * 1024,
            "From: bob@example.fr"));

        assertThat(reply.code()).as(reply.toString()).isEqualTo(552);
        assertThat(reply.text()).startsWith("5.3.4");
    }

    @Test
    void malformedIdentityFieldsFromTheInternetAreRefusedLikeALocalSender() throws Exception {
        List<String> forms = List.of(
            "From: bob@example.fr\r\nFrom: bob@example.fr",
            "From: B\u00c3\u00b3b <bob@example.fr>",
            "From: \"bob\"@example.fr",
            "From: bob@example.fr (ceo@example.fr)",
            "From: bob@example.fr.",
            "From: \"ceo@evil.test\" <bob@example.fr>",
            "From: someone@remote.test\r\nSender: \"x@y.test\" <other@remote.test>");
        for (String form : forms) {
            Reply reply = fromTheInternet("attacker@evil.test", form + "\r\nSubject: spoof\r\n\r\nx\r\n");

            assertThat(reply.code()).as(form + ": " + reply).isEqualTo(550);
            assertThat(reply.text()).as(form + ": " + reply).startsWith("5.7.1");
        }
        Reply honest = fromTheInternet("someone@remote.test",
            "From: =?UTF-8?Q?Dupont=2C_J=C3=A9r=C3=B4me?= <someone@remote.test>\r\nSubject: honest\r\n\r\nx\r\n");
        assertThat(honest.code()).as(honest.toString()).isEqualTo(250);
    }

    @Test
    void displayNamesWithACommaAreAcceptedOnSubmission() throws Exception {
        for (String from : List.of("=?UTF-8?Q?Dupont=2C_Alice_J=C3=A9r=C3=B4me?= <alice@example.fr>",
            "\"Dupont, Alice\" <alice@example.fr>", "=?UTF-8?B?8J+YgCBEdXBvbnQsIEFsaWNl?= <alice@example.fr>")) {
            Reply reply = submit("alice@example.fr", "From: " + from + "\r\nSubject: name\r\n\r\nx\r\n");

            assertThat(reply.code()).as(from + ": " + reply).isEqualTo(250);
        }
    }

    @Test
    void anExternalAccountInADomainServedSinceIsNoGrant() throws Exception {
        assertThat(server.webAdmin().put("/users/alice@example.fr/externalAccounts/victim@late.test", "{\"confirmed\":true}")
            .status()).isEqualTo(200);
        assertThat(submit("victim@late.test", "From: victim@late.test\r\nSubject: before\r\n\r\nx\r\n").code()).isEqualTo(250);

        server.webAdmin().createDomain("late.test").createUser("victim@late.test", "victim-secret");
        Reply reply = submit("victim@late.test", "From: victim@late.test\r\nSubject: after\r\n\r\nx\r\n");
        WebAdminClient.Response explanation = server.webAdmin().get("/users/alice@example.fr/allowedFromAddresses/victim@late.test");

        assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
        assertThat(reply.text()).contains("late.test is now a domain this server serves");
        assertThat(explanation.body()).contains("\"allowed\":false").contains("\"source\":\"external\"")
            .contains("late.test is now a domain this server serves");
        assertThat(server.webAdmin().get("/users/alice@example.fr/allowedFromAddresses").body()).doesNotContain("victim@late.test");
    }

    @Test
    void aDomainCreatedAMomentAgoIsLocalAtOnce() throws Exception {
        // The MX port asks whether fresh.test is local: not yet, and the answer is cached.
        assertThat(fromTheInternet("dave@fresh.test", "From: dave@fresh.test\r\nSubject: before\r\n\r\nx\r\n").code())
            .isEqualTo(250);

        server.webAdmin().createDomain("fresh.test");
        WebAdminClient.Response user = server.webAdmin().put("/users/dave@fresh.test", "{\"password\":\"dave-secret\"}");
        Reply spoof = fromTheInternet("dave@fresh.test", "From: dave@fresh.test\r\nSubject: after\r\n\r\nx\r\n");

        assertThat(user.status()).as(user.body()).isEqualTo(204);
        assertThat(spoof.code()).as(spoof.toString()).isEqualTo(550);
    }
}
