package io.groupmailbox.group;

import java.util.Arrays;
import java.util.Optional;

/** How mail sent as someone else names its sender (RFC 5322 §3.6.2). */
public enum SenderMode {
    /** From: the group, and nothing in the message names the member. */
    SEND_AS("send-as"),
    /** From: the group, Sender: the member. */
    SEND_ON_BEHALF("send-on-behalf");

    private final String value;

    SenderMode(String value) {
        this.value = value;
    }

    public String asString() {
        return value;
    }

    public static Optional<SenderMode> parse(String value) {
        return Arrays.stream(values()).filter(mode -> mode.value.equals(value)).findFirst();
    }
}
