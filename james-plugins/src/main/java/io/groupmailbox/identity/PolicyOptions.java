package io.groupmailbox.identity;

import java.util.Objects;

/**
 * Admin options of the sender policy.
 *
 * @param subAddressing      whether {@code local+tag@domain} counts as {@code local@domain} for the user's
 *                           own addresses (own, alias, domain alias); default on
 * @param displayNameAddress what to do with a display name that is another address; default
 *                           {@link DisplayNameAddress#REJECT}
 */
public record PolicyOptions(boolean subAddressing, DisplayNameAddress displayNameAddress) {

    public PolicyOptions {
        Objects.requireNonNull(displayNameAddress, "displayNameAddress");
    }

    public static PolicyOptions defaults() {
        return new PolicyOptions(true, DisplayNameAddress.REJECT);
    }
}
