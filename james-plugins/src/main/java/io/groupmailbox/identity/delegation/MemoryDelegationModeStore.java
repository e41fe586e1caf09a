package io.groupmailbox.identity.delegation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Username;

import io.groupmailbox.identity.SenderMode;

/** Delegation modes in memory: for tests and single-node trials; the embedded server persists them. */
public class MemoryDelegationModeStore implements DelegationModeStore {

    private record Pair(Username owner, Username delegatee) {
    }

    private final Map<Pair, SenderMode> modes = new ConcurrentHashMap<>();

    @Override
    public Optional<SenderMode> modeOf(Username owner, Username delegatee) {
        return Optional.ofNullable(modes.get(new Pair(owner, delegatee)));
    }

    @Override
    public void set(Username owner, Username delegatee, SenderMode mode) {
        modes.put(new Pair(owner, delegatee), mode);
    }

    @Override
    public void reset(Username owner, Username delegatee) {
        modes.remove(new Pair(owner, delegatee));
    }
}
