package io.groupmailbox.identity.external;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.identity.NormalizedAddress;

/**
 * Registers and confirms external accounts. An admin may vouch for one (confirmed at once); otherwise the server
 * mails a one-time code to the address and the account stays pending until the code comes back. Codes are
 * {@value #CODE_DIGITS} random digits, valid {@link #CODE_VALIDITY}, single-use, {@value #MAX_ATTEMPTS} wrong
 * attempts at most, stored only as a hash and compared in constant time.
 */
public class ExternalAccounts {

    public static final Duration CODE_VALIDITY = Duration.ofHours(24);
    public static final int MAX_ATTEMPTS = 5;
    static final int CODE_DIGITS = 8;

    private static final Logger LOGGER = LoggerFactory.getLogger(ExternalAccounts.class);

    /** The result of a confirmation attempt. */
    public enum Confirmation {
        CONFIRMED("confirmed"),
        UNKNOWN("no such external account"),
        ALREADY_CONFIRMED("already confirmed"),
        EXPIRED("the code has expired: register the address again to get a new one"),
        TOO_MANY_ATTEMPTS("too many wrong codes: register the address again to get a new one"),
        WRONG_CODE("wrong code");

        private final String reason;

        Confirmation(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final ExternalAccountStore store;
    private final DomainList domains;
    private final MailetContext mailetContext;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public ExternalAccounts(ExternalAccountStore store, DomainList domains, MailetContext mailetContext, Clock clock) {
        this.store = store;
        this.domains = domains;
        this.mailetContext = mailetContext;
        this.clock = clock;
    }

    public List<ExternalAccountRegistration> listOf(Username user) {
        return store.listOf(user);
    }

    /**
     * Registers {@code address} for {@code user}: confirmed when an admin vouches for it, otherwise pending with a
     * new code mailed to the address (a previous pending code stops working). Registering a confirmed account
     * again changes nothing.
     *
     * @throws IllegalArgumentException for an address of a domain this server serves (those are aliases,
     *                                  groups or delegations, not external accounts) or one no code can be mailed to
     */
    public ExternalAccountRegistration register(Username user, NormalizedAddress address, boolean vouchedByAdmin)
            throws MessagingException {
        refuseLocalDomain(address);
        Optional<ExternalAccountRegistration> existing = store.get(user, address);
        if (existing.filter(ExternalAccountRegistration::confirmed).isPresent()) {
            return existing.get();
        }
        Instant now = now();
        Instant registeredAt = existing.map(ExternalAccountRegistration::registeredAt).orElse(now);
        if (vouchedByAdmin) {
            ExternalAccountRegistration confirmed = ExternalAccountRegistration.confirmed(user, address, registeredAt);
            store.save(confirmed);
            LOGGER.info("External account {} of {} confirmed by an admin", address.asString(), user.asString());
            return confirmed;
        }
        MailAddress recipient = mailAddress(address);
        String code = newCode();
        ExternalAccountRegistration pending = ExternalAccountRegistration.pending(user, address,
            hash(user, address, code), now.plus(CODE_VALIDITY), registeredAt);
        store.save(pending);
        try {
            mailCode(user, recipient, code, pending.codeExpiry().orElseThrow());
        } catch (MessagingException | RuntimeException e) {
            // No code went out: put back what was there before.
            existing.ifPresentOrElse(store::save, () -> store.delete(user, address));
            throw e;
        }
        LOGGER.info("External account {} of {} pending: a confirmation code was mailed to it", address.asString(),
            user.asString());
        return pending;
    }

    /** Checks {@code code} against the pending account; a right code confirms it and cannot be used again. */
    public Confirmation confirm(Username user, NormalizedAddress address, String code) {
        while (true) {
            Optional<ExternalAccountRegistration> stored = store.get(user, address);
            if (stored.isEmpty()) {
                return Confirmation.UNKNOWN;
            }
            ExternalAccountRegistration registration = stored.get();
            if (registration.confirmed()) {
                return Confirmation.ALREADY_CONFIRMED;
            }
            if (registration.failedAttempts() >= MAX_ATTEMPTS) {
                return Confirmation.TOO_MANY_ATTEMPTS;
            }
            if (now().isAfter(registration.codeExpiry().orElseThrow())) {
                return Confirmation.EXPIRED;
            }
            boolean right = MessageDigest.isEqual(
                hash(user, address, code).getBytes(StandardCharsets.US_ASCII),
                registration.codeHash().orElseThrow().getBytes(StandardCharsets.US_ASCII));
            ExternalAccountRegistration updated = right ? registration.asConfirmed() : registration.withFailedAttempt();
            if (store.replace(registration, updated)) {
                if (right) {
                    LOGGER.info("External account {} of {} confirmed with its code", address.asString(), user.asString());
                    return Confirmation.CONFIRMED;
                }
                LOGGER.warn("Wrong confirmation code for external account {} of {} (attempt {})", address.asString(),
                    user.asString(), updated.failedAttempts());
                return Confirmation.WRONG_CODE;
            }
            // Another attempt changed the registration meanwhile: decide again on what is stored now.
        }
    }

    public boolean remove(Username user, NormalizedAddress address) {
        return store.delete(user, address);
    }

    private void refuseLocalDomain(NormalizedAddress address) {
        try {
            if (domains.containsDomain(Domain.of(address.domain()))) {
                throw new IllegalArgumentException(address.asString() + " is in a domain this server serves: use an"
                    + " alias, a group or a delegation instead of an external account");
            }
        } catch (DomainListException e) {
            throw new IllegalStateException("Cannot read the domain list", e);
        }
    }

    private static MailAddress mailAddress(NormalizedAddress address) {
        try {
            return new MailAddress(address.asString());
        } catch (AddressException e) {
            throw new IllegalArgumentException("no confirmation code can be mailed to " + address.asString()
                + " (" + e.getMessage() + ")");
        }
    }

    private void mailCode(Username user, MailAddress recipient, String code, Instant expiry) throws MessagingException {
        MailAddress postmaster = mailetContext.getPostmaster();
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(postmaster.asString()));
        message.setRecipient(MimeMessage.RecipientType.TO, recipient.toInternetAddress().orElseThrow());
        message.setSubject("Confirmation code for sending as " + recipient.asString(), "UTF-8");
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setSentDate(java.util.Date.from(now()));
        message.setText("""
            %s asked to send mail as %s through the mail server of %s.

            If that is you, give this code to confirm it: %s

            The code works once, until %s. If you did not ask for this, ignore this message:
            nobody can send as your address through this server without the code.
            """.formatted(user.asString(), recipient.asString(), postmaster.getDomain().asString(), code, expiry),
            "UTF-8");
        mailetContext.sendMail(postmaster, List.of(recipient), message);
    }

    private String newCode() {
        int bound = (int) Math.pow(10, CODE_DIGITS);
        return String.format("%0" + CODE_DIGITS + "d", random.nextInt(bound));
    }

    /** SHA-256 of the code bound to its user and address, so a code or hash is worth nothing for another account. */
    static String hash(Username user, NormalizedAddress address, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = digest.digest((user.asString() + '\n' + address.asString() + '\n' + code.strip())
                .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
