package io.groupmailbox.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where unauthenticated mail (the MX port) claims a local sender, with a one-line reason: the envelope sender or an
 * identity header mailbox in a domain this server serves, or identity fields that programs can read differently
 * (a {@link Malformed} or {@link HeaderTooLarge} header section), since which address a reader's client then shows
 * is unknown and may be a local one. Local users send through submission, authenticated.
 *
 * @param field   where the claim is: {@code MAIL FROM}, a field name, or {@code header}
 * @param address the local address claimed, or {@code -} for a header section that cannot be read unambiguously
 */
public record LocalSenderClaim(String field, String address, String reason) {

    /** The first local claim of the envelope sender, then of the identity fields in message order. */
    public static Optional<LocalSenderClaim> find(Optional<String> envelopeSender, HeaderParseResult headers,
                                                  Predicate<String> isLocalDomain) {
        Optional<LocalSenderClaim> envelope = envelopeSender
            .filter(address -> address.lastIndexOf('@') > 0)
            .filter(address -> isLocalDomain.test(address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT)))
            .map(address -> ofLocal("MAIL FROM", address));
        if (envelope.isPresent()) {
            return envelope;
        }
        if (headers instanceof Malformed malformed) {
            return Optional.of(new LocalSenderClaim("header", "-", malformed.reason()
                + "; from another server, identity fields that programs can read differently count as claiming a local sender"));
        }
        if (headers instanceof HeaderTooLarge tooLarge) {
            return Optional.of(new LocalSenderClaim("header", "-", tooLarge.reason()));
        }
        for (ClaimedIdentity identity : ((ClaimedIdentities) headers).identities()) {
            for (NormalizedAddress address : identity.addresses()) {
                if (isLocalDomain.test(address.domain())) {
                    return Optional.of(ofLocal(identity.field().displayName(), address.asString()));
                }
            }
        }
        return Optional.empty();
    }

    private static LocalSenderClaim ofLocal(String field, String address) {
        return new LocalSenderClaim(field, address,
            address + " is a local address: local users send through the submission port, authenticated");
    }
}
