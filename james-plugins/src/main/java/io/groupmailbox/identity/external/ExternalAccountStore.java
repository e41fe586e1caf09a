package io.groupmailbox.identity.external;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;

import io.groupmailbox.identity.NormalizedAddress;

/**
 * Where external accounts live: shared by every node (a database, not a node-local map).
 * {@code ExternalAccountStoreContract} says what an implementation must do.
 */
public interface ExternalAccountStore {

    /** The user's external accounts, in address order. */
    List<ExternalAccountRegistration> listOf(Username user);

    Optional<ExternalAccountRegistration> get(Username user, NormalizedAddress address);

    /** Creates or replaces the registration of {@code (registration.user(), registration.address())}. */
    void save(ExternalAccountRegistration registration);

    /**
     * Replaces {@code expected} by {@code updated} only if the stored registration still equals {@code expected}:
     * two confirmations racing with one code cannot both succeed, and a wrong attempt is never lost.
     *
     * @return whether the replacement happened
     */
    boolean replace(ExternalAccountRegistration expected, ExternalAccountRegistration updated);

    /** @return whether there was such an account */
    boolean delete(Username user, NormalizedAddress address);
}
