package io.groupmailbox.server.jpa;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.Properties;

/**
 * A message read as one plain row, for what asks for its metadata or its header only ({@code FETCH 1:* (UID FLAGS
 * RFC822.SIZE)}, {@code ENVELOPE}): UID, mod-sequence, flags, size, dates and MIME type from the row, the header's
 * bytes when they were read. Anything else (the body, the MIME properties, attachments: a COPY or MOVE reads them)
 * is loaded on first use, whole, from the database ({@link Loader}).
 */
final class LeanMessage implements MailboxMessage {

    /** Loads the whole stored message. */
    interface Loader {
        MailboxMessage load(long uid) throws MailboxException;
    }

    private final MailboxId mailboxId;
    private final MessageId messageId = new DefaultMessageId();
    private MessageUid uid;
    private ModSeq modSeq;
    private Flags flags;
    private final Date internalDate;
    private final long size;
    private final int bodyStartOctet;
    private final String mediaType;
    private final String subType;
    private final Long textualLineCount;
    private final Optional<byte[]> header;
    private final Loader loader;
    private MailboxMessage whole;

    LeanMessage(MailboxId mailboxId, MessageUid uid, ModSeq modSeq, Flags flags, Date internalDate, long size,
                int bodyStartOctet, String mediaType, String subType, Long textualLineCount, Optional<byte[]> header,
                Loader loader) {
        this.mailboxId = mailboxId;
        this.uid = uid;
        this.modSeq = modSeq;
        this.flags = flags;
        this.internalDate = internalDate;
        this.size = size;
        this.bodyStartOctet = bodyStartOctet;
        this.mediaType = mediaType;
        this.subType = subType;
        this.textualLineCount = textualLineCount;
        this.header = header;
        this.loader = loader;
    }

    private MailboxMessage whole() {
        if (whole == null) {
            try {
                whole = loader.load(uid.asLong());
            } catch (MailboxException e) {
                throw new IllegalStateException("Unable to read message " + uid + " of mailbox " + mailboxId.serialize(), e);
            }
        }
        return whole;
    }

    @Override
    public ThreadId getThreadId() {
        return ThreadId.fromBaseMessageId(messageId);
    }

    @Override
    public ComposedMessageIdWithMetaData getComposedMessageIdWithMetaData() {
        return ComposedMessageIdWithMetaData.builder()
            .composedMessageId(new ComposedMessageId(mailboxId, messageId, uid))
            .flags(createFlags())
            .modSeq(modSeq)
            .threadId(getThreadId())
            .build();
    }

    @Override
    public MailboxId getMailboxId() {
        return mailboxId;
    }

    @Override
    public MessageUid getUid() {
        return uid;
    }

    @Override
    public void setUid(MessageUid uid) {
        this.uid = uid;
    }

    @Override
    public void setModSeq(ModSeq modSeq) {
        this.modSeq = modSeq;
    }

    @Override
    public ModSeq getModSeq() {
        return modSeq;
    }

    @Override
    public boolean isAnswered() {
        return flags.contains(Flags.Flag.ANSWERED);
    }

    @Override
    public boolean isDeleted() {
        return flags.contains(Flags.Flag.DELETED);
    }

    @Override
    public boolean isDraft() {
        return flags.contains(Flags.Flag.DRAFT);
    }

    @Override
    public boolean isFlagged() {
        return flags.contains(Flags.Flag.FLAGGED);
    }

    @Override
    public boolean isRecent() {
        return flags.contains(Flags.Flag.RECENT);
    }

    @Override
    public boolean isSeen() {
        return flags.contains(Flags.Flag.SEEN);
    }

    @Override
    public void setFlags(Flags flags) {
        this.flags = new Flags(flags);
    }

    @Override
    public void setSaveDate(Date saveDate) {
        // not stored by James's JPA mapper either
    }

    @Override
    public Flags createFlags() {
        return new Flags(flags);
    }

    @Override
    public MailboxMessage copy(Mailbox mailbox) throws MailboxException {
        return whole().copy(mailbox);
    }

    @Override
    public Optional<Date> getSaveDate() {
        return Optional.empty();
    }

    @Override
    public MessageId getMessageId() {
        return messageId;
    }

    @Override
    public Date getInternalDate() {
        return internalDate;
    }

    @Override
    public InputStream getBodyContent() throws IOException {
        return whole().getBodyContent();
    }

    @Override
    public String getMediaType() {
        return mediaType;
    }

    @Override
    public String getSubType() {
        return subType;
    }

    @Override
    public long getBodyOctets() {
        return size - bodyStartOctet;
    }

    @Override
    public long getFullContentOctets() {
        return size;
    }

    @Override
    public long getHeaderOctets() {
        return bodyStartOctet;
    }

    @Override
    public Long getTextualLineCount() {
        return textualLineCount;
    }

    @Override
    public InputStream getHeaderContent() throws IOException {
        return header.isPresent() ? new ByteArrayInputStream(header.get()) : whole().getHeaderContent();
    }

    @Override
    public InputStream getFullContent() throws IOException {
        return whole().getFullContent();
    }

    @Override
    public Properties getProperties() {
        return whole().getProperties();
    }

    @Override
    public List<MessageAttachmentMetadata> getAttachments() {
        return whole().getAttachments();
    }

    @Override
    public String toString() {
        return "LeanMessage[" + mailboxId.serialize() + " " + uid + "]";
    }
}
