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

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.persistence.EntityManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.mail.imap.IMAPFolder;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.StoreProbe;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * The quota usage that WebAdmin and IMAP GETQUOTA report counts every stored message, also when many arrive at once
 * in two mailboxes of one quota root: deliveries to bob's INBOX (by the spool's threads) and his own APPENDs to
 * another folder each add to the same usage row. And WebAdmin's recount repairs a usage that no longer matches the
 * stored messages.
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

    @Test
    void copiesAndMovesCountAndExpungesSubtract() throws Exception {
        userWithThreeDeliveries("dave");
        try (Store store = server.imap().login("dave@example.fr", "dave-secret")) {
            IMAPFolder archive = (IMAPFolder) store.getFolder("Archive");
            assertThat(archive.create(Folder.HOLDS_MESSAGES)).isTrue();
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.copyMessages(new Message[] {inbox.getMessage(1), inbox.getMessage(2)}, archive);
            assertUsageMatchesStore("dave", 5, "INBOX", "Archive");

            inbox.moveMessages(new Message[] {inbox.getMessage(3)}, archive);
            assertUsageMatchesStore("dave", 5, "INBOX", "Archive");

            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            inbox.close(false);
        }
        assertUsageMatchesStore("dave", 4, "INBOX", "Archive");
    }

    private static void assertUsageMatchesStore(String user, int messages, String... folders) throws Exception {
        List<Long> stored = new ArrayList<>();
        for (String folder : folders) {
            stored.addAll(sizes(user, folder));
        }
        assertThat(stored).hasSize(messages);
        // Expunges subtract just after their commit, so wait for the usage rather than read it once.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> usage(user, "count") == messages);
        assertThat(usage(user, "size")).isEqualTo(stored.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void recomputingRepairsAUsageThatDrifted() throws Exception {
        userWithThreeDeliveries("carol");
        long bytes = sizes("carol", "INBOX").stream().mapToLong(Long::longValue).sum();
        await().atMost(Duration.ofSeconds(30)).until(() -> usage("carol", "count") == 3);
        // A usage that no longer matches the store, as an earlier version's crash could leave it.
        EntityManager entityManager = server.probe(StoreProbe.class).entityManagerFactory().createEntityManager();
        entityManager.getTransaction().begin();
        entityManager.createNativeQuery("UPDATE JAMES_QUOTA_CURRENTQUOTA SET CURRENTQUOTA_MESSAGECOUNT = 1,"
            + " CURRENTQUOTA_SIZE = 1 WHERE CURRENTQUOTA_QUOTAROOT = '#private&carol@example.fr'").executeUpdate();
        entityManager.getTransaction().commit();
        entityManager.close();
        assertThat(usage("carol", "count")).isEqualTo(1);

        WebAdminClient.Response task = server.webAdmin().post("/quota/users?task=RecomputeCurrentQuotas", "");
        assertThat(task.status()).as(task.body()).isEqualTo(201);
        String taskId = new ObjectMapper().readTree(task.body()).path("taskId").asText();
        WebAdminClient.Response done = server.webAdmin().get("/tasks/" + taskId + "/await");
        assertThat(new ObjectMapper().readTree(done.body()).path("status").asText()).as(done.body()).isEqualTo("completed");

        assertThat(usage("carol", "count")).isEqualTo(3);
        assertThat(usage("carol", "size")).isEqualTo(bytes);
    }

    /** A new user {@code name}@example.fr (password {@code name}-secret) with three messages in the INBOX. */
    private static void userWithThreeDeliveries(String name) throws Exception {
        String address = name + "@example.fr";
        server.webAdmin().createUser(address, name + "-secret");
        for (int i = 0; i < 3; i++) {
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", address, "message " + i, "text " + i), address);
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> sizes(name, "INBOX").size() == 3);
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
        return sizes("bob", folderName);
    }

    private static List<Long> sizes(String user, String folderName) throws Exception {
        try (Store store = server.imap().login(user + "@example.fr", user + "-secret")) {
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

    private static long usage(String field) throws Exception {
        return usage("bob", field);
    }

    /** From {@code GET /quota/users/<user>@example.fr}: {"global":…,"occupation":{"size":…,"count":…,"ratio":…},…}. */
    private static long usage(String user, String field) throws Exception {
        WebAdminClient.Response quota = server.webAdmin().get("/quota/users/" + user + "@example.fr");
        assertThat(quota.status()).as(quota.body()).isEqualTo(200);
        JsonNode occupation = new ObjectMapper().readTree(quota.body()).path("occupation").path(field);
        assertThat(occupation.isNumber()).as("occupation.%s in %s", field, quota.body()).isTrue();
        return occupation.asLong();
    }
}
