package io.groupmailbox.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the message presents an allowed sender: as the address itself, or on behalf of it (the caller then
 * sets {@code Sender:} to the user's own address). Serialised {@code send-as} / {@code send-on-behalf}.
 */
public enum SenderMode {
    SEND_AS,
    SEND_ON_BEHALF;

    public String asString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SenderMode> fromString(String value) {
        return Arrays.stream(values()).filter(mode -> mode.asString().equals(value)).findFirst();
    }
}
