package io.groupmailbox.notify;

import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.imap.GroupFolders;

/**
 * The summary a member gets with {@code notify="digest"}: From the group, subject {@code [Name] 3 new messages},
 * one line per message (subject, sender, date) and the folder to open. Marked {@code Auto-Submitted:
 * auto-generated}, like {@link GroupNotification}, so that nothing answers it.
 */
public final class GroupDigest {

    /** Lines listed at most; a longer digest ends with "… and N more". */
    static final int MAX_LINES = 100;
    private static final Session SESSION = Session.getInstance(new Properties());

    /** One message of the group's INBOX as a digest lists it, read from its headers. */
    public record Entry(long uid, String subject, String sender, Date date, boolean automatic, MaybeSender envelopeSender) {

        /** {@code headers}: the stored message's header block; {@code arrival}: its internal date. */
        public static Entry read(long uid, InputStream headers, Date arrival) throws MessagingException {
            MimeMessage message = new MimeMessage(SESSION, headers);
            Optional<MaybeSender> returnPath = returnPath(message);
            return new Entry(uid,
                Optional.ofNullable(message.getSubject()).orElse("(no subject)"),
                GroupNotification.sender(message),
                Optional.ofNullable(message.getSentDate()).orElse(arrival),
                GroupNotification.isAutomatic(message, returnPath),
                returnPath.orElse(MaybeSender.nullSender()));
        }

        /** Listed for this member: not a machine's mail, not mail the member sent (the rules of notify="each"). */
        public boolean listedFor(Username member) {
            return !automatic && !GroupNotification.isSentBy(envelopeSender, member);
        }

        /** Local delivery writes the envelope sender into Return-Path (and removes any other). */
        private static Optional<MaybeSender> returnPath(MimeMessage message) throws MessagingException {
            String value = message.getHeader("Return-Path", null);
            if (value == null) {
                return Optional.empty();
            }
            String address = value.trim().replaceAll("^<|>$", "");
            try {
                return Optional.of(address.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(new MailAddress(address)));
            } catch (AddressException e) {
                return Optional.empty();
            }
        }
    }

    private GroupDigest() {
    }

    public static String subject(GroupDefinition group, int count) {
        return "[" + group.name() + "] " + count + (count == 1 ? " new message" : " new messages");
    }

    public static MimeMessage of(GroupDefinition group, Username member, List<Entry> entries) throws MessagingException {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("A digest lists at least one message");
        }
        MimeMessage digest = new MimeMessage(SESSION);
        try {
            digest.setFrom(new InternetAddress(group.address().asString(), group.name(), "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
        digest.setRecipient(Message.RecipientType.TO, new InternetAddress(member.asString()));
        digest.setSubject(subject(group, entries.size()), "UTF-8");
        digest.setHeader(GroupNotification.AUTO_SUBMITTED, "auto-generated");
        digest.setSentDate(new Date());
        StringBuilder text = new StringBuilder()
            .append(entries.size() == 1 ? "New mail" : entries.size() + " new messages")
            .append(" for ").append(group.name()).append(" <").append(group.address().asString()).append(">:\n\n");
        entries.stream().limit(MAX_LINES).forEach(entry -> text.append("- ").append(entry.subject())
            .append(" (from ").append(entry.sender()).append(", ").append(GroupNotification.format(entry.date())).append(")\n"));
        if (entries.size() > MAX_LINES) {
            text.append("… and ").append(entries.size() - MAX_LINES).append(" more\n");
        }
        String folder = GroupFolders.mountPath(member, group, "INBOX").getName();
        text.append("\nOpen the folder ").append(folder).append(" to read and answer ")
            .append(entries.size() == 1 ? "it" : "them").append(".\n");
        digest.setText(text.toString(), "UTF-8");
        digest.saveChanges();
        return digest;
    }
}
