package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.notify.DigestCursors;

/** What every digest cursor store must do; run against the JPA store and the in-memory one. */
public interface DigestCursorsContract {

    Username SUPPORT = Username.of("support@example.fr");
    Username SALES = Username.of("sales@example.fr");
    Username ALICE = Username.of("alice@example.fr");
    Username BOB = Username.of("bob@example.fr");

    DigestCursors cursors();

    @Test
    default void aStartedCursorIsReadBackPerGroup() {
        assertThat(cursors().start(SUPPORT, ALICE, 41)).isTrue();
        assertThat(cursors().start(SUPPORT, BOB, 7)).isTrue();
        assertThat(cursors().start(SALES, ALICE, 3)).isTrue();

        assertThat(cursors().of(SUPPORT)).containsOnly(
            entry(ALICE, 41L), entry(BOB, 7L));
        assertThat(cursors().of(SALES)).containsOnly(entry(ALICE, 3L));
    }

    @Test
    default void startingAgainKeepsTheExistingPosition() {
        cursors().start(SUPPORT, ALICE, 41);

        assertThat(cursors().start(SUPPORT, ALICE, 99)).isFalse();
        assertThat(cursors().of(SUPPORT)).containsEntry(ALICE, 41L);
    }

    @Test
    default void advanceMovesOnlyFromTheExpectedPosition() {
        cursors().start(SUPPORT, ALICE, 10);

        assertThat(cursors().advance(SUPPORT, ALICE, 9, 12)).isFalse();
        assertThat(cursors().of(SUPPORT)).containsEntry(ALICE, 10L);
        assertThat(cursors().advance(SUPPORT, ALICE, 10, 12)).isTrue();
        assertThat(cursors().of(SUPPORT)).containsEntry(ALICE, 12L);
        assertThat(cursors().advance(SUPPORT, ALICE, 10, 12)).isFalse();
    }

    @Test
    default void advancingAnAbsentCursorCreatesNothing() {
        assertThat(cursors().advance(SUPPORT, ALICE, 0, 5)).isFalse();
        assertThat(cursors().of(SUPPORT)).isEmpty();
    }

    /** Two nodes sending the same digest at the same time: exactly one of them may go on. */
    @Test
    default void ofConcurrentAdvancesFromOnePositionOneWins() throws Exception {
        cursors().start(SUPPORT, ALICE, 10);
        int contenders = 8;
        ExecutorService executor = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                Callable<Boolean> advance = () -> {
                    go.await();
                    return cursors().advance(SUPPORT, ALICE, 10, 20);
                };
                results.add(executor.submit(advance));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(cursors().of(SUPPORT)).containsEntry(ALICE, 20L);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    default void removedCursorsAreGone() {
        cursors().start(SUPPORT, ALICE, 1);
        cursors().start(SUPPORT, BOB, 2);
        cursors().start(SALES, ALICE, 3);

        cursors().remove(SUPPORT, ALICE);
        assertThat(cursors().of(SUPPORT)).containsOnlyKeys(BOB);

        cursors().removeGroup(SUPPORT);
        assertThat(cursors().of(SUPPORT)).isEmpty();
        assertThat(cursors().of(SALES)).containsOnlyKeys(ALICE);
        assertThat(cursors().start(SUPPORT, ALICE, 50)).isTrue();
    }
}
