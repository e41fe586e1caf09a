package io.groupmailbox.server.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.Flags;
import javax.persistence.EntityManager;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import com.google.common.collect.ImmutableList;

/**
 * A UID range of a mailbox's messages as {@link LeanMessage}s: one query for the rows (with the header's bytes when
 * asked), one for their keywords, over the entity manager's own JDBC connection. What a FETCH of metadata and
 * headers needs (a first sync: {@code FETCH 1:* (UID FLAGS ENVELOPE RFC822.SIZE)}) without OpenJPA building an
 * entity, with its MIME properties and keywords, per message.
 */
final class MessageRows {

    private static final String COLUMNS = "MAIL_UID, MAIL_MODSEQ, " + String.join(", ", FlagRows.SYSTEM_COLUMNS)
        + ", MAIL_DATE, MAIL_CONTENT_OCTETS_COUNT, MAIL_BODY_START_OCTET, MAIL_MIME_TYPE, MAIL_MIME_SUBTYPE,"
        + " MAIL_TEXTUAL_LINE_COUNT";
    private static final String RANGE = " FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ? ORDER BY MAIL_UID";
    private static final String KEYWORDS = "SELECT MAIL_UID, USERFLAG_NAME FROM JAMES_MAIL_USERFLAG"
        + " WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ?";

    private MessageRows() {
    }

    static List<MailboxMessage> read(EntityManager entityManager, MailboxId mailboxId, long rawMailboxId, MessageRange range,
                                     int limit, boolean withHeader, LeanMessage.Loader loader) throws MailboxException {
        long from = range.getUidFrom().asLong();
        long to = range.getUidTo().asLong();
        Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
        try {
            Map<Long, Flags> keywords = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(KEYWORDS)) {
                statement.setLong(1, rawMailboxId);
                statement.setLong(2, from);
                statement.setLong(3, to);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        keywords.computeIfAbsent(rows.getLong(1), uid -> new Flags()).add(rows.getString(2));
                    }
                }
            }
            ImmutableList.Builder<MailboxMessage> messages = ImmutableList.builder();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + (withHeader ? ", HEADER_BYTES" : "") + RANGE)) {
                statement.setLong(1, rawMailboxId);
                statement.setLong(2, from);
                statement.setLong(3, to);
                if (limit > 0) {
                    statement.setMaxRows(limit);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long uid = rows.getLong(1);
                        Flags flags = keywords.containsKey(uid) ? new Flags(keywords.get(uid)) : new Flags();
                        for (int i = 0; i < FlagRows.SYSTEM_FLAGS.length; i++) {
                            if (rows.getBoolean(3 + i)) {
                                flags.add(FlagRows.SYSTEM_FLAGS[i]);
                            }
                        }
                        int column = 3 + FlagRows.SYSTEM_FLAGS.length;
                        Date internalDate = new Date(rows.getTimestamp(column).getTime());
                        long size = rows.getLong(column + 1);
                        int bodyStartOctet = rows.getInt(column + 2);
                        String mediaType = rows.getString(column + 3);
                        String subType = rows.getString(column + 4);
                        long lines = rows.getLong(column + 5);
                        Long textualLineCount = rows.wasNull() ? null : lines;
                        Optional<byte[]> header = withHeader ? Optional.of(rows.getBytes(column + 6)) : Optional.empty();
                        messages.add(new LeanMessage(mailboxId, MessageUid.of(uid), ModSeq.of(rows.getLong(2)), flags,
                            internalDate, size, bodyStartOctet, mediaType, subType, textualLineCount, header, loader));
                    }
                }
            }
            return messages.build();
        } catch (SQLException e) {
            throw new MailboxException("Unable to read messages " + range + " of mailbox " + mailboxId.serialize(), e);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // OpenJPA's handle on the entity manager's connection: nothing was held open
            }
        }
    }
}
