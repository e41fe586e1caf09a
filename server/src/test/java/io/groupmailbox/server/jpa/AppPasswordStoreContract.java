package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.login.AppPassword;
import io.groupmailbox.login.AppPasswordStore;

/** What every app password store must do; run against the JPA store and the in-memory one. */
public interface AppPasswordStoreContract {

    Username SUPPORT = Username.of("support@example.fr");
    Username SALES = Username.of("sales@example.fr");
    Username ALICE = Username.of("alice@example.fr");
    Username BOB = Username.of("bob@example.fr");
    Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    AppPasswordStore store();

    static AppPassword password(String id, Username group, Username member, String selector, Instant created) {
        return new AppPassword(id, group, member, "label " + id, created, Optional.empty(), selector, "pbkdf2-sha256$1$c2FsdA==$" + id);
    }

    @Test
    default void anAddedPasswordIsFoundBySelectorAndIdAndListedForItsMember() {
        AppPassword first = password("id-1", SUPPORT, ALICE, "abcdefgh", CREATED);
        AppPassword second = password("id-2", SUPPORT, ALICE, "hgfedcba", CREATED.plusSeconds(1));
        store().add(second);
        store().add(first);
        store().add(password("id-3", SUPPORT, BOB, "bbbbbbbb", CREATED));

        assertThat(store().bySelector(SUPPORT, "abcdefgh")).contains(first);
        assertThat(store().byId(SUPPORT, "id-2")).contains(second);
        assertThat(store().of(SUPPORT, ALICE)).containsExactly(first, second);
        assertThat(store().of(SUPPORT, BOB)).extracting(AppPassword::id).containsExactly("id-3");
    }

    @Test
    default void aSelectorOrAnIdOpensOnlyItsOwnGroup() {
        store().add(password("id-1", SUPPORT, ALICE, "abcdefgh", CREATED));

        assertThat(store().bySelector(SALES, "abcdefgh")).isEmpty();
        assertThat(store().byId(SALES, "id-1")).isEmpty();
        assertThat(store().of(SALES, ALICE)).isEmpty();
    }

    @Test
    default void aSecondPasswordWithTheSameSelectorInAGroupIsRefused() {
        store().add(password("id-1", SUPPORT, ALICE, "abcdefgh", CREATED));

        assertThatThrownBy(() -> store().add(password("id-2", SUPPORT, BOB, "abcdefgh", CREATED)))
            .isInstanceOf(RuntimeException.class);
        store().add(password("id-3", SALES, BOB, "abcdefgh", CREATED));
        assertThat(store().bySelector(SUPPORT, "abcdefgh")).map(AppPassword::id).contains("id-1");
    }

    @Test
    default void onlyItsMemberRevokesAPassword() {
        store().add(password("id-1", SUPPORT, ALICE, "abcdefgh", CREATED));

        assertThat(store().remove(SUPPORT, BOB, "id-1")).isFalse();
        assertThat(store().remove(SALES, ALICE, "id-1")).isFalse();
        assertThat(store().bySelector(SUPPORT, "abcdefgh")).isPresent();
        assertThat(store().remove(SUPPORT, ALICE, "id-1")).isTrue();
        assertThat(store().bySelector(SUPPORT, "abcdefgh")).isEmpty();
        assertThat(store().byId(SUPPORT, "id-1")).isEmpty();
        assertThat(store().remove(SUPPORT, ALICE, "id-1")).isFalse();
    }

    @Test
    default void aLoginRecordsItsTime() {
        store().add(password("id-1", SUPPORT, ALICE, "abcdefgh", CREATED));
        Instant used = CREATED.plusSeconds(3600);

        store().markUsed(SUPPORT, "id-1", used);

        assertThat(store().byId(SUPPORT, "id-1").orElseThrow().lastUsed()).contains(used);
        assertThat(store().of(SUPPORT, ALICE).get(0).lastUsed()).contains(used);
    }
}
