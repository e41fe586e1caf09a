package io.groupmailbox.server.jpa;

import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.identity.delegation.DelegationModeStore;
import io.groupmailbox.identity.delegation.MemoryDelegationModeStore;

class MemoryDelegationModeStoreTest implements DelegationModeStoreContract {

    private DelegationModeStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryDelegationModeStore();
    }

    @Override
    public DelegationModeStore store() {
        return store;
    }
}
