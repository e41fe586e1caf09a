package io.groupmailbox.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Username;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.UsersDAO;
import org.junit.jupiter.api.Test;

import io.groupmailbox.server.testing.FakeTicker;

import reactor.core.publisher.Mono;

class CachingUsersDAOTest {

    private static final Duration EXPIRY = Duration.ofSeconds(10);
    private static final Username BOB = Username.of("bob@example.fr");
    private static final Username ALICE = Username.of("alice@example.fr");

    private final FakeTicker clock = new FakeTicker();
    /** The database, which another node may change behind this node's back. */
    private final CountingStore store = new CountingStore();
    private final CachingUsersDAO users = new CachingUsersDAO(store, EXPIRY, clock);

    @Test
    void anExistingUserIsReadOnceWithinTheExpiry() throws Exception {
        store.names.add(BOB);

        assertThat(users.contains(BOB)).isTrue();
        assertThat(users.contains(BOB)).isTrue();
        assertThat(Mono.from(users.containsReactive(BOB)).block()).isTrue();

        assertThat(store.containsCalls.get()).isEqualTo(1);
    }

    @Test
    void anUnknownUserIsAskedEveryTimeSoThatOneCreatedElsewhereIsNeverRefused() throws Exception {
        assertThat(users.contains(ALICE)).isFalse();
        store.names.add(ALICE); // by another node

        assertThat(users.contains(ALICE)).isTrue();
        assertThat(Mono.from(users.containsReactive(ALICE)).block()).isTrue();
    }

    @Test
    void aUserRemovedThroughThisNodeIsForgottenAtOnce() throws Exception {
        users.addUser(BOB, "secret");
        assertThat(users.contains(BOB)).isTrue();

        users.removeUser(BOB);

        assertThat(users.contains(BOB)).isFalse();
        assertThat(Mono.from(users.containsReactive(BOB)).block()).isFalse();
    }

    @Test
    void aUserRemovedByAnotherNodeIsForgottenAfterTheExpiry() throws Exception {
        store.names.add(BOB);
        assertThat(users.contains(BOB)).isTrue();
        store.names.remove(BOB);

        clock.advance(EXPIRY.minusMillis(1));
        assertThat(users.contains(BOB)).isTrue();
        clock.advance(Duration.ofMillis(2));
        assertThat(users.contains(BOB)).isFalse();
    }

    @Test
    void aReadThatOverlapsARemovalIsNotRemembered() throws Exception {
        store.names.add(BOB);
        store.duringNextContains = () -> {
            try {
                users.removeUser(BOB); // lands while the read is on its way back with "exists"
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(users.contains(BOB)).isTrue();

        assertThat(users.contains(BOB)).isFalse();
    }

    @Test
    void passwordsAreAlwaysReadFromTheStore() throws Exception {
        users.addUser(BOB, "secret");
        users.getUserByName(BOB);
        users.getUserByName(BOB);

        assertThat(store.getUserCalls.get()).isEqualTo(2);
    }

    private static class CountingStore implements UsersDAO {
        final Set<Username> names = ConcurrentHashMap.newKeySet();
        final AtomicInteger containsCalls = new AtomicInteger();
        final AtomicInteger getUserCalls = new AtomicInteger();
        Runnable duringNextContains = () -> { };

        @Override
        public boolean contains(Username name) {
            containsCalls.incrementAndGet();
            boolean found = names.contains(name);
            Runnable during = duringNextContains;
            duringNextContains = () -> { };
            during.run();
            return found;
        }

        @Override
        public Optional<? extends User> getUserByName(Username name) {
            getUserCalls.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public void addUser(Username username, String password) {
            names.add(username);
        }

        @Override
        public void removeUser(Username name) {
            names.remove(name);
        }

        @Override
        public void updateUser(User user) {
        }

        @Override
        public int countUsers() {
            return names.size();
        }

        @Override
        public Iterator<Username> list() {
            return names.iterator();
        }
    }
}
