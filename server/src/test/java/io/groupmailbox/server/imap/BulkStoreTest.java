package io.groupmailbox.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import javax.mail.Message;
import javax.mail.Store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * A STORE over many messages, written in a few statements ({@code BulkFlagUpdate}), still tells the other sessions
 * what changed, gives each changed message a new mod-sequence (CONDSTORE: UNCHANGEDSINCE, MODSEQ, HIGHESTMODSEQ),
 * and leaves STATUS, SEARCH and FETCH in agreement, keywords included.
 */
class BulkStoreTest {

    private static final int MESSAGES = 300;
    private static final Pattern FETCH = Pattern.compile("^\\* (\\d+) FETCH \\((.*)\\)$");
    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void aFullInbox() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret");
        fill("bob@example.fr", "bob-secret");
        fill("carol@example.fr", "carol-secret");
    }

    private static void fill(String user, String password) throws Exception {
        try (Store store = server.imap().login(user, password)) {
            Message[] messages = new Message[MESSAGES];
            for (int i = 0; i < MESSAGES; i++) {
                messages[i] = SmtpClient.message("customer@outside.test", user, "question " + i, "Message " + i);
            }
            store.getFolder("INBOX").appendMessages(messages);
        }
    }

    @Test
    void otherSessionsSeeABulkStoreAndCondstoreStillHolds() throws Exception {
        String before = ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret",
            "ENABLE CONDSTORE", "SELECT INBOX", "STATUS INBOX (HIGHESTMODSEQ)");
        long highestBefore = number(before, 2, "HIGHESTMODSEQ (\\d+)");

        String transcript = ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret",
            "ENABLE CONDSTORE",
            "SELECT INBOX",
            "[2] ENABLE CONDSTORE",
            "[2] EXAMINE INBOX",
            "STORE 1:200 +FLAGS (\\Seen)",
            "[2] NOOP",
            "UID STORE 1:" + MESSAGES + " (UNCHANGEDSINCE " + highestBefore + ") +FLAGS.SILENT (\\Flagged)",
            "[2] NOOP",
            "UID SEARCH FLAGGED",
            "STATUS INBOX (UNSEEN HIGHESTMODSEQ)",
            "UID SEARCH UNSEEN",
            "UID FETCH 1:* (MODSEQ)",
            "STORE 1:* +FLAGS.SILENT (\\Seen)",
            "UID FETCH 1:* (MODSEQ FLAGS)",
            "STATUS INBOX (UNSEEN HIGHESTMODSEQ)");

        // the writer's own answer, and what the other session hears at its next command
        // (James 3.8.1 puts no MODSEQ in these FETCH responses: the mod-sequences are read below)
        Map<Long, String> stored = fetches(transcript, 4);
        assertThat(stored.keySet()).containsExactly(range(1, 200));
        assertThat(stored.values()).allMatch(items -> items.contains("\\Seen"));
        Map<Long, String> heard = fetches(transcript, 5);
        assertThat(heard.keySet()).containsExactly(range(1, 200));
        assertThat(heard.values()).allMatch(items -> items.contains("\\Seen"));

        // UNCHANGEDSINCE: the messages the first STORE changed fail, the others are flagged
        assertThat(ImapTranscript.responses(transcript, 6)).last().asString().startsWith("< OK [MODIFIED").contains(" 1:200]");
        assertThat(fetches(transcript, 6).keySet()).containsExactly(range(201, MESSAGES));
        Map<Long, String> flagged = fetches(transcript, 7);
        assertThat(flagged.keySet()).containsExactly(range(201, MESSAGES));
        assertThat(flagged.values()).allMatch(items -> items.contains("\\Flagged") && !items.contains("\\Seen"));
        assertThat(uids(transcript, 8)).containsExactly(range(201, MESSAGES));
        assertThat(number(transcript, 9, "UNSEEN (\\d+)")).isEqualTo(MESSAGES - 200);
        assertThat(uids(transcript, 10)).containsExactly(range(201, MESSAGES));

        Map<Long, Long> modSeqs = modSeqs(transcript, 11);
        long seenModSeq = modSeqs.get(1L);
        long flaggedModSeq = modSeqs.get(201L);
        assertThat(seenModSeq).isGreaterThan(highestBefore);
        assertThat(flaggedModSeq).isGreaterThan(seenModSeq);
        assertThat(modSeqs).allSatisfy((uid, modSeq) -> assertThat(modSeq).isEqualTo(uid <= 200 ? seenModSeq : flaggedModSeq));
        assertThat(number(transcript, 9, "HIGHESTMODSEQ (\\d+)")).isEqualTo(flaggedModSeq);

        // marking all read changes 201-300 only: the others keep their mod-sequence
        Map<Long, Long> afterMarkAll = modSeqs(transcript, 13);
        long markAllModSeq = afterMarkAll.get(300L);
        assertThat(markAllModSeq).isGreaterThan(flaggedModSeq);
        assertThat(afterMarkAll).allSatisfy((uid, modSeq) -> assertThat(modSeq).isEqualTo(uid <= 200 ? seenModSeq : markAllModSeq));
        assertThat(fetches(transcript, 13).values()).allMatch(items -> items.contains("\\Seen"));
        assertThat(number(transcript, 14, "UNSEEN (\\d+)")).isZero();
        assertThat(number(transcript, 14, "HIGHESTMODSEQ (\\d+)")).isEqualTo(markAllModSeq);
    }

    @Test
    void keywordsAndReplacedFlagsOverARange() throws Exception {
        String transcript = ImapTranscript.run(server.imap(), "carol@example.fr", "carol-secret",
            "SELECT INBOX",
            "[2] EXAMINE INBOX",
            "UID STORE 1:50 +FLAGS.SILENT (\\Seen $Urgent)",
            "STORE 1:10 FLAGS.SILENT (\\Answered)",
            "UID STORE 40:60 -FLAGS.SILENT ($Urgent \\Seen)",
            "[2] NOOP",
            "UID SEARCH KEYWORD $Urgent",
            "UID SEARCH ANSWERED",
            "UID SEARCH SEEN UID 1:60",
            "[2] UID FETCH 1:60 (FLAGS)");

        assertThat(uids(transcript, 6)).containsExactly(range(11, 39));
        assertThat(uids(transcript, 7)).containsExactly(range(1, 10));
        assertThat(uids(transcript, 8)).containsExactly(range(11, 39));
        // 51-60 had neither flag: unchanged, so not announced
        Map<Long, String> heard = fetches(transcript, 5);
        assertThat(heard.keySet()).containsExactly(range(1, 50));
        Map<Long, String> read = fetches(transcript, 9);
        for (long uid = 1; uid <= 60; uid++) {
            String expected = uid <= 10 ? "\\Answered" : uid < 40 ? "\\Seen $Urgent" : "";
            assertThat(flags(read.get(uid))).as("UID %d read", uid).isEqualTo(expected);
            if (uid <= 50) {
                assertThat(flags(heard.get(uid))).as("UID %d heard", uid).isEqualTo(expected);
            }
        }
    }

    private static String flags(String items) {
        Matcher flags = Pattern.compile("FLAGS \\(([^)]*)\\)").matcher(items);
        assertThat(flags.find()).as(items).isTrue();
        return Arrays.stream(flags.group(1).split(" "))
            .filter(flag -> !flag.isEmpty() && !flag.equals("\\Recent"))
            .sorted((a, b) -> a.startsWith("\\") == b.startsWith("\\") ? a.compareTo(b) : a.startsWith("\\") ? -1 : 1)
            .reduce((a, b) -> a + " " + b).orElse("");
    }

    /** The FETCH responses answering a command, by sequence number (here also the UID), the last one of each. */
    private static Map<Long, String> fetches(String transcript, int command) {
        Map<Long, String> fetches = new TreeMap<>();
        for (String line : ImapTranscript.responses(transcript, command)) {
            Matcher fetch = FETCH.matcher(line);
            if (fetch.matches()) {
                fetches.put(Long.valueOf(fetch.group(1)), fetch.group(2));
            }
        }
        return fetches;
    }

    private static Map<Long, Long> modSeqs(String transcript, int command) {
        Map<Long, Long> modSeqs = new TreeMap<>();
        fetches(transcript, command).forEach((uid, items) -> {
            Matcher modSeq = MODSEQ.matcher(items);
            assertThat(modSeq.find()).as(items).isTrue();
            modSeqs.put(uid, Long.valueOf(modSeq.group(1)));
        });
        assertThat(modSeqs).hasSize(MESSAGES);
        return modSeqs;
    }

    private static List<Long> uids(String transcript, int command) {
        List<String> lines = ImapTranscript.responses(transcript, command);
        assertThat(lines).last().asString().startsWith("< OK");
        return lines.stream()
            .filter(line -> line.startsWith("* SEARCH"))
            .flatMap(line -> Arrays.stream(line.substring("* SEARCH".length()).trim().split(" ")))
            .filter(uid -> !uid.isEmpty())
            .map(Long::valueOf)
            .toList();
    }

    private static long number(String transcript, int command, String pattern) {
        Matcher number = Pattern.compile(pattern).matcher(String.join("\n", ImapTranscript.responses(transcript, command)));
        assertThat(number.find()).as(pattern + " in " + ImapTranscript.responses(transcript, command)).isTrue();
        return Long.parseLong(number.group(1));
    }

    private static Long[] range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toArray(Long[]::new);
    }
}
