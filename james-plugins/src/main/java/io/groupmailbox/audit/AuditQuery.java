package io.groupmailbox.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * Which entries of one group to read, newest first: optionally one member's, in [since, until), at most
 * {@code limit}, older than the entry {@code before} (the cursor of the previous page).
 */
public record AuditQuery(Username group, Optional<Username> member, Optional<Instant> since, Optional<Instant> until,
                         int limit, Optional<Long> before) {

    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        Objects.requireNonNull(group);
        Objects.requireNonNull(member);
        Objects.requireNonNull(since);
        Objects.requireNonNull(until);
        Objects.requireNonNull(before);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static AuditQuery of(Username group, int limit) {
        return new AuditQuery(group, Optional.empty(), Optional.empty(), Optional.empty(), limit, Optional.empty());
    }

    public boolean matches(AuditEntry entry) {
        return entry.group().equals(group)
            && member.map(entry.member()::equals).orElse(true)
            && since.map(start -> !entry.time().isBefore(start)).orElse(true)
            && until.map(entry.time()::isBefore).orElse(true)
            && before.map(cursor -> entry.id() < cursor).orElse(true);
    }
}
