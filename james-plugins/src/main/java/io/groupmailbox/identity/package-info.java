/**
 * The sender-identity policy: which addresses an authenticated user may claim as author or sender of a
 * message (envelope MAIL FROM, From:, Sender:, Resent-From:, Resent-Sender:).
 *
 * <p>The pipeline is <em>normalise → parse → look up → decide</em>, all plain Java without I/O:
 * {@link io.groupmailbox.identity.AddressNormalizer} is the one address rule,
 * {@link io.groupmailbox.identity.HeaderIdentityParser} reads the identity header fields strictly,
 * {@link io.groupmailbox.identity.SenderIdentityIndex} holds the grants (aliases, domain aliases, groups,
 * delegations, external accounts) and {@link io.groupmailbox.identity.SenderPolicy} is the one decision
 * function. The SMTP hooks that call it live elsewhere; the verdicts they must give are listed in
 * {@code spoofing-checklist.md}.
 */
package io.groupmailbox.identity;
