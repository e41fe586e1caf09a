package io.groupmailbox.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
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
 * mail again. Before appending, the next UID of the target mailbox is recorded in the {@link DeliveryJournal};
 * on a repeated attempt the messages from that UID on are compared with the mail, byte for byte, and the
 * append is skipped when one of them is it. A first attempt costs one journal write and no scan.
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
        try {
            Username user = usersRepository.getUsername(recipient);
            StorageDirective directive = StorageDirective.fromMail(user, mail).withDefaultFolder(MailboxConstants.INBOX);
            MailboxSession session = mailboxManager.createSystemSession(user);
            mailboxManager.startProcessingRequest(session);
            try {
                MessageManager mailbox = mailboxOf(MailboxPath.forUser(user,
                    directive.getTargetFolder().orElse(MailboxConstants.INBOX).replace('/', session.getPathDelimiter())), session);
                long uidNext = mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
                    EnumSet.of(MessageManager.MailboxMetaData.Item.NextUid)).getUidNext().asLong();
                Optional<Long> earlierAttempt = journal.recordAttempt(new DeliveryJournal.Delivery(mail.getName(), recipient.asString()), uidNext);
                if (earlierAttempt.isPresent() && alreadyStored(mailbox, earlierAttempt.get(), mail.getMessage(), session)) {
                    LOGGER.info("Mail {} was already stored for {} before a restart; not storing it twice", mail.getName(), recipient);
                    return;
                }
                MessageManager.AppendCommand.Builder append = MessageManager.AppendCommand.builder().recent().delivery();
                directive.getFlags().ifPresent(append::withFlags);
                mailbox.appendMessage(append.build(content(mail.getMessage())), session);
                delivered.increment();
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        } catch (MailboxException | MessagingException | UsersRepositoryException | IOException e) {
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

    private boolean alreadyStored(MessageManager mailbox, long fromUid, MimeMessage message, MailboxSession session)
        throws MailboxException, MessagingException, IOException {
        byte[] expected = bytes(message);
        Iterator<MessageResult> candidates = mailbox.getMessages(MessageRange.from(MessageUid.of(fromUid)), FetchGroup.FULL_CONTENT, session);
        while (candidates.hasNext()) {
            MessageResult candidate = candidates.next();
            if (candidate.getSize() == expected.length) {
                try (InputStream stored = candidate.getFullContent().getInputStream()) {
                    if (Arrays.equals(stored.readAllBytes(), expected)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static byte[] bytes(MimeMessage message) throws MessagingException, IOException {
        try (InputStream in = new MimeMessageInputStream(message)) {
            return in.readAllBytes();
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
