package io.groupmailbox.server.jpa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.inject.Provider;
import javax.mail.Flags;
import javax.mail.Flags.Flag;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.jpa.mail.model.openjpa.AbstractJPAMailboxMessage;
import org.apache.james.mailbox.jpa.mail.model.openjpa.JPAMailboxMessage;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;

import com.google.common.collect.ImmutableList;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import io.groupmailbox.server.quota.AtomicCurrentQuotaManager;
import io.groupmailbox.server.quota.UsageCountedOnStoreQuotaUpdater;
import io.groupmailbox.server.search.AppendedMessages;

/**
 * James's JPA message mapper, except that an append takes its UID and mod-sequence in the transaction that
 * stores the message. James 3.8.1 allocates each in a transaction of its own: three commits, so three log
 * flushes, per append, all inside the mailbox's write lock, which is what bounds delivery to one hot mailbox
 * (a group INBOX). One atomic {@code UPDATE … SET last = last + 1} also closes the lost-update window of
 * James's read-increment-write allocation; its row lock, held to the commit, orders concurrent writers of the
 * same mailbox on every node that shares the database.
 *
 * <p>An append that stores a spooled mail (a delivery) also records it in the {@link JpaDeliveryJournal}, in the
 * same transaction, so that a redelivered mail is never stored twice.
 *
 * <p>Each message stored (appended, copied or moved here) is added to its quota root's usage in the transaction
 * that stores it, so that no crash can store a message without counting it ({@link UsageCountedOnStoreQuotaUpdater}
 * then no longer adds it after the commit, as James's listener does).
 *
 * <p>Once the transaction has committed, the stored messages are handed to the search index of this node
 * ({@link AppendedMessages}), which then need not read them back.
 *
 * <p>What SELECT asks for, the first unseen message and the \Recent ones, is an index probe on
 * {@link MailTableIndexes}: James's queries read every message of the mailbox. Clearing \Recent, which the first
 * SELECT after an inflow does, is one UPDATE ({@link #resetRecent}); a STORE over a range is a few
 * ({@link BulkFlagUpdate}).
 */
class OneTransactionAppendMessageMapper extends JPAMessageMapper {

    private static final String CONSUME_UID_AND_MOD_SEQ = "UPDATE JAMES_MAILBOX"
        + " SET MAILBOX_LAST_UID = MAILBOX_LAST_UID + 1, MAILBOX_HIGHEST_MODSEQ = MAILBOX_HIGHEST_MODSEQ + 1"
        + " WHERE MAILBOX_ID = ?";
    private static final String READ_UID_AND_MOD_SEQ = "SELECT MAILBOX_LAST_UID, MAILBOX_HIGHEST_MODSEQ FROM JAMES_MAILBOX"
        + " WHERE MAILBOX_ID = ?";
    private static final String FIRST_UNSEEN_UID = "SELECT MIN(MAIL_UID) FROM JAMES_MAIL"
        + " WHERE MAILBOX_ID = ? AND MAIL_IS_SEEN = ?";
    private static final String RECENT_UIDS = "SELECT MAIL_UID FROM JAMES_MAIL"
        + " WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = ? ORDER BY MAIL_UID";

    private static final String NEXT_MOD_SEQ = "UPDATE JAMES_MAILBOX"
        + " SET MAILBOX_HIGHEST_MODSEQ = MAILBOX_HIGHEST_MODSEQ + 1 WHERE MAILBOX_ID = ?";
    private static final String READ_MOD_SEQ = "SELECT MAILBOX_HIGHEST_MODSEQ FROM JAMES_MAILBOX WHERE MAILBOX_ID = ?";
    private static final String RECENT_MESSAGES = "SELECT MAIL_UID, MAIL_IS_ANSWERED, MAIL_IS_DELETED, MAIL_IS_DRAFT,"
        + " MAIL_IS_FLAGGED, MAIL_IS_SEEN FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = ?";
    private static final String RECENT_KEYWORDS = "SELECT f.MAIL_UID, f.USERFLAG_NAME FROM JAMES_MAIL_USERFLAG f"
        + " JOIN JAMES_MAIL m ON m.MAILBOX_ID = f.MAILBOX_ID AND m.MAIL_UID = f.MAIL_UID"
        + " WHERE m.MAILBOX_ID = ? AND m.MAIL_IS_RECENT = ?";
    private static final String CLEAR_RECENT = "UPDATE JAMES_MAIL SET MAIL_IS_RECENT = ?, MAIL_MODSEQ = ?"
        + " WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = ?";

