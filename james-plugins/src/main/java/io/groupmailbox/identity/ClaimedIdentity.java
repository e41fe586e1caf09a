package io.groupmailbox.identity;

import java.util.List;
import java.util.Objects;

/**
 * The mailboxes one identity header field claims, in the order written ({@code From: a, b} gives both).
 */
public record ClaimedIdentity(IdentityField field, List<NormalizedAddress> addresses) {

    public ClaimedIdentity {
        Objects.requireNonNull(field, "field");
        if (!field.isHeader()) {
            throw new IllegalArgumentException(field.displayName() + " is not a header field");
        }
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException(field.displayName() + " claims no mailbox");
        }
    }
}
