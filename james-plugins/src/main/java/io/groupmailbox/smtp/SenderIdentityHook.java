package io.groupmailbox.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.HeaderIdentityParser;
import io.groupmailbox.identity.HeaderParseResult;
import io.groupmailbox.identity.HeaderTooLarge;
import io.groupmailbox.identity.LocalSenderClaim;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.PolicyOptions;
import io.groupmailbox.identity.SenderDecision;
import io.groupmailbox.identity.SubmissionDecision;
import io.groupmailbox.identity.james.GrantsUnavailable;
import io.groupmailbox.identity.james.SenderGrants;

/**
 * Enforces the sender-identity policy at SMTP time, before the 250: at MAIL FROM the envelope sender, at the
 * end of DATA every address of From:, Sender:, Resent-From: and Resent-Sender: and the envelope again. A refusal
 * is a {@code 550 5.7.1} naming the header and the address; the mail is not accepted. A header section longer than
 * {@link HeaderIdentityParser#MAX_HEADER_BYTES} is refused whole on both ports ({@code 552 5.3.4}), never judged in part.
 *
 * <ul>
 *   <li>Authenticated (submission): each address must be allowed by {@link io.groupmailbox.identity.SenderPolicy}
 *       (own address, aliases, domain aliases, sub-addresses, groups, delegations). When an address is allowed
 *       in send-on-behalf mode the server writes {@code Sender:} = the user (a client-written Sender: naming
 *       someone else is refused like any other claim).</li>
 *   <li>Unauthenticated (MX): a local address in MAIL FROM or in an identity header, or identity fields that
 *       programs can read differently ({@link io.groupmailbox.identity.LocalSenderClaim}), is, by
 *       {@code <unauthenticatedLocalSender>}: {@code refuse}d (the default: local users authenticate),
 *       {@code quarantine}d (accepted, then kept in a mail repository by the mailet container: the hook marks the
 *       mail with the attribute {@value #QUARANTINE_ATTRIBUTE}, whose value is the reason), or {@code accept}ed
 *       (logged and counted only).</li>
 * </ul>
 * Replaces James's {@code <verifyIdentity>}, which checks the envelope against aliases only.
 * <pre>
 * &lt;handlerchain&gt;
 *     &lt;handler class="io.groupmailbox.smtp.SenderIdentityHook"&gt;
 *         &lt;unauthenticatedLocalSender&gt;quarantine&lt;/unauthenticatedLocalSender&gt;  &lt;!-- refuse | quarantine | accept --&gt;
 *     &lt;/handler&gt;
 *     &lt;handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/&gt;
 * &lt;/handlerchain&gt;
 * </pre>
 * and, for {@code quarantine}, first in the root processor of {@code mailetcontainer.xml}:
 * <pre>
 * &lt;mailet match="HasMailAttribute=groupMailbox.quarantine" class="ToRepository"&gt;
 *     &lt;repositoryPath&gt;file://var/mail/quarantine/&lt;/repositoryPath&gt;
 * &lt;/mailet&gt;
 * </pre>
 */
