package io.groupmailbox.login;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Username;

/** App passwords in memory, for tests and single-node use. */
public class MemoryAppPasswordStore implements AppPasswordStore {

    private final Map<String, AppPassword> byId = new ConcurrentHashMap<>();

    @Override
    public synchronized void add(AppPassword password) {
        boolean taken = byId.values().stream().anyMatch(existing -> existing.id().equals(password.id())
            || existing.group().equals(password.group()) && existing.selector().equals(password.selector()));
        if (taken) {
            throw new IllegalStateException("an app password with this id or selector exists");
        }
        byId.put(password.id(), password);
    }

    @Override
    public Optional<AppPassword> bySelector(Username group, String selector) {
        return byId.values().stream()
            .filter(password -> password.group().equals(group) && password.selector().equals(selector))
            .findFirst();
    }

    @Override
    public Optional<AppPassword> byId(Username group, String id) {
        return Optional.ofNullable(byId.get(id)).filter(password -> password.group().equals(group));
    }

    @Override
    public List<AppPassword> of(Username group, Username member) {
        return byId.values().stream()
            .filter(password -> password.group().equals(group) && password.member().equals(member))
            .sorted(Comparator.comparing(AppPassword::created).thenComparing(AppPassword::id))
            .toList();
    }

    @Override
    public synchronized boolean remove(Username group, Username member, String id) {
        AppPassword existing = byId.get(id);
        if (existing == null || !existing.group().equals(group) || !existing.member().equals(member)) {
            return false;
        }
        byId.remove(id);
        return true;
    }

    @Override
    public synchronized void markUsed(Username group, String id, Instant when) {
        byId.computeIfPresent(id, (key, password) -> password.group().equals(group)
            ? new AppPassword(password.id(), password.group(), password.member(), password.label(), password.created(),
                Optional.of(when), password.selector(), password.hash())
            : password);
    }
}
