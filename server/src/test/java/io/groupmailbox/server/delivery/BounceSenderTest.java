package io.groupmailbox.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;

/** The bounces the server makes come from the postmaster of a domain it serves, the same one after a restart. */
class BounceSenderTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        // a new server: the domains come after the start, as an admin adds them
        server.webAdmin().createDomain("zz-other.test").createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret");
    }

    @Test
    void aBounceComesFromTheFirstServedDomainsPostmasterBeforeAndAfterARestart() throws Exception {
        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "nobody@example.fr", "To nobody", "x"));
        assertThat(awaitBounceSenders(1)).containsExactly("postmaster@example.fr");

        server.restart();
        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "nobody@example.fr", "To nobody again", "x"));
        assertThat(awaitBounceSenders(2)).containsExactly("postmaster@example.fr", "postmaster@example.fr");
    }

    private static List<String> awaitBounceSenders(int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
            .until(BounceSenderTest::senders, senders -> senders.size() >= count);
    }

    private static List<String> senders() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> senders = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                senders.add(((javax.mail.internet.InternetAddress) message.getFrom()[0]).getAddress());
            }
            inbox.close(false);
            return senders;
        }
    }
}
