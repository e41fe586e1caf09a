package io.groupmailbox.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AtomicCurrentQuotaManagerTest {

    private static final QuotaRoot GROUP = QuotaRoot.quotaRoot("#private&support@example.fr", Optional.empty());
    private static final int WRITERS = 8;
    private static final int ADDITIONS_EACH = 50;

    private final EntityManagerFactory entityManagerFactory = Persistence.createEntityManagerFactory("Global", Map.of(
        "openjpa.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver",
        "openjpa.ConnectionURL", "jdbc:derby:memory:" + UUID.randomUUID() + ";create=true"));
    private final AtomicCurrentQuotaManager quotas = new AtomicCurrentQuotaManager(entityManagerFactory);
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS);

    @AfterEach
    void tearDown() {
        writers.shutdownNow();
        entityManagerFactory.close();
    }

    @Test
    void aRootWithoutChangesUsesNothing() {
        assertThat(quotas.getCurrentQuotas(GROUP).block()).isEqualTo(CurrentQuotas.emptyQuotas());
    }

    @Test
    void theFirstIncreaseCreatesTheUsage() {
        quotas.increase(operation(1, 2_048)).block();

        assertThat(quotas.getCurrentQuotas(GROUP).block())
            .isEqualTo(new CurrentQuotas(QuotaCountUsage.count(1), QuotaSizeUsage.size(2_048)));
    }

    @Test
    void aDecreaseSubtracts() {
        quotas.increase(operation(3, 3_000)).block();
        quotas.decrease(operation(1, 1_000)).block();

        assertThat(quotas.getCurrentMessageCount(GROUP).block()).isEqualTo(QuotaCountUsage.count(2));
        assertThat(quotas.getCurrentStorage(GROUP).block()).isEqualTo(QuotaSizeUsage.size(2_000));
    }

    @Test
    void rootsAreCountedApart() {
        QuotaRoot alice = QuotaRoot.quotaRoot("#private&alice@example.fr", Optional.empty());
        quotas.increase(operation(1, 100)).block();
        quotas.increase(new QuotaOperation(alice, QuotaCountUsage.count(5), QuotaSizeUsage.size(500))).block();

        assertThat(quotas.getCurrentMessageCount(GROUP).block()).isEqualTo(QuotaCountUsage.count(1));
        assertThat(quotas.getCurrentMessageCount(alice).block()).isEqualTo(QuotaCountUsage.count(5));
    }

    @Test
    void settingTheUsageReplacesIt() {
        quotas.increase(operation(7, 700)).block();
        quotas.setCurrentQuotas(operation(2, 200)).block();

        assertThat(quotas.getCurrentQuotas(GROUP).block())
            .isEqualTo(new CurrentQuotas(QuotaCountUsage.count(2), QuotaSizeUsage.size(200)));
    }

    /** James 3.8.1's read-add-write loses additions here: two writers read the same usage. */
    @Test
    void concurrentIncreasesAllCount() throws Exception {
        quotas.increase(operation(0, 0)).block();

        runConcurrently(() -> quotas.increase(operation(1, 10)).block());

        assertThat(quotas.getCurrentQuotas(GROUP).block()).isEqualTo(new CurrentQuotas(
            QuotaCountUsage.count(WRITERS * ADDITIONS_EACH), QuotaSizeUsage.size(10L * WRITERS * ADDITIONS_EACH)));
    }

    /** Every writer may find no row yet: all but one insert fails on the key, and is made again as an update. */
    @Test
    void concurrentFirstIncreasesAllCount() throws Exception {
        runConcurrently(() -> quotas.increase(operation(1, 10)).block());

        assertThat(quotas.getCurrentMessageCount(GROUP).block()).isEqualTo(QuotaCountUsage.count(WRITERS * ADDITIONS_EACH));
    }

    private void runConcurrently(Runnable addition) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Callable<Void> writer = () -> {
            start.await();
            IntStream.range(0, ADDITIONS_EACH).forEach(any -> addition.run());
            return null;
        };
        List<Future<Void>> running = IntStream.range(0, WRITERS).mapToObj(any -> writers.submit(writer)).toList();
        start.countDown();
        for (Future<Void> each : running) {
            each.get(60, TimeUnit.SECONDS);
        }
    }

    private static QuotaOperation operation(long count, long size) {
        return new QuotaOperation(GROUP, QuotaCountUsage.count(count), QuotaSizeUsage.size(size));
    }
}
