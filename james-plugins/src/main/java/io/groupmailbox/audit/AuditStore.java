package io.groupmailbox.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The append-only trail of what members did as their groups: entries are added and read, never changed; only
 * the retention period removes them (deleting mail keeps its entries). {@code AuditStoreContract} says what an
 * implementation must do.
 */
public interface AuditStore {

    /** Adds one entry (one insert); returns it with its id. */
    AuditEntry append(AuditEntry entry);

    /**
     * Adds the entry unless an entry with the same {@code key} was added before (and not yet removed by retention):
     * one insert, which the store itself refuses for a known key, so that two racing writers add one entry. Returns
     * the entry added, or empty when the key was known.
     */
    Optional<AuditEntry> appendOnce(AuditEntry entry, String key);

    /** Entries matching {@code query}, newest (largest id) first, at most {@code query.limit()}. */
    List<AuditEntry> find(AuditQuery query);

    /** Removes the entries older than {@code time}; returns how many. */
    int removeOlderThan(Instant time);
}
