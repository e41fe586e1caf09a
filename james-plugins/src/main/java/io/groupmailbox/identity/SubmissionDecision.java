package io.groupmailbox.identity;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on a whole submission: every claimed address allowed, the first refused one, or a header
 * section too malformed to judge. Every outcome has a one-line reason for the SMTP reply (5.7.1) and log.
 */
public sealed interface SubmissionDecision permits SubmissionDecision.Accepted, SubmissionDecision.Refused, Malformed,
    HeaderTooLarge {

    boolean accepted();

    String reason();

    /** Every address of the envelope and of every identity header field is allowed. */
    record Accepted(List<CheckedClaim> claims) implements SubmissionDecision {

        public Accepted {
            claims = List.copyOf(claims);
        }

        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public String reason() {
            return "every claimed address is allowed";
        }

        /**
         * The allowed claims in send-on-behalf mode; when there is one, the caller writes {@code Sender:}
         * (or {@code Resent-Sender:} for Resent-From) with the user's own address, replacing any the client wrote.
         */
        public List<CheckedClaim> onBehalfClaims() {
            return claims.stream()
                .filter(claim -> claim.decision().mode().filter(SenderMode.SEND_ON_BEHALF::equals).isPresent())
                .toList();
        }
    }

    /** The first claimed address that is not allowed (the envelope first, then fields in message order). */
    record Refused(CheckedClaim claim) implements SubmissionDecision {

        public Refused {
            Objects.requireNonNull(claim, "claim");
            if (claim.decision().allowed()) {
                throw new IllegalArgumentException("a refusal needs a refused claim");
            }
        }

        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public String reason() {
            return claim.reason();
        }
    }
}
