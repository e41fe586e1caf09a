package io.groupmailbox.group;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How members hear of new mail in the group's INBOX. */
public enum NotifyMode {
    /** A short notification for each new message. */
    EACH,
    /** One summary per interval. */
    DIGEST,
    /** No notification. */
    NONE;

    public String asString() {
        return name().toLowerCase(Locale.US);
    }

    public static Optional<NotifyMode> parse(String value) {
        return Arrays.stream(values()).filter(mode -> mode.asString().equals(value)).findFirst();
    }
}
