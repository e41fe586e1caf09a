package io.groupmailbox.server.search;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;
import javax.mail.Flags.Flag;
import javax.persistence.EntityManagerFactory;

import org.apache.james.events.Event;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.CustomFlagCriterion;
import org.apache.james.mailbox.model.SearchQuery.FlagCriterion;
import org.apache.james.mailbox.model.SearchQuery.ModSeqCriterion;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mime4j.MimeException;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.FieldCache;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.fge.lambdas.Throwing;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's Lucene index for what is in a message (its text, headers, dates, size), and the message rows of the
 * database for what changes (flags, keywords, mod-sequences).
 *
 * <p>James 3.8.1 keeps each message's flags in a Lucene document and rewrites it on every flag change, one index
 * search per message: about 4 ms each, so clearing \Recent at the first SELECT after 100,000 new messages took
 * 512 s, a "mark all read" 580 s, and SEARCH SEEN answered from documents minutes behind the committed flags. Here
 * flag changes never reach the index; a SEARCH is split into its criteria, the flag ones read from the rows the
 * STORE committed ({@link MailboxRows}), the text ones answered by Lucene ({@link TextQueries}), the others by
 * James's index, and the UID sets combined. Every result is intersected with the mailbox's messages in the
 * database, so an expunged message still in the index is never answered.
 *
 * <p>No result is cut: James stops at 100,000 by default. A search waits until the index has caught up with the
 * store after a start ({@link IndexCatchUp}).
 */
public class FlagsFromStoreSearchIndex extends LuceneMessageSearchIndex {

    private static final Logger LOGGER = LoggerFactory.getLogger(FlagsFromStoreSearchIndex.class);

    private static final String MAILBOX_ID_FIELD = "mailboxid";
    private static final String UID_FIELD = "uid";

    private final EntityManagerFactory entityManagerFactory;
    private final IndexWriter writer;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();

