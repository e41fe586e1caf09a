package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.apache.james.user.api.DelegationStore;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What James expects of a {@link DelegationStore}; James's in-memory store is the reference implementation. */
public interface DelegationStoreContract {

    Username BOB = Username.of("bob@example.fr");
    Username ALICE = Username.of("alice@example.fr");
    Username CAROL = Username.of("carol@example.fr");

    DelegationStore store();

    private void authorize(Username owner, Username delegatee) {
        Mono.from(store().addAuthorizedUser(owner, delegatee)).block();
    }

    @Test
    default void authorizedUsersListsWhoMayActAsTheOwner() {
        authorize(BOB, ALICE);
        authorize(BOB, CAROL);

        assertThat(Flux.from(store().authorizedUsers(BOB)).collectList().block()).containsOnly(ALICE, CAROL);
        assertThat(Flux.from(store().authorizedUsers(ALICE)).collectList().block()).isEmpty();
    }

    @Test
    default void delegatedUsersListsWhomTheDelegateeMayActAs() {
        authorize(BOB, ALICE);
        authorize(CAROL, ALICE);

        assertThat(Flux.from(store().delegatedUsers(ALICE)).collectList().block()).containsOnly(BOB, CAROL);
    }

    @Test
    default void authorizingTwiceKeepsOneDelegation() {
        authorize(BOB, ALICE);
        authorize(BOB, ALICE);

        assertThat(Flux.from(store().authorizedUsers(BOB)).collectList().block()).containsExactly(ALICE);
    }

    @Test
    default void removeAuthorizedUserRevokesOnlyThatDelegation() {
        authorize(BOB, ALICE);
        authorize(BOB, CAROL);

        Mono.from(store().removeAuthorizedUser(BOB, ALICE)).block();

        assertThat(Flux.from(store().authorizedUsers(BOB)).collectList().block()).containsExactly(CAROL);
    }

    @Test
    default void removeDelegatedUserLetsTheDelegateeGiveUpTheDelegation() {
        authorize(BOB, ALICE);

        Mono.from(store().removeDelegatedUser(ALICE, BOB)).block();

        assertThat(Flux.from(store().authorizedUsers(BOB)).collectList().block()).isEmpty();
        assertThat(Flux.from(store().delegatedUsers(ALICE)).collectList().block()).isEmpty();
    }

    @Test
    default void clearRemovesEveryDelegationOfTheOwner() {
        authorize(BOB, ALICE);
        authorize(BOB, CAROL);
        authorize(CAROL, ALICE);

        Mono.from(store().clear(BOB)).block();

        assertThat(Flux.from(store().authorizedUsers(BOB)).collectList().block()).isEmpty();
        assertThat(Flux.from(store().authorizedUsers(CAROL)).collectList().block()).containsExactly(ALICE);
    }
}
