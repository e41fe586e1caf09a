package io.groupmailbox.identity;

import java.util.Objects;

import org.apache.james.core.Username;

/**
 * An address outside the server that a user registered as theirs. It may be sent as only once confirmed
 * (registered by an admin, or proved by a link or code sent to it).
 */
public record ExternalAccount(Username user, NormalizedAddress address, boolean confirmed) {

    public ExternalAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
    }
}
