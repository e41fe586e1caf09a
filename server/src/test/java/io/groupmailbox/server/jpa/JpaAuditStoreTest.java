package io.groupmailbox.server.jpa;

import javax.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.audit.AuditStore;

class JpaAuditStoreTest implements AuditStoreContract {

    private EntityManagerFactory entityManagerFactory;
    private AuditStore store;

    @BeforeEach
    void setUp() {
        entityManagerFactory = JpaDelegationStoreTest.inMemoryDerby();
        store = new JpaAuditStore(entityManagerFactory);
    }

    @AfterEach
    void tearDown() {
        entityManagerFactory.close();
    }

    @Override
    public AuditStore store() {
        return store;
    }
}
