package io.groupmailbox.identity;

/**
 * What to do with a display name that is itself another address ({@code "bob@example.fr" <alice@example.fr>}),
 * which most clients show instead of the real address (checklist case 15).
 */
public enum DisplayNameAddress {
    /** Refuse the message as malformed (default). */
    REJECT,
    /** Accept it; only the real address is checked. */
    ALLOW
}
