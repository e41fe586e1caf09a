package io.groupmailbox.server.imap;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.Flags;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager.MailboxMetaData.RecentMode;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.InsufficientRightsException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMessageManager;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL.Rfc4314Rights;
import org.apache.james.mailbox.model.MailboxACL.Right;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.BatchSizes;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.reactivestreams.Publisher;

import com.google.common.collect.ImmutableList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A folder opened by someone who does not own it (a group folder opened by a member), with RFC 4314 rights
 * checked right by right ({@link CommandRights}). James 3.8.1 only asks for "any write right" (i, e, t, s or w): with
 * {@code lrs} a reader could append and mark \Deleted. Here APPEND needs {@code i}, \Deleted needs {@code t}, \Seen
 * {@code s}, other flags {@code w}, and SELECT's PERMANENTFLAGS lists only those; without {@code e}, CLOSE removes
 * nothing. The folder also shows the member's name for it ({@code Groups.Support.INBOX}), never the owner's
 * ({@code INBOX}), so STATUS and SELECT answers name it right.
 */
class GroupFolderMessageManager extends OpenJPAMessageManager {

    private final Optional<MailboxPath> shownPath;
    private final StoreRightManager rightManager;
    private final boolean oneCopyPerMessageId;
    private final boolean listedParent;
    private final MailboxSessionMapperFactory mappers;
    private final GroupFolderRemovalAudit removals;

    GroupFolderMessageManager(MailboxSessionMapperFactory mapperFactory, MessageSearchIndex index, EventBus eventBus,
                              MailboxPathLocker locker, Mailbox mailbox, QuotaManager quotaManager,
                              QuotaRootResolver quotaRootResolver, MessageId.Factory messageIdFactory, BatchSizes batchSizes,
                              StoreRightManager rightManager, ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm,
                              Clock clock, Optional<MailboxPath> shownPath, boolean oneCopyPerMessageId,
                              boolean listedParent, GroupFolderRemovalAudit removals) {
        super(mapperFactory, index, eventBus, locker, mailbox, quotaManager, quotaRootResolver, messageIdFactory,
            batchSizes, rightManager, threadIdGuessingAlgorithm, clock);
        this.rightManager = rightManager;
        this.shownPath = shownPath.map(shown -> new MemberViewPath(mailbox.generateAssociatedPath(), shown.getName()));
        this.oneCopyPerMessageId = oneCopyPerMessageId;
        this.listedParent = listedParent;
        this.mappers = mapperFactory;
        this.removals = removals;
    }

    @Override
    public MailboxPath getMailboxPath() {
        return shownPath.orElseGet(super::getMailboxPath);
    }

    /** A {@code \Noselect} parent listed with LIST-STATUS has no status (RFC 5819): nothing is sent for it. */
    @Override
    public Mono<MailboxMetaData> getMetaDataReactive(RecentMode recentMode, MailboxSession session,
                                                     EnumSet<MailboxMetaData.Item> items) throws MailboxException {
        if (listedParent) {
            return Mono.empty();
        }
        // James clears \Recent on SELECT only for a session that may write: a read-only member would get NO
        RecentMode mode = recentMode == RecentMode.RESET && !isWriteable(session) ? RecentMode.RETRIEVE : recentMode;
        return super.getMetaDataReactive(mode, session, items);
    }

    /**
     * What the member may change here (RFC 4314 section 4), so that SELECT's PERMANENTFLAGS promises no more, and
     * SELECT answers {@code [READ-ONLY]} to a member who may change nothing (James derives both from these flags).
     */
    @Override
    public Flags getPermanentFlags(MailboxSession session) {
        Mailbox mailbox = getMailboxEntity();
        if (mailbox.generateAssociatedPath().belongsTo(session)) {
            return super.getPermanentFlags(session);
        }
        return CommandRights.changeableFlags(rightManager.myRights(mailbox, session));
    }

    @Override
    public AppendResult appendMessage(AppendCommand appendCommand, MailboxSession session) throws MailboxException {
        require(session, "APPEND to", CommandRights.APPEND);
        Optional<AppendResult> existing = alreadyFiled(appendCommand, session);
        if (existing.isPresent()) {
            return existing.get();
        }
        return super.appendMessage(appendCommand, session);
    }

