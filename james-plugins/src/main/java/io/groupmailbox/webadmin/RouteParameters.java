package io.groupmailbox.webadmin;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.NormalizedAddress;

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

    /** {@code value} as a normalised mail address; 400 when it is not one plain mailbox. */
    static NormalizedAddress address(String value) {
        return AddressNormalizer.normalize(value)
            .orElseThrow(() -> WebAdminErrors.badRequest("'" + value + "' is not a plain mail address"));
    }
}
