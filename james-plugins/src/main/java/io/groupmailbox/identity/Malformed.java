package io.groupmailbox.identity;

import java.util.Objects;

/**
 * A header section the policy refuses to interpret, with a one-line reason naming the field, e.g.
 * {@code the message has 2 From: fields}. It is both a parse result and a submission decision, so the
 * caller can pass the parse result straight to {@link SenderPolicy}.
 */
public record Malformed(String reason) implements HeaderParseResult, SubmissionDecision {

    public Malformed {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean accepted() {
        return false;
    }
}
