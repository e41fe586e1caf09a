package io.groupmailbox.login;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * One app password of one member for a group account, as stored: never the password itself, only its
 * {@code selector} (its first characters, to find the row without hashing) and a salted slow hash of the whole.
 */
public record AppPassword(String id, Username group, Username member, String label, Instant created,
                          Optional<Instant> lastUsed, String selector, String hash) {

    public AppPassword {
        Objects.requireNonNull(id);
        Objects.requireNonNull(group);
        Objects.requireNonNull(member);
        Objects.requireNonNull(label);
        Objects.requireNonNull(created);
        Objects.requireNonNull(lastUsed);
        Objects.requireNonNull(selector);
        Objects.requireNonNull(hash);
    }
}
