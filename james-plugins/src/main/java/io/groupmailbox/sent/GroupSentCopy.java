package io.groupmailbox.sent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.Flags;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.delivery.DeliveryJournal;
import io.groupmailbox.group.GroupReconciler;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.sent.SenderOfMail.SentAsGroup;
import io.groupmailbox.smtp.GroupAccountAuthHook;
import reactor.core.publisher.Flux;

/**
 * Mail a member sends as the group, whatever their client: a copy goes to the group's Sent (\Seen), stamped
 * {@code X-Group-Sent-By: <member>} (a client-written one is replaced), unless a message with the same
 * Message-ID is already there (a client that also saved it); and the message it answers in the group's INBOX
 * (In-Reply-To / References) gets \Answered and the keyword {@code $AnsweredBy_<member's local part>} at once,
 * for every member to see. When the group has a signature, it is appended to the text once
 * ({@link GroupSignature}). The mail itself goes on to its recipients; the group's audit trail records who sent
 * it ({@link GroupAudit}).
 *
 * <pre>
 * &lt;mailet match="io.groupmailbox.sent.SentAsGroup" class="io.groupmailbox.sent.GroupSentCopy"/&gt;
 * </pre>
 */
public class GroupSentCopy extends GenericMailet {

    public static final String SENT_BY_HEADER = "X-Group-Sent-By";
    public static final String ANSWERED_BY_PREFIX = "$AnsweredBy_";
    private static final Logger LOGGER = LoggerFactory.getLogger(GroupSentCopy.class);

    private final GroupRepository groups;
    private final MailboxManager mailboxManager;
    private final Metric sentCopies;
    private final Metric answeredMarks;
    private final GroupAudit audit;

    @Inject
    public GroupSentCopy(GroupRepository groups, @Named("mailboxmanager") MailboxManager mailboxManager,
                         MetricFactory metricFactory, GroupAudit audit) {
        this.groups = groups;
        this.mailboxManager = mailboxManager;
        this.audit = audit;
        this.sentCopies = metricFactory.generate("groupMailbox.sentCopies");
        this.answeredMarks = metricFactory.generate("groupMailbox.answeredMarks");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<SentAsGroup> sent = SenderOfMail.sentAsGroup(mail, groups);
        if (sent.isEmpty()) {
            return;
        }
        Username group = sent.get().group().address();
        Username member = sent.get().member().address();
        MimeMessage message = mail.getMessage();
        // never forward a client's claim of who sent it; the Sent copy gets the server's
        message.removeHeader(SENT_BY_HEADER);
        Optional<String> signature = sent.get().group().signature();
        if (signature.isPresent()) {
            try {
                GroupSignature.apply(message, signature.get());
            } catch (java.io.IOException e) {
                throw new MessagingException("Cannot read the body to sign it", e);
            }
        }
        message.saveChanges();
        MailboxSession session = mailboxManager.createSystemSession(group);
        try {
            storeSentCopy(message, member, group, session);
            markAnswered(message, member, group, session);
        } catch (MailboxException e) {
            throw new MessagingException("Could not file the mail sent as " + group.asString(), e);
        }
        LOGGER.info("{} sent {} as group {}", member.asString(), message.getMessageID(), group.asString());
        audit.sent(group, member, loginMethod(mail), DeliveryJournal.Delivery.spooledName(mail.getName()), Optional.ofNullable(message.getMessageID()).orElse(""),
            Optional.ofNullable(message.getSubject()).orElse(""), mail.getRecipients().size());
    }

    /** How the member authenticated at submission: with an app password for the group, or as themself. */
    private static String loginMethod(Mail mail) {
        return mail.getAttribute(AttributeName.of(GroupAccountAuthHook.LOGIN_METHOD_ATTRIBUTE))
            .map(attribute -> String.valueOf(attribute.getValue().getValue()))
            .orElse("member-account");
    }

    private void storeSentCopy(MimeMessage message, Username member, Username group, MailboxSession session)
        throws MessagingException, MailboxException {
        MessageManager sentFolder = mailboxManager.getMailbox(MailboxPath.forUser(group, GroupReconciler.SENT), session);
        String messageId = message.getMessageID();
        if (messageId != null && !find(sentFolder, messageId, session).isEmpty()) {
            return;
        }
        MimeMessage copy = new MimeMessage(message);
        copy.setHeader(SENT_BY_HEADER, member.asString());
        copy.saveChanges();
        if (messageId != null) {
            copy.setHeader("Message-ID", messageId); // saveChanges must not give the copy a new identity
        }
        sentFolder.appendMessage(MessageManager.AppendCommand.builder()
            .withFlags(new Flags(Flags.Flag.SEEN))
            .build(bytes(copy)), session);
        sentCopies.increment();
    }

    private void markAnswered(MimeMessage message, Username member, Username group, MailboxSession session)
        throws MessagingException, MailboxException {
        List<String> answered = new ArrayList<>();
        Optional.ofNullable(message.getHeader("In-Reply-To", " ")).ifPresent(value -> answered.addAll(messageIds(value)));
        Optional.ofNullable(message.getHeader("References", " ")).ifPresent(value -> answered.addAll(messageIds(value)));
        if (answered.isEmpty()) {
            return;
        }
        MessageManager inbox = mailboxManager.getMailbox(MailboxPath.forUser(group, GroupReconciler.INBOX), session);
        Flags flags = new Flags(Flags.Flag.ANSWERED);
        flags.add(ANSWERED_BY_PREFIX + member.getLocalPart());
        for (String messageId : answered.stream().distinct().toList()) {
            for (MessageUid uid : find(inbox, messageId, session)) {
                inbox.setFlags(flags, MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
                answeredMarks.increment();
            }
        }
    }

    private static List<MessageUid> find(MessageManager folder, String messageId, MailboxSession session) throws MailboxException {
        return Flux.from(folder.search(SearchQuery.of(SearchQuery.headerContains("Message-ID", messageId)), session))
            .collectList()
            .block();
    }

    private static List<String> messageIds(String header) {
        List<String> ids = new ArrayList<>();
        int start = header.indexOf('<');
        while (start >= 0) {
            int end = header.indexOf('>', start);
            if (end < 0) {
                break;
            }
            ids.add(header.substring(start, end + 1));
            start = header.indexOf('<', end);
        }
        return ids;
    }

    private static byte[] bytes(MimeMessage message) throws MessagingException {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new MessagingException("Cannot serialise the message", e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Group Sent copy and answered marks";
    }
}
