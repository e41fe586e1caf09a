package io.groupmailbox.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.LogCapture;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * What SELECT promises a member of a group folder (PERMANENTFLAGS, READ-WRITE or READ-ONLY) matches what their RFC 4314
 * rights let them do, and what they may not do is refused with {@code NO [NOPERM]} and its reason (RFC 5530), logged as
 * one INFO line. Raw commands from python's imaplib, answers checked as the server wrote them.
 */
class MemberRightsOverImapTest {

    static final String INBOX = "Groups.Support.INBOX";
    static final String SENT = "Groups.Support.Sent";

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("erin@example.fr", "erin-secret")
            .createUser("frank@example.fr", "frank-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" membersMaySend="true">
                <member address="alice@example.fr" role="replier"/>
                <member address="bob@example.fr" role="reader"/>
                <member address="erin@example.fr" role="manager"/>
                <member address="frank@example.fr" role="reader">
                  <folder name="Sent" rights="lr"/>
                </member>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "support@example.fr", "Printer out of paper", "Again"),
            "support@example.fr");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", INBOX, "Printer out of paper");
        String appended = imap("erin", "APPEND " + SENT + " {LITERAL}\nSubject: Filed answer\n\nDone");
        assertThat(completion(appended, 0)).startsWith("OK");
    }

    @Test
    void selectPromisesOnlyTheFlagsTheMembersRightsAllow() throws Exception {
        assertThat(permanentFlags("bob", INBOX)).containsExactly("\\Seen");
        assertThat(permanentFlags("alice", INBOX)).contains("\\Seen", "\\Answered", "\\Flagged", "\\Draft", "\\*")
            .doesNotContain("\\Deleted");
        assertThat(permanentFlags("erin", INBOX)).contains("\\Seen", "\\Answered", "\\Flagged", "\\Draft", "\\*", "\\Deleted");
        assertThat(permanentFlags("frank", SENT)).isEmpty();
        assertThat(permanentFlags("bob", "INBOX")).contains("\\Seen", "\\Deleted", "\\Flagged", "\\*");
    }

    @Test
    void selectIsReadOnlyOnlyWhereTheMemberMayChangeNothing() throws Exception {
        assertThat(completion(imap("frank", "SELECT " + SENT), 0)).startsWith("OK [READ-ONLY]");
        assertThat(completion(imap("frank", "SELECT " + INBOX), 0)).startsWith("OK [READ-WRITE]");
        assertThat(completion(imap("bob", "SELECT " + INBOX), 0)).startsWith("OK [READ-WRITE]");
        assertThat(completion(imap("alice", "SELECT " + INBOX), 0)).startsWith("OK [READ-WRITE]");
        assertThat(completion(imap("bob", "EXAMINE " + INBOX), 0)).startsWith("OK [READ-ONLY]");
    }

    @Test
    void aReadersRefusedChangesAnswerNopermWithTheReasonAndLogOneInfoLine() throws Exception {
        String output;
        List<String> log;
        try (LogCapture capture = LogCapture.start()) {
            output = imap("bob", "SELECT " + INBOX,
                "STORE 1 +FLAGS (\\Flagged)",
                "UID STORE 1:* +FLAGS.SILENT (\\Deleted)",
                "STORE 1 FLAGS (\\Seen)",
                "COPY 1 INBOX",
                "MOVE 1 INBOX",
                "EXPUNGE",
                "APPEND " + INBOX + " {LITERAL}\nSubject: From bob\n\nx",
                "STORE 1 +FLAGS (\\Seen)",
                "NOOP");
            log = capture.lines();
        }

        assertThat(completion(output, 1)).isEqualTo("NO [NOPERM] STORE in " + INBOX + " needs the right(s) w; bob@example.fr has lrs");
        assertThat(completion(output, 2)).isEqualTo("NO [NOPERM] STORE in " + INBOX + " needs the right(s) t; bob@example.fr has lrs");
        assertThat(completion(output, 3)).startsWith("NO [NOPERM] STORE in " + INBOX + " needs the right(s) tw;");
        assertThat(completion(output, 4)).isEqualTo("NO [NOPERM] COPY out of " + INBOX + " needs the right(s) i; bob@example.fr has lrs");
        assertThat(completion(output, 5)).isEqualTo("NO [NOPERM] MOVE out of " + INBOX + " needs the right(s) et; bob@example.fr has lrs");
        assertThat(completion(output, 6)).isEqualTo("NO [NOPERM] EXPUNGE in " + INBOX + " needs the right(s) e; bob@example.fr has lrs");
        assertThat(completion(output, 7)).isEqualTo("NO [NOPERM] APPEND to " + INBOX + " needs the right(s) i; bob@example.fr has lrs");
        assertThat(completion(output, 8)).startsWith("OK");
        assertThat(completion(output, 9)).startsWith("OK");
        assertThat(log).filteredOn(line -> line.contains("Refused")).hasSize(7)
            .allMatch(line -> line.startsWith("INFO ") && !line.endsWith("]"));
        assertThat(log).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
        assertThat(messageCount("bob", INBOX)).isEqualTo(1);
    }

    @Test
    void aReplierMayFlagAndCopyOutButNeitherDeleteNorExpunge() throws Exception {
        String output = imap("alice", "SELECT " + INBOX,
            "STORE 1 +FLAGS (\\Flagged $Urgent)", "STORE 1 -FLAGS (\\Flagged $Urgent)",
            "STORE 1 +FLAGS (\\Deleted)", "EXPUNGE", "COPY 1 INBOX", "MOVE 1 INBOX");

        assertThat(completion(output, 1)).startsWith("OK");
        assertThat(completion(output, 2)).startsWith("OK");
        assertThat(completion(output, 3)).startsWith("NO [NOPERM] STORE in " + INBOX + " needs the right(s) t;");
        assertThat(completion(output, 4)).startsWith("NO [NOPERM] EXPUNGE");
        assertThat(completion(output, 5)).startsWith("OK");
        assertThat(completion(output, 6)).startsWith("NO [NOPERM] MOVE out of " + INBOX + " needs the right(s) et;");
    }

    @Test
    void closeWithoutTheExpungeRightStillDeselects() throws Exception {
        String output = imap("bob", "SELECT " + INBOX, "CLOSE", "NOOP");

        assertThat(completion(output, 1)).startsWith("OK");
        assertThat(messageCount("bob", INBOX)).isEqualTo(1);
    }

    @Test
    void aReadOnlyFolderRefusesEveryChangeButKeepsTheSession() throws Exception {
        String output = imap("frank", "SELECT " + SENT, "STORE 1 +FLAGS (\\Seen)", "FETCH 1 (FLAGS)", "NOOP");

        assertThat(completion(output, 1)).startsWith("NO [NOPERM] STORE in " + SENT + " needs the right(s) s; frank@example.fr has lr");
        assertThat(completion(output, 2)).startsWith("OK");
        assertThat(completion(output, 3)).startsWith("OK");
    }

    private static List<String> permanentFlags(String member, String folder) throws Exception {
        String output = imap(member, "SELECT " + folder);
        String line = ImapTranscript.responses(output, 0).stream().filter(response -> response.contains("[PERMANENTFLAGS"))
            .findFirst().orElseThrow(() -> new AssertionError("no PERMANENTFLAGS in " + output));
        String flags = line.substring(line.indexOf("[PERMANENTFLAGS") + "[PERMANENTFLAGS".length(), line.indexOf("]"))
            .replace("(", "").replace(")", "").trim();
        return flags.isEmpty() ? List.of() : List.of(flags.split(" +"));
    }

    private static int messageCount(String member, String folder) throws Exception {
        String output = imap(member, "STATUS " + folder + " (MESSAGES)");
        String line = ImapTranscript.responses(output, 0).get(0);
        return Integer.parseInt(line.replaceAll(".*\\(MESSAGES (\\d+)\\).*", "$1"));
    }

    private static String imap(String member, String... commands) throws Exception {
        return ImapTranscript.run(server.imap(), member + "@example.fr", member + "-secret", commands);
    }

    private static String completion(String output, int index) {
        return ImapTranscript.responses(output, index).stream().filter(line -> line.startsWith("< ")).findFirst()
            .orElseThrow(() -> new AssertionError("no completion for command " + index + " in\n" + output)).substring(2);
    }
}
