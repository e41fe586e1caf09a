package io.groupmailbox.server.jpa;

import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.identity.external.ExternalAccountStore;
import io.groupmailbox.identity.external.MemoryExternalAccountStore;

class MemoryExternalAccountStoreTest implements ExternalAccountStoreContract {

    private ExternalAccountStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryExternalAccountStore();
    }

    @Override
    public ExternalAccountStore store() {
        return store;
    }
}
