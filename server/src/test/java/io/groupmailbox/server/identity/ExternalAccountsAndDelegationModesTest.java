package io.groupmailbox.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.SmtpSink;
import io.groupmailbox.server.testing.WebAdminClient.Response;

/**
 * External accounts over WebAdmin (a one-time code mailed to the address, relayed here to a test SMTP sink) and
 * the sender mode of a delegation, each checked by a real submission.
 */
class ExternalAccountsAndDelegationModesTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension().withRelaySink();

    private static final String ALICE = "/users/alice@example.fr";

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("boss@example.fr", "boss-secret")
            .authorize("boss@example.fr", "alice@example.fr");
    }

    @Test
    void anExternalAccountCanBeSentAsOnlyOnceItsMailedCodeComesBack() throws Exception {
        Response registered = server.webAdmin().put(ALICE + "/externalAccounts/Alice@Partner.test", "");
        assertThat(registered.status()).isEqualTo(202);
        assertThat(registered.body()).contains("\"address\":\"alice@partner.test\"", "\"status\":\"pending\"", "codeExpiresAt");
        SmtpSink.Received codeMail = server.relaySink().await(
            message -> message.recipients().contains("alice@partner.test"), Duration.ofSeconds(30));
        assertThat(codeMail.content()).contains("Auto-Submitted: auto-generated");
        assertThat(explain("alice@partner.test")).contains("\"allowed\":false", "\"source\":\"external\"", "not confirmed");
        assertThatThrownBy(() -> submitFrom("alice@partner.test", "Before confirmation"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("5.7.1");

        Response wrong = server.webAdmin().post(ALICE + "/externalAccounts/alice@partner.test/confirm",
            "{\"code\":\"" + otherThan(code(codeMail)) + "\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("wrong code");
        Response right = server.webAdmin().post(ALICE + "/externalAccounts/alice@partner.test/confirm",
            "{\"code\":\"" + code(codeMail) + "\"}");
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(right.body()).contains("\"status\":\"confirmed\"");
        assertThat(server.webAdmin().post(ALICE + "/externalAccounts/alice@partner.test/confirm",
            "{\"code\":\"" + code(codeMail) + "\"}").status()).isEqualTo(409);

        assertThat(explain("alice@partner.test")).contains("\"allowed\":true", "\"source\":\"external\"", "\"mode\":\"send-as\"");
        assertThat(server.webAdmin().get(ALICE + "/allowedFromAddresses").body())
            .contains("{\"address\":\"alice@partner.test\",\"source\":\"external\",\"mode\":\"send-as\"}");
        submitFrom("alice@partner.test", "From my partner address");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "From my partner address");

        assertThat(server.webAdmin().delete(ALICE + "/externalAccounts/alice@partner.test").status()).isEqualTo(204);
        assertThat(server.webAdmin().get(ALICE + "/externalAccounts").body()).doesNotContain("partner");
        assertThatThrownBy(() -> submitFrom("alice@partner.test", "After removal"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("5.7.1");
    }

    @Test
    void anAdminCanVouchForAnExternalAccount() throws Exception {
        Response vouched = server.webAdmin().put(ALICE + "/externalAccounts/alice@vouched.test", "{\"confirmed\":true}");

        assertThat(vouched.status()).isEqualTo(200);
        assertThat(server.webAdmin().get(ALICE + "/externalAccounts").body())
            .contains("{\"address\":\"alice@vouched.test\",\"status\":\"confirmed\"");
        submitFrom("alice@vouched.test", "Vouched address");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Vouched address");
    }

    @Test
    void badRequestsGetAClearAnswer() {
        Response local = server.webAdmin().put(ALICE + "/externalAccounts/boss@example.fr", "{\"confirmed\":true}");
        assertThat(local.status()).isEqualTo(400);
        assertThat(local.body()).contains("domain this server serves");
        assertThat(server.webAdmin().put(ALICE + "/externalAccounts/not-an-address", "").status()).isEqualTo(400);
        assertThat(server.webAdmin().put(ALICE + "/externalAccounts/x@y.test", "{\"confirmed\":\"maybe\"}").status()).isEqualTo(400);
        assertThat(server.webAdmin().put("/users/nobody@example.fr/externalAccounts/x@y.test", "").status()).isEqualTo(404);
        assertThat(server.webAdmin().post(ALICE + "/externalAccounts/unknown@y.test/confirm", "{\"code\":\"12345678\"}").status())
            .isEqualTo(404);
        assertThat(server.webAdmin().post(ALICE + "/externalAccounts/unknown@y.test/confirm", "{}").status()).isEqualTo(400);
    }

    @Test
    void aDelegationSendsOnBehalfUntilTheAdminSwitchesItToSendAs() throws Exception {
        String mode = "/users/boss@example.fr/authorizedUsers/alice@example.fr/senderMode";
        assertThat(server.webAdmin().get(mode).body()).isEqualTo("{\"mode\":\"send-on-behalf\",\"default\":true}");
        submitFrom("boss@example.fr", "On behalf of the boss");
        assertThat(received("On behalf of the boss").getHeader("Sender")).containsExactly("alice@example.fr");

        assertThat(server.webAdmin().put(mode, "{\"mode\":\"send-as\"}").status()).isEqualTo(204);
        assertThat(server.webAdmin().get(mode).body()).isEqualTo("{\"mode\":\"send-as\",\"default\":false}");
        assertThat(explain("boss@example.fr")).contains("\"allowed\":true", "\"source\":\"delegation\"", "\"mode\":\"send-as\"");
        submitFrom("boss@example.fr", "As the boss");
        assertThat(received("As the boss").getHeader("Sender")).isNull();

        assertThat(server.webAdmin().delete(mode).status()).isEqualTo(204);
        assertThat(server.webAdmin().get(mode).body()).contains("send-on-behalf");
    }

    @Test
    void delegationModeRoutesRefuseWhatIsNotADelegation() {
        assertThat(server.webAdmin().get("/users/bob@example.fr/authorizedUsers/alice@example.fr/senderMode").status()).isEqualTo(404);
        assertThat(server.webAdmin().put("/users/boss@example.fr/authorizedUsers/alice@example.fr/senderMode",
            "{\"mode\":\"send-as-anyone\"}").status()).isEqualTo(400);
        assertThat(server.webAdmin().put("/users/nobody@example.fr/authorizedUsers/alice@example.fr/senderMode",
            "{\"mode\":\"send-as\"}").status()).isEqualTo(404);
    }

    private static void submitFrom(String from, String subject) throws MessagingException {
        server.smtp().submit("alice@example.fr", "alice-secret", SmtpClient.message(from, "bob@example.fr", subject, "Hello"));
    }

    private static String explain(String address) {
        return server.webAdmin().get(ALICE + "/allowedFromAddresses/" + address).body();
    }

    private static Message received(String subject) throws MessagingException {
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", subject);
        Store store = server.imap().login("bob@example.fr", "bob-secret");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        return Arrays.stream(inbox.getMessages())
            .filter(message -> {
                try {
                    return subject.equals(message.getSubject());
                } catch (MessagingException e) {
                    return false;
                }
            })
            .map(message -> {
                try {
                    return (Message) new MimeMessage((MimeMessage) message);
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            })
            .findFirst()
            .orElseThrow();
    }

    private static String code(SmtpSink.Received mail) {
        Matcher matcher = Pattern.compile("code to confirm it: (\\d{8})").matcher(mail.content());
        assertThat(matcher.find()).as(mail.content()).isTrue();
        return matcher.group(1);
    }

    private static String otherThan(String code) {
        return code.equals("00000000") ? "00000001" : "00000000";
    }
}
