package io.groupmailbox.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.apache.james.core.Username;

/**
 * One thing a member did as a group, or an admin did to a group's members: when, who, what ({@code action}: login,
 * sent, expunge, move, delete, member-added, app-password-created...), how ({@code method}: app-password,
 * authzid, member-account, webadmin, groups.xml...) and its details (Message-IDs, counts, client address). {@code id} is given
 * by the store and orders entries: a larger id is a later entry.
 */
public record AuditEntry(long id, Instant time, Username group, Username member, String action, String method,
                         Map<String, String> details) {

    public AuditEntry {
        Objects.requireNonNull(time);
        Objects.requireNonNull(group);
        Objects.requireNonNull(member);
        Objects.requireNonNull(action);
        Objects.requireNonNull(method);
        details = Map.copyOf(details);
    }

    public static AuditEntry of(Instant time, Username group, Username member, String action, String method,
                                Map<String, String> details) {
        return new AuditEntry(0, time, group, member, action, method, details);
    }

    AuditEntry withId(long newId) {
        return new AuditEntry(newId, time, group, member, action, method, details);
    }
}
