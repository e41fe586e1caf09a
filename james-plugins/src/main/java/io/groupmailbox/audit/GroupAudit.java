package io.groupmailbox.audit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail of a group: one insert per audited action. A failure to write is logged, never passed to
 * the member's command: the trail must not make mail stop.
 */
public class GroupAudit {

    /** At most {@value #MAX_LISTED} Message-IDs, in at most {@value #MAX_LISTED_CHARS} characters: an entry stays small. */
    public static final int MAX_LISTED = 50;
    public static final int MAX_LISTED_CHARS = 2000;
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

    /**
     * A member sent mail as the group. Recorded once per mail ({@code mailName}: the name of the spooled mail, which a
     * retry of the spool keeps, without the suffix a matcher's split draws anew at each pass): a second processing of
     * the same mail adds nothing.
     */
    public void sent(Username group, Username member, String method, String mailName, String messageId, String subject,
                     int recipients) {
        AuditEntry entry = AuditEntry.of(clock.instant(), group, member, "sent", method, Map.of("messageId", messageId,
            "subject", subject, "recipients", String.valueOf(recipients)));
        try {
            store.appendOnce(entry, "sent " + mailName + " " + member.asString());
        } catch (RuntimeException e) {
            LOGGER.warn("Could not record sent by {} in the audit of {}", member.asString(), group.asString(), e);
        }
    }

    /**
     * Messages left the group folder {@code folder}: {@code action} expunge (or delete, a whole folder), or move to
     * {@code to} (named as the member sees it). {@code messageIds} lists the first of them (see {@link #MAX_LISTED}).
     */
    public void removed(Username group, Username member, String action, String method, String folder, Optional<String> to,
                        long count, List<String> messageIds) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(to.isPresent() ? "from" : "folder", folder);
        to.ifPresent(target -> details.put("to", target));
        details.put("count", String.valueOf(count));
        details.put("messageIds", listed(messageIds));
        record(group, member, action, method, details);
    }

    static String listed(List<String> messageIds) {
        StringBuilder listed = new StringBuilder();
        for (String messageId : messageIds.subList(0, Math.min(MAX_LISTED, messageIds.size()))) {
            if (listed.length() + messageId.length() + 1 > MAX_LISTED_CHARS) {
                break;
            }
            listed.append(listed.length() == 0 ? "" : " ").append(messageId);
        }
        return listed.toString();
    }

    /**
     * An admin changed who may act as the group: {@code source} is where the change came from ({@code webadmin}, or
     * {@code groups.xml} at a reload), recorded as the entry's method.
     */
    public void membership(Username group, Username member, String action, String source, Map<String, String> details) {
        record(group, member, action, source, details);
    }

    /** An admin changed a member's app passwords over WebAdmin. */
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
