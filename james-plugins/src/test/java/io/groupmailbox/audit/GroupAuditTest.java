package io.groupmailbox.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

class GroupAuditTest {

    static final Username SUPPORT = Username.of("support@example.fr");
    static final Username ALICE = Username.of("alice@example.fr");

    final MemoryAuditStore store = new MemoryAuditStore();
    final GroupAudit audit = new GroupAudit(store, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aHugeExpungeListsTheFirstMessageIdsAndCountsThemAll() {
        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> "<" + "x".repeat(40) + i + "@example.fr>").toList();

        audit.removed(SUPPORT, ALICE, "expunge", "app-password", "INBOX", Optional.empty(), ids.size(), ids);

        AuditEntry entry = store.find(AuditQuery.of(SUPPORT, 1)).get(0);
        assertThat(entry.details()).containsEntry("count", "10000");
        String listed = entry.details().get("messageIds");
        assertThat(listed.length()).isLessThanOrEqualTo(GroupAudit.MAX_LISTED_CHARS);
        assertThat(listed.split(" ")).hasSizeLessThanOrEqualTo(GroupAudit.MAX_LISTED).startsWith(ids.get(0), ids.get(1));
    }

    @Test
    void aMailProcessedTwiceIsRecordedAsSentOnce() {
        audit.sent(SUPPORT, ALICE, "app-password", "Mail1701-abc", "<a@example.fr>", "Re: order", 1);
        audit.sent(SUPPORT, ALICE, "app-password", "Mail1701-abc", "<a@example.fr>", "Re: order", 1);
        audit.sent(SUPPORT, ALICE, "app-password", "Mail1702-def", "<a@example.fr>", "Re: order", 1); // sent again

        assertThat(store.find(AuditQuery.of(SUPPORT, 10))).extracting(AuditEntry::action).containsExactly("sent", "sent");
    }
}
