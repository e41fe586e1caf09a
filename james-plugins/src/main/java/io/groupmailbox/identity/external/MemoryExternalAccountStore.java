package io.groupmailbox.identity.external;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Username;

import io.groupmailbox.identity.NormalizedAddress;

/** External accounts in memory: for tests and single-node trials; the embedded server persists them in its database. */
public class MemoryExternalAccountStore implements ExternalAccountStore {

    private record Key(Username user, NormalizedAddress address) {
    }

    private final Map<Key, ExternalAccountRegistration> registrations = new ConcurrentHashMap<>();

    @Override
    public List<ExternalAccountRegistration> listOf(Username user) {
        return registrations.values().stream()
            .filter(registration -> registration.user().equals(user))
            .sorted(Comparator.comparing(registration -> registration.address().asString()))
            .toList();
    }

    @Override
    public Optional<ExternalAccountRegistration> get(Username user, NormalizedAddress address) {
        return Optional.ofNullable(registrations.get(new Key(user, address)));
    }

    @Override
    public void save(ExternalAccountRegistration registration) {
        registrations.put(new Key(registration.user(), registration.address()), registration);
    }

    @Override
    public boolean replace(ExternalAccountRegistration expected, ExternalAccountRegistration updated) {
        if (!expected.user().equals(updated.user()) || !expected.address().equals(updated.address())) {
            throw new IllegalArgumentException("replace keeps the user and the address");
        }
        return registrations.replace(new Key(expected.user(), expected.address()), expected, updated);
    }

    @Override
    public boolean delete(Username user, NormalizedAddress address) {
        return registrations.remove(new Key(user, address)) != null;
    }
}