public class SenderIdentityHook implements MailHook, JamesMessageHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(SenderIdentityHook.class);
    public static final String QUARANTINE_ATTRIBUTE = "groupMailbox.quarantine";

    /** What becomes of unauthenticated mail that claims a local sender. */
    public enum UnauthenticatedLocalSender {
        REFUSE, QUARANTINE, ACCEPT;

        static UnauthenticatedLocalSender parse(String value) throws ConfigurationException {
            return Arrays.stream(values())
                .filter(mode -> mode.name().equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> new ConfigurationException(
                    "smtpserver.xml: <unauthenticatedLocalSender> must be refuse, quarantine or accept, not '" + value + "'"));
        }
    }

    private final SenderGrants grants;
    private final DomainList domainList;
    private final MetricFactory metrics;
    private final PolicyOptions options = PolicyOptions.defaults();
    private final HeaderIdentityParser parser = new HeaderIdentityParser(options);
    private UnauthenticatedLocalSender unauthenticatedLocalSender = UnauthenticatedLocalSender.REFUSE;

    @Inject
    public SenderIdentityHook(SenderGrants grants, DomainList domainList, MetricFactory metrics) {
        this.grants = grants;
        this.domainList = domainList;
        this.metrics = metrics;
    }

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        String mode = configuration.getString("unauthenticatedLocalSender", null);
        if (mode != null) {
            unauthenticatedLocalSender = UnauthenticatedLocalSender.parse(mode);
        }
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        try {
            return judgeEnvelope(session, sender);
        } catch (GrantsUnavailable e) {
            return tryAgain(session, "MAIL FROM", e);
        }
    }

    private HookResult judgeEnvelope(SMTPSession session, MaybeSender sender) {
        Username user = session.getUsername();
        if (user == null) {
            if (unauthenticatedLocalSender != UnauthenticatedLocalSender.REFUSE) {
                return HookResult.DECLINED; // decided at the end of DATA, with the headers
            }
            return sender.asOptional()
                .filter(address -> isLocal(address.getDomain()))
                .map(address -> refuse(session, null, "MAIL FROM", address.asString(),
                    address.asString() + " is a local address: local users send through the submission port, authenticated"))
                .orElse(HookResult.DECLINED);
        }
        if (sender.isNullSender()) {
            return refuse(session, user, "MAIL FROM", "<>", "the null sender <> may not be used to submit a message");
        }
        Optional<NormalizedAddress> address = AddressNormalizer.normalizeEnvelope(sender.get().asString());
        if (address.isEmpty()) {
            return refuse(session, user, "MAIL FROM", sender.get().asString(), "the address cannot be normalised");
        }
        SenderDecision decision = grants.policyFor(user, List.of(address.get()), options).decide(user, address.get());
        count(decision);
        if (!decision.allowed()) {
            return refuse(session, user, "MAIL FROM", address.get().asString(), decision.reason());
        }
        return HookResult.DECLINED;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            return judgeMessage(session, mail);
        } catch (GrantsUnavailable e) {
            return tryAgain(session, "message", e);
        }
    }

    private HookResult judgeMessage(SMTPSession session, Mail mail) {
        Username user = session.getUsername();
        HeaderParseResult headers;
        try {
            headers = parser.parse(headerSection(mail.getMessage()), false);
        } catch (MessagingException | IOException e) {
            // The message was received whole; reading it back from the server's own spool file failed.
            LOGGER.warn("Session {}: could not read the header section of a received message", session.getSessionID(), e);
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("451")
                .smtpDescription("4.3.0 The message could not be read back, try again").build();
        }
        if (headers instanceof HeaderTooLarge tooLarge) {
            return refuseTooLarge(session, user, tooLarge);
        }
        if (user == null) {
            return unauthenticated(session, mail, headers);
        }
        Optional<NormalizedAddress> envelope = mail.getMaybeSender().asOptional()
            .flatMap(address -> AddressNormalizer.normalizeEnvelope(address.asString()));
        SubmissionDecision decision = grants.decide(user, envelope, headers, options);
        count(decision);
        if (!decision.accepted()) {
            return refuse(session, user, "message", "-", decision.reason());
        }
        if (decision instanceof SubmissionDecision.Accepted accepted && !accepted.onBehalfClaims().isEmpty()) {
            return writeSender(session, user, mail);
        }
        return HookResult.DECLINED;
    }

    private HookResult unauthenticated(SMTPSession session, Mail mail, HeaderParseResult headers) {
        Optional<LocalSenderClaim> claim = localClaim(mail, headers);
        if (claim.isEmpty()) {
            return HookResult.DECLINED;
        }
        String reason = claim.get().reason();
        metrics.generate("groupMailbox.senderPolicy.unauthenticatedLocalSender." + unauthenticatedLocalSender.name().toLowerCase(Locale.ROOT))
            .increment();
        switch (unauthenticatedLocalSender) {
            case QUARANTINE -> {
                LOGGER.info("Session {}: quarantined unauthenticated mail claiming a local sender: {}", session.getSessionID(), reason);
                mail.setAttribute(new Attribute(AttributeName.of(QUARANTINE_ATTRIBUTE), AttributeValue.of(reason)));
                return HookResult.DECLINED;
            }
            case ACCEPT -> {
                LOGGER.info("Session {}: accepted unauthenticated mail claiming a local sender: {}", session.getSessionID(), reason);
                return HookResult.DECLINED;
            }
            default -> {
                return refuse(session, null, claim.get().field(), claim.get().address(), reason);
            }
        }
    }

    private Optional<LocalSenderClaim> localClaim(Mail mail, HeaderParseResult headers) {
        return LocalSenderClaim.find(mail.getMaybeSender().asOptional().map(MailAddress::asString), headers,
            domain -> isLocal(Domain.of(domain)));
    }

    private HookResult refuseTooLarge(SMTPSession session, Username user, HeaderTooLarge tooLarge) {
        metrics.generate("groupMailbox.senderPolicy.refused.headerTooLarge").increment();
        LOGGER.info("Session {}: refused a message of {}: {}", session.getSessionID(),
            user == null ? "an unauthenticated client" : user.asString(), tooLarge.reason());
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("552")
            .smtpDescription("5.3.4 " + tooLarge.reason() + ": the header section is refused, not judged in part")
            .build();
    }

    /** One counter per verdict and source, e.g. {@code groupMailbox.senderPolicy.allowed.group}. */
    private void count(SenderDecision decision) {
        metrics.generate("groupMailbox.senderPolicy." + (decision.allowed() ? "allowed." : "refused.") + decision.source().asString())
            .increment();
    }

    private void count(SubmissionDecision decision) {
        if (decision instanceof SubmissionDecision.Accepted accepted) {
            accepted.claims().forEach(claim -> count(claim.decision()));
        } else if (decision instanceof SubmissionDecision.Refused refused) {
            count(refused.claim().decision());
        } else {
            metrics.generate("groupMailbox.senderPolicy.refused.malformed").increment();
        }
    }

    /** Send-on-behalf: the server, not the client, says who is responsible for the transmission. */
    private HookResult writeSender(SMTPSession session, Username user, Mail mail) {
        try {
            MimeMessage message = mail.getMessage();
            message.setHeader("Sender", user.asString());
            message.saveChanges();
            return HookResult.DECLINED;
        } catch (MessagingException e) {
            LOGGER.error("Session {}: could not write Sender: {}", session.getSessionID(), user.asString(), e);
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("451")
                .smtpDescription("4.3.0 Could not write the Sender header, try again").build();
        }
    }

    private boolean isLocal(Domain domain) {
        try {
            return domainList.containsDomain(domain);
        } catch (DomainListException e) {
            throw new GrantsUnavailable("Cannot read the domain list", e);
        }
    }

    /** A store could not be read: nothing was decided, so the client is told to try again (RFC 3463 4.7.1). */
    private HookResult tryAgain(SMTPSession session, String stage, GrantsUnavailable e) {
        metrics.generate("groupMailbox.senderPolicy.unavailable").increment();
        LOGGER.warn("Session {}: the sender policy could not be applied at {}: {}", session.getSessionID(), stage, e.getMessage(), e);
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode("451")
            .smtpDescription("4.7.1 The sender policy cannot be checked right now, try again later")
            .build();
    }

    private static HookResult refuse(SMTPSession session, Username user, String header, String address, String reason) {
        LOGGER.info("Session {}: refused sender identity for {}: {} {}: {}", session.getSessionID(),
            user == null ? "an unauthenticated client" : user.asString(), header, address, reason);
        // At MAIL FROM the reply names the envelope; at the end of DATA the policy's reason names the header.
        String description = header.equals("MAIL FROM") ? "MAIL FROM: " + reason : reason;
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription("5.7.1 " + oneLine(description))
            .build();
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }

    /** The raw header section as the client sent it (the parser looks for tricks in the bytes), read to its end or just past the limit. */
    public static byte[] headerSection(MimeMessage message) throws MessagingException, IOException {
        try (InputStream in = new MimeMessageInputStream(message)) {
            return HeaderIdentityParser.readHeaderSection(in);
        }
    }
}
