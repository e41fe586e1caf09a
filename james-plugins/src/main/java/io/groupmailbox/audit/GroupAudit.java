package io.groupmailbox.audit;

import java.time.Clock;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail of a group: one insert per audited action. A failure to write is logged, never passed to
 * the member's command: the trail must not make mail stop.
 */
public class GroupAudit {

    private static final Logger LOGGER = LoggerFactory.getLogger(GroupAudit.class);

    private final AuditStore store;
    private final Clock clock;

    @Inject
    public GroupAudit(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A member opened a session as the group ({@code method}: app-password or authzid; over {@code protocol}). */
    public void login(Username group, Username member, String method, String protocol, String clientAddress) {
        record(group, member, "login", method, Map.of("protocol", protocol, "client", clientAddress));
    }

    /** A member sent mail as the group. */
    public void sent(Username group, Username member, String method, String messageId, String subject, int recipients) {
        record(group, member, "sent", method, Map.of("messageId", messageId, "subject", subject,
            "recipients", String.valueOf(recipients)));
    }

    /** Messages left a group folder ({@code action}: expunge); {@code uids} lists them in that folder. */
    public void removed(Username group, Username member, String action, String method, String folder, int count, String uids) {
        record(group, member, action, method, Map.of("folder", folder, "count", String.valueOf(count), "uids", uids));
    }

    /** An admin changed a member's access (membership, app passwords) over WebAdmin or groups.xml. */
    public void adminChange(Username group, Username member, String action, Map<String, String> details) {
        record(group, member, action, "admin", details);
    }

    private void record(Username group, Username member, String action, String method, Map<String, String> details) {
        try {
            store.append(AuditEntry.of(clock.instant(), group, member, action, method, details));
        } catch (RuntimeException e) {
            LOGGER.warn("Could not record {} by {} in the audit of {}", action, member.asString(), group.asString(), e);
        }
    }
}
