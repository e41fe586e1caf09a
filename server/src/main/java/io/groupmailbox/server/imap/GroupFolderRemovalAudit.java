package io.groupmailbox.server.imap;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.login.GroupLogin;

/**
 * Audits messages leaving a group's folders: who (the member acting as the group, or in their own session), which
 * folder, how many, which Message-IDs.
 * <ul>
 *   <li>expunge (EXPUNGE, CLOSE, UID EXPUNGE) and move out (MOVE, to a folder named as the member sees it) are
 *   recorded by the mailbox layer ({@link GroupFolderMessageManager}, {@link GroupAwareMailboxManager}), which reads
 *   the Message-IDs of the first {@link GroupAudit#MAX_LISTED} messages (their headers only) before they are gone;
 *   a move is one entry, not also an expunge; a COPY takes nothing away and is not recorded;</li>
 *   <li>the deletion of a group folder is recorded from James's event, with the number of messages it held.</li>
 * </ul>
 * Nothing is read or written for mail arriving in a group folder.
 */
public class GroupFolderRemovalAudit implements EventListener.GroupEventListener {

    public static class RemovalAuditGroup extends Group {
    }

    private final GroupRepository groups;
    private final GroupLoginSessionProvider sessions;
    private final GroupAudit audit;

    @Inject
    public GroupFolderRemovalAudit(GroupRepository groups, GroupLoginSessionProvider sessions, GroupAudit audit) {
        this.groups = groups;
        this.sessions = sessions;
        this.audit = audit;
    }

    @Override
    public Group getDefaultGroup() {
        return new RemovalAuditGroup();
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvents.MailboxDeletion;
    }

    @Override
    public void event(Event event) {
        MailboxEvents.MailboxDeletion deletion = (MailboxEvents.MailboxDeletion) event;
        Username owner = deletion.getMailboxPath().getUser();
        if (groups.get(owner).isEmpty()) {
            return;
        }
        Optional<GroupLogin> login = sessions.groupLogin(deletion.getSessionId());
        Username member = login.map(GroupLogin::member).orElse(deletion.getUsername());
        audit.removed(owner, member, "delete", method(login, member, owner), deletion.getMailboxPath().getName(),
            Optional.empty(), deletion.getDeletedMessageCount().asLong(), List.of());
    }

    /** Whether messages leaving {@code mailbox} are audited: it is a group's folder. */
    boolean isGroupFolder(Mailbox mailbox) {
        return groups.get(mailbox.getUser()).isPresent();
    }

    /** Records an expunge of {@code expunged} from the group folder {@code mailbox}; {@code messageIds} read before. */
    void expunged(Mailbox mailbox, MailboxSession session, List<MessageUid> expunged, Map<MessageUid, String> messageIds) {
        if (!expunged.isEmpty()) {
            record(mailbox, session, "expunge", Optional.empty(), expunged.size(),
                expunged.stream().map(messageIds::get).filter(java.util.Objects::nonNull).toList());
        }
    }

    /**
     * Before a MOVE from {@code source}: empty unless it is a group folder; otherwise what to record once the move is
     * done, with the Message-IDs of the first messages of {@code set}, read now.
     */
    Optional<PendingMove> beforeMove(MessageManager source, MessageManager target, MessageRange set, MailboxSession session,
                                     MessageMapper mapper) throws MailboxException {
        Mailbox from = source.getMailboxEntity();
        if (!isGroupFolder(from)) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>(messageIds(mapper, from, List.of(set)).values());
        return Optional.of(new PendingMove(from, target.getMailboxPath().getName(), session, ids));
    }

    /** A MOVE out of a group folder, recorded when it is done. */
    final class PendingMove {
        private final Mailbox from;
        private final String to;
        private final MailboxSession session;
        private final List<String> messageIds;

        private PendingMove(Mailbox from, String to, MailboxSession session, List<String> messageIds) {
            this.from = from;
            this.to = to;
            this.session = session;
            this.messageIds = messageIds;
        }

        /** {@code moved}: the UIDs the messages got in the target. */
        void done(List<MessageRange> moved) {
            long count = moved.stream().mapToLong(range -> range.getUidTo().asLong() - range.getUidFrom().asLong() + 1).sum();
            if (count > 0) {
                record(from, session, "move", Optional.of(to), count, messageIds);
            }
        }
    }

    /**
     * The Message-ID header of the first {@link GroupAudit#MAX_LISTED} messages of {@code ranges} in {@code mailbox}, by
     * UID: one query per range, for their headers only.
     */
    static Map<MessageUid, String> messageIds(MessageMapper mapper, Mailbox mailbox, List<MessageRange> ranges) throws MailboxException {
        Map<MessageUid, String> found = new TreeMap<>();
        for (MessageRange range : ranges) {
            Iterator<MailboxMessage> messages = mapper.findInMailbox(mailbox, range, MessageMapper.FetchType.HEADERS,
                GroupAudit.MAX_LISTED - found.size());
            while (messages.hasNext() && found.size() < GroupAudit.MAX_LISTED) {
                MailboxMessage message = messages.next();
                messageId(message).ifPresent(id -> found.put(message.getUid(), id));
            }
            if (found.size() >= GroupAudit.MAX_LISTED) {
                break;
            }
        }
        return found;
    }

    /** The first {@link GroupAudit#MAX_LISTED} of {@code uids}, as ranges to read. */
    static List<MessageRange> firstListed(List<MessageUid> uids) {
        return MessageRange.toRanges(uids.stream().sorted().limit(GroupAudit.MAX_LISTED).toList());
    }

    private static Optional<String> messageId(MailboxMessage message) {
        try (InputStream headers = message.getHeaderContent()) {
            String[] values = new InternetHeaders(headers).getHeader("Message-ID");
            return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0].trim());
        } catch (IOException | MessagingException e) {
            return Optional.empty();
        }
    }

    private void record(Mailbox mailbox, MailboxSession session, String action, Optional<String> to, long count,
                        List<String> messageIds) {
        Username owner = mailbox.getUser();
        Optional<GroupLogin> login = ActingMembers.of(session);
        Username member = login.map(GroupLogin::member).orElse(session.getUser());
        audit.removed(owner, member, action, method(login, member, owner), mailbox.getName(), to, count, messageIds);
    }

    private static String method(Optional<GroupLogin> login, Username member, Username owner) {
        return login.map(found -> found.method().asString()).orElse(member.equals(owner) ? "group-account" : "member-account");
    }
}
