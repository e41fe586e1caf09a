package io.groupmailbox.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.TestConfiguration;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * An admin sees and manages what waits in the spool through James's WebAdmin mail queue routes, which ask the
 * embedded broker for queue sizes and browse its messages.
 */
class SpoolAdminTest {

    /** Nothing listens there: remote delivery fails and the mail waits in the outgoing queue for its retry. */
    private static final int UNREACHABLE_RELAY = TestConfiguration.freePort();

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension()
        .withConfiguration(configuration -> configuration.relayThrough(UNREACHABLE_RELAY));

    @BeforeAll
    static void provision() {
        server.webAdmin()
            .createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret");
    }

    @Test
    void aMailWaitingForItsRetryIsListedAndCanBeRemoved() throws Exception {
        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "partner@remote.test", "Quarterly figures", "Attached."));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> server.webAdmin().get("/mailQueues/outgoing").body(), body -> body.contains("\"size\":1"));
        WebAdminClient.Response mails = server.webAdmin().get("/mailQueues/outgoing/mails");
        assertThat(mails.status()).isEqualTo(200);
        assertThat(mails.body()).contains("partner@remote.test").contains("alice@example.fr");

        WebAdminClient.Response removal = server.webAdmin().delete("/mailQueues/outgoing/mails?recipient=partner@remote.test");
        assertThat(removal.status()).as(removal.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> server.webAdmin().get("/mailQueues/outgoing").body(), body -> body.contains("\"size\":0"));
    }

    @Test
    void theQueuesAreListed() {
        WebAdminClient.Response queues = server.webAdmin().get("/mailQueues");

        assertThat(queues.status()).isEqualTo(200);
        assertThat(queues.body()).contains("\"spool\"").contains("\"outgoing\"");
    }
}
