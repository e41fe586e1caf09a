package io.groupmailbox.server.search;

import java.time.Duration;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.primitives.Ints;

/**
 * Hands the messages an append has just committed to the search index of the same node, so that indexing a new
 * message does not read back from the database what was written there a moment before. James's index listener
 * re-reads every added message, content included, by its UID: on a hot mailbox that read was about a tenth of a
 * delivery's CPU.
 *
 * <p>A hand-over is only a shortcut: a message that is not here (another node appended it, it was too large,
 * or it expired) is read from the database as before. Entries are copies that own their bytes, so they do not
 * depend on the appending request being still open; each is taken once, and what is not taken (the index
 * listener failed and James retries from the database) is dropped after {@link #KEPT_FOR} or when the
 * hand-overs weigh more than {@link #MAX_TOTAL_BYTES}.
 */
public class AppendedMessages {

    /** Larger messages are not handed over: the index reads them from the database. */
    static final long MAX_MESSAGE_BYTES = 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 32 * 1024 * 1024;
    static final Duration KEPT_FOR = Duration.ofMinutes(1);

    /** A committed message and the mailbox it was appended to. */
    public record Appended(Mailbox mailbox, MailboxMessage message) {
    }

    private record Key(MailboxId mailboxId, MessageUid uid) {
    }

    private final Cache<Key, Appended> messages = CacheBuilder.newBuilder()
        .maximumWeight(MAX_TOTAL_BYTES)
        .<Key, Appended>weigher((key, appended) -> Ints.saturatedCast(appended.message().getFullContentOctets()))
        .expireAfterWrite(KEPT_FOR)
        .build();

    /** Whether a message of that size is handed over (larger ones are read from the database). */
    public static boolean handsOver(long size) {
        return size <= MAX_MESSAGE_BYTES;
    }

    /** Called once the transaction that stored the message has committed. */
    public void committed(Mailbox mailbox, MailboxMessage message) {
        if (handsOver(message.getFullContentOctets())) {
            messages.put(new Key(message.getMailboxId(), message.getUid()), new Appended(mailbox, message));
        }
    }

    /** The message appended to that mailbox under that UID, if it was handed over and not taken yet. */
    public Optional<Appended> take(MailboxId mailboxId, MessageUid uid) {
        return Optional.ofNullable(messages.asMap().remove(new Key(mailboxId, uid)));
    }
}