    @Inject
    public FlagsFromStoreSearchIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory,
                                     Directory directory, MessageId.Factory messageIdFactory,
                                     SessionProvider sessionProvider, EntityManagerFactory entityManagerFactory) throws IOException {
        super(factory, mailboxIdFactory, directory, messageIdFactory, sessionProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.writer = writerOf(this);
        setMaxQueryResults(Integer.MAX_VALUE);  // Lucene bounds it by the number of documents
    }

    /** James keeps its writer private; text searches need a reader that sees what it has not committed yet. */
    private static IndexWriter writerOf(LuceneMessageSearchIndex index) {
        try {
            Field field = LuceneMessageSearchIndex.class.getDeclaredField("writer");
            field.setAccessible(true);
            return (IndexWriter) field.get(index);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This James version's Lucene index has no 'writer' field", e);
        }
    }

    IndexWriter writer() {
        return writer;
    }

    void caughtUp() {
        caughtUp.complete(null);
    }

    void catchUpFailed(Throwable failure) {
        caughtUp.completeExceptionally(failure);
    }

    /** James's documents, and the decoded headers when the message has encoded ones. */
    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage message) {
        return super.add(session, mailbox, message)
            .then(Mono.fromRunnable(Throwing.runnable(() -> {
                Optional<Document> decoded = decodedHeaders(message);
                if (decoded.isPresent()) {
                    writer.addDocument(decoded.get());
                }
            }).sneakyThrow()));
    }

    /**
     * The decoded headers are an addition to James's documents, which are written by then: headers that cannot be
     * read give none rather than failing the event, whose retries would write James's documents again.
     */
    private static Optional<Document> decodedHeaders(MailboxMessage message) {
        try {
            return DecodedHeaders.of(message);
        } catch (IOException | MimeException | RuntimeException e) {
            LOGGER.warn("Message {} of mailbox {}: its encoded headers are not indexed decoded: {}", message.getUid().asLong(),
                message.getMailboxId().serialize(), e.toString());
            return Optional.empty();
        }
    }

    /** Flag changes are not indexed: the database answers flag searches. */
    @Override
    public boolean isHandling(Event event) {
        return !(event instanceof FlagsUpdated) && super.isHandling(event);
    }

    @Override
    public Mono<Void> update(MailboxSession session, MailboxId mailboxId, List<UpdatedFlags> updatedFlagsList) {
        return Mono.empty();
    }

    @Override
    public Flux<MessageUid> doSearch(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        caughtUp.join();
        UidSet matching;
        try (MailboxRows rows = new MailboxRows(entityManagerFactory, ((JPAId) mailbox.getMailboxId()).getRawId())) {
            matching = rows.all();
            for (Criterion criterion : searchQuery.getCriteria()) {
                matching = matching.and(evaluate(criterion, session, mailbox, searchQuery, rows));
            }
        }
        if (isByUid(searchQuery.getSorts())) {
            UidSet result = matching;
            return Flux.fromStream(result.stream().mapToObj(MessageUid::of));
        }
        // another order (SORT): James's index orders the mailbox's messages, the matching ones are kept
        UidSet result = matching;
        return super.doSearch(session, mailbox, SearchQuery.builder()
                .andCriterion(SearchQuery.all())
                .sorts(searchQuery.getSorts())
                .build())
            .filter(uid -> result.contains(uid.asLong()))
            .distinct();  // a message with decoded headers has two documents
    }

    private static boolean isByUid(List<SearchQuery.Sort> sorts) {
        return sorts.isEmpty() || (sorts.size() == 1 && sorts.get(0).getSortClause() == SearchQuery.Sort.SortClause.Uid
            && !sorts.get(0).isReverse());
    }

    private UidSet evaluate(Criterion criterion, MailboxSession session, Mailbox mailbox, SearchQuery query,
                            MailboxRows rows) throws MailboxException {
        if (criterion instanceof SearchQuery.AllCriterion) {
            return rows.all();
        }
        if (criterion instanceof SearchQuery.UidCriterion uid) {
            return rows.all().within(uid.getOperator().getRange());
        }
        if (criterion instanceof FlagCriterion flag) {
            boolean set = flag.getOperator().isSet();
            if (flag.getFlag() == Flag.RECENT) {
                // \Recent belongs to the session that saw the message first: the rows still flagged, and the session's
                UidSet recent = rows.withFlag(Flag.RECENT, true).or(UidSet.of(query.getRecentMessageUids().stream()
                    .mapToLong(MessageUid::asLong).toArray()));
                return set ? rows.all().and(recent) : rows.all().minus(recent);
            }
            return rows.withFlag(flag.getFlag(), set);
        }
        if (criterion instanceof CustomFlagCriterion keyword) {
            UidSet with = rows.withKeyword(keyword.getFlag());
            return keyword.getOperator().isSet() ? with : rows.all().minus(with);
        }
        if (criterion instanceof ModSeqCriterion modSeq) {
            long value = modSeq.getOperator().getValue();
            return switch (modSeq.getOperator().getType()) {
                case EQUALS -> rows.withModSeq("=", value);
                case LESS_THAN -> rows.withModSeq("<", value);
                case GREATER_THAN -> rows.withModSeq(">", value);
            };
        }
        if (criterion instanceof ConjunctionCriterion conjunction) {
            return evaluate(conjunction, session, mailbox, query, rows);
        }
        Optional<Query> text = TextQueries.of(criterion);
        if (text.isPresent()) {
            return uidsInIndex(mailbox.getMailboxId(), text.get());
        }
        // dates, sizes, attachments, ids: what does not change once a message is stored, from James's index
        long[] uids = super.doSearch(session, mailbox, SearchQuery.of(criterion))
            .map(MessageUid::asLong)
            .collectList().block()
            .stream().mapToLong(Long::longValue).toArray();
        return UidSet.of(uids);
    }

    private UidSet evaluate(ConjunctionCriterion conjunction, MailboxSession session, Mailbox mailbox, SearchQuery query,
                            MailboxRows rows) throws MailboxException {
        UidSet result;
        switch (conjunction.getType()) {
            case AND -> {
                result = rows.all();
                for (Criterion criterion : conjunction.getCriteria()) {
                    result = result.and(evaluate(criterion, session, mailbox, query, rows));
                }
            }
            case OR -> {
                result = UidSet.EMPTY;
                for (Criterion criterion : conjunction.getCriteria()) {
                    result = result.or(evaluate(criterion, session, mailbox, query, rows));
                }
            }
            case NOR -> {
                UidSet any = UidSet.EMPTY;
                for (Criterion criterion : conjunction.getCriteria()) {
                    any = any.or(evaluate(criterion, session, mailbox, query, rows));
                }
                result = rows.all().minus(any);
            }
            default -> throw new MailboxException("Unknown conjunction " + conjunction.getType());
        }
        return result;
    }

    /** The UIDs of the mailbox's message documents that match, all of them. */
    UidSet uidsInIndex(MailboxId mailboxId, Query query) throws MailboxException {
        BooleanQuery inMailbox = new BooleanQuery();
        inMailbox.add(new TermQuery(new Term(MAILBOX_ID_FIELD, mailboxId.serialize().toUpperCase(Locale.US))), Occur.MUST);
        inMailbox.add(query, Occur.MUST);
        try (IndexSearcher searcher = new IndexSearcher(IndexReader.open(writer, true))) {
            UidCollector collector = new UidCollector();
            searcher.search(inMailbox, collector);
            return collector.uids();
        } catch (IOException e) {
            throw new MailboxException("Unable to search the index", e);
        }
    }

    /** Every matching document's UID, read from the field cache. */
    static final class UidCollector extends Collector {
        private long[] segmentUids;
        private long[] uids = new long[1024];
        private int count;

        @Override
        public void setScorer(Scorer scorer) {
        }

        @Override
        public void collect(int doc) {
            if (count == uids.length) {
                uids = Arrays.copyOf(uids, count * 2);
            }
            uids[count++] = segmentUids[doc];
        }

        @Override
        public void setNextReader(IndexReader reader, int docBase) throws IOException {
            segmentUids = FieldCache.DEFAULT.getLongs(reader, UID_FIELD, FieldCache.NUMERIC_UTILS_LONG_PARSER);
        }

        @Override
        public boolean acceptsDocsOutOfOrder() {
            return true;
        }

        UidSet uids() {
            return UidSet.of(uids, count);
        }
    }
}
