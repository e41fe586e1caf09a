package io.groupmailbox.audit;

import java.time.Instant;
import java.util.List;

/**
 * The append-only trail of what members did as their groups: entries are added and read, never changed; only
 * the retention period removes them (deleting mail keeps its entries). {@code AuditStoreContract} says what an
 * implementation must do.
 */
public interface AuditStore {

    /** Adds one entry (one insert); returns it with its id. */
    AuditEntry append(AuditEntry entry);

    /** Entries matching {@code query}, newest (largest id) first, at most {@code query.limit()}. */
    List<AuditEntry> find(AuditQuery query);

    /** Removes the entries older than {@code time}; returns how many. */
    int removeOlderThan(Instant time);
}
