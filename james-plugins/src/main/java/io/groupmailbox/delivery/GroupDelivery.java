package io.groupmailbox.delivery;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.user.api.UsersRepository;

/**
 * Stores mail for a group once, in the group's own INBOX (never a copy per member): the members reach that
 * one INBOX with their own rights. Delivery is idempotent, as {@link IdempotentLocalDelivery}'s, and always
 * consumes the group recipients.
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

    @Inject
    public GroupDelivery(UsersRepository usersRepository, @Named("mailboxmanager") MailboxManager mailboxManager,
                         DeliveryJournal journal, MetricFactory metricFactory) {
        super(usersRepository, mailboxManager, journal, metricFactory);
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
