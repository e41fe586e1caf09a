package io.groupmailbox.server.jpa;

import org.apache.james.user.api.DelegationStore;
import org.apache.james.user.memory.MemoryDelegationStore;
import org.junit.jupiter.api.BeforeEach;

/** Runs the contract on James's own in-memory store, to show the contract says what James means. */
class MemoryDelegationStoreTest implements DelegationStoreContract {

    private DelegationStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryDelegationStore();
    }

    @Override
    public DelegationStore store() {
        return store;
    }
}
