package io.groupmailbox.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "may this user send as this address, and why (not)?".
 *
 * @param allowed whether the address may be claimed
 * @param source  the grant that allows it; for a refusal, the grant that nearly did ({@link Source#GROUP}
 *                for a group that does not let this member send, {@link Source#EXTERNAL} for an unconfirmed
 *                external account) or {@link Source#NONE}
 * @param mode    how the message presents the sender; present exactly when allowed
 * @param reason  one line for a human, naming the address and why, e.g. "sales@example.fr is a group of
 *                which alice@example.fr is a member, but its members may not send as it"
 */
public record SenderDecision(boolean allowed, Source source, Optional<SenderMode> mode, String reason) {

    public SenderDecision {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
        if (allowed != mode.isPresent()) {
            throw new IllegalArgumentException("a mode is given exactly when the address is allowed");
        }
        if (allowed && source == Source.NONE) {
            throw new IllegalArgumentException("an allowed address has a source");
        }
        if (reason.isBlank() || reason.contains("\n") || reason.contains("\r")) {
            throw new IllegalArgumentException("the reason is one non-empty line");
        }
    }

    public static SenderDecision allow(Source source, SenderMode mode, String reason) {
        return new SenderDecision(true, source, Optional.of(mode), reason);
    }

    public static SenderDecision refuse(Source source, String reason) {
        return new SenderDecision(false, source, Optional.empty(), reason);
    }
}
