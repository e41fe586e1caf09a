package io.groupmailbox.delivery;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.collect.ImmutableList;

import io.groupmailbox.notify.GroupNotification;

/**
 * Matches the recipients a mail has already reached, so that a loop ends in a repository an admin can read
 * instead of going round or being dropped:
 * <ul>
 *   <li>a {@code Delivered-To:} field names the recipient: the mail was stored there once (personal copies get the
 *       field from James's {@code AddDeliveredToHeader}, group copies from {@link GroupDelivery}) and a forward,
 *       a redirect or a bounce that keeps the header brought it back (Postfix's rule);</li>
 *   <li>the recipient is the envelope sender of an automatic mail ({@link GroupNotification#isAutomatic}): a group's
 *       own notice or digest that a member's forward sends back to the group, or an auto-reply to oneself.</li>
 * </ul>
 * Put it after the recipient rewriting (the recipients are then the final ones) and before any delivery:
 * <pre>
 * &lt;mailet match="io.groupmailbox.delivery.DeliveryLoop" class="ToRepository"&gt;
 *     &lt;repositoryPath&gt;file://var/mail/loop/&lt;/repositoryPath&gt;
 * &lt;/mailet&gt;
 * </pre>
 */
public class DeliveryLoop extends GenericMatcher {

    public static final String DELIVERED_TO = "Delivered-To";

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Set<MailAddress> reached = new HashSet<>(deliveredTo(message));
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isPresent() && GroupNotification.isAutomatic(message, Optional.of(mail.getMaybeSender()))) {
            reached.add(sender.get());
        }
        return mail.getRecipients().stream()
            .filter(reached::contains) // MailAddress equality ignores case
            .collect(ImmutableList.toImmutableList());
    }

    private static Set<MailAddress> deliveredTo(MimeMessage message) throws MessagingException {
        String[] values = message.getHeader(DELIVERED_TO);
        Set<MailAddress> addresses = new HashSet<>();
        if (values == null) {
            return addresses;
        }
        for (String value : values) {
            String address = value.trim();
            if (address.startsWith("<") && address.endsWith(">")) {
                address = address.substring(1, address.length() - 1);
            }
            try {
                addresses.add(new MailAddress(address));
            } catch (AddressException notAnAddress) {
                // a field that names no address names no recipient of ours
            }
        }
        return addresses;
    }
}