    private final MailboxSession session;
    private final JpaDeliveryJournal deliveries;
    private final AppendedMessages appendedMessages;
    private final Provider<QuotaRootResolver> quotaRoots;
    private final AtomicCurrentQuotaManager usage;
    /** Stored in the open transaction, handed over at its commit. */
    private final List<AppendedMessages.Appended> uncommitted = new ArrayList<>();
    /** Messages and bytes stored per quota root in the open transaction, added to the usage at its commit (sorted:
     * one lock order for all). */
    private final SortedMap<QuotaRoot, long[]> uncountedUsage = new TreeMap<>(Comparator.comparing(QuotaRoot::getValue));

    OneTransactionAppendMessageMapper(MailboxSession session, JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                                      EntityManagerFactory entityManagerFactory, JpaDeliveryJournal deliveries,
                                      AppendedMessages appendedMessages, Provider<QuotaRootResolver> quotaRoots,
                                      AtomicCurrentQuotaManager usage) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
        this.session = session;
        this.deliveries = deliveries;
        this.appendedMessages = appendedMessages;
        this.quotaRoots = quotaRoots;
        this.usage = usage;
    }

    /** Called inside the transaction that {@code execute} opened around the append. */
    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        try {
            int updated = getEntityManager().createNativeQuery(CONSUME_UID_AND_MOD_SEQ)
                .setParameter(1, mailboxId)
                .executeUpdate();
            if (updated != 1) {
                throw new MailboxException("Mailbox " + mailbox.generateAssociatedPath() + " no longer exists");
            }
            Object[] uidAndModSeq = (Object[]) getEntityManager().createNativeQuery(READ_UID_AND_MOD_SEQ)
                .setParameter(1, mailboxId)
                .getSingleResult();
            message.setUid(MessageUid.of(((Number) uidAndModSeq[0]).longValue()));
            message.setModSeq(ModSeq.of(((Number) uidAndModSeq[1]).longValue()));
        } catch (PersistenceException e) {
            throw new MailboxException("Unable to allocate a UID in mailbox " + mailbox.generateAssociatedPath(), e);
        }
        // What James's save() stores, built here so that its bytes can also be handed to the search index. The
        // mailbox is a reference: the row was just updated, reading it back (as save() does) would be a wasted query.
        JPAMailboxMessage stored = new JPAMailboxMessage(getEntityManager().getReference(JPAMailbox.class, mailboxId),
            message.getUid(), message.getModSeq(), message);
        stored.setFlags(message.createFlags());
        try {
            getEntityManager().persist(stored);
            deliveries.recordAppend(session, getEntityManager(), mailboxId, message.getUid().asLong());
        } catch (PersistenceException | IllegalArgumentException e) {
            throw new MailboxException("Save of message " + message + " failed in mailbox " + mailbox.generateAssociatedPath(), e);
        }
        MessageMetaData metaData = stored.metaData();
        countUsage(mailbox, metaData.getSize());
        if (AppendedMessages.handsOver(stored.getFullContentOctets())) {
            uncommitted.add(new AppendedMessages.Appended(mailbox, handOverCopy(mailbox, stored)));
        }
        return metaData;
    }

    /** Also what a move stores: James's {@code move} copies, then deletes the original. */
    @Override
    public MessageMetaData copy(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        MessageMetaData copied = super.copy(mailbox, original);
        countUsage(mailbox, copied.getSize());
        return copied;
    }

    private void countUsage(Mailbox mailbox, long size) throws MailboxException {
        uncountedUsage.merge(quotaRoots.get().getQuotaRoot(mailbox.generateAssociatedPath()), new long[] {1, size},
            (counted, added) -> new long[] {counted[0] + added[0], counted[1] + added[1]});
    }

    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) throws MailboxException {
        try {
            Object uid = getEntityManager().createNativeQuery(FIRST_UNSEEN_UID)
                .setParameter(1, ((JPAId) mailbox.getMailboxId()).getRawId())
                .setParameter(2, false)
                .getSingleResult();
            return uid == null ? null : MessageUid.of(((Number) uid).longValue());
        } catch (PersistenceException e) {
            throw new MailboxException("Search of the first unseen message failed in mailbox " + mailbox.generateAssociatedPath(), e);
        }
    }

    @Override
    public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) throws MailboxException {
        try {
            List<?> uids = getEntityManager().createNativeQuery(RECENT_UIDS)
                .setParameter(1, ((JPAId) mailbox.getMailboxId()).getRawId())
                .setParameter(2, true)
                .getResultList();
            return uids.stream()
                .map(uid -> MessageUid.of(((Number) uid).longValue()))
                .collect(ImmutableList.toImmutableList());
        } catch (PersistenceException e) {
            throw new MailboxException("Search of recent messages failed in mailbox " + mailbox.generateAssociatedPath(), e);
        }
    }

    /**
     * Clears \Recent of all the mailbox's messages at once (the first SELECT after an inflow): one UPDATE and one
     * mod-sequence, as James gives one mod-sequence to all the messages of a flag update. James loads, changes and
     * writes each message as an entity: about 3 ms per message, 15 s for 5,000 new messages on this machine.
     */
    @Override
    public List<UpdatedFlags> resetRecent(Mailbox mailbox) throws MailboxException {
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        Transaction<List<UpdatedFlags>> clear = () -> {
            try {
                // the mailbox row first: an append waits for it, so no new recent message comes in between
                getEntityManager().createNativeQuery(NEXT_MOD_SEQ).setParameter(1, mailboxId).executeUpdate();
                ModSeq modSeq = ModSeq.of(((Number) getEntityManager().createNativeQuery(READ_MOD_SEQ)
                    .setParameter(1, mailboxId).getSingleResult()).longValue());
                List<?> rows = getEntityManager().createNativeQuery(RECENT_MESSAGES)
                    .setParameter(1, mailboxId).setParameter(2, true).getResultList();
                if (rows.isEmpty()) {
                    return ImmutableList.<UpdatedFlags>of();
                }
                Map<Long, Flags> keywords = new HashMap<>();
                for (Object row : getEntityManager().createNativeQuery(RECENT_KEYWORDS)
                        .setParameter(1, mailboxId).setParameter(2, true).getResultList()) {
                    Object[] columns = (Object[]) row;
                    keywords.computeIfAbsent(((Number) columns[0]).longValue(), uid -> new Flags()).add((String) columns[1]);
                }
                getEntityManager().createNativeQuery(CLEAR_RECENT)
                    .setParameter(1, false).setParameter(2, modSeq.asLong()).setParameter(3, mailboxId).setParameter(4, true)
                    .executeUpdate();
                ImmutableList.Builder<UpdatedFlags> updated = ImmutableList.builder();
                for (Object row : rows) {
                    Object[] columns = (Object[]) row;
                    long uid = ((Number) columns[0]).longValue();
                    Flags newFlags = new Flags(keywords.getOrDefault(uid, new Flags()));
                    Flag[] system = {Flag.ANSWERED, Flag.DELETED, Flag.DRAFT, Flag.FLAGGED, Flag.SEEN};
                    for (int i = 0; i < system.length; i++) {
                        if (isSet(columns[i + 1])) {
                            newFlags.add(system[i]);
                        }
                    }
                    Flags oldFlags = new Flags(newFlags);
                    oldFlags.add(Flag.RECENT);
                    updated.add(UpdatedFlags.builder().uid(MessageUid.of(uid)).modSeq(modSeq)
                        .oldFlags(oldFlags).newFlags(newFlags).build());
                }
                return updated.build();
            } catch (PersistenceException e) {
                throw new MailboxException("Unable to clear \\Recent in mailbox " + mailbox.generateAssociatedPath(), e);
            }
        };
        // James calls it inside the SELECT's transaction, or alone
        return getEntityManager().getTransaction().isActive() ? clear.run() : execute(clear);
    }

    /** A STORE over a range: a few statements whatever its size ({@link BulkFlagUpdate}). */
    @Override
    public Iterator<UpdatedFlags> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange set)
            throws MailboxException {
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        Transaction<List<UpdatedFlags>> update = () -> {
            try {
                return BulkFlagUpdate.run(getEntityManager(), mailboxId, calculator, set);
            } catch (PersistenceException e) {
                throw new MailboxException("Unable to change flags of " + set + " in mailbox " + mailbox.generateAssociatedPath(), e);
            }
        };
        // James calls it inside the STORE's transaction
        return (getEntityManager().getTransaction().isActive() ? update.run() : execute(update)).iterator();
    }

    /**
     * UID, flags and mod-sequence from plain rows ({@link FlagRows}): what a flag resync ({@code UID FETCH 1:* (FLAGS)}),
     * CONDSTORE's UNCHANGEDSINCE and a STORE's MODSEQ answers read. James loads each message as an entity.
     */
    @Override
    public Flux<ComposedMessageIdWithMetaData> listMessagesMetadata(Mailbox mailbox, MessageRange set) {
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        return Flux.defer(() -> Flux.fromIterable(FlagRows.read(getEntityManager(), mailboxId, set)))
            .map(row -> {
                MessageId messageId = new DefaultMessageId();
                return ComposedMessageIdWithMetaData.builder()
                    .composedMessageId(new ComposedMessageId(mailbox.getMailboxId(), messageId, row.uid()))
                    .flags(row.flags())
                    .modSeq(row.modSeq())
                    .threadId(ThreadId.fromBaseMessageId(messageId))
                    .build();
            })
            .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * What asks for metadata or headers only (FETCH of FLAGS, RFC822.SIZE, ENVELOPE, ...) gets messages read as plain
     * rows ({@link MessageRows}); the rest of a message is loaded if something reads it.
     */
    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange set, FetchType type, int max)
            throws MailboxException {
        if (type != FetchType.METADATA && type != FetchType.HEADERS) {
            return super.findInMailbox(mailbox, set, type, max);
        }
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        return MessageRows.read(getEntityManager(), mailbox.getMailboxId(), mailboxId, set, max,
            type == FetchType.HEADERS, uid -> loadWhole(mailbox, mailboxId, uid)).iterator();
    }

    @Override
    public Flux<MailboxMessage> findInMailboxReactive(Mailbox mailbox, MessageRange set, FetchType type, int limit) {
        if (type != FetchType.METADATA && type != FetchType.HEADERS) {
            return super.findInMailboxReactive(mailbox, set, type, limit);
        }
        return Flux.defer(() -> {
            try {
                return Flux.fromIterable(() -> {
                    try {
                        return findInMailbox(mailbox, set, type, limit);
                    } catch (MailboxException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (IllegalStateException e) {
                return Flux.error(e.getCause() == null ? e : e.getCause());
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** The whole message, read in an entity manager of its own: a lean message may be read after its request. */
    private MailboxMessage loadWhole(Mailbox mailbox, long mailboxId, long uid) throws MailboxException {
        EntityManager manager = entityManagerFactory.createEntityManager();
        try {
            AbstractJPAMailboxMessage.MailboxIdUidKey key = new AbstractJPAMailboxMessage.MailboxIdUidKey();
            key.mailbox = mailboxId;
            key.uid = uid;
            AbstractJPAMailboxMessage stored = manager.find(AbstractJPAMailboxMessage.class, key);
            if (stored == null) {
                throw new MailboxException("Message " + uid + " is no longer in mailbox " + mailbox.generateAssociatedPath());
            }
            SimpleMailboxMessage copy = SimpleMailboxMessage.copy(mailbox.getMailboxId(), stored);
            copy.setUid(stored.getUid());
            copy.setModSeq(stored.getModSeq());
            return copy;
        } catch (PersistenceException e) {
            throw new MailboxException("Unable to read message " + uid + " of mailbox " + mailbox.generateAssociatedPath(), e);
        } finally {
            manager.close();
        }
    }

    private static boolean isSet(Object column) {
        return FlagRows.isSet(column);
    }

    /** A copy that owns its bytes, read while this request's entity manager is still open. */
    private static SimpleMailboxMessage handOverCopy(Mailbox mailbox, JPAMailboxMessage stored) throws MailboxException {
        SimpleMailboxMessage copy = SimpleMailboxMessage.copyWithoutAttachments(mailbox.getMailboxId(), stored);
        copy.setUid(stored.getUid());
        copy.setModSeq(stored.getModSeq());
        return copy;
    }

    /**
     * Writes the usage last, after the messages: the usage row, which every delivery's quota check reads, then stays
     * locked only for the commit itself, as long as James's own usage update after the commit kept it.
     */
    @Override
    protected void commit() throws MailboxException {
        try {
            if (!uncountedUsage.isEmpty()) {
                getEntityManager().flush();
                uncountedUsage.forEach((root, stored) -> usage.addWithin(getEntityManager(), root, stored[0], stored[1]));
            }
        } catch (PersistenceException e) {
            // the mapper's execute rolls the transaction back
            throw new MailboxException("Unable to store the messages or to count them in their quota usage", e);
        }
        uncountedUsage.clear();
        super.commit();
        uncommitted.forEach(appended -> appendedMessages.committed(appended.mailbox(), appended.message()));
        uncommitted.clear();
    }

    @Override
    protected void rollback() throws MailboxException {
        uncommitted.clear();
        uncountedUsage.clear();
        super.rollback();
    }
}
