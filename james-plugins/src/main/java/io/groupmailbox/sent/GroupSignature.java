package io.groupmailbox.sent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimePart;

/**
 * Appends a group's signature to the text of a message sent as the group: to the text/plain and text/html
 * versions of its body (never to attachments), once — not when the text already carries it — keeping the MIME
 * structure and each part's charset (UTF-8 when the signature needs it).
 */
final class GroupSignature {

    private GroupSignature() {
    }

    /** @return whether the message changed */
    static boolean apply(Part message, String signature) throws MessagingException, IOException {
        if (message.isMimeType("text/plain") || message.isMimeType("text/html")) {
            return sign((MimePart) message, signature);
        }
        if (message.isMimeType("multipart/alternative")) {
            Multipart alternatives = (Multipart) message.getContent();
            boolean changed = false;
            for (int i = 0; i < alternatives.getCount(); i++) {
                changed |= apply(alternatives.getBodyPart(i), signature);
            }
            message.setContent(alternatives);
            return changed;
        }
        if (message.isMimeType("multipart/*")) {
            // multipart/mixed and kin: the body is the first part, the others are attachments
            Multipart parts = (Multipart) message.getContent();
            if (parts.getCount() == 0) {
                return false;
            }
            BodyPart body = parts.getBodyPart(0);
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(body.getDisposition());
            boolean changed = !attachment && apply(body, signature);
            message.setContent(parts);
            return changed;
        }
        return false;
    }

    private static boolean sign(MimePart part, String signature) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return false;
        }
        Object content = part.getContent();
        if (!(content instanceof String text)) {
            return false;
        }
        boolean html = part.isMimeType("text/html");
        String normalizedSignature = signature.replace("\r\n", "\n").strip();
        if (text.replace("\r\n", "\n").contains(html ? escape(normalizedSignature).replace("\n", "<br>") : normalizedSignature)) {
            return false;
        }
        String charset = charsetFor(part, normalizedSignature);
        String signed = html ? signHtml(text, normalizedSignature) : signPlain(text, normalizedSignature);
        part.setText(signed, charset, html ? "html" : "plain");
        return true;
    }

    private static String signPlain(String text, String signature) {
        String separator = text.endsWith("\n") ? "\n" : "\n\n";
        return text + separator + signature.replace("\n", "\r\n") + "\r\n";
    }

    private static String signHtml(String text, String signature) {
        String block = "<div class=\"group-signature\">" + escape(signature).replace("\n", "<br>") + "</div>";
        int end = text.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? text + block : text.substring(0, end) + block + text.substring(end);
    }

    private static String charsetFor(MimePart part, String signature) throws MessagingException {
        String charset = new ContentType(part.getContentType()).getParameter("charset");
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(signature);
        if (charset == null || (!ascii && charset.equalsIgnoreCase("us-ascii"))) {
            return ascii ? "us-ascii" : "UTF-8";
        }
        return charset;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
