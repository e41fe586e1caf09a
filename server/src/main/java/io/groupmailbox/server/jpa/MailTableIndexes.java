package io.groupmailbox.server.jpa;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.backends.jpa.EntityManagerUtils;
import org.apache.james.lifecycle.api.Startable;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes on James's mailbox tables that its 3.8.1 JPA schema lacks, created at start when missing (once, on an
 * existing database: the time to index the table), on Derby and PostgreSQL alike.
 * <ul>
 *   <li>{@code JAMES_MAIL}: SELECT finds a mailbox's first unseen message and its \Recent messages by an index probe
 *   (see {@link OneTransactionAppendMessageMapper}). James indexes {@code MAIL_IS_SEEN} and {@code MAIL_IS_RECENT}
 *   alone, so each SELECT read every row of the mailbox: 12 ms at 1,000 messages, 135 ms at 20,000.</li>
 *   <li>{@code JAMES_MAILBOX}: a mailbox is found by its path (user, namespace, name; a LIST by user and a name
 *   prefix) without reading every mailbox of every user. Such a scan also waited for each mailbox row locked by an
 *   append until that append committed, so deliveries to different users waited for each other.</li>
 * </ul>
 */
public class MailTableIndexes implements Startable {

    private static final Logger LOGGER = LoggerFactory.getLogger(MailTableIndexes.class);
    static final List<Index> INDEXES = List.of(
        new Index("GM_MAIL_UNSEEN", "JAMES_MAIL", "MAILBOX_ID, MAIL_IS_SEEN, MAIL_UID"),
        new Index("GM_MAIL_RECENT", "JAMES_MAIL", "MAILBOX_ID, MAIL_IS_RECENT, MAIL_UID"),
        new Index("GM_MAILBOX_PATH", "JAMES_MAILBOX", "USER_NAME, MAILBOX_NAMESPACE, MAILBOX_NAME"));

    record Index(String name, String table, String columns) {
    }

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public MailTableIndexes(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    public void createMissing() throws SQLException {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            // On a new database, OpenJPA creates James's tables when the mapping is first used.
            entityManager.createNamedQuery("countMessagesInMailbox").setParameter("idParam", 0L).getSingleResult();
            entityManager.getTransaction().begin();
            Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
            for (Index index : INDEXES) {
                if (!existingIndexes(connection.getMetaData(), index.table()).contains(index.name())) {
                    LOGGER.info("Creating index {} on {} ({})", index.name(), index.table(), index.columns());
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("CREATE INDEX " + index.name() + " ON " + index.table() + " (" + index.columns() + ")");
                    }
                }
            }
            entityManager.getTransaction().commit();
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    private static Set<String> existingIndexes(DatabaseMetaData metaData, String table) throws SQLException {
        String stored = metaData.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
        Set<String> names = new HashSet<>();
        try (ResultSet indexes = metaData.getIndexInfo(null, null, stored, false, true)) {
            while (indexes.next()) {
                String name = indexes.getString("INDEX_NAME");
                if (name != null) {
                    names.add(name.toUpperCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
