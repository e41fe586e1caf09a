package io.groupmailbox.identity;

/**
 * A header section longer than {@link HeaderIdentityParser#MAX_HEADER_BYTES}: refused whole ({@code 552 5.3.4}),
 * never judged on a prefix, since an identity field after the limit would then go unchecked.
 */
public record HeaderTooLarge(int limit) implements HeaderParseResult, SubmissionDecision {

    @Override
    public boolean accepted() {
        return false;
    }

    @Override
    public String reason() {
        return "the header section is longer than " + limit + " bytes";
    }
}
