package io.groupmailbox.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.PythonClient;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * What SELECT and EXAMINE report about a mailbox (RFC 3501: EXISTS, RECENT, the first unseen message), now that
 * the first unseen message and the \Recent ones are found by index probes instead of James's full reads.
 * Python's imaplib sends the commands; the untagged responses are checked as the server wrote them.
 */
class SelectResponsesTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @Test
    void selectReportsRecentAndTheFirstUnseenMessageAsFlagsChange() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        for (int number = 1; number <= 5; number++) {
            server.smtp().submit("alice@example.fr", "alice-secret",
                SmtpClient.message("alice@example.fr", "bob@example.fr", "Message " + number, "Body " + number));
            Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Message " + number);
        }

        String first = imap("EXAMINE INBOX", "SELECT INBOX", "STORE 1:2,4 +FLAGS.SILENT (\\Seen)", "EXAMINE INBOX");
        // delivered messages are \Recent and unseen; EXAMINE leaves \Recent alone
        assertThat(lines(first, 0)).contains("* 5 EXISTS", "* 5 RECENT").anyMatch(line -> line.startsWith("* OK [UNSEEN 1]"));
        // the first session to SELECT gets the \Recent messages
        assertThat(lines(first, 1)).contains("* 5 EXISTS", "* 5 RECENT").anyMatch(line -> line.startsWith("* OK [UNSEEN 1]"));
        // 1, 2 and 4 seen: the first unseen is 3
        assertThat(lines(first, 3)).contains("* 5 EXISTS").anyMatch(line -> line.startsWith("* OK [UNSEEN 3]"));

        // a later session: no \Recent message left
        String second = imap("EXAMINE INBOX", "SELECT INBOX", "STORE 3 +FLAGS.SILENT (\\Seen)", "SELECT INBOX");
        assertThat(lines(second, 0)).contains("* 5 EXISTS", "* 0 RECENT").anyMatch(line -> line.startsWith("* OK [UNSEEN 3]"));
        assertThat(lines(second, 3)).contains("* 0 RECENT").anyMatch(line -> line.startsWith("* OK [UNSEEN 5]"));

        // all seen: no UNSEEN code at all
        String third = imap("SELECT INBOX", "STORE 1:5 +FLAGS.SILENT (\\Seen)", "EXAMINE INBOX",
            "STATUS INBOX (MESSAGES UNSEEN RECENT)");
        assertThat(lines(third, 2)).contains("* 5 EXISTS").noneMatch(line -> line.contains("[UNSEEN"));
        assertThat(lines(third, 3)).anyMatch(line -> line.contains("MESSAGES 5") && line.contains("UNSEEN 0") && line.contains("RECENT 0"));
    }

    private static String imap(String... commands) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(String.valueOf(server.imap().port()), "bob@example.fr", "bob-secret"));
        arguments.addAll(List.of(commands));
        return PythonClient.run("imap_commands.py", arguments.toArray(String[]::new));
    }

    /** The lines answering the {@code index}-th command (untagged responses, then "< " and the completion). */
    private static List<String> lines(String output, int index) {
        String[] blocks = ("\n" + output).split("\n> ");
        return blocks[index + 1].lines().skip(1).toList();
    }
}
