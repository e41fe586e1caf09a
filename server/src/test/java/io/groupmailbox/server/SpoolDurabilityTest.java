package io.groupmailbox.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.server.testing.ImapClient;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.ServerProcess;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.TestConfiguration;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * kill -9 in the middle of a burst: every message that got 250 is in the mailbox after the restart, once, counted
 * once in the quota usage, and found by SEARCH.
 */
class SpoolDurabilityTest {

    private static final int CONNECTIONS = 8;
    private static final int MESSAGES = 600;
    private static final int KILL_AFTER_ACCEPTED = 250;

    @TempDir
    Path root;
    private TestConfiguration configuration;
    private ServerProcess server;

    @BeforeEach
    void start() throws Exception {
        configuration = TestConfiguration.create(root.resolve("conf"));
        server = new ServerProcess(configuration, root.resolve("data"), root.resolve("server.log"));
        server.start();
        new WebAdminClient(configuration.webAdminPort()).createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void everyAcceptedMessageIsDeliveredExactlyOnceAfterAKillDashNine() throws Exception {
        Collection<String> accepted = new ConcurrentLinkedQueue<>();
        CountDownLatch enoughAccepted = new CountDownLatch(KILL_AFTER_ACCEPTED);
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
        for (int connection = 0; connection < CONNECTIONS; connection++) {
            senders.submit(() -> sendUntilRefused(next, accepted, enoughAccepted));
        }

        enoughAccepted.await(120, TimeUnit.SECONDS);
        server.kill9();
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACCEPTED).hasSizeLessThan(MESSAGES);

        server.start();

        Map<String, Long> delivered = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(this::subjectsInInbox, subjects -> subjects.keySet().containsAll(accepted));
        assertThat(delivered.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey))
            .as("messages stored more than once")
            .isEmpty();
        // Each message is counted in the quota usage by the transaction that stores it: none is stored uncounted.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> usedCount() == subjectsInInbox().values().stream().mapToLong(Long::longValue).sum());
        // The search index caught up with the store: SEARCH finds every stored message, not only those indexed
        // before the index's last commit (it was 131 of 151 messages).
        long stored = subjectsInInbox().values().stream().mapToLong(Long::longValue).sum();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .untilAsserted(() -> {
                String transcript = ImapTranscript.run(new ImapClient(configuration.imapPort()), "bob@example.fr", "bob-secret",
                    "SELECT INBOX", "UID SEARCH ALL", "UID SEARCH SUBJECT burst-");
                assertThat(found(transcript, 1)).as("UID SEARCH ALL").isEqualTo(stored);
                assertThat(found(transcript, 2)).as("UID SEARCH SUBJECT burst-").isEqualTo(stored);
            });
    }

    private static long found(String transcript, int command) {
        return ImapTranscript.responses(transcript, command).stream()
            .filter(line -> line.startsWith("* SEARCH"))
            .flatMap(line -> Arrays.stream(line.substring("* SEARCH".length()).trim().split(" ")))
            .filter(uid -> !uid.isEmpty())
            .count();
    }

    private long usedCount() throws Exception {
        WebAdminClient.Response quota = new WebAdminClient(configuration.webAdminPort()).get("/quota/users/bob@example.fr");
        return new ObjectMapper().readTree(quota.body()).path("occupation").path("count").asLong(-1);
    }

    /** One SMTP connection; sends numbered messages until the burst is over or the server is gone. */
    private void sendUntilRefused(AtomicInteger next, Collection<String> accepted, CountDownLatch enoughAccepted) {
        Properties properties = new Properties();
        properties.put("mail.smtp.from", "burst@remote.test");
        properties.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(properties);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", configuration.smtpPort(), null, null);
            for (int number = next.getAndIncrement(); number < MESSAGES; number = next.getAndIncrement()) {
                String subject = "burst-" + number;
                MimeMessage message = SmtpClient.message("burst@remote.test", "bob@example.fr", subject, "message " + number);
                transport.sendMessage(message, new InternetAddress[] {new InternetAddress("bob@example.fr")});
                accepted.add(subject);
                enoughAccepted.countDown();
            }
        } catch (Exception serverKilled) {
            // the connection breaks when the server dies: what was accepted so far is what counts
        }
    }

    private Map<String, Long> subjectsInInbox() throws Exception {
        try (Store store = new ImapClient(configuration.imapPort()).login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            inbox.close(false);
            return subjects.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        }
    }
}
