package io.groupmailbox.identity.external;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

import io.groupmailbox.identity.ExternalAccount;
import io.groupmailbox.identity.NormalizedAddress;

/**
 * What the store keeps of one external account of one user: confirmed, or pending with the hash of the one-time
 * code mailed to the address, its expiry and the number of wrong attempts. The code itself is never stored.
 */
public record ExternalAccountRegistration(Username user, NormalizedAddress address, boolean confirmed,
                                          Optional<String> codeHash, Optional<Instant> codeExpiry,
                                          int failedAttempts, Instant registeredAt) {

    public ExternalAccountRegistration {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(codeExpiry, "codeExpiry");
        Objects.requireNonNull(registeredAt, "registeredAt");
        if (confirmed && codeHash.isPresent()) {
            throw new IllegalArgumentException("a confirmed account keeps no code");
        }
        if (!confirmed && (codeHash.isEmpty() || codeExpiry.isEmpty())) {
            throw new IllegalArgumentException("a pending account needs a code hash and an expiry");
        }
    }

    public static ExternalAccountRegistration confirmed(Username user, NormalizedAddress address, Instant registeredAt) {
        return new ExternalAccountRegistration(user, address, true, Optional.empty(), Optional.empty(), 0, registeredAt);
    }

    public static ExternalAccountRegistration pending(Username user, NormalizedAddress address, String codeHash,
                                                      Instant codeExpiry, Instant registeredAt) {
        return new ExternalAccountRegistration(user, address, false, Optional.of(codeHash), Optional.of(codeExpiry), 0,
            registeredAt);
    }

    public ExternalAccountRegistration asConfirmed() {
        return confirmed(user, address, registeredAt);
    }

    public ExternalAccountRegistration withFailedAttempt() {
        return new ExternalAccountRegistration(user, address, confirmed, codeHash, codeExpiry, failedAttempts + 1,
            registeredAt);
    }

    /** The grant the sender policy sees. */
    public ExternalAccount asGrant() {
        return new ExternalAccount(user, address, confirmed);
    }
}
