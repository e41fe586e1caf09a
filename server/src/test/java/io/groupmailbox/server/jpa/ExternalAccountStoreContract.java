package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.external.ExternalAccountRegistration;
import io.groupmailbox.identity.external.ExternalAccountStore;

/** What every external-account store must do; run against the JPA store and the in-memory one. */
public interface ExternalAccountStoreContract {

    Username ALICE = Username.of("alice@example.fr");
    Username BOB = Username.of("bob@example.fr");
    NormalizedAddress GMAIL = AddressNormalizer.normalize("alice@gmail.test").orElseThrow();
    NormalizedAddress OTHER = AddressNormalizer.normalize("alice@other.test").orElseThrow();
    Instant NOW = Instant.parse("2026-11-28T08:00:00.123Z");

    ExternalAccountStore store();

    static ExternalAccountRegistration pending(Username user, NormalizedAddress address, String hash) {
        return ExternalAccountRegistration.pending(user, address, hash, NOW.plusSeconds(86_400), NOW);
    }

    @Test
    default void aSavedRegistrationIsReadBackWhole() {
        ExternalAccountRegistration registration = pending(ALICE, GMAIL, "a".repeat(64)).withFailedAttempt();
        store().save(registration);

        assertThat(store().get(ALICE, GMAIL)).contains(registration);
    }

    @Test
    default void accountsBelongToOneUser() {
        store().save(ExternalAccountRegistration.confirmed(ALICE, GMAIL, NOW));

        assertThat(store().get(BOB, GMAIL)).isEmpty();
        assertThat(store().listOf(BOB)).isEmpty();
    }

    @Test
    default void listOfGivesTheUsersAccountsInAddressOrder() {
        store().save(ExternalAccountRegistration.confirmed(ALICE, OTHER, NOW));
        store().save(pending(ALICE, GMAIL, "b".repeat(64)));
        store().save(ExternalAccountRegistration.confirmed(BOB, GMAIL, NOW));

        assertThat(store().listOf(ALICE)).extracting(ExternalAccountRegistration::address).containsExactly(GMAIL, OTHER);
    }

    @Test
    default void saveReplacesTheRegistrationOfTheSamePair() {
        store().save(pending(ALICE, GMAIL, "c".repeat(64)));
        store().save(ExternalAccountRegistration.confirmed(ALICE, GMAIL, NOW));

        assertThat(store().listOf(ALICE)).containsExactly(ExternalAccountRegistration.confirmed(ALICE, GMAIL, NOW));
    }

    @Test
    default void replaceHappensOnlyWhenTheStoredRegistrationIsTheExpectedOne() {
        ExternalAccountRegistration first = pending(ALICE, GMAIL, "d".repeat(64));
        store().save(first);
        ExternalAccountRegistration oneWrongAttempt = first.withFailedAttempt();

        assertThat(store().replace(first, oneWrongAttempt)).isTrue();
        assertThat(store().replace(first, first.asConfirmed())).isFalse();
        assertThat(store().get(ALICE, GMAIL)).contains(oneWrongAttempt);
    }

    @Test
    default void aNewCodeMakesTheOldRegistrationStale() {
        ExternalAccountRegistration first = pending(ALICE, GMAIL, "e".repeat(64));
        store().save(first);
        store().save(pending(ALICE, GMAIL, "f".repeat(64)));

        assertThat(store().replace(first, first.asConfirmed())).isFalse();
        assertThat(store().get(ALICE, GMAIL).orElseThrow().confirmed()).isFalse();
    }

    @Test
    default void replaceOfAMissingRegistrationFails() {
        ExternalAccountRegistration absent = pending(ALICE, GMAIL, "0".repeat(64));

        assertThat(store().replace(absent, absent.asConfirmed())).isFalse();
        assertThat(store().get(ALICE, GMAIL)).isEmpty();
    }

    @Test
    default void replaceCannotMoveARegistrationToAnotherPair() {
        ExternalAccountRegistration first = pending(ALICE, GMAIL, "1".repeat(64));
        store().save(first);

        assertThatThrownBy(() -> store().replace(first, pending(BOB, GMAIL, "1".repeat(64))))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void ofConcurrentReplacementsOfOneRegistrationExactlyOneWins() throws Exception {
        ExternalAccountRegistration first = pending(ALICE, GMAIL, "2".repeat(64));
        store().save(first);
        int contenders = 8;
        ExecutorService executor = Executors.newFixedThreadPool(contenders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                results.add(executor.submit(() -> {
                    start.await();
                    return store().replace(first, first.asConfirmed());
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    default void deleteRemovesOnlyThatAccountAndSaysWhetherItExisted() {
        store().save(ExternalAccountRegistration.confirmed(ALICE, GMAIL, NOW));
        store().save(ExternalAccountRegistration.confirmed(ALICE, OTHER, NOW));

        assertThat(store().delete(ALICE, GMAIL)).isTrue();
        assertThat(store().delete(ALICE, GMAIL)).isFalse();
        assertThat(store().listOf(ALICE)).extracting(ExternalAccountRegistration::address).containsExactly(OTHER);
    }
}
