package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.identity.SenderMode;
import io.groupmailbox.identity.delegation.DelegationModeStore;

/** What every delegation-mode store must do; run against the JPA store and the in-memory one. */
public interface DelegationModeStoreContract {

    Username BOSS = Username.of("boss@example.fr");
    Username ALICE = Username.of("alice@example.fr");
    Username BOB = Username.of("bob@example.fr");

    DelegationModeStore store();

    @Test
    default void noModeMeansTheDefault() {
        assertThat(store().modeOf(BOSS, ALICE)).isEmpty();
    }

    @Test
    default void aModeIsReadBackForThatPairOnly() {
        store().set(BOSS, ALICE, SenderMode.SEND_AS);

        assertThat(store().modeOf(BOSS, ALICE)).contains(SenderMode.SEND_AS);
        assertThat(store().modeOf(BOSS, BOB)).isEmpty();
        assertThat(store().modeOf(ALICE, BOSS)).isEmpty();
    }

    @Test
    default void setReplacesTheMode() {
        store().set(BOSS, ALICE, SenderMode.SEND_AS);
        store().set(BOSS, ALICE, SenderMode.SEND_ON_BEHALF);

        assertThat(store().modeOf(BOSS, ALICE)).contains(SenderMode.SEND_ON_BEHALF);
    }

    @Test
    default void resetForgetsTheMode() {
        store().set(BOSS, ALICE, SenderMode.SEND_AS);
        store().set(BOSS, BOB, SenderMode.SEND_AS);
        store().reset(BOSS, ALICE);

        assertThat(store().modeOf(BOSS, ALICE)).isEmpty();
        assertThat(store().modeOf(BOSS, BOB)).contains(SenderMode.SEND_AS);
    }
}
