package io.groupmailbox.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.AuthenticationFailedException;
import javax.mail.Folder;
import javax.mail.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.PythonClient;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.WebAdminClient;

class DelegatedLoginTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin()
            .createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret");
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "bob@example.fr", "For Bob only", "Hello Bob"),
            "bob@example.fr");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "For Bob only");
    }

    @Test
    void anAuthorizedUserOpensTheOwnersInboxWithTheirOwnPassword() throws Exception {
        server.webAdmin().authorize("bob@example.fr", "alice@example.fr");

        try (Store store = server.imap().loginAs("bob@example.fr", "alice@example.fr", "alice-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessages()).extracting(message -> message.getSubject()).contains("For Bob only");
        }
        String python = PythonClient.run("imap_read.py", String.valueOf(server.imap().port()),
            "alice@example.fr", "alice-secret", "For Bob only", "bob@example.fr");
        assertThat(python).contains("subject=For Bob only");
    }

    @Test
    void delegationsArePersistedAndListedByWebAdmin() throws Exception {
        server.webAdmin().authorize("bob@example.fr", "alice@example.fr");

        server.restart();

        WebAdminClient.Response authorized = server.webAdmin().get("/users/bob@example.fr/authorizedUsers");
        assertThat(authorized.status()).isEqualTo(200);
        assertThat(authorized.body()).contains("alice@example.fr");
        try (Store store = server.imap().loginAs("bob@example.fr", "alice@example.fr", "alice-secret")) {
            assertThat(store.isConnected()).isTrue();
        }
    }

    @Test
    void aUserWhoWasNotAuthorizedCannotLogInAsTheOwner() {
        assertThatThrownBy(() -> server.imap().loginAs("bob@example.fr", "carol@example.fr", "carol-secret").close())
            .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void revokingTheDelegationClosesTheDoorWithoutChangingAPassword() throws Exception {
        server.webAdmin().authorize("bob@example.fr", "carol@example.fr");
        server.imap().loginAs("bob@example.fr", "carol@example.fr", "carol-secret").close();

        server.webAdmin().delete("/users/bob@example.fr/authorizedUsers/carol@example.fr");

        assertThatThrownBy(() -> server.imap().loginAs("bob@example.fr", "carol@example.fr", "carol-secret").close())
            .isInstanceOf(AuthenticationFailedException.class);
        server.imap().login("bob@example.fr", "bob-secret").close();
    }
}
