package io.groupmailbox.server.jpa;

import javax.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.login.AppPasswordStore;

class JpaAppPasswordStoreTest implements AppPasswordStoreContract {

    private EntityManagerFactory entityManagerFactory;
    private AppPasswordStore store;

    @BeforeEach
    void setUp() {
        entityManagerFactory = JpaDelegationStoreTest.inMemoryDerby();
        store = new JpaAppPasswordStore(entityManagerFactory);
    }

    @AfterEach
    void tearDown() {
        entityManagerFactory.close();
    }

    @Override
    public AppPasswordStore store() {
        return store;
    }
}
