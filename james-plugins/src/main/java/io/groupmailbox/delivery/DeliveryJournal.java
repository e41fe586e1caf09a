package io.groupmailbox.delivery;

import org.apache.james.mailbox.MailboxSession;

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
    }

    /**
     * Makes the next message appended under {@code session} record {@code delivery} in the transaction that stores
     * it. If the delivery was recorded already, that append fails and stores nothing.
     */
    void recordWithNextAppend(Delivery delivery, MailboxSession session);

    /** Whether a message was stored for {@code delivery}: its record committed with it. */
    boolean isStored(Delivery delivery);
}
