package io.groupmailbox.identity;

import java.util.Optional;

/**
 * Outcome of {@link AddressNormalizer#parse(String)}: the normalised address, or why the text is not a
 * single plain mailbox address.
 */
public sealed interface Normalization {

    /** The text was a plain {@code local@domain} address. */
    record Valid(NormalizedAddress address) implements Normalization {
    }

    /** The text was refused; {@code reason} is one line naming the input. */
    record Invalid(String input, String reason) implements Normalization {
    }

    default Optional<NormalizedAddress> toOptional() {
        return this instanceof Valid valid ? Optional.of(valid.address()) : Optional.empty();
    }
}
