package io.groupmailbox.server.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;

import javax.mail.Flags.Flag;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.openjpa.persistence.OpenJPAPersistence;

/**
 * What a SEARCH asks of a mailbox's message rows: the UIDs of all its messages, and of those with or without a
 * flag, a keyword or a mod-sequence. These rows are what a STORE commits, so an answer read here is never behind
 * the flags that FETCH and STATUS show. James 3.8.1's JPA schema, read with plain SQL on one connection per search.
 */
final class MailboxRows implements AutoCloseable {

    private static final Map<Flag, String> COLUMNS = Map.of(
        Flag.ANSWERED, "MAIL_IS_ANSWERED",
        Flag.DELETED, "MAIL_IS_DELETED",
        Flag.DRAFT, "MAIL_IS_DRAFT",
        Flag.FLAGGED, "MAIL_IS_FLAGGED",
        Flag.RECENT, "MAIL_IS_RECENT",
        Flag.SEEN, "MAIL_IS_SEEN");

    private final EntityManager entityManager;
    private final Connection connection;
    private final long mailboxId;
    private UidSet all;

    MailboxRows(EntityManagerFactory entityManagerFactory, long mailboxId) {
        this.entityManager = entityManagerFactory.createEntityManager();
        this.connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
        this.mailboxId = mailboxId;
    }

    /** Every message of the mailbox, read once per search. */
    UidSet all() throws MailboxException {
        if (all == null) {
            all = uids("SELECT MAIL_UID FROM JAMES_MAIL WHERE MAILBOX_ID = ?");
        }
        return all;
    }

    UidSet withFlag(Flag flag, boolean set) throws MailboxException {
        String column = COLUMNS.get(flag);
        if (column == null) {
            throw new MailboxException("Unknown flag " + flag);
        }
        // the index on (MAILBOX_ID, MAIL_IS_SEEN, MAIL_UID) answers SEEN and UNSEEN by a probe
        return uids("SELECT MAIL_UID FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND " + column + " = ?", set);
    }

    UidSet withKeyword(String keyword) throws MailboxException {
        return uids("SELECT MAIL_UID FROM JAMES_MAIL_USERFLAG WHERE MAILBOX_ID = ? AND USERFLAG_NAME = ?", keyword);
    }

    /** Messages whose mod-sequence compares to {@code value} as {@code operator} ("=", "<" or ">") says. */
    UidSet withModSeq(String operator, long value) throws MailboxException {
        return uids("SELECT MAIL_UID FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_MODSEQ " + operator + " ?", value);
    }

    private UidSet uids(String sql, Object... parameters) throws MailboxException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, mailboxId);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 2, parameters[i]);
            }
            long[] uids = new long[1024];
            int count = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (count == uids.length) {
                        uids = Arrays.copyOf(uids, count * 2);
                    }
                    uids[count++] = rows.getLong(1);
                }
            }
            return UidSet.of(uids, count);
        } catch (SQLException e) {
            throw new MailboxException("Unable to search the messages of mailbox " + mailboxId, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the connection goes back to the pool; nothing was written
        } finally {
            entityManager.close();
        }
    }
}
