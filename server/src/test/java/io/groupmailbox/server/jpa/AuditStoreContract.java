package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.audit.AuditEntry;
import io.groupmailbox.audit.AuditQuery;
import io.groupmailbox.audit.AuditStore;

/** What every audit store must do; run against the JPA store and the in-memory one. */
public interface AuditStoreContract {

    Username SUPPORT = Username.of("support@example.fr");
    Username SALES = Username.of("sales@example.fr");
    Username ALICE = Username.of("alice@example.fr");
    Username BOB = Username.of("bob@example.fr");
    Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    AuditStore store();

    private AuditEntry append(int minutes, Username group, Username member, String action) {
        return store().append(AuditEntry.of(T0.plusSeconds(60L * minutes), group, member, action, "app-password",
            Map.of("messageId", "<m" + minutes + "@example.fr>")));
    }

    @Test
    default void entriesComeBackNewestFirstWithTheirDetails() {
        AuditEntry first = append(0, SUPPORT, ALICE, "login");
        AuditEntry second = append(1, SUPPORT, ALICE, "sent");
        append(2, SALES, ALICE, "sent");

        List<AuditEntry> found = store().find(AuditQuery.of(SUPPORT, 10));

        assertThat(found).containsExactly(second, first);
        assertThat(found.get(0).details()).containsEntry("messageId", "<m1@example.fr>");
        assertThat(found.get(0).id()).isGreaterThan(found.get(1).id());
    }

    @Test
    default void aQueryFiltersByMemberAndByTimeWithUntilExcluded() {
        append(0, SUPPORT, ALICE, "login");
        append(1, SUPPORT, BOB, "login");
        append(2, SUPPORT, ALICE, "sent");
        append(3, SUPPORT, ALICE, "expunge");

        assertThat(store().find(new AuditQuery(SUPPORT, Optional.of(BOB), Optional.empty(), Optional.empty(), 10, Optional.empty())))
            .extracting(AuditEntry::member).containsExactly(BOB);
        assertThat(store().find(new AuditQuery(SUPPORT, Optional.of(ALICE), Optional.of(T0.plusSeconds(60)),
                Optional.of(T0.plusSeconds(180)), 10, Optional.empty())))
            .extracting(AuditEntry::action).containsExactly("sent");
    }

    @Test
    default void pagesFollowEachOtherWithoutGapOrRepeat() {
        for (int minute = 0; minute < 5; minute++) {
            append(minute, SUPPORT, ALICE, "sent");
        }

        List<AuditEntry> page1 = store().find(AuditQuery.of(SUPPORT, 2));
        List<AuditEntry> page2 = store().find(new AuditQuery(SUPPORT, Optional.empty(), Optional.empty(), Optional.empty(), 2,
            Optional.of(page1.get(1).id())));
        List<AuditEntry> page3 = store().find(new AuditQuery(SUPPORT, Optional.empty(), Optional.empty(), Optional.empty(), 2,
            Optional.of(page2.get(1).id())));

        assertThat(page1).extracting(AuditEntry::time).containsExactly(T0.plusSeconds(240), T0.plusSeconds(180));
        assertThat(page2).extracting(AuditEntry::time).containsExactly(T0.plusSeconds(120), T0.plusSeconds(60));
        assertThat(page3).extracting(AuditEntry::time).containsExactly(T0);
    }

    @Test
    default void anEntryRecordedOncePerKeyIsAddedOnlyOnce() {
        AuditEntry sent = AuditEntry.of(T0, SUPPORT, ALICE, "sent", "app-password", Map.of("messageId", "<m@example.fr>"));

        assertThat(store().appendOnce(sent, "sent Mail1 alice@example.fr")).isPresent();
        assertThat(store().appendOnce(sent, "sent Mail1 alice@example.fr")).isEmpty();
        assertThat(store().appendOnce(sent, "sent Mail2 alice@example.fr")).isPresent();
        String longKey = "sent " + "x".repeat(400) + " alice@example.fr";
        assertThat(store().appendOnce(sent, longKey)).isPresent();
        assertThat(store().appendOnce(sent, longKey)).isEmpty();
        store().append(sent); // entries without a key are never refused
        store().append(sent);

        assertThat(store().find(AuditQuery.of(SUPPORT, 10))).hasSize(5);
    }

    @Test
    default void writersRacingWithTheSameKeyAddOneEntry() throws Exception {
        AuditEntry sent = AuditEntry.of(T0, SUPPORT, BOB, "sent", "authzid", Map.of());
        int writers = 8;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Optional<AuditEntry>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store().appendOnce(sent, "sent Mail3 bob@example.fr");
                }));
            }
            start.countDown();
            int added = 0;
            for (java.util.concurrent.Future<Optional<AuditEntry>> result : results) {
                added += result.get(30, java.util.concurrent.TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(added).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().find(AuditQuery.of(SUPPORT, 10))).hasSize(1);
    }

    @Test
    default void retentionRemovesOnlyOlderEntries() {
        append(0, SUPPORT, ALICE, "login");
        append(10, SALES, BOB, "login");
        append(20, SUPPORT, ALICE, "sent");

        assertThat(store().removeOlderThan(T0.plusSeconds(600 + 1))).isEqualTo(2);

        assertThat(store().find(AuditQuery.of(SUPPORT, 10))).extracting(AuditEntry::action).containsExactly("sent");
        assertThat(store().find(AuditQuery.of(SALES, 10))).isEmpty();
    }
}
