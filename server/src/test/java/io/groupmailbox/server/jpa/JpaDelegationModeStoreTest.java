package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import javax.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.groupmailbox.identity.SenderMode;
import io.groupmailbox.identity.delegation.DelegationModeStore;
import reactor.core.publisher.Mono;

class JpaDelegationModeStoreTest implements DelegationModeStoreContract {

    private EntityManagerFactory entityManagerFactory;
    private DelegationModeStore store;

    @BeforeEach
    void setUp() {
        entityManagerFactory = JpaDelegationStoreTest.inMemoryDerby();
        store = new JpaDelegationModeStore(entityManagerFactory);
    }

    @AfterEach
    void tearDown() {
        entityManagerFactory.close();
    }

    @Override
    public DelegationModeStore store() {
        return store;
    }

    @Test
    void removingTheDelegationForgetsItsMode() {
        JpaDelegationStore delegations = new JpaDelegationStore(entityManagerFactory);
        Mono.from(delegations.addAuthorizedUser(BOSS, ALICE)).block();
        store.set(BOSS, ALICE, SenderMode.SEND_AS);

        Mono.from(delegations.removeAuthorizedUser(BOSS, ALICE)).block();
        Mono.from(delegations.addAuthorizedUser(BOSS, ALICE)).block();

        assertThat(store.modeOf(BOSS, ALICE)).isEmpty();
    }
}
