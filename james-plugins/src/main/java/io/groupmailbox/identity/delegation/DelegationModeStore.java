package io.groupmailbox.identity.delegation;

import java.util.Optional;

import org.apache.james.core.Username;

import io.groupmailbox.identity.SenderMode;

/**
 * The sender mode an admin chose for one delegation (owner → delegatee); absent means the default,
 * {@link SenderMode#SEND_ON_BEHALF}. Shared by every node. {@code DelegationModeStoreContract} says what an
 * implementation must do.
 */
public interface DelegationModeStore {

    SenderMode DEFAULT = SenderMode.SEND_ON_BEHALF;

    Optional<SenderMode> modeOf(Username owner, Username delegatee);

    void set(Username owner, Username delegatee, SenderMode mode);

    /** Back to the default mode. */
    void reset(Username owner, Username delegatee);
}
