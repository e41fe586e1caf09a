package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.groupmailbox.delivery.DeliveryJournal.Delivery;
import io.groupmailbox.server.testing.MutableClock;

/** The journal's own rules; that an append records its delivery is tested over the server (IdempotentDeliveryTest). */
class JpaDeliveryJournalTest {

    private static final Delivery DELIVERY = new Delivery("Mail1234-spooled", "bob@example.fr");
    private static final long MAILBOX_ID = 1;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T08:00:00Z"));
    private EntityManagerFactory entityManagerFactory;
    private JpaDeliveryJournal journal;

    @BeforeEach
    void setUp() {
        entityManagerFactory = JpaDelegationStoreTest.inMemoryDerby();
        journal = new JpaDeliveryJournal(entityManagerFactory, clock, Duration.ofMillis(50));
    }

    @AfterEach
    void tearDown() {
        journal.stop();
        entityManagerFactory.close();
    }

    @Test
    void aDeliveryIsStoredOnceItsAppendCommitted() {
        assertThat(journal.isStored(DELIVERY)).isFalse();

        append(DELIVERY, 7, true);

        assertThat(journal.isStored(DELIVERY)).isTrue();
        assertThat(journal.isStored(new Delivery(DELIVERY.mailName(), "alice@example.fr"))).isFalse();
        assertThat(journal.isStored(new Delivery("Mail5678-spooled", DELIVERY.recipient()))).isFalse();
    }

    @Test
    void aDeliveryWhoseAppendRolledBackIsNotStored() {
        append(DELIVERY, 7, false);

        assertThat(journal.isStored(DELIVERY)).isFalse();
    }

    @Test
    void aSecondRecordOfADeliveryFailsItsTransaction() {
        append(DELIVERY, 7, true);

        assertThatThrownBy(() -> append(DELIVERY, 8, true)).isInstanceOf(PersistenceException.class);
    }

    @Test
    void anAppendOfASessionWithoutDeliveryRecordsNothing() {
        MailboxSession session = session();
        journal.recordWithNextAppend(DELIVERY, session);
        inTransaction(transaction -> journal.recordAppend(session, transaction, MAILBOX_ID, 7), true);

        inTransaction(transaction -> journal.recordAppend(session, transaction, MAILBOX_ID, 8), true);

        assertThat(countRows()).isEqualTo(1);
    }

    @Test
    void recordsOlderThanTheRetentionArePruned() {
        append(DELIVERY, 7, true);
        clock.advance(JpaDeliveryJournal.RETENTION.minusHours(1));
        Delivery recent = new Delivery("Mail5678-spooled", DELIVERY.recipient());
        append(recent, 8, true);
        clock.advance(Duration.ofHours(2));

        assertThat(journal.pruneOlderThan(JpaDeliveryJournal.RETENTION)).isEqualTo(1);

        assertThat(journal.isStored(DELIVERY)).isFalse();
        assertThat(journal.isStored(recent)).isTrue();
    }

    @Test
    void pruningGoesOnBatchAfterBatch() {
        int old = 2 * JpaDeliveryJournal.PRUNE_BATCH + 7;
        inTransaction(transaction -> {
            for (int number = 0; number < old; number++) {
                MailboxSession session = session();
                journal.recordWithNextAppend(new Delivery("Mail" + number, DELIVERY.recipient()), session);
                journal.recordAppend(session, transaction, MAILBOX_ID, number + 1);
            }
        }, true);
        clock.advance(JpaDeliveryJournal.RETENTION.plusMinutes(1));
        append(DELIVERY, old + 1, true);

        assertThat(journal.pruneOlderThan(JpaDeliveryJournal.RETENTION)).isEqualTo(old);

        assertThat(countRows()).isEqualTo(1);
        assertThat(journal.isStored(DELIVERY)).isTrue();
    }

    @Test
    void aStartedJournalKeepsPruning() {
        journal.start();
        append(DELIVERY, 7, true);

        clock.advance(JpaDeliveryJournal.RETENTION.plusMinutes(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> !journal.isStored(DELIVERY));
    }

    private void append(Delivery delivery, long uid, boolean commit) {
        MailboxSession session = session();
        journal.recordWithNextAppend(delivery, session);
        inTransaction(transaction -> journal.recordAppend(session, transaction, MAILBOX_ID, uid), commit);
    }

    private void inTransaction(Consumer<EntityManager> work, boolean commit) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            work.accept(entityManager);
            if (commit) {
                entityManager.getTransaction().commit();
            } else {
                entityManager.getTransaction().rollback();
            }
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    private long countRows() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return entityManager.createQuery("SELECT COUNT(d) FROM Delivery d", Long.class).getSingleResult();
        } finally {
            entityManager.close();
        }
    }

    private static MailboxSession session() {
        return new MailboxSession(MailboxSession.SessionId.of(1), Username.of("bob@example.fr"), Optional.empty(),
            List.of(Locale.ROOT), '.', MailboxSession.SessionType.System);
    }
}
