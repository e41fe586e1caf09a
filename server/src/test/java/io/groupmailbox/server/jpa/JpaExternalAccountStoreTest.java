package io.groupmailbox.server.jpa;

import javax.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.identity.external.ExternalAccountStore;

class JpaExternalAccountStoreTest implements ExternalAccountStoreContract {

    private EntityManagerFactory entityManagerFactory;
    private ExternalAccountStore store;

    @BeforeEach
    void setUp() {
        entityManagerFactory = JpaDelegationStoreTest.inMemoryDerby();
        store = new JpaExternalAccountStore(entityManagerFactory);
    }

    @AfterEach
    void tearDown() {
        entityManagerFactory.close();
    }

    @Override
    public ExternalAccountStore store() {
        return store;
    }
}
