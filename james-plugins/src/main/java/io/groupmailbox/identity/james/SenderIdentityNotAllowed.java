package io.groupmailbox.identity.james;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.HeaderIdentityParser;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.PolicyOptions;
import io.groupmailbox.smtp.SenderIdentityHook;

/**
 * Matches mail of an authenticated user that the sender-identity policy refuses (the same decision as
 * {@link SenderIdentityHook}), for admins who route such mail instead of refusing it at SMTP time, e.g. to a
 * repository for review:
 *
 * <pre>
 * &lt;mailet match="io.groupmailbox.identity.james.SenderIdentityNotAllowed" class="ToRepository"&gt;
 *     &lt;repositoryPath&gt;file://var/mail/sender-identity/&lt;/repositoryPath&gt;
 * &lt;/mailet&gt;
 * </pre>
 * Mail without an authenticated user (James's {@code SMTPAuthUser} attribute) is not matched.
 */
public class SenderIdentityNotAllowed extends GenericMatcher {

    private final SenderGrants grants;
    private final PolicyOptions options = PolicyOptions.defaults();
    private final HeaderIdentityParser parser = new HeaderIdentityParser(options);

    @Inject
    public SenderIdentityNotAllowed(SenderGrants grants) {
        this.grants = grants;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Optional<Username> user = AuthenticatedUser.of(mail);
        if (user.isEmpty()) {
            return List.of();
        }
        Optional<NormalizedAddress> envelope = mail.getMaybeSender().asOptional()
            .flatMap(address -> AddressNormalizer.normalizeEnvelope(address.asString()));
        try {
            boolean allowed = grants.decide(user.get(), envelope,
                parser.parse(SenderIdentityHook.headerSection(mail.getMessage()), false), options).accepted();
            return allowed ? List.of() : mail.getRecipients();
        } catch (IOException e) {
            throw new MessagingException("Cannot read the header section", e);
        }
    }
}
