package io.groupmailbox.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.search.FlagTerm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * SEARCH on flags says what STATUS and FETCH say, right after a STORE: flags are read from the rows the STORE
 * committed ({@link FlagsFromStoreSearchIndex}), not from index documents rewritten one by one after it.
 */
class FlagSearchFollowsTheStoreTest {

    private static final int INFLOW = 600;

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void aLargeInflow() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret");
        fill("bob@example.fr", "bob-secret");
        fill("carol@example.fr", "carol-secret");
    }

    private static void fill(String user, String password) throws Exception {
        try (Store store = server.imap().login(user, password)) {
            Folder inbox = store.getFolder("INBOX");
            Message[] messages = new Message[INFLOW];
            for (int i = 0; i < INFLOW; i++) {
                messages[i] = SmtpClient.message("customer@outside.test", "bob@example.fr",
                    (i % 3 == 0 ? "invoice " : "question ") + i, "Message number " + i);
            }
            inbox.appendMessages(messages);
        }
    }

    @Test
    void selectThenBulkStoreLeaveSearchAndStatusInAgreement() throws Exception {
        String transcript = ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret",
            "SELECT INBOX",
            "STORE 1:400 +FLAGS.SILENT (\\Seen)",
            "UID SEARCH UNSEEN",
            "STATUS INBOX (UNSEEN MESSAGES)",
            "UID SEARCH SEEN",
            "STORE 1:50 -FLAGS.SILENT (\\Seen)",
            "UID SEARCH UNSEEN",
            "STATUS INBOX (UNSEEN)",
            "UID SEARCH NOT SEEN SUBJECT invoice",
            "UID SEARCH RECENT");

        assertThat(ImapTranscript.responses(transcript, 0)).anyMatch(line -> line.equals("* " + INFLOW + " EXISTS"))
            .anyMatch(line -> line.equals("* " + INFLOW + " RECENT"));
        assertThat(status(transcript, 3, "UNSEEN")).isEqualTo(INFLOW - 400);
        assertThat(found(transcript, 2)).hasSize(INFLOW - 400);
        assertThat(found(transcript, 4)).hasSize(400);
        assertThat(status(transcript, 7, "UNSEEN")).isEqualTo(INFLOW - 350);
        assertThat(found(transcript, 6)).hasSize(INFLOW - 350);
        // messages 1-50 and 401-600 are unseen; every third is an invoice (0, 3, ...: sequence numbers 1, 4, ...)
        long unseenInvoices = java.util.stream.IntStream.rangeClosed(1, INFLOW)
            .filter(n -> (n <= 50 || n > 400) && (n - 1) % 3 == 0).count();
        assertThat(found(transcript, 8)).hasSize((int) unseenInvoices);
        // this session saw them first: \Recent for it, though SELECT cleared the stored flag
        assertThat(found(transcript, 9)).hasSize(INFLOW);
    }

    /** Another member looks while a "mark all read" is running: once STATUS says all is read, so does SEARCH. */
    @Test
    void searchSaysWhatStatusSaysWhileABulkStoreRuns() throws Exception {
        ExecutorService markAllRead = Executors.newSingleThreadExecutor();
        try (Store reader = server.imap().login("carol@example.fr", "carol-secret");
             Store watcher = server.imap().login("carol@example.fr", "carol-secret")) {
            Future<?> marked = markAllRead.submit(() -> {
                Folder inbox = reader.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                inbox.setFlags(1, INFLOW, new Flags(Flags.Flag.SEEN), true);
                return null;
            });
            Folder inbox = watcher.getFolder("INBOX");
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(inbox::getUnreadMessageCount, unread -> unread == 0);
            inbox.open(Folder.READ_ONLY);

            assertThat(inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))).isEmpty();
            assertThat(inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), true))).hasSize(INFLOW);
            marked.get(5, TimeUnit.MINUTES);
        } finally {
            markAllRead.shutdownNow();
        }
    }

    @Test
    void flagKeywordAndTextCriteriaCombine() throws Exception {
        String transcript = ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret",
            "SELECT INBOX",
            "UID STORE 1:10 +FLAGS.SILENT (\\Flagged $Urgent)",
            "UID STORE 5:20 +FLAGS.SILENT (\\Answered)",
            "UID SEARCH FLAGGED",
            "UID SEARCH KEYWORD $Urgent ANSWERED",
            "UID SEARCH OR FLAGGED ANSWERED",
            "UID SEARCH UNKEYWORD $Urgent UID 1:12",
            "UID SEARCH FLAGGED NOT SUBJECT invoice",
            "UID SEARCH UNANSWERED UNFLAGGED UID 1:25",
            "UID STORE 1:10 -FLAGS.SILENT (\\Flagged $Urgent \\Answered)",
            "UID STORE 11:20 -FLAGS.SILENT (\\Answered)",
            "UID SEARCH OR FLAGGED OR ANSWERED KEYWORD $Urgent");

        assertThat(found(transcript, 3)).containsExactly(range(1, 10));
        assertThat(found(transcript, 4)).containsExactly(range(5, 10));
        assertThat(found(transcript, 5)).containsExactly(range(1, 20));
        assertThat(found(transcript, 6)).containsExactly(11L, 12L);
        // UIDs 1, 4, 7, 10 hold invoices
        assertThat(found(transcript, 7)).containsExactly(2L, 3L, 5L, 6L, 8L, 9L);
        assertThat(found(transcript, 8)).containsExactly(range(21, 25));
        assertThat(found(transcript, 11)).isEmpty();
    }

    private static Long[] range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toArray(Long[]::new);
    }

    private static List<Long> found(String transcript, int command) {
        List<String> lines = ImapTranscript.responses(transcript, command);
        assertThat(lines).last().asString().startsWith("< OK");
        return lines.stream()
            .filter(line -> line.startsWith("* SEARCH"))
            .flatMap(line -> Arrays.stream(line.substring("* SEARCH".length()).trim().split(" ")))
            .filter(uid -> !uid.isEmpty())
            .map(Long::valueOf)
            .toList();
    }

    private static int status(String transcript, int command, String item) {
        Matcher count = Pattern.compile(item + " (\\d+)").matcher(String.join("\n", ImapTranscript.responses(transcript, command)));
        assertThat(count.find()).isTrue();
        return Integer.parseInt(count.group(1));
    }
}
