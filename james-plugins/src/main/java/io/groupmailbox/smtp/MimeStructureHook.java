package io.groupmailbox.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, at the end of DATA, a message whose MIME structure cannot be parsed: a {@code Content-Type} that is not
 * one (an unbalanced quote, a parameter without a name), or a multipart without its boundary. James 3.8.1 cannot
 * process such a message once a header was added to it: each copy of the mail (a mail to a group and to a user is
 * split in two) fails, the spool retries it six times and puts it in the error repository, and each attempt leaves
 * a temporary file behind ({@code Leak detected! MimeMessageInputStreamSource$Resource was not released}). Refused
 * here, the sender gets one answer ({@code 554 5.6.0} and the reason) instead of 250 and then a bounce.
 *
 * <p>Refused likewise: a message whose top-level header has a field longer than the mailbox store keeps
 * ({@link MessageFieldLimits}, e.g. a Content-Description folded over 40,000 characters), which could never be
 * stored.
 *
 * <pre>
 * &lt;handler class="io.groupmailbox.smtp.MimeStructureHook"/&gt;
 * </pre>
 */
public class MimeStructureHook implements JamesMessageHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(MimeStructureHook.class);
    /** Nested multiparts deeper than this are not parsed further (and not refused for it). */
    private static final int MAX_DEPTH = 20;

    /** Parses the mail's own message, which reads its parts from the spooled file rather than copying it to memory. */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            check(mail.getMessage(), 0);
            Optional<String> tooLong = MessageFieldLimits.tooLongField(header(mail.getMessage()));
            if (tooLong.isPresent()) {
                LOGGER.info("Refused a message with a field too long to store: {}", tooLong.get());
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("554")
                    .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, "6.0")
                        + " Header field too long: " + tooLong.get() + "; the message was not accepted")
                    .build();
            }
            return HookResult.DECLINED;
        } catch (MessagingException e) {
            LOGGER.info("Refused a message with a malformed MIME structure: {}", e.getMessage());
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode("554")
                .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, "6.0")
                    + " Malformed MIME structure (" + oneLine(e.getMessage()) + "); the message was not accepted")
                .build();
        } catch (IOException e) {
            LOGGER.warn("Could not read a message to check its MIME structure", e);
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.denySoft())
                .smtpReturnCode("451")
                .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.UNDEFINED_STATUS) + " Temporary error, try again")
                .build();
        }
    }

    /** What James's saveChanges parses: every Content-Type, and every multipart's parts. */
    static void check(Part part, int depth) throws MessagingException, IOException {
        String[] contentType = part.getHeader("Content-Type");
        if (contentType != null && contentType.length > 0) {
            new ContentType(contentType[0]);
        }
        if (depth < MAX_DEPTH && part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                check(multipart.getBodyPart(i), depth + 1);
            }
        }
    }

    /** The top-level header section as it arrived (folded lines kept), which is all the store parses into fields. */
    private static InputStream header(MimeMessage message) throws MessagingException {
        StringBuilder header = new StringBuilder();
        for (String line : Collections.list(message.getAllHeaderLines())) {
            header.append(line).append("\r\n");
        }
        header.append("\r\n");
        return new ByteArrayInputStream(header.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String oneLine(String message) {
        String text = String.valueOf(message).replaceAll("[\\r\\n]+", " ");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
