package io.groupmailbox.server.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * The quota usage that WebAdmin and IMAP GETQUOTA report counts every stored message, also when many arrive at once
 * in two mailboxes of one quota root: deliveries to bob's INBOX (by the spool's threads) and his own APPENDs to
 * another folder each add to the same usage row.
 */
class QuotaUsageTest {

    private static final int CLIENTS = 4;
    private static final int MESSAGES_EACH = 25;
    private static final int MESSAGES = 2 * CLIENTS * MESSAGES_EACH;

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            assertThat(store.getFolder("Notes").create(Folder.HOLDS_MESSAGES)).isTrue();
        }
    }

    @Test
    void usageCountsEveryConcurrentDeliveryAndAppend() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2 * CLIENTS);
        List<Future<?>> storing = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int first = client * MESSAGES_EACH;
            storing.add(clients.submit(() -> deliver(first)));
            storing.add(clients.submit(() -> append(first)));
        }
        for (Future<?> each : storing) {
            each.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> sizes("INBOX").size() + sizes("Notes").size() == MESSAGES);

        long storedBytes = Stream.concat(sizes("INBOX").stream(), sizes("Notes").stream()).mapToLong(Long::longValue).sum();
        // The usage is written by a listener after each append: wait for the last one, then compare exactly.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> usage("count") >= MESSAGES);
        assertThat(usage("count")).isEqualTo(MESSAGES);
        assertThat(usage("size")).isEqualTo(storedBytes);
    }

    private static Void deliver(int first) throws Exception {
        for (int i = first; i < first + MESSAGES_EACH; i++) {
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "bob@example.fr", "question " + i, "text " + i),
                "bob@example.fr");
        }
        return null;
    }

    private static Void append(int first) throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder notes = store.getFolder("Notes");
            for (int i = first; i < first + MESSAGES_EACH; i++) {
                notes.appendMessages(new Message[] {
                    SmtpClient.message("bob@example.fr", "bob@example.fr", "note " + i, "kept " + i)});
            }
        }
        return null;
    }

    private static List<Long> sizes(String folderName) throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            List<Long> sizes = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                sizes.add((long) message.getSize());
            }
            folder.close(false);
            return sizes;
        }
    }

    /** From {@code GET /quota/users/bob@example.fr}: {"global":…,"occupation":{"size":…,"count":…,"ratio":…},…}. */
    private static long usage(String field) throws Exception {
        WebAdminClient.Response quota = server.webAdmin().get("/quota/users/bob@example.fr");
        assertThat(quota.status()).as(quota.body()).isEqualTo(200);
        JsonNode occupation = new ObjectMapper().readTree(quota.body()).path("occupation").path(field);
        assertThat(occupation.isNumber()).as("occupation.%s in %s", field, quota.body()).isTrue();
        return occupation.asLong();
    }
}
