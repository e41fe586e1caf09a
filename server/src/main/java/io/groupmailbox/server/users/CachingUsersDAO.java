package io.groupmailbox.server.users;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.UsersDAO;
import org.reactivestreams.Publisher;

import com.google.common.base.Ticker;

import io.groupmailbox.server.cache.StoreReadCache;

import reactor.core.publisher.Mono;

/**
 * A users store that remembers, for a few seconds, which users exist.
 *
 * <p>Each delivered message asks twice whether its recipient exists: at {@code RCPT TO} (James's
 * {@code ValidRcptHandler}) and in the spool ({@code RecipientIsLocal}), each a query of its own.
 *
 * <p>Only "exists" is remembered, never "does not exist": a user created on another node sharing the database
 * receives mail at once, and is never refused as unknown. A user removed through this node is forgotten at once; one
 * removed through another node may still be accepted here for {@link StoreReadCache#DEFAULT_EXPIRY}, as a mail accepted
 * just before a removal always can. Passwords are not cached: {@code getUserByName} always reads the store.
 */
public class CachingUsersDAO implements UsersDAO {

    private static final long MAX_USERS = 100_000;

    private final UsersDAO store;
    private final StoreReadCache<Username, Boolean> existing;

    public CachingUsersDAO(UsersDAO store) {
        this(store, StoreReadCache.DEFAULT_EXPIRY, Ticker.systemTicker());
    }

    CachingUsersDAO(UsersDAO store, Duration expiry, Ticker ticker) {
        this.store = store;
        this.existing = new StoreReadCache<>(expiry, MAX_USERS, ticker);
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        if (existing.cached(name).isPresent()) {
            return true;
        }
        long token = existing.beforeRead();
        boolean found = store.contains(name);
        if (found) {
            existing.remember(name, true, token);
        }
        return found;
    }

    @Override
    public Publisher<Boolean> containsReactive(Username name) {
        return Mono.defer(() -> {
            if (existing.cached(name).isPresent()) {
                return Mono.just(true);
            }
            long token = existing.beforeRead();
            return Mono.from(store.containsReactive(name))
                .doOnNext(found -> {
                    if (found) {
                        existing.remember(name, true, token);
                    }
                });
        });
    }

    /** Forgets every user, not just this one: the store may match names case-insensitively. */
    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        try {
            store.removeUser(name);
        } finally {
            existing.forgetAll();
        }
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        store.addUser(username, password);
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        store.updateUser(user);
    }

    @Override
    public Optional<? extends User> getUserByName(Username name) throws UsersRepositoryException {
        return store.getUserByName(name);
    }

    @Override
    public int countUsers() throws UsersRepositoryException {
        return store.countUsers();
    }

    @Override
    public Iterator<Username> list() throws UsersRepositoryException {
        return store.list();
    }

    @Override
    public Publisher<Username> listReactive() {
        return store.listReactive();
    }

    @Override
    public boolean getDefaultVirtualHostingValue() {
        return store.getDefaultVirtualHostingValue();
    }
}
