package io.groupmailbox.server.jpa;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.backends.jpa.EntityManagerUtils;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.MailboxSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.hash.Hashing;

import io.groupmailbox.delivery.DeliveryJournal;
import io.groupmailbox.server.PeriodicTask;
import io.groupmailbox.server.jpa.model.JpaDelivery;

/**
 * The delivery journal in the shared database ({@code GM_DELIVERY}). The append that stores a delivery inserts its
 * row in the same transaction ({@link OneTransactionAppendMessageMapper}), where the row's primary key refuses a
 * second copy. The delivery reaches that append as an attribute of its mailbox session, the per-session state
 * James's own mapper factory keeps its mappers in.
 *
 * <p>Records older than {@link #RETENTION} are pruned at start and then every {@link #PRUNE_PERIOD}: the spool
 * redelivers right after a restart, and a week also covers a mail an admin reprocesses from an error repository,
 * whose recipients served already are then skipped. Pruning deletes by date, so any number of nodes may run it,
 * and in batches of {@link #PRUNE_BATCH}: one {@code DELETE} of an hour of deliveries (a million rows at 300 msg/s)
 * would hold that many row locks to its commit, far past Derby's escalation threshold (5,000), where it tries to
 * lock the whole table, which appends insert into.
 */
public class JpaDeliveryJournal implements DeliveryJournal, Startable {

    static final Duration RETENTION = Duration.ofDays(7);
    static final Duration PRUNE_PERIOD = Duration.ofHours(1);
    static final int PRUNE_BATCH = 500;
    private static final Logger LOGGER = LoggerFactory.getLogger(JpaDeliveryJournal.class);
    private static final String NEXT_APPEND = JpaDeliveryJournal.class.getName() + ".nextAppend";

    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;
    private final PeriodicTask pruner;

    @Inject
    public JpaDeliveryJournal(EntityManagerFactory entityManagerFactory, Clock clock) {
        this(entityManagerFactory, clock, PRUNE_PERIOD);
    }

    JpaDeliveryJournal(EntityManagerFactory entityManagerFactory, Clock clock, Duration prunePeriod) {
        this.entityManagerFactory = entityManagerFactory;
        this.clock = clock;
        this.pruner = new PeriodicTask("delivery-journal-pruner", prunePeriod, this::prune);
    }

    /** Prunes now, in the background, and then every {@link #PRUNE_PERIOD}. */
    public void start() {
        pruner.start(Duration.ZERO);
    }

    @PreDestroy
    public void stop() {
        pruner.stop();
    }

    @Override
    public void recordWithNextAppend(Delivery delivery, MailboxSession session) {
        session.getAttributes().put(NEXT_APPEND, delivery);
    }

    /**
     * Called by the message mapper in the transaction of an append: adds the row of the delivery this append
     * stores, if the session names one. A row already there makes the transaction fail at its commit.
     */
    void recordAppend(MailboxSession session, EntityManager transaction, long mailboxId, long uid) {
        if (session.getAttributes().remove(NEXT_APPEND) instanceof Delivery delivery) {
            transaction.persist(new JpaDelivery(key(delivery), mailboxId, uid, clock.millis()));
        }
    }

    @Override
    public boolean isStored(Delivery delivery) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return entityManager.find(JpaDelivery.class, key(delivery)) != null;
        } finally {
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    private void prune() {
        int deleted = pruneOlderThan(RETENTION);
        LOGGER.debug("Pruned {} delivery record(s) older than {}", deleted, RETENTION);
    }

    int pruneOlderThan(Duration age) {
        long before = clock.millis() - age.toMillis();
        int pruned = 0;
        int deleted;
        do {
            deleted = deleteBatch(before);
            pruned += deleted;
        } while (deleted == PRUNE_BATCH);
        return pruned;
    }

    private int deleteBatch(long before) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            List<String> keys = entityManager.createNamedQuery("deliveryKeysBefore", String.class)
                .setParameter("before", before)
                .setMaxResults(PRUNE_BATCH)
                .getResultList();
            int deleted = keys.isEmpty() ? 0 : entityManager.createNamedQuery("deleteDeliveries")
                .setParameter("keys", keys)
                .executeUpdate();
            entityManager.getTransaction().commit();
            return deleted;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    private static String key(Delivery delivery) {
        return Hashing.sha256()
            .hashString(delivery.mailName() + '\n' + delivery.recipient(), StandardCharsets.UTF_8)
            .toString();
    }
}
