package io.groupmailbox.delivery;

import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.MessagingException;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.transport.mailets.delivery.MailDispatcher;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.MailetUtil;

/**
 * Stores mail for a group once, in the group's own INBOX (never a copy per member): the members reach that
 * one INBOX with their own rights. Delivery is idempotent like {@link IdempotentLocalDelivery}.
 *
 * <pre>
 * &lt;mailet match="io.groupmailbox.delivery.RecipientIsGroup" class="io.groupmailbox.delivery.GroupDelivery"&gt;
 *     &lt;onMailetException&gt;error&lt;/onMailetException&gt; &lt;!-- default error --&gt;
 *     &lt;retries&gt;5&lt;/retries&gt;                       &lt;!-- default 5 --&gt;
 * &lt;/mailet&gt;
 * </pre>
 */
public class GroupDelivery extends GenericMailet {

    static final String GROUP_DELIVERIES_METRIC = "groupMailbox.groupDeliveries";

    private final UsersRepository usersRepository;
    private final MailboxManager mailboxManager;
    private final DeliveryJournal journal;
    private final MetricFactory metricFactory;
    private MailDispatcher dispatcher;

    @Inject
    public GroupDelivery(UsersRepository usersRepository, @Named("mailboxmanager") MailboxManager mailboxManager,
                         DeliveryJournal journal, MetricFactory metricFactory) {
        this.usersRepository = usersRepository;
        this.mailboxManager = mailboxManager;
        this.journal = journal;
        this.metricFactory = metricFactory;
    }

    @Override
    public void init() throws MessagingException {
        dispatcher = MailDispatcher.builder()
            .mailStore(new IdempotentMailStore(mailboxManager, usersRepository, journal, metricFactory.generate(GROUP_DELIVERIES_METRIC)))
            .consume(true)
            .onMailetException(getInitParameter("onMailetException", Mail.ERROR))
            .retries(MailetUtil.getInitParameterAsInteger(getInitParameter("retries"), Optional.of(MailDispatcher.RETRIES)))
            .mailetContext(getMailetContext())
            .build();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        dispatcher.dispatch(mail);
    }

    @Override
    public String getMailetInfo() {
        return "Group delivery";
    }
}
