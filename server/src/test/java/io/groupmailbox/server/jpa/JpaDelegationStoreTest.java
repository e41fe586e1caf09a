package io.groupmailbox.server.jpa;

import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.user.api.DelegationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class JpaDelegationStoreTest implements DelegationStoreContract {

    private EntityManagerFactory entityManagerFactory;
    private DelegationStore store;

    @BeforeEach
    void setUp() {
        entityManagerFactory = inMemoryDerby();
        store = new JpaDelegationStore(entityManagerFactory);
    }

    @AfterEach
    void tearDown() {
        entityManagerFactory.close();
    }

    @Override
    public DelegationStore store() {
        return store;
    }

    /** The production persistence unit over a throw-away in-memory Derby database. */
    static EntityManagerFactory inMemoryDerby() {
        return Persistence.createEntityManagerFactory("Global", Map.of(
            "openjpa.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver",
            "openjpa.ConnectionURL", "jdbc:derby:memory:" + UUID.randomUUID() + ";create=true"));
    }
}
