package io.groupmailbox.server.jpa;

import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.audit.AuditStore;
import io.groupmailbox.audit.MemoryAuditStore;

class MemoryAuditStoreTest implements AuditStoreContract {

    private AuditStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryAuditStore();
    }

    @Override
    public AuditStore store() {
        return store;
    }
}
