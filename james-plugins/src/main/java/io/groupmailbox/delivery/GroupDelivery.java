package io.groupmailbox.delivery;

import javax.inject.Inject;
import javax.inject.Named;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.hash.Hashing;

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
                notifyMembers(mail, group.get(), original);
            }
        }
    }

    /**
     * One notice mail for all the members to tell, through the spool once (one pass whatever their number). Its name
     * derives from the spooled mail's, so a mail the spool redelivers after a crash makes a notice of the same name,
     * which the members' idempotent delivery stores once: a redelivery neither repeats nor loses notices.
     */
    private void notifyMembers(Mail mail, GroupDefinition group, MimeMessage original) throws MessagingException {
        List<MailAddress> members = new ArrayList<>();
        for (GroupMember member : group.members()) {
            if (member.notified() && !GroupNotification.isSentBy(mail.getMaybeSender(), member.address())) {
                members.add(new MailAddress(member.address().asString()));
            }
        }
        if (members.isEmpty()) {
            return;
        }
        MailImpl notice;
        try {
            notice = MailImpl.builder()
                .name(noticeName(mail, group))
                .sender(new MailAddress(group.address().asString()))
                .addRecipients(members)
                .mimeMessage(GroupNotification.of(group, original))
                .build();
        } catch (IOException e) {
            LOGGER.warn("Could not notify the members of {} of new mail", group.address().asString(), e);
            return;
        }
        try {
            getMailetContext().sendMail(notice);
            notifications.add(members.size());
        } finally {
            LifecycleUtil.dispose(notice);
        }
    }

    /** The same for every pass of one spooled mail to one group, and distinct from any other mail's name. */
    static String noticeName(Mail mail, GroupDefinition group) {
        String groupKey = Hashing.murmur3_32_fixed().hashString(group.address().asString(), StandardCharsets.UTF_8).toString();
        return DeliveryJournal.Delivery.spooledName(mail.getName()) + "-notice-" + groupKey;
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
