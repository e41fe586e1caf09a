package io.groupmailbox.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why an address is (or nearly is) the user's to send as, in the order {@link SenderPolicy} tries them.
 * Serialised lower-case with '-' ({@code domain-alias}) in audit records and admin answers.
 */
public enum Source {
    /** The user's own address. */
    OWN,
    /** A James recipient-rewrite alias of the user. */
    ALIAS,
    /** The own address or an alias, in a domain that is an alias of its domain. */
    DOMAIN_ALIAS,
    /** An external account the user registered (allowed once confirmed). */
    EXTERNAL,
    /** A group the user belongs to (allowed when the group and the member's role allow sending). */
    GROUP,
    /** An account whose owner delegated sending to the user. */
    DELEGATION,
    /** None of the above: refused. */
    NONE;

    public String asString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Source> fromString(String value) {
        return Arrays.stream(values()).filter(source -> source.asString().equals(value)).findFirst();
    }
}
