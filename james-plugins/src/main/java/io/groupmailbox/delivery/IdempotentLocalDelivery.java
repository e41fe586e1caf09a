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
 * Delivers mail to local users' mailboxes, like James's {@code LocalDelivery}, but exactly once: a mail that the
 * spool redelivers after a crash is not stored a second time (see {@link IdempotentMailStore}).
 *
 * <pre>
 * &lt;mailet match="RecipientIsLocal" class="io.groupmailbox.delivery.IdempotentLocalDelivery"&gt;
 *     &lt;!-- optional, as for LocalDelivery: --&gt;
 *     &lt;consume&gt;true&lt;/consume&gt;                 &lt;!-- default true --&gt;
 *     &lt;onMailetException&gt;error&lt;/onMailetException&gt; &lt;!-- default error --&gt;
 *     &lt;retries&gt;5&lt;/retries&gt;                       &lt;!-- default 5 --&gt;
 * &lt;/mailet&gt;
 * </pre>
 *
 * Needs a {@link DeliveryJournal} binding: the embedded server binds a JPA one.
 */
public class IdempotentLocalDelivery extends GenericMailet {

    static final String DELIVERED_METRIC = "localDeliveredMails";

    private final UsersRepository usersRepository;
    private final MailboxManager mailboxManager;
    private final DeliveryJournal journal;
    private final MetricFactory metricFactory;
    private MailDispatcher dispatcher;

    @Inject
    public IdempotentLocalDelivery(UsersRepository usersRepository, @Named("mailboxmanager") MailboxManager mailboxManager,
                                   DeliveryJournal journal, MetricFactory metricFactory) {
        this.usersRepository = usersRepository;
        this.mailboxManager = mailboxManager;
        this.journal = journal;
        this.metricFactory = metricFactory;
    }

    @Override
    public void init() throws MessagingException {
        dispatcher = MailDispatcher.builder()
            .mailStore(new IdempotentMailStore(mailboxManager, usersRepository, journal, metricFactory.generate(metricName())))
            .consume(consume())
            .onMailetException(getInitParameter("onMailetException", Mail.ERROR))
            .retries(MailetUtil.getInitParameterAsInteger(getInitParameter("retries"), Optional.of(MailDispatcher.RETRIES)))
            .mailetContext(getMailetContext())
            .build();
    }

    protected String metricName() {
        return DELIVERED_METRIC;
    }

    protected boolean consume() {
        return getInitParameter("consume", true);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        dispatcher.dispatch(mail);
    }

    @Override
    public String getMailetInfo() {
        return "Idempotent local delivery";
    }
}
