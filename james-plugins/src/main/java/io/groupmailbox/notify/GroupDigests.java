package io.groupmailbox.notify;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.GroupReconciler;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.group.NotifyMode;

/**
 * Digest notifications ({@code notify="digest"}): at most one summary ({@link GroupDigest}) per interval for each
 * notified member, listing the messages of the group's INBOX above that member's {@link DigestCursors cursor}.
 *
 * <p>A digest is due once the oldest message not yet summarised arrived {@code digestInterval} ago. The cursor is
 * moved (compare-and-set) before the summary is handed to the spool, so two nodes never send the same one; if
 * the hand-over fails, the cursor is moved back and a later pass tries again. Reading is a UID range above the
 * cursor: its cost does not grow with the mailbox. Messages expunged in the meantime are simply not listed.
 */
@Singleton
public class GroupDigests {

    static final String DIGESTS_METRIC = "groupMailbox.digests";
    private static final Logger LOGGER = LoggerFactory.getLogger(GroupDigests.class);

    private final GroupRepository groups;
    private final DigestCursors cursors;
    private final MailboxManager mailboxManager;
    private final MailetContext mailetContext;
    private final Clock clock;
    private final Metric digests;

    @Inject
    public GroupDigests(GroupRepository groups, DigestCursors cursors, @Named("mailboxmanager") MailboxManager mailboxManager,
                        MailetContext mailetContext, Clock clock, MetricFactory metricFactory) {
        this.groups = groups;
        this.cursors = cursors;
        this.mailboxManager = mailboxManager;
        this.mailetContext = mailetContext;
        this.clock = clock;
        this.digests = metricFactory.generate(DIGESTS_METRIC);
    }

    /**
     * Makes the cursors match the definition: a member who should get digests and has no cursor gets one at the
     * INBOX's last UID (no digest of older mail); anyone else's cursor is removed.
     */
    public void follow(GroupDefinition group) throws MailboxException {
        Map<Username, Long> existing = cursors.of(group.address());
        follow(group, existing);
    }

    /** The group is gone: its cursors too. */
    public void forget(Username group) {
        cursors.removeGroup(group);
    }

    /** Sends every digest that is due; answers the shortest digest interval among the groups, if any group has digests. */
    public Optional<Duration> sendDue() {
        Optional<Duration> shortest = Optional.empty();
        for (GroupDefinition group : groups.list()) {
            if (group.notifyMode() != NotifyMode.DIGEST) {
                continue;
            }
            shortest = Optional.of(shortest.filter(interval -> interval.compareTo(group.digestInterval()) <= 0)
                .orElse(group.digestInterval()));
            try {
                sendDue(group);
            } catch (MailboxException | MessagingException | RuntimeException e) {
                LOGGER.warn("Could not send the digests of group {}; the next pass tries again", group.address().asString(), e);
            }
        }
        return shortest;
    }

    private void sendDue(GroupDefinition group) throws MailboxException, MessagingException {
        MailboxSession session = mailboxManager.createSystemSession(group.address());
        MessageManager inbox = mailboxManager.getMailbox(MailboxPath.forUser(group.address(), GroupReconciler.INBOX), session);
        Map<Username, Long> positions = follow(group, cursors.of(group.address()));
        // Members usually share one position; each distinct position is read once.
        Map<Long, List<Username>> membersAt = positions.entrySet().stream()
            .collect(Collectors.groupingBy(Map.Entry::getValue, TreeMap::new, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        Instant now = clock.instant();
        for (Map.Entry<Long, List<Username>> position : membersAt.entrySet()) {
            Optional<Instant> oldestPending = oldestAbove(inbox, position.getKey(), session);
            if (oldestPending.isEmpty() || oldestPending.get().plus(group.digestInterval()).isAfter(now)) {
                continue;
            }
            List<GroupDigest.Entry> pending = readAbove(inbox, position.getKey(), session);
            if (pending.isEmpty()) {
                continue;
            }
            long upTo = pending.get(pending.size() - 1).uid();
            for (Username member : position.getValue()) {
                send(group, member, position.getKey(), upTo, pending);
            }
        }
    }

    private void send(GroupDefinition group, Username member, long from, long upTo, List<GroupDigest.Entry> pending) {
        if (!cursors.advance(group.address(), member, from, upTo)) {
            return; // another node sent this one
        }
        List<GroupDigest.Entry> listed = pending.stream().filter(entry -> entry.listedFor(member)).toList();
        if (listed.isEmpty()) {
            return;
        }
        try {
            mailetContext.sendMail(new MailAddress(group.address().asString()), List.of(new MailAddress(member.asString())),
                GroupDigest.of(group, member, listed));
            digests.increment();
            LOGGER.debug("Digest of {} message(s) of {} sent to {}", listed.size(), group.address().asString(), member.asString());
        } catch (MessagingException | RuntimeException e) {
            cursors.advance(group.address(), member, upTo, from);
            LOGGER.warn("Could not send the digest of {} to {}; the next pass tries again", group.address().asString(), member.asString(), e);
        }
    }

    private Map<Username, Long> follow(GroupDefinition group, Map<Username, Long> existing) throws MailboxException {
        Set<Username> wanted = group.notifyMode() != NotifyMode.DIGEST ? Set.of() : group.members().stream()
            .filter(GroupMember::notified)
            .map(GroupMember::address)
            .collect(Collectors.toSet());
        existing.keySet().stream().filter(member -> !wanted.contains(member))
            .forEach(member -> cursors.remove(group.address(), member));
        List<Username> missing = wanted.stream().filter(member -> !existing.containsKey(member)).toList();
        if (missing.isEmpty()) {
            return existing.entrySet().stream().filter(entry -> wanted.contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
        long lastUid = lastUid(group);
        missing.forEach(member -> cursors.start(group.address(), member, lastUid));
        return cursors.of(group.address());
    }

    private long lastUid(GroupDefinition group) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(group.address());
        MessageManager inbox = mailboxManager.getMailbox(MailboxPath.forUser(group.address(), GroupReconciler.INBOX), session);
        return inbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            EnumSet.of(MessageManager.MailboxMetaData.Item.NextUid)).getUidNext().asLong() - 1;
    }

    /** The arrival of the first message above {@code uid}: one batch of metadata, whatever the size of the mailbox. */
    private static Optional<Instant> oldestAbove(MessageManager inbox, long uid, MailboxSession session) throws MailboxException {
        Iterator<MessageResult> messages = inbox.getMessages(MessageRange.from(MessageUid.of(uid + 1)), FetchGroup.MINIMAL, session);
        return messages.hasNext() ? Optional.of(messages.next().getInternalDate().toInstant()) : Optional.empty();
    }

    private static List<GroupDigest.Entry> readAbove(MessageManager inbox, long uid, MailboxSession session)
        throws MailboxException, MessagingException {
        Iterator<MessageResult> messages = inbox.getMessages(MessageRange.from(MessageUid.of(uid + 1)), FetchGroup.HEADERS, session);
        List<GroupDigest.Entry> entries = new ArrayList<>();
        while (messages.hasNext()) {
            MessageResult message = messages.next();
            try (InputStream headers = message.getHeaders().getInputStream()) {
                entries.add(GroupDigest.Entry.read(message.getUid().asLong(), headers, message.getInternalDate()));
            } catch (IOException e) {
                throw new MailboxException("Cannot read the headers of message " + message.getUid().asLong(), e);
            }
        }
        return entries;
    }
}
