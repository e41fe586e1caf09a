package io.groupmailbox.server.jpa;

import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.login.AppPasswordStore;
import io.groupmailbox.login.MemoryAppPasswordStore;

class MemoryAppPasswordStoreTest implements AppPasswordStoreContract {

    private AppPasswordStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryAppPasswordStore();
    }

    @Override
    public AppPasswordStore store() {
        return store;
    }
}
