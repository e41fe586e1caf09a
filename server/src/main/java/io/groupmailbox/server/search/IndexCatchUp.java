package io.groupmailbox.server.search;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.FieldCache;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Scorer;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, indexes the stored messages that the index lacks, before any SEARCH is answered. The index is committed
 * every few seconds ({@link LuceneIndexCommitter}): a server killed in between comes back without the messages it
 * indexed since, and nothing else would ever index them again. Runs on a thread of its own, so the server opens its
 * ports meanwhile; {@link FlagsFromStoreSearchIndex} holds each SEARCH until it is done. An empty index (removed
 * by the admin) is rebuilt the same way.
 */
public class IndexCatchUp implements Startable {

    private static final Logger LOGGER = LoggerFactory.getLogger(IndexCatchUp.class);

    private final FlagsFromStoreSearchIndex index;
    private final EntityManagerFactory entityManagerFactory;
    private final MailboxSessionMapperFactory mapperFactory;
    private final SessionProvider sessionProvider;

    @Inject
    public IndexCatchUp(FlagsFromStoreSearchIndex index, EntityManagerFactory entityManagerFactory,
                        MailboxSessionMapperFactory mapperFactory, SessionProvider sessionProvider) {
        this.index = index;
        this.entityManagerFactory = entityManagerFactory;
        this.mapperFactory = mapperFactory;
        this.sessionProvider = sessionProvider;
    }

    public void start() {
        Thread thread = new Thread(this::run, "search-index-catch-up");
        thread.setDaemon(true);
        thread.start();
    }

    void run() {
        try {
            long started = System.nanoTime();
            Map<Long, UidSet> indexed = indexedMessages();
            int added = 0;
            for (Map.Entry<Long, UidSet> mailbox : storedMessages().entrySet()) {
                UidSet missing = mailbox.getValue().minus(indexed.getOrDefault(mailbox.getKey(), UidSet.EMPTY));
                if (missing.size() > 0) {
                    added += add(mailbox.getKey(), missing);
                }
            }
            LOGGER.info("Search index caught up with the store: {} messages indexed in {} ms", added,
                (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            LOGGER.error("Could not catch the search index up with the store: SEARCH may miss messages stored before the last stop", e);
        } finally {
            index.caughtUp();
        }
    }

    private Map<Long, UidSet> storedMessages() throws SQLException {
        Map<Long, List<Long>> uids = new HashMap<>();
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try (Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT MAILBOX_ID, MAIL_UID FROM JAMES_MAIL");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                uids.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(rows.getLong(2));
            }
        } finally {
            entityManager.close();
        }
        Map<Long, UidSet> sets = new HashMap<>();
        uids.forEach((mailbox, list) -> sets.put(mailbox, UidSet.of(list.stream().mapToLong(Long::longValue).toArray())));
        return sets;
    }

    private Map<Long, UidSet> indexedMessages() throws IOException {
        Map<Long, List<Long>> uids = new HashMap<>();
        BooleanQuery messageDocuments = new BooleanQuery();
        messageDocuments.add(new MatchAllDocsQuery(), Occur.MUST);
        // James keeps each message's flags in a second document, which has a "flags" field
        messageDocuments.add(new PrefixQuery(new Term("flags", "")), Occur.MUST_NOT);
        try (IndexSearcher searcher = new IndexSearcher(IndexReader.open(index.writer(), true))) {
            searcher.search(messageDocuments, new Collector() {
                private String[] mailboxIds;
                private long[] segmentUids;

                @Override
                public void setScorer(Scorer scorer) {
                }

                @Override
                public void collect(int doc) {
                    String mailboxId = mailboxIds[doc];
                    if (mailboxId != null) {
                        uids.computeIfAbsent(Long.parseLong(mailboxId), id -> new ArrayList<>()).add(segmentUids[doc]);
                    }
                }

                @Override
                public void setNextReader(IndexReader reader, int docBase) throws IOException {
                    mailboxIds = FieldCache.DEFAULT.getStrings(reader, "mailboxid");
                    segmentUids = FieldCache.DEFAULT.getLongs(reader, "uid", FieldCache.NUMERIC_UTILS_LONG_PARSER);
                }

                @Override
                public boolean acceptsDocsOutOfOrder() {
                    return true;
                }
            });
        }
        Map<Long, UidSet> sets = new HashMap<>();
        uids.forEach((mailbox, list) -> sets.put(mailbox, UidSet.of(list.stream().mapToLong(Long::longValue).toArray())));
        return sets;
    }

    private int add(long mailboxId, UidSet missing) throws Exception {
        MailboxSession session = sessionProvider.createSystemSession(org.apache.james.core.Username.of("search-index-catch-up"));
        try {
            Mailbox mailbox = mapperFactory.getMailboxMapper(session).findMailboxById(JPAId.of(mailboxId)).block();
            MessageMapper messages = mapperFactory.getMessageMapper(session);
            int added = 0;
            List<MessageUid> uids = missing.stream().mapToObj(MessageUid::of).toList();
            for (MessageRange range : MessageRange.toRanges(uids)) {
                Iterator<MailboxMessage> found = messages.findInMailbox(mailbox, range, MessageMapper.FetchType.FULL, -1);
                while (found.hasNext()) {
                    MailboxMessage message = found.next();
                    if (missing.contains(message.getUid().asLong())) {
                        index.add(session, mailbox, message).block();
                        added++;
                    }
                }
            }
            return added;
        } finally {
            mapperFactory.endProcessingRequest(session);
        }
    }
}