    @Override
    public Publisher<AppendResult> appendMessageReactive(AppendCommand appendCommand, MailboxSession session) {
        return Mono.fromCallable(() -> {
                require(session, "APPEND to", CommandRights.APPEND);
                return alreadyFiled(appendCommand, session);
            })
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(existing -> existing.map(Mono::just).orElseGet(() -> Mono.from(super.appendMessageReactive(appendCommand, session))));
    }

    /**
     * In a group's Sent, a member's client that saves its copy after the server filed one (same Message-ID)
     * gets the server's copy back instead of a second one.
     */
    private Optional<AppendResult> alreadyFiled(AppendCommand appendCommand, MailboxSession session) throws MailboxException {
        if (!oneCopyPerMessageId) {
            return Optional.empty();
        }
        Optional<String> messageId = messageId(appendCommand);
        if (messageId.isEmpty()) {
            return Optional.empty();
        }
        List<MessageUid> uids = Flux.from(search(SearchQuery.of(
            SearchQuery.headerContains("Message-ID", messageId.get())), session)).collectList().block();
        if (uids.isEmpty()) {
            return Optional.empty();
        }
        var found = getMessages(MessageRange.one(uids.get(0)), FetchGroup.MINIMAL, session);
        if (!found.hasNext()) {
            return Optional.empty();
        }
        var message = found.next();
        return Optional.of(new AppendResult(new ComposedMessageId(getId(), message.getMessageId(), message.getUid()),
            message.getSize(), Optional.empty(), message.getThreadId()));
    }

