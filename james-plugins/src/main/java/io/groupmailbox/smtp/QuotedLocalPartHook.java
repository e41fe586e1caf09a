package io.groupmailbox.smtp;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.groupmailbox.identity.AddressNormalizer;

/**
 * Makes a quoted envelope local part that is a dot-atom the same mailbox as its unquoted form (RFC 5321 4.1.2):
 * {@code RCPT TO:<"bob"@example.fr>} reaches bob, and {@code MAIL FROM:<"alice"@example.fr>} is judged as
 * {@code alice@example.fr}. The address is replaced in the SMTP transaction itself, so every later hook (valid
 * recipient, sender policy), the recipient-rewrite table, group delivery and the stored mail see only the unquoted
 * form. A recipient of a served domain whose quoted local part is not a dot-atom ({@code "bob smith"@},
 * {@code "bob\"x"@}, any backslash escape) is refused at RCPT with {@code 550 5.1.1}: no mailbox here has such a
 * name, and accepting it would only end in a bounce. Such a sender is left to the sender policy, which refuses it.
 *
 * <p>Put it before the other MAIL and RCPT hooks of the chain:
 * <pre>
 * &lt;handler class="io.groupmailbox.smtp.QuotedLocalPartHook"/&gt;
 * </pre>
 */
public class QuotedLocalPartHook implements MailHook, RcptHook {

    private final DomainList domainList;

    @Inject
    public QuotedLocalPartHook(DomainList domainList) {
        this.domainList = domainList;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        sender.asOptional()
            .flatMap(QuotedLocalPartHook::unquoted)
            .ifPresent(address -> session.setAttachment(SMTPSession.SENDER, MaybeSender.of(address), State.Transaction));
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (!isQuoted(rcpt)) {
            return HookResult.DECLINED;
        }
        Optional<MailAddress> unquoted = unquoted(rcpt);
        if (unquoted.isPresent()) {
            session.setAttachment(RcptCmdHandler.CURRENT_RECIPIENT, unquoted.get(), State.Transaction);
            return HookResult.DECLINED;
        }
        if (!isLocal(rcpt.getDomain())) {
            return HookResult.DECLINED; // another server's mailbox names are its own business
        }
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_MAILBOX)
                + " Unknown user: " + rcpt.asString() + " (a quoted local part names a mailbox here only when it"
                + " quotes a plain dot-atom, as \"bob\")")
            .build();
    }

    private static boolean isQuoted(MailAddress address) {
        return address.getLocalPart().startsWith("\"");
    }

    /** The unquoted form of a quoted dot-atom address; empty when the address is not quoted or not one. */
    private static Optional<MailAddress> unquoted(MailAddress address) {
        if (!isQuoted(address)) {
            return Optional.empty();
        }
        return AddressNormalizer.envelopeLocalPart(address.getLocalPart())
            .flatMap(localPart -> {
                try {
                    return Optional.of(new MailAddress(localPart, address.getDomain()));
                } catch (AddressException notAnAddressForJames) {
                    return Optional.empty(); // e.g. 8-bit text, which James's unquoted parser refuses
                }
            });
    }

    private boolean isLocal(Domain domain) {
        try {
            return domainList.containsDomain(domain);
        } catch (DomainListException e) {
            throw new IllegalStateException("Cannot read the domain list", e);
        }
    }
}
