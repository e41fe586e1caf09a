package io.groupmailbox.server.quota;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.jpa.quota.JpaCurrentQuotaManager;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.CurrentQuotaManager;

import reactor.core.publisher.Mono;

/**
 * The usage of each quota root (message count and bytes), kept in James's own table
 * ({@code JAMES_QUOTA_CURRENTQUOTA}), with each change one atomic {@code UPDATE … SET count = count + ?}.
 *
 * <p>James 3.8.1's {@link JpaCurrentQuotaManager} reads the usage, adds in Java and writes the sum back. Two
 * deliveries to one quota root at once (a group INBOX, or a user's INBOX and Sent) can both read the same
 * usage, and then one of the two additions is lost; its transaction runner also drops a failed write with
 * only a log line. Both make the usage drift away from what is stored. Here the database adds, under the
 * row's lock; a failure reaches James's event bus, which retries the listener. Stored messages are added by the
 * storing transaction itself ({@link #addWithin}, from {@code OneTransactionAppendMessageMapper}); this manager's
 * own {@code increase} and {@code decrease} serve the listener's subtractions and James's other callers. Reads and
 * the recomputation of a root ({@code setCurrentQuotas}) are James's.
 */
public class AtomicCurrentQuotaManager implements CurrentQuotaManager {

    private static final String ADD = "UPDATE JAMES_QUOTA_CURRENTQUOTA"
        + " SET CURRENTQUOTA_MESSAGECOUNT = CURRENTQUOTA_MESSAGECOUNT + ?, CURRENTQUOTA_SIZE = CURRENTQUOTA_SIZE + ?"
        + " WHERE CURRENTQUOTA_QUOTAROOT = ?";
    private static final String CREATE = "INSERT INTO JAMES_QUOTA_CURRENTQUOTA"
        + " (CURRENTQUOTA_QUOTAROOT, CURRENTQUOTA_MESSAGECOUNT, CURRENTQUOTA_SIZE) VALUES (?, ?, ?)";

    private final TransactionRunner transactions;
    private final JpaCurrentQuotaManager reads;

    @Inject
    public AtomicCurrentQuotaManager(EntityManagerFactory entityManagerFactory) {
        this.transactions = new TransactionRunner(entityManagerFactory);
        this.reads = new JpaCurrentQuotaManager(entityManagerFactory);
    }

    @Override
    public Mono<Void> increase(QuotaOperation operation) {
        return Mono.fromRunnable(() -> add(operation.quotaRoot(), operation.count().asLong(), operation.size().asLong()));
    }

    @Override
    public Mono<Void> decrease(QuotaOperation operation) {
        return Mono.fromRunnable(() -> add(operation.quotaRoot(), -operation.count().asLong(), -operation.size().asLong()));
    }

    @Override
    public Mono<QuotaCountUsage> getCurrentMessageCount(QuotaRoot quotaRoot) {
        return reads.getCurrentMessageCount(quotaRoot);
    }

    @Override
    public Mono<QuotaSizeUsage> getCurrentStorage(QuotaRoot quotaRoot) {
        return reads.getCurrentStorage(quotaRoot);
    }

    @Override
    public Mono<CurrentQuotas> getCurrentQuotas(QuotaRoot quotaRoot) {
        return reads.getCurrentQuotas(quotaRoot);
    }

    @Override
    public Mono<Void> setCurrentQuotas(QuotaOperation operation) {
        return reads.setCurrentQuotas(operation);
    }

    /**
     * Adds to the root's row in a transaction of its own, creating it on the root's first change. When another writer
     * creates it first, the insert fails on the primary key, and the addition is made again, now as an update.
     */
    private void add(QuotaRoot quotaRoot, long count, long size) {
        try {
            addOnce(quotaRoot, count, size);
        } catch (PersistenceException createdConcurrently) {
            addOnce(quotaRoot, count, size);
        }
    }

    private void addOnce(QuotaRoot quotaRoot, long count, long size) {
        transactions.runAndRetrieveResult(entityManager -> {
            if (update(entityManager, quotaRoot, count, size) == 0) {
                insert(entityManager, quotaRoot, count, size);
            }
            return null;
        }, failure -> {
            throw failure;
        });
    }

    /**
     * Adds to the root's usage in the caller's open transaction, which cannot be retried here. On the root's first
     * change its row is therefore created first, empty, in a transaction of its own (on a second connection, once per
     * root; a concurrent creation by another writer is fine), so that two first changes at once both end as updates
     * of one row instead of one of them failing on the primary key.
     */
    public void addWithin(EntityManager entityManager, QuotaRoot quotaRoot, long count, long size) {
        if (update(entityManager, quotaRoot, count, size) == 0) {
            createEmptyRow(quotaRoot);
            update(entityManager, quotaRoot, count, size);
        }
    }

    private static int update(EntityManager entityManager, QuotaRoot quotaRoot, long count, long size) {
        return entityManager.createNativeQuery(ADD)
            .setParameter(1, count)
            .setParameter(2, size)
            .setParameter(3, quotaRoot.getValue())
            .executeUpdate();
    }

    private static void insert(EntityManager entityManager, QuotaRoot quotaRoot, long count, long size) {
        entityManager.createNativeQuery(CREATE)
            .setParameter(1, quotaRoot.getValue())
            .setParameter(2, count)
            .setParameter(3, size)
            .executeUpdate();
    }

    private void createEmptyRow(QuotaRoot quotaRoot) {
        try {
            transactions.runAndRetrieveResult(entityManager -> {
                insert(entityManager, quotaRoot, 0, 0);
                return null;
            }, failure -> {
                throw failure;
            });
        } catch (PersistenceException createdConcurrently) {
            // another writer created it: the row exists, which is all this needed
        }
    }
}
