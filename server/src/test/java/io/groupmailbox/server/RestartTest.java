package io.groupmailbox.server;

import static org.assertj.core.api.Assertions.assertThat;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

class RestartTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @Test
    void usersDomainsMessagesAndFlagsSurviveARestart() throws Exception {
        server.webAdmin()
            .createDomain("example.fr")
            .createDomain("example.com")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        assertThat(server.webAdmin().put("/domains/example.fr/aliases/example.com").status()).isEqualTo(204);
        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "bob@example.fr", "Keep me", "Still here after a restart?"));
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Keep me");
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(1).setFlag(Flags.Flag.SEEN, true);
            inbox.close(false);
        }

        server.restart();

        assertThat(server.webAdmin().get("/domains").body()).contains("example.fr");
        assertThat(server.webAdmin().get("/domains/example.fr/aliases").body()).contains("example.com");
        assertThat(server.webAdmin().get("/users").body()).contains("alice@example.fr", "bob@example.fr");
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            Message message = inbox.getMessage(1);
            assertThat(message.getSubject()).isEqualTo("Keep me");
            assertThat(message.isSet(Flags.Flag.SEEN)).isTrue();
        }
    }
}
