package io.groupmailbox.identity.james;

import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.mailet.Mail;

/** Who authenticated at SMTP to submit a mail, as James records it on the mail ({@code SMTPAuthUser}). */
public final class AuthenticatedUser {

    private AuthenticatedUser() {
    }

    public static Optional<Username> of(Mail mail) {
        return mail.getAttribute(Mail.SMTP_AUTH_USER)
            .map(attribute -> attribute.getValue().getValue())
            .filter(String.class::isInstance)
            .map(value -> Username.of((String) value));
    }
}
