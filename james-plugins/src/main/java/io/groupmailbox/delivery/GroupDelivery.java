package io.groupmailbox.delivery;

import javax.inject.Inject;
import javax.inject.Named;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.group.NotifyMode;
import io.groupmailbox.notify.GroupNotification;

/**
 * Stores mail for a group once, in the group's own INBOX (never a copy per member): the members reach that
 * one INBOX with their own rights. The group's copy gets {@code Delivered-To: <group address>}, as a personal copy
 * does, so that it is recognised as a loop ({@link DeliveryLoop}) if it ever comes back. Delivery is idempotent, as {@link IdempotentLocalDelivery}'s, and always
 * consumes the group recipients. Members with notifications on then get a short notice in their own INBOX
 * ({@link GroupNotification}); mail a machine sent (bounces, reports, auto-replies, bulk mail:
 * {@link GroupNotification#isAutomatic}) notifies nobody.
 *
 * <pre>
 * &lt;mailet match="io.groupmailbox.delivery.RecipientIsGroup" class="io.groupmailbox.delivery.GroupDelivery"&gt;
 *     &lt;onMailetException&gt;error&lt;/onMailetException&gt; &lt;!-- default error --&gt;
 *     &lt;retries&gt;5&lt;/retries&gt;                       &lt;!-- default 5 --&gt;
 * &lt;/mailet&gt;
 * </pre>
 */
public class GroupDelivery extends IdempotentLocalDelivery {

    static final String GROUP_DELIVERIES_METRIC = "groupMailbox.groupDeliveries";
    private static final Logger LOGGER = LoggerFactory.getLogger(GroupDelivery.class);

    private final GroupRepository groups;
    private final Metric notifications;

    @Inject
    public GroupDelivery(UsersRepository usersRepository, @Named("mailboxmanager") MailboxManager mailboxManager,
                         DeliveryJournal journal, MetricFactory metricFactory, GroupRepository groups) {
        super(usersRepository, mailboxManager, journal, metricFactory);
        this.groups = groups;
        this.notifications = metricFactory.generate("groupMailbox.notifications");
    }

    /** Stores the mail in each group's INBOX, then tells the members who want it (notify="each"). */
    @Override
    public void service(Mail mail) throws MessagingException {
        List<MailAddress> groupRecipients = List.copyOf(mail.getRecipients());
        MimeMessage original = mail.getMessage();
        boolean automatic = GroupNotification.isAutomatic(original, Optional.of(mail.getMaybeSender()));
        for (MailAddress recipient : groupRecipients) {
            // As James's AddDeliveredToHeader does for personal copies: the mark DeliveryLoop finds when it comes back.
            mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
                .name(DeliveryLoop.DELIVERED_TO).value(recipient.asString()).build(), recipient);
        }
        super.service(mail);
        if (automatic) {
            return;
        }
        for (MailAddress recipient : groupRecipients) {
            Optional<GroupDefinition> group = groups.get(Username.fromMailAddress(recipient));
            if (group.isPresent() && group.get().notifyMode() == NotifyMode.EACH) {
                notifyMembers(group.get(), original, mail.getMaybeSender());
            }
        }
    }

    private void notifyMembers(GroupDefinition group, MimeMessage original, MaybeSender sender) throws MessagingException {
        for (GroupMember member : group.members()) {
            if (!member.notified() || GroupNotification.isSentBy(sender, member.address())) {
                continue;
            }
            try {
                getMailetContext().sendMail(new MailAddress(group.address().asString()),
                    List.of(new MailAddress(member.address().asString())), GroupNotification.of(group, member.address(), original));
                notifications.increment();
            } catch (IOException e) {
                LOGGER.warn("Could not notify {} of new mail for {}", member.address().asString(), group.address().asString(), e);
            }
        }
    }

    @Override
    protected String metricName() {
        return GROUP_DELIVERIES_METRIC;
    }

    @Override
    protected boolean consume() {
        return true;
    }

    @Override
    public String getMailetInfo() {
        return "Group delivery";
    }
}
