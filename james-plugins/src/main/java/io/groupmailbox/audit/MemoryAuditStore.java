package io.groupmailbox.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audit trail in memory, for tests and single-node use. */
public class MemoryAuditStore implements AuditStore {

    private final List<AuditEntry> entries = new ArrayList<>();
    private final Map<String, AuditEntry> byKey = new HashMap<>();
    private long lastId;

    @Override
    public synchronized AuditEntry append(AuditEntry entry) {
        AuditEntry stored = entry.withId(++lastId);
        entries.add(stored);
        return stored;
    }

    @Override
    public synchronized Optional<AuditEntry> appendOnce(AuditEntry entry, String key) {
        if (byKey.containsKey(key)) {
            return Optional.empty();
        }
        AuditEntry stored = append(entry);
        byKey.put(key, stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized List<AuditEntry> find(AuditQuery query) {
        return entries.stream()
            .filter(query::matches)
            .sorted(Comparator.comparingLong(AuditEntry::id).reversed())
            .limit(query.limit())
            .toList();
    }

    @Override
    public synchronized int removeOlderThan(Instant time) {
        List<AuditEntry> old = new ArrayList<>(entries.stream().filter(entry -> entry.time().isBefore(time)).toList());
        entries.removeAll(old);
        byKey.values().removeAll(old);
        return old.size();
    }
}
