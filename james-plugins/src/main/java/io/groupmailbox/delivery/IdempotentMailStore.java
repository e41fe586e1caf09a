package io.groupmailbox.delivery;

import java.io.IOException;
import java.io.InputStream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.metrics.api.Metric;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.james.server.core.MimeMessageUtil;
import org.apache.james.transport.mailets.delivery.MailStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.apache.mailet.StorageDirective;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Stores a mail in a recipient's mailbox exactly once, although the spool delivers at least once.
 *
 * <p>The spool acknowledges a mail only after it was stored, so a crash in between makes it deliver the same
 * mail again. The append records the delivery in the {@link DeliveryJournal} in the transaction that stores the
 * message, so a repeated append of the same delivery fails and stores nothing; the journal then tells a refused
 * repetition (done already) from a real failure. A first attempt costs one more row in the append's transaction,
 * and no read.
 */
public class IdempotentMailStore implements MailStore {

    private static final Logger LOGGER = LoggerFactory.getLogger(IdempotentMailStore.class);
    private static final Scheduler RETRIES = Schedulers.newBoundedElastic(4, 10_000, "local-delivery-retry");

    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;
    private final DeliveryJournal journal;
    private final Metric delivered;

    public IdempotentMailStore(MailboxManager mailboxManager, UsersRepository usersRepository,
                               DeliveryJournal journal, Metric delivered) {
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
        this.journal = journal;
        this.delivered = delivered;
    }

    @Override
    public Mono<Void> storeMail(MailAddress recipient, Mail mail) {
        Mono<Void> store = Mono.fromRunnable(() -> store(recipient, mail));
        // Normally on the caller's thread: a spool thread, which blocks on delivery anyway. Not on Reactor's shared
        // boundedElastic threads: blocking appends there starve James's path locker under concurrent deliveries to
        // one mailbox (ADR 0001). But James's MailDispatcher retries a failed store on Reactor's parallel
        // scheduler, where blocking calls are refused: a retry moves to threads of its own.
        return Mono.defer(() -> Schedulers.isInNonBlockingThread() ? store.subscribeOn(RETRIES) : store);
    }

    private void store(MailAddress recipient, Mail mail) {
        DeliveryJournal.Delivery delivery = DeliveryJournal.Delivery.of(mail, recipient);
        try {
            Username user = usersRepository.getUsername(recipient);
            StorageDirective directive = StorageDirective.fromMail(user, mail).withDefaultFolder(MailboxConstants.INBOX);
            MailboxSession session = mailboxManager.createSystemSession(user);
            mailboxManager.startProcessingRequest(session);
            try {
                MessageManager mailbox = mailboxOf(MailboxPath.forUser(user,
                    directive.getTargetFolder().orElse(MailboxConstants.INBOX).replace('/', session.getPathDelimiter())), session);
                MessageManager.AppendCommand.Builder append = MessageManager.AppendCommand.builder().recent().delivery();
                directive.getFlags().ifPresent(append::withFlags);
                journal.recordWithNextAppend(delivery, session);
                try {
                    mailbox.appendMessage(append.build(content(mail.getMessage())), session);
                } catch (MailboxException refused) {
                    if (journal.isStored(delivery)) {
                        LOGGER.info("Mail {} was already stored for {} before a restart; not storing it twice", mail.getName(), recipient);
                        return;
                    }
                    throw refused;
                }
                delivered.increment();
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        } catch (MailboxException | MessagingException | UsersRepositoryException e) {
            throw new DeliveryFailedException("Could not deliver " + mail.getName() + " to " + recipient, e);
        }
    }

    private MessageManager mailboxOf(MailboxPath path, MailboxSession session) throws MailboxException {
        try {
            return mailboxManager.getMailbox(path, session);
        } catch (MailboxNotFoundException e) {
            try {
                mailboxManager.createMailbox(path, MailboxManager.CreateOption.CREATE_SUBSCRIPTION, session);
            } catch (MailboxExistsException concurrentlyCreated) {
                // another delivery created it first: use it
            }
            return mailboxManager.getMailbox(path, session);
        }
    }

    /** The message streamed from the spool's copy, as James's own LocalDelivery does. */
    private static Content content(MimeMessage message) {
        return new Content() {
            @Override
            public InputStream getInputStream() throws IOException {
                try {
                    return new MimeMessageInputStream(message);
                } catch (MessagingException e) {
                    throw new IOException(e);
                }
            }

            @Override
            public long size() throws MailboxException {
                try {
                    return MimeMessageUtil.getMessageSize(message);
                } catch (MessagingException e) {
                    throw new MailboxException("Cannot compute the size of the message", e);
                }
            }
        };
    }

    /** A delivery that failed; the mail goes to the mailet's error processing, nothing is lost. */
    public static class DeliveryFailedException extends RuntimeException {
        DeliveryFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
