package io.groupmailbox.delivery;

import java.util.Optional;

/**
 * Remembers which spooled mails were being delivered to which mailbox, so that a mail redelivered by the spool
 * after a crash is not stored twice (see {@link IdempotentMailStore}).
 *
 * <p>Implementations must be durable (the record must survive the crash it guards against) and shared by
 * every node that delivers.
 */
public interface DeliveryJournal {

    /** One delivery of one spooled mail (by its name, stable across redeliveries) to one recipient. */
    record Delivery(String mailName, String recipient) {
    }

    /**
     * Records that {@code delivery} is about to append to a mailbox whose next UID is {@code uidNext}.
     *
     * @return empty for a first attempt; for a repeated one, the {@code uidNext} recorded by the first attempt:
     *         a copy stored by an interrupted attempt can only have that UID or a higher one.
     */
    Optional<Long> recordAttempt(Delivery delivery, long uidNext);
}
