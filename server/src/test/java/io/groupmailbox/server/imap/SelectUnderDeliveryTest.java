package io.groupmailbox.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.PythonClient;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * A message that SELECT announced with EXISTS can be fetched, also while mail is being delivered to the folder: a
 * member SELECTs the group INBOX and fetches its last message, hundreds of times, during a stream of deliveries.
 */
class SelectUnderDeliveryTest {

    static final String INBOX = "Groups.Support.INBOX";
    static final int ROUNDS = 150;
    static final int DELIVERING_THREADS = 3;

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" notify="none">
                <member address="bob@example.fr" role="reader"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @Test
    void everyMessageSelectAnnouncedCanBeFetchedDuringDeliveries() throws Exception {
        AtomicBoolean selecting = new AtomicBoolean(true);
        AtomicInteger delivered = new AtomicInteger();
        ExecutorService deliveries = Executors.newFixedThreadPool(DELIVERING_THREADS);
        List<Future<?>> running = new ArrayList<>();
        for (int thread = 0; thread < DELIVERING_THREADS; thread++) {
            running.add(deliveries.submit(() -> {
                while (selecting.get()) {
                    int number = delivered.incrementAndGet();
                    server.smtp().deliver("customer@remote.test", SmtpClient.message("customer@remote.test",
                        "support@example.fr", "Question " + number, "Body " + number), "support@example.fr");
                }
                return null;
            }));
        }
        String output;
        try {
            output = PythonClient.run("imap_select_fetch.py", String.valueOf(server.imap().port()), "bob@example.fr",
                "bob-secret", INBOX, String.valueOf(ROUNDS));
        } finally {
            selecting.set(false);
            deliveries.shutdown();
        }
        for (Future<?> thread : running) {
            thread.get(60, TimeUnit.SECONDS);
        }
        assertThat(deliveries.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        System.out.println(output.lines().reduce((first, last) -> last).orElse("") + " delivered=" + delivered.get());
        assertThat(output).contains("rounds=" + ROUNDS + " failures=0").doesNotContain("failure:");
        assertThat(Integer.parseInt(output.replaceAll("(?s).*largest=(\\d+).*", "$1"))).as("messages delivered meanwhile")
            .isGreaterThan(ROUNDS / 4);
    }
}
