package io.groupmailbox.server.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;

/** Waits (bounded) for messages to reach a mailbox, read over IMAP. */
public final class Inbox {

    private Inbox() {
    }

    /** The messages of {@code folder} with this subject, once at least one has arrived (30 s at most). */
    public static List<String> awaitSubject(ImapClient imap, String user, String password, String folder, String subject) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(() -> subjects(imap, user, password, folder, subject), found -> !found.isEmpty());
    }

    public static List<String> subjects(ImapClient imap, String user, String password, String folder, String subject)
        throws MessagingException {
        try (Store store = imap.login(user, password)) {
            Folder inbox = store.getFolder(folder);
            inbox.open(Folder.READ_ONLY);
            try {
                // Matched here, not by IMAP SEARCH: James 3.8.1's Lucene index does not decode RFC 2047 subjects.
                return Stream.of(inbox.getMessages())
                    .map(Inbox::subject)
                    .filter(subject::equals)
                    .toList();
            } finally {
                inbox.close(false);
            }
        }
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
