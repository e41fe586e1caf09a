package io.groupmailbox.delivery;

import java.util.regex.Pattern;

import org.apache.james.core.MailAddress;
import org.apache.james.mailbox.MailboxSession;
import org.apache.mailet.Mail;

/**
 * Remembers which spooled mails were stored in which recipient's mailbox, so that a mail redelivered by the spool
 * after a crash is not stored twice (see {@link IdempotentMailStore}).
 *
 * <p>A delivery is recorded by the append that stores it, in the same transaction: the record exists if and only
 * if the message does, and a second record of the same delivery makes its append fail. Implementations therefore
 * belong with the mailbox store, must be durable, and must be shared by every node that delivers.
 */
public interface DeliveryJournal {

    /** One delivery of one spooled mail (by its name, stable across redeliveries) to one recipient. */
    record Delivery(String mailName, String recipient) {

        /**
         * James's suffix for the copy a matcher splits off (recipients A and B of one mail, each sent its own
         * way): {@code "-!"} and seven random digits, drawn again at every pass, so a redelivered mail's copies
         * get other names than before.
         */
        private static final Pattern SPLIT_SUFFIXES = Pattern.compile("(-![0-9]{7})+$");

        /**
         * The delivery of {@code mail} to {@code recipient}, named by the spooled mail it comes from: a mail the spool
         * redelivers and whose recipients a matcher splits again is the same delivery, whatever suffix the split
         * drew. One recipient is in one of the copies only, so the spooled mail's name and the recipient still
         * name one delivery.
         */
        public static Delivery of(Mail mail, MailAddress recipient) {
            return new Delivery(spooledName(mail.getName()), recipient.asString());
        }

        /** The name of the spooled mail that {@code mailName} is, or was split from. */
        public static String spooledName(String mailName) {
            return SPLIT_SUFFIXES.matcher(mailName).replaceFirst("");
        }
    }

    /**
     * Makes the next message appended under {@code session} record {@code delivery} in the transaction that stores
     * it. If the delivery was recorded already, that append fails and stores nothing.
     */
    void recordWithNextAppend(Delivery delivery, MailboxSession session);

    /** Whether a message was stored for {@code delivery}: its record committed with it. */
    boolean isStored(Delivery delivery);
}
