package io.groupmailbox.server.search;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.SearchUtil;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Index;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.NumericField;

/**
 * A second Lucene document for a message whose headers hold RFC 2047 encoded words ({@code =?UTF-8?Q?...?=}), with
 * those headers decoded. James 3.8.1 indexes header values as they are written, so a subject or a display name in
 * French (or any non-ASCII text) was never found. The document carries the message's mailbox and UID like James's
 * own, so that James's expunge deletes it with them.
 */
final class DecodedHeaders {

    static final String HEADER_PREFIX = "gm_decoded_header_";
    static final String HEADERS = "gm_decoded_headers";

    /**
     * As James's store reads a message: no limit on the length of a line or of the header (mime4j's default refuses a
     * line over 1,000 characters, which mail from the outside has). The builder is not thread-safe: one per thread.
     */
    private static final ThreadLocal<DefaultMessageBuilder> PERMISSIVE = ThreadLocal.withInitial(() -> {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        return builder;
    });

    private DecodedHeaders() {
    }

    static Optional<Document> of(MailboxMessage message) throws IOException, MimeException {
        Header header;
        try (InputStream content = message.getHeaderContent()) {
            header = PERMISSIVE.get().parseHeader(content);
        }
        Document document = new Document();
        boolean decoded = false;
        for (Field field : header.getFields()) {
            String raw = MimeUtil.unfold(field.getBody());
            if (!raw.contains("=?")) {
                continue;
            }
            String value = DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT).toUpperCase(Locale.US);
            String name = field.getName().toUpperCase(Locale.US);
            document.add(new org.apache.lucene.document.Field(HEADER_PREFIX + name, value, Store.NO, Index.ANALYZED));
            document.add(new org.apache.lucene.document.Field(HEADERS, name + ": " + value, Store.NO, Index.ANALYZED));
            decoded = true;
        }
        if (!decoded) {
            return Optional.empty();
        }
        // the fields by which James finds, reads back and deletes a message's documents
        document.add(new org.apache.lucene.document.Field("id", "decoded-" + message.getMailboxId().serialize() + "-"
            + message.getUid().asLong(), Store.YES, Index.NOT_ANALYZED));
        document.add(new org.apache.lucene.document.Field("mailboxid", message.getMailboxId().serialize().toUpperCase(Locale.US),
            Store.YES, Index.NOT_ANALYZED));
        document.add(new NumericField("uid", Store.YES, true).setLongValue(message.getUid().asLong()));
        String messageId = SearchUtil.getSerializedMessageIdIfSupportedByUnderlyingStorageOrNull(message);
        if (messageId != null) {
            document.add(new org.apache.lucene.document.Field("messageid", messageId, Store.YES, Index.NOT_ANALYZED));
        }
        return Optional.of(document);
    }
}
