package io.groupmailbox.webadmin;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.HeaderIdentityParser;
import io.groupmailbox.identity.Normalization;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.PolicyOptions;

/** Path parameters the user routes of this extension share, read once and answered the same way when wrong. */
final class RouteParameters {

    private RouteParameters() {
    }

    /** The user named {@code value}; 404 when there is no such user. */
    static Username existingUser(UsersRepository users, String value) throws UsersRepositoryException {
        Username user = Username.of(value);
        if (!users.contains(user)) {
            throw WebAdminErrors.notFound("no user " + user.asString());
        }
        return user;
    }

    /**
     * The address a {@code From:} field with this value claims, read by the parser of the SMTP hook; 400 when it
     * is not one well-formed mailbox. For routes that answer "may this user send as it".
     */
    static NormalizedAddress claimedAddress(String value) {
        Normalization parsed = CLAIM_PARSER.fromFieldValue(value);
        if (parsed instanceof Normalization.Invalid invalid) {
            throw WebAdminErrors.badRequest("'" + value + "' is not one well-formed mailbox: " + invalid.reason());
        }
        return ((Normalization.Valid) parsed).address();
    }

    private static final HeaderIdentityParser CLAIM_PARSER = new HeaderIdentityParser(PolicyOptions.defaults());

    /** {@code value} as a normalised mail address; 400 when it is not one plain mailbox. */
    static NormalizedAddress address(String value) {
        return AddressNormalizer.normalize(value)
            .orElseThrow(() -> WebAdminErrors.badRequest("'" + value + "' is not a plain mail address"));
    }
}
