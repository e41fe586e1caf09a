package io.groupmailbox.identity;

import java.util.Objects;
import java.util.Set;

import org.apache.james.core.Username;

/**
 * A local account and its alias addresses, as James's recipient rewrite table resolves them
 * (transitively, by the caller). The account's own address is derived from the username.
 */
public record UserIdentity(Username user, Set<NormalizedAddress> aliases) {

    public UserIdentity {
        Objects.requireNonNull(user, "user");
        aliases = Set.copyOf(aliases);
    }

    public static UserIdentity of(Username user, NormalizedAddress... aliases) {
        return new UserIdentity(user, Set.of(aliases));
    }
}
