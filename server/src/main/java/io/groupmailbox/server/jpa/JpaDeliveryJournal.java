package io.groupmailbox.server.jpa;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.EntityManagerUtils;

import com.google.common.hash.Hashing;

import org.apache.james.lifecycle.api.Startable;

import io.groupmailbox.delivery.DeliveryJournal;
import io.groupmailbox.server.jpa.model.JpaDeliveryAttempt;

/**
 * The delivery journal in the shared database. A first attempt is one INSERT; only a repeated attempt (after a
 * crash) reads the earlier record. Records older than {@link #RETENTION} are of no use (the spool redelivers
 * right after a restart) and are pruned at start.
 */
public class JpaDeliveryJournal implements DeliveryJournal, Startable {

    static final Duration RETENTION = Duration.ofDays(7);

    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;

    @Inject
    public JpaDeliveryJournal(EntityManagerFactory entityManagerFactory, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.clock = clock;
    }

    @Override
    public Optional<Long> recordAttempt(Delivery delivery, long uidNext) {
        String key = key(delivery);
        Optional<PersistenceException> refused = insert(new JpaDeliveryAttempt(key, uidNext, clock.millis()));
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            JpaDeliveryAttempt earlier = entityManager.find(JpaDeliveryAttempt.class, key);
            if (earlier == null) {
                throw refused.get();
            }
            return Optional.of(earlier.getUidNext());
        } finally {
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    public int pruneOlderThan(Duration age) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            int deleted = entityManager.createNamedQuery("deleteDeliveryAttemptsBefore")
                .setParameter("before", clock.millis() - age.toMillis())
                .executeUpdate();
            entityManager.getTransaction().commit();
            return deleted;
        } finally {
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    /** The refusal when the row could not be inserted, normally because the key is there already. */
    private Optional<PersistenceException> insert(JpaDeliveryAttempt attempt) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            entityManager.persist(attempt);
            entityManager.getTransaction().commit();
            return Optional.empty();
        } catch (PersistenceException e) {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            return Optional.of(e);
        } finally {
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    private static String key(Delivery delivery) {
        return Hashing.sha256()
            .hashString(delivery.mailName() + '\n' + delivery.recipient(), StandardCharsets.UTF_8)
            .toString();
    }
}
