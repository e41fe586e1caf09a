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

/**
 * The spool's broker caches at most 64 MB of waiting mail in memory; a larger backlog lives in its journal only.
 * SMTP must keep accepting, and nothing may be lost.
 */
class SpoolBacklogTest {

    private static final int UNREACHABLE_RELAY = TestConfiguration.freePort();

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension()
        .withConfiguration(configuration -> {
            configuration.relayThrough(UNREACHABLE_RELAY);
            // the mails wait for an hour before their first retry: the backlog stays put during the test
            configuration.rewrite("mailetcontainer.xml", "<delayTime>5000, 100000, 500000</delayTime>", "<delayTime>3600000</delayTime>");
        });

    @BeforeAll
    static void provision() {
        server.webAdmin()
            .createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret");
    }

    @Test
    void aHundredMegabytesWaitingForARelayAreAcceptedAndSurviveARestart() throws Exception {
        String fiveMegabytes = "x".repeat(76).concat("\r\n").repeat(64_000);
        for (int i = 1; i <= 20; i++) {
            server.smtp().submit("alice@example.fr", "alice-secret",
                SmtpClient.message("alice@example.fr", "archive@remote.test", "Backlog " + i, fiveMegabytes));
        }
        awaitOutgoingSize(20);

        server.restart();

        awaitOutgoingSize(20);
        assertThat(server.webAdmin().get("/mailQueues/spool").body()).contains("\"size\":0");
    }

    private static void awaitOutgoingSize(int size) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> server.webAdmin().get("/mailQueues/outgoing").body(), body -> body.contains("\"size\":" + size));
    }
}