    private static Optional<String> messageId(AppendCommand appendCommand) {
        try (InputStream content = appendCommand.getMsgIn().getInputStream()) {
            String[] values = new InternetHeaders(content).getHeader("Message-ID");
            return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0].trim());
        } catch (IOException | MessagingException e) {
            return Optional.empty();
        }
    }

    @Override
    public AppendResult appendMessage(InputStream msgIn, Date internalDate, MailboxSession session, boolean isRecent,
                                      Flags flags) throws MailboxException {
        require(session, "APPEND to", CommandRights.APPEND);
        return super.appendMessage(msgIn, internalDate, session, isRecent, flags);
    }

    @Override
    public Map<MessageUid, Flags> setFlags(Flags flags, FlagsUpdateMode mode, MessageRange set, MailboxSession session)
        throws MailboxException {
        requireFor(flags, mode, session);
        return super.setFlags(flags, mode, set, session);
    }

    @Override
    public Publisher<Map<MessageUid, Flags>> setFlagsReactive(Flags flags, FlagsUpdateMode mode, MessageRange set,
                                                             MailboxSession session) {
        // deferred: James trims the flags to the permanent ones as soon as its publisher is built, before the check
        return Mono.fromCallable(() -> requireFor(flags, mode, session))
            .then(Mono.defer(() -> Mono.from(super.setFlagsReactive(flags, mode, set, session))));
    }

    /**
     * Without the e right, expunging removes nothing: CLOSE then just deselects (RFC 4314 §4). IMAP's EXPUNGE is refused
     * before it gets here ({@link RefusingProcessors}).
     */
    @Override
    public Iterator<MessageUid> expunge(MessageRange set, MailboxSession session) throws MailboxException {
        if (!has(session, Right.PerformExpunge)) {
            return Collections.emptyIterator();
        }
        if (!removals.isGroupFolder(getMailboxEntity())) {
            return super.expunge(set, session);
        }
        Map<MessageUid, String> messageIds = messageIdsMarkedForDeletion(set, session);
        List<MessageUid> expunged = ImmutableList.copyOf(super.expunge(set, session));
        removals.expunged(getMailboxEntity(), session, expunged, messageIds);
        return expunged.iterator();
    }

    @Override
    public Flux<MessageUid> expungeReactive(MessageRange set, MailboxSession session) {
        return Mono.fromCallable(() -> has(session, Right.PerformExpunge))
            .flatMapMany(allowed -> {
                if (!allowed) {
                    return Flux.empty();
                }
                if (!removals.isGroupFolder(getMailboxEntity())) {
                    return super.expungeReactive(set, session);
                }
                return Mono.fromCallable(() -> messageIdsMarkedForDeletion(set, session))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(messageIds -> super.expungeReactive(set, session).collectList()
                        .flatMap(expunged -> Mono.fromRunnable(() -> removals.expunged(getMailboxEntity(), session, expunged, messageIds))
                            .subscribeOn(Schedulers.boundedElastic())
                            .thenReturn(expunged)))
                    .flatMapIterable(expunged -> expunged);
            });
    }

    /** The Message-IDs of the first messages an expunge of {@code set} will remove, read before they are gone. */
    private Map<MessageUid, String> messageIdsMarkedForDeletion(MessageRange set, MailboxSession session) throws MailboxException {
        MessageMapper mapper = mappers.getMessageMapper(session);
        List<MessageUid> marked = mapper.retrieveMessagesMarkedForDeletion(getMailboxEntity(), set);
        return GroupFolderRemovalAudit.messageIds(mapper, getMailboxEntity(), GroupFolderRemovalAudit.firstListed(marked));
    }

    @Override
    public void delete(List<MessageUid> uids, MailboxSession session) throws MailboxException {
        require(session, "EXPUNGE in", CommandRights.EXPUNGE);
        Optional<Map<MessageUid, String>> audited = messageIdsBeforeDeletion(uids, session);
        super.delete(uids, session);
        audited.ifPresent(messageIds -> removals.expunged(getMailboxEntity(), session, uids, messageIds));
    }

    @Override
    public Mono<Void> deleteReactive(List<MessageUid> uids, MailboxSession session) {
        return Mono.fromCallable(() -> {
                require(session, "EXPUNGE in", CommandRights.EXPUNGE);
                return messageIdsBeforeDeletion(uids, session);
            })
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(audited -> super.deleteReactive(uids, session)
                .then(Mono.fromRunnable(() -> audited.ifPresent(messageIds -> removals.expunged(getMailboxEntity(), session, uids, messageIds)))
                    .subscribeOn(Schedulers.boundedElastic())))
            .then();
    }

    /** Empty unless this is a group folder; then the Message-IDs of the first of {@code uids}, read before they are gone. */
    private Optional<Map<MessageUid, String>> messageIdsBeforeDeletion(List<MessageUid> uids, MailboxSession session)
        throws MailboxException {
        if (!removals.isGroupFolder(getMailboxEntity())) {
            return Optional.empty();
        }
        return Optional.of(GroupFolderRemovalAudit.messageIds(mappers.getMessageMapper(session), getMailboxEntity(),
            GroupFolderRemovalAudit.firstListed(uids)));
    }

    private boolean requireFor(Flags flags, FlagsUpdateMode mode, MailboxSession session) throws MailboxException {
        return require(session, "STORE in", CommandRights.toStore(flags, mode));
    }

    private boolean require(MailboxSession session, String action, Rfc4314Rights needed) throws MailboxException {
        Mailbox mailbox = getMailboxEntity();
        if (mailbox.generateAssociatedPath().belongsTo(session)) {
            return true;
        }
        Optional<String> refusal = CommandRights.refusal(action, getMailboxPath().getName(), needed,
            rightManager.myRights(mailbox, session), ActingMembers.who(rightManager, session));
        if (refusal.isPresent()) {
            throw new InsufficientRightsException(refusal.get());
        }
        return true;
    }

    private boolean has(MailboxSession session, Right... rights) {
        Mailbox mailbox = getMailboxEntity();
        return ActingMembers.ownsWithAllRights(mailbox.generateAssociatedPath(), session) || rightManager.myRights(mailbox, session).contains(rights);
    }

    /**
     * The group folder's own path (namespace, owner, name: what equality, James's per-mailbox lock and the quota root
     * use) showing the member's name for it: STATUS answers {@code "Groups.Support.INBOX"}, while a member's APPEND
     * and a delivery to the group take the same lock and count against the group's quota.
     */
    private static final class MemberViewPath extends MailboxPath {
        private final String shownName;

        MemberViewPath(MailboxPath groupPath, String shownName) {
            super(groupPath);
            this.shownName = shownName;
        }

        @Override
        public String getName() {
            return shownName;
        }
    }
}
