package io.groupmailbox.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.identity.james.SenderIdentityNotAllowed;
import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.StoreProbe;

/** The matcher gives the SMTP hook's verdict, for admins who route refused mail instead of refusing it. */
class SenderIdentityNotAllowedTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
    }

    private static FakeMail mail(String from, boolean authenticatedAsAlice) throws Exception {
        FakeMail.Builder builder = FakeMail.builder()
            .name("mail-" + from)
            .sender(from)
            .recipient("bob@example.fr")
            .mimeMessage(SmtpClient.message(from, "bob@example.fr", "hello", "x"));
        if (authenticatedAsAlice) {
            builder.attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice@example.fr")));
        }
        return builder.build();
    }

    @Test
    void matchesTheRecipientsOfMailAliceMayNotSend() throws Exception {
        SenderIdentityNotAllowed matcher = new SenderIdentityNotAllowed(server.probe(StoreProbe.class).senderGrants());

        assertThat(matcher.match(mail("bob@example.fr", true))).containsExactly(new MailAddress("bob@example.fr"));
        assertThat(matcher.match(mail("alice@example.fr", true))).isEmpty();
        assertThat(matcher.match(mail("bob@example.fr", false))).isEmpty();
    }
}
