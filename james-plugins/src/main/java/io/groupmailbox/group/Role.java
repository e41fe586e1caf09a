package io.groupmailbox.group;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a member may do in the group's folders: the one place that maps a role to RFC 4314 rights.
 */
public enum Role {
    /** Lookup, read, keep \Seen. */
    READER("lrs", false),
    /** A reader who may also set flags, insert (APPEND, COPY in) and send as the group when the group allows it. */
    REPLIER("lrswi", true),
    /** All rights: also expunge, delete, create sub-folders and administer. */
    MANAGER(Rights.ALL, true);

    private final Rights rights;
    private final boolean maySend;

    Role(String rights, boolean maySend) {
        this.rights = Rights.of(rights);
        this.maySend = maySend;
    }

    public Rights rights() {
        return rights;
    }

    /** Whether members with this role may send as the group (when the group's {@code membersMaySend} is on). */
    public boolean maySend() {
        return maySend;
    }

    public String asString() {
        return name().toLowerCase(Locale.US);
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(role -> role.asString().equals(value)).findFirst();
    }

    public static String expected() {
        return Arrays.stream(values()).map(Role::asString).collect(Collectors.joining(", "));
    }
}
