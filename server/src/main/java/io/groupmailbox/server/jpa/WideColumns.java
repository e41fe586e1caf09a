package io.groupmailbox.server.jpa;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.EntityManagerUtils;
import org.apache.james.rrt.lib.MappingsImpl;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.smtp.MessageFieldLimits;

/**
 * Columns of James 3.8.1's JPA schema too narrow for ordinary work, widened at start: on a new database right after
 * OpenJPA creates the table, on an existing one in place (an {@code ALTER TABLE}, instant: a VARCHAR grows without
 * rewriting the rows). Each column becomes as wide as a Derby VARCHAR goes (32,672 characters; a CLOB cannot be
 * compared with {@code =}, which James's queries do).
 * <ul>
 *   <li>{@code JAMES_RECIPIENT_REWRITE.TARGET_ADDRESS} (was 100): every mapping of one source (an address group's
 *   members, a user's forwards, a domain's aliases) is stored joined in this one column, so an address group could
 *   not have a fifth member.</li>
 *   <li>{@code JAMES_MAIL_PROPERTY.PROPERTY_VALUE} (was 1,024) and {@code PROPERTY_LOCAL_NAME} (500): the
 *   parameters and values of a message's top-level Content-Type, Content-Disposition, Content-Description,
 *   Content-ID, ...; a multipart with a 2,000-character boundary could not be stored (retried, then the error
 *   repository).</li>
 *   <li>{@code JAMES_MAIL.MAIL_MIME_TYPE} and {@code MAIL_MIME_SUBTYPE} (were 200): the top-level media type.</li>
 *   <li>{@code JAMES_MAIL_USERFLAG.USERFLAG_NAME} (was 500): an IMAP keyword.</li>
 * </ul>
 * A message whose field is longer still is refused at SMTP ({@link MessageFieldLimits}). Mappings stored more than
 * once for one source by earlier repeated additions are merged at the same time.
 */
final class WideColumns {

    private static final Logger LOGGER = LoggerFactory.getLogger(WideColumns.class);
    static final int WIDTH = MessageFieldLimits.MAX_STORED_LENGTH;

    /** {@code entity}: a JPQL entity name of the table, queried once so that OpenJPA creates the table if missing. */
    record Column(String table, String column, String entity) {
    }

    static final List<Column> COLUMNS = List.of(
        new Column("JAMES_RECIPIENT_REWRITE", "TARGET_ADDRESS", "JamesRecipientRewrite"),
        new Column("JAMES_MAIL_PROPERTY", "PROPERTY_VALUE", "Property"),
        new Column("JAMES_MAIL_PROPERTY", "PROPERTY_LOCAL_NAME", "Property"),
        new Column("JAMES_MAIL", "MAIL_MIME_TYPE", "MailboxMessage"),
        new Column("JAMES_MAIL", "MAIL_MIME_SUBTYPE", "MailboxMessage"),
        new Column("JAMES_MAIL_USERFLAG", "USERFLAG_NAME", "UserFlag"));

    private WideColumns() {
    }

    static void widen(EntityManagerFactory entityManagerFactory) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            for (Column column : COLUMNS) {
                entityManager.createQuery("SELECT COUNT(e) FROM " + column.entity() + " e").getSingleResult();
            }
            entityManager.getTransaction().begin();
            Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
            DatabaseMetaData metaData = connection.getMetaData();
            boolean postgres = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            for (Column column : COLUMNS) {
                Optional<Integer> width = width(metaData, column);
                if (width.isPresent() && width.get() < WIDTH) {
                    LOGGER.info("Widening {}.{} from VARCHAR({}) to VARCHAR({})", column.table(), column.column(), width.get(), WIDTH);
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("ALTER TABLE " + column.table() + " ALTER COLUMN " + column.column()
                            + (postgres ? " TYPE" : " SET DATA TYPE") + " VARCHAR(" + WIDTH + ")");
                    }
                }
            }
            mergeRepeatedMappings(connection);
            entityManager.getTransaction().commit();
        } catch (SQLException e) {
            throw new PersistenceException("Could not widen James's columns " + COLUMNS, e);
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    /**
     * Before {@link IdempotentRecipientRewriteTable}, adding a mapping a source already had stored it once more (a
     * repeated {@code PUT /domains/example.fr/aliases/example.com}): each row keeps its mappings once, in order.
     */
    private static void mergeRepeatedMappings(Connection connection) throws SQLException {
        int merged = 0;
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT USER_NAME, DOMAIN_NAME, TARGET_ADDRESS FROM JAMES_RECIPIENT_REWRITE");
             PreparedStatement update = connection.prepareStatement(
                 "UPDATE JAMES_RECIPIENT_REWRITE SET TARGET_ADDRESS = ? WHERE USER_NAME = ? AND DOMAIN_NAME = ?")) {
            while (rows.next()) {
                String stored = rows.getString("TARGET_ADDRESS");
                String once = MappingsImpl.fromMappings(MappingsImpl.fromRawString(stored).asStream().distinct()).serialize();
                if (!once.equals(stored)) {
                    update.setString(1, once);
                    update.setString(2, rows.getString("USER_NAME"));
                    update.setString(3, rows.getString("DOMAIN_NAME"));
                    update.executeUpdate();
                    merged++;
                }
            }
        }
        if (merged > 0) {
            LOGGER.info("Merged the repeated mappings of {} recipient rewrite sources", merged);
        }
    }

    static Optional<Integer> width(DatabaseMetaData metaData, Column column) throws SQLException {
        boolean lower = metaData.storesLowerCaseIdentifiers();
        String table = lower ? column.table().toLowerCase(Locale.ROOT) : column.table();
        String name = lower ? column.column().toLowerCase(Locale.ROOT) : column.column();
        try (ResultSet columns = metaData.getColumns(null, null, table, name)) {
            return columns.next() ? Optional.of(columns.getInt("COLUMN_SIZE")) : Optional.empty();
        }
    }
}
