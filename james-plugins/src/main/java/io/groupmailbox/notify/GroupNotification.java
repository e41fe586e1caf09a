package io.groupmailbox.notify;

import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.imap.GroupFolders;

/**
 * The short notice a member gets when mail arrives in their group's INBOX: From the group, subject
 * {@code [Name] original subject}, the original sender, date and first lines, and the folder to open.
 * It is marked {@code Auto-Submitted: auto-generated} (RFC 3834), so that no vacation reply or notification
 * answers it.
 */
public final class GroupNotification {

    static final int FIRST_LINES = 5;
    public static final String AUTO_SUBMITTED = "Auto-Submitted";

    private GroupNotification() {
    }

    /**
     * Mail a machine sent causes no notice and no digest line: it is stored in the group's INBOX, where members
     * see it, but telling them of every bounce, receipt or auto-reply floods them and can loop. Machine mail is
     * mail with a null reverse-path ({@code MAIL FROM:<>}, RFC 5321 4.5.5), a report ({@code multipart/report},
     * RFC 6522: delivery status, read receipts...), {@code Auto-Submitted} other than {@code no} (RFC 3834), or
     * {@code Precedence: bulk} or {@code junk}.
     *
     * @param envelopeSender the reverse-path, when known (a stored message's Return-Path may be missing)
     */
    public static boolean isAutomatic(MimeMessage message, Optional<MaybeSender> envelopeSender) throws MessagingException {
        return envelopeSender.filter(MaybeSender::isNullSender).isPresent()
            || isReport(message)
            || firstToken(message, AUTO_SUBMITTED).filter(value -> !value.equals("no")).isPresent()
            || firstToken(message, "Precedence").filter(value -> value.equals("bulk") || value.equals("junk")).isPresent();
    }

    private static boolean isReport(MimeMessage message) throws MessagingException {
        String contentType = message.getHeader("Content-Type", null);
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/report");
    }

    /** The field's value up to its parameters or comment, in lower case: {@code Auto-Generated (x)} is {@code auto-generated}. */
    private static Optional<String> firstToken(MimeMessage message, String field) throws MessagingException {
        String value = message.getHeader(field, null);
        if (value == null) {
            return Optional.empty();
        }
        String token = value.split("[;(]", 2)[0].trim().toLowerCase(Locale.ROOT);
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** A member is not told of mail they sent themselves (its envelope sender), such as their own mail sent as the group. */
    public static boolean isSentBy(MaybeSender sender, Username member) {
        return sender.asOptional().map(Username::fromMailAddress).filter(member::equals).isPresent();
    }

    /**
     * The notice of {@code original} for the members of {@code group}: one text for all of them (the folder has the
     * same name for every member), addressed {@code To:} the group, so one mail carries it to all (the members are
     * its envelope recipients, never listed in a header).
     */
    public static MimeMessage of(GroupDefinition group, MimeMessage original) throws MessagingException, IOException {
        MimeMessage notice = new MimeMessage(Session.getInstance(new java.util.Properties()));
        notice.setFrom(new InternetAddress(group.address().asString(), group.name(), "UTF-8"));
        notice.setRecipient(Message.RecipientType.TO, new InternetAddress(group.address().asString(), group.name(), "UTF-8"));
        notice.setSubject("[" + group.name() + "] " + Optional.ofNullable(original.getSubject()).orElse("(no subject)"), "UTF-8");
        notice.setHeader(AUTO_SUBMITTED, "auto-generated");
        notice.setSentDate(new Date());
        String folder = GroupFolders.mountName(group, "INBOX");
        String text = "New mail for " + group.name() + " <" + group.address().asString() + ">\n\n"
            + "From: " + sender(original) + "\n"
            + "Date: " + Optional.ofNullable(original.getSentDate()).map(GroupNotification::format).orElse("-") + "\n"
            + "Subject: " + Optional.ofNullable(original.getSubject()).orElse("(no subject)") + "\n\n"
            + firstLines(original) + "\n\n"
            + "Open the folder " + folder + " to read and answer it.\n";
        notice.setText(text, "UTF-8");
        notice.saveChanges();
        return notice;
    }

    static String sender(MimeMessage original) throws MessagingException {
        Address[] from = original.getFrom();
        return from == null || from.length == 0 ? "-" : from[0].toString();
    }

    static String format(Date date) {
        return new SimpleDateFormat("EEE, d MMM yyyy HH:mm Z", Locale.ENGLISH).format(date);
    }

    /** A body that cannot be parsed (a multipart without its boundary...) gives no lines rather than no notice. */
    private static String firstLines(Part part) {
        Optional<String> text;
        try {
            text = plainText(part);
        } catch (MessagingException | IOException e) {
            return "(the text cannot be read: " + e.getMessage() + ")";
        }
        if (text.isEmpty()) {
            return "(no text)";
        }
        return text.get().lines().filter(line -> !line.isBlank()).limit(FIRST_LINES)
            .map(line -> "> " + line).collect(Collectors.joining("\n"));
    }

    private static Optional<String> plainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return Optional.of(String.valueOf(part.getContent()));
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                Optional<String> text = plainText(multipart.getBodyPart(i));
                if (text.isPresent()) {
                    return text;
                }
            }
        }
        return Optional.empty();
    }
}
