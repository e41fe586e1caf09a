package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections held by waiting threads must not leave a transaction without one (JpaPersistenceModule.POOL_PROPERTIES):
 * 40 transactions, each holding a connection, more than any fixed pool default.
 */
class ConnectionPoolTest {

    private static final int HELD = 40;

    private final EntityManagerFactory entityManagerFactory = Persistence.createEntityManagerFactory(
        JpaPersistenceModule.PERSISTENCE_UNIT, Map.of(
            "openjpa.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver",
            "openjpa.ConnectionURL", "jdbc:derby:memory:" + UUID.randomUUID() + ";create=true",
            "openjpa.Multithreaded", "true",
            "openjpa.ConnectionProperties", JpaPersistenceModule.POOL_PROPERTIES));
    private final List<EntityManager> holders = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        holders.forEach(entityManager -> {
            entityManager.getTransaction().rollback();
            entityManager.close();
        });
        entityManagerFactory.close();
    }

    @Test
    void aTransactionGetsAConnectionWhileManyAreHeld() throws Exception {
        // With a bounded pool, a call below waits for a free connection forever: the test then fails by its timeout.
        CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> {
            for (int i = 0; i < HELD; i++) {
                holders.add(holdingAConnection());
            }
            return holders.size();
        });

        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(HELD);
    }

    private EntityManager holdingAConnection() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        entityManager.getTransaction().begin();
        // retained by the entity manager until its transaction ends
        Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
        assertThat(connection).isNotNull();
        return entityManager;
    }
}
