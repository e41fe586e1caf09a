package io.groupmailbox.identity;

import java.util.List;

/**
 * Every identity header field of a message (From, Sender, Resent-From, Resent-Sender), in message order.
 * Reply-To and other fields are not here: they claim no authorship.
 */
public record ClaimedIdentities(List<ClaimedIdentity> identities) implements HeaderParseResult {

    public ClaimedIdentities {
        identities = List.copyOf(identities);
    }

    public static ClaimedIdentities of(ClaimedIdentity... identities) {
        return new ClaimedIdentities(List.of(identities));
    }

    /** The identities claimed in one field, e.g. every Resent-From of a message resent twice. */
    public List<ClaimedIdentity> in(IdentityField field) {
        return identities.stream().filter(identity -> identity.field() == field).toList();
    }
}
