package io.groupmailbox.login;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * A member logged in as a group account: the session is the group's, the rights and the attribution are the
 * member's. {@code appPassword} is the id of the app password used, if one was (an open session ends with it).
 */
public record GroupLogin(Username group, Username member, Method method, Optional<String> appPassword) {

    /** How the member logged in as the group. */
    public enum Method {
        /** The group address as user name and one of the member's app passwords for it. */
        APP_PASSWORD("app-password"),
        /** SASL PLAIN with the group as authorization identity and the member's own credentials. */
        AUTHZID("authzid");

        private final String asString;

        Method(String asString) {
            this.asString = asString;
        }

        public String asString() {
            return asString;
        }
    }

    public GroupLogin {
        Objects.requireNonNull(group);
        Objects.requireNonNull(member);
        Objects.requireNonNull(method);
        Objects.requireNonNull(appPassword);
    }
}
