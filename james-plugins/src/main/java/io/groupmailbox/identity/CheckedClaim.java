package io.groupmailbox.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * One address of a submission and its decision.
 *
 * @param field   where the message claims it
 * @param address the address; empty only for the null envelope sender {@code MAIL FROM:<>}
 */
public record CheckedClaim(IdentityField field, Optional<NormalizedAddress> address, SenderDecision decision) {

    public CheckedClaim {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(decision, "decision");
    }

    /** The one-line reason naming the field and the address, e.g. "From: bob@example.fr is ...". */
    public String reason() {
        return field.displayName() + ": " + decision.reason();
    }
}
