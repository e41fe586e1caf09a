package io.groupmailbox.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;

/** The spool's queue over a real broker and KahaDB journal in a temporary directory. */
class SpoolMailQueueTest {

    private static final Pattern SELECTOR_TIME = Pattern.compile("JAMES_NEXT_DELIVERY <= (\\d+) OR FORCE_DELIVERY = true");

    @TempDir
    Path data;

    private SpoolBroker broker;
    private SpoolMailQueue queue;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new SpoolBroker(new TemporaryFileSystem(data), new KahaDBPersistenceAdapter());
        SpoolQueueFactory factory = new SpoolQueueFactory(broker, new RawMailQueueItemDecoratorFactory(),
            new RecordingMetricFactory(), new NoopGaugeRegistry(), new NoCollector());
        queue = (SpoolMailQueue) factory.createQueue(MailQueueName.of("spool"));
    }

    @AfterEach
    void stopBroker() throws Exception {
        queue.dispose();
        broker.stop();
    }

    @Test
    void selectorChangesOncePerSecondAndNeverLooksAhead() {
        long before = System.currentTimeMillis();
        String selector = queue.getMessageSelector();

        Matcher matcher = SELECTOR_TIME.matcher(selector);
        assertThat(matcher.matches()).as(selector).isTrue();
        long now = Long.parseLong(matcher.group(1));
        assertThat(now % 1000).isZero();
        assertThat(now).isBetween(before - before % 1000, System.currentTimeMillis());
    }

    @Test
    void mailWithoutDelayIsDequeuedAtOnce() throws Exception {
        queue.enQueue(mail("now"));

        MailQueueItem item = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(5));

        assertThat(item.getMail().getName()).isEqualTo("now");
        item.done(MailQueueItem.CompletionStatus.SUCCESS);
    }

    @Test
    void delayedMailIsNotDequeuedBeforeItsTime() throws Exception {
        Instant due = Instant.now().plusSeconds(2);
        queue.enQueue(mail("later"), Duration.ofSeconds(2));

        // A consumer waits up to 10 s with the selector it was created with, as in James: allow for one such wait.
        MailQueueItem item = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(20));

        assertThat(Instant.now()).isAfterOrEqualTo(due);
        assertThat(item.getMail().getName()).isEqualTo("later");
        item.done(MailQueueItem.CompletionStatus.SUCCESS);
    }

    private static FakeMail mail(String name) throws Exception {
        return FakeMail.builder()
            .name(name)
            .sender("sender@example.fr")
            .recipient("bob@example.fr")
            .lastUpdated(new Date())
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .setSubject(name)
                .setText("body")
                .build())
            .build();
    }

    /** James's file-system paths ("file://var/...") under the test's directory. */
    private static class TemporaryFileSystem implements FileSystem {
        private final Path base;

        TemporaryFileSystem(Path base) {
            this.base = base;
        }

        @Override
        public InputStream getResource(String url) throws FileNotFoundException {
            throw new FileNotFoundException(url);
        }

        @Override
        public File getFile(String fileURL) {
            return base.resolve(fileURL.substring(FILE_PROTOCOL.length())).toFile();
        }

        @Override
        public File getBasedir() {
            return base.toFile();
        }
    }

    private static class NoCollector implements ActiveMQMetricCollector {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void collectBrokerStatistics() {
        }

        @Override
        public void collectQueueStatistics(MailQueueName name) {
        }
    }
}
