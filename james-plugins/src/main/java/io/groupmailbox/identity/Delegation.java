package io.groupmailbox.identity;

import java.util.Objects;

import org.apache.james.core.Username;

/**
 * The owner of an account authorised the delegatee to send as the owner's address.
 */
public record Delegation(Username owner, Username delegatee, SenderMode mode) {

    public Delegation {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(delegatee, "delegatee");
        Objects.requireNonNull(mode, "mode");
    }

    /** A delegation in the default mode, send-on-behalf: recipients see who actually sent. */
    public static Delegation of(Username owner, Username delegatee) {
        return new Delegation(owner, delegatee, SenderMode.SEND_ON_BEHALF);
    }
}
