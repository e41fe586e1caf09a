package io.groupmailbox.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox address in the one form the sender policy compares: local part in NFC and lower case, domain
 * in lower-case ASCII (IDNA {@code xn--} form). Two addresses are the same mailbox exactly when they are
 * {@code equals}.
 *
 * <p>Build it with {@link AddressNormalizer#normalize(String)}; the constructor only accepts parts that
 * are already in normal form, so no un-normalised address can reach a comparison.
 */
public record NormalizedAddress(String localPart, String domain) {

    public NormalizedAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        if (!AddressNormalizer.isNormalized(localPart, domain)) {
            throw new IllegalArgumentException(Text.quote(localPart + "@" + domain)
                + " is not normalised; build addresses with AddressNormalizer.normalize");
        }
    }

    /** {@code local@domain}, the form used in reasons and as a map key in logs. */
    public String asString() {
        return localPart + "@" + domain;
    }

    /**
     * The address without its sub-address tag: {@code alice@example.fr} for {@code alice+tag@example.fr}.
     * Empty when the local part has no {@link AddressNormalizer#SUB_ADDRESS_SEPARATOR} after its first
     * character, or when what precedes it is not a valid local part.
     */
    public Optional<NormalizedAddress> subAddressBase() {
        int separator = localPart.indexOf(AddressNormalizer.SUB_ADDRESS_SEPARATOR);
        if (separator <= 0) {
            return Optional.empty();
        }
        return AddressNormalizer.normalize(localPart.substring(0, separator) + "@" + domain);
    }

    /** The same local part in another (already normalised, ASCII) domain; used for domain aliases. */
    NormalizedAddress withDomain(String normalizedDomain) {
        return new NormalizedAddress(localPart, normalizedDomain);
    }

    @Override
    public String toString() {
        return asString();
    }
}
