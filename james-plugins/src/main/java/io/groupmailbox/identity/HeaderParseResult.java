package io.groupmailbox.identity;

/**
 * What {@link HeaderIdentityParser} makes of a header section: the identities it claims, or why the
 * header section is refused.
 */
public sealed interface HeaderParseResult permits ClaimedIdentities, Malformed, HeaderTooLarge {
}
