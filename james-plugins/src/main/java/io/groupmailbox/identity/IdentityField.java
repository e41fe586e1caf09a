package io.groupmailbox.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a message claims an identity: the envelope sender or one of the four header fields RFC 5322
 * defines for authors and senders. Reply-To is deliberately absent: it says where replies go, not who
 * wrote the message (checklist case 24).
 */
public enum IdentityField {
    MAIL_FROM("MAIL FROM"),
    FROM("From"),
    SENDER("Sender"),
    RESENT_FROM("Resent-From"),
    RESENT_SENDER("Resent-Sender");

    private final String displayName;

    IdentityField(String displayName) {
        this.displayName = displayName;
    }

    /** The field as written in reasons: {@code From}, {@code MAIL FROM}. */
    public String displayName() {
        return displayName;
    }

    public boolean isHeader() {
        return this != MAIL_FROM;
    }

    /** The identity header field with this name (field names are case-insensitive); empty for any other. */
    public static Optional<IdentityField> ofHeaderName(String fieldName) {
        return Arrays.stream(values())
            .filter(IdentityField::isHeader)
            .filter(field -> field.displayName.equalsIgnoreCase(fieldName))
            .findFirst();
    }
}
