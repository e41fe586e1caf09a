package io.groupmailbox.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.LogCapture;

/** Odd or hostile IMAP input gets NO or BAD, never a dropped connection, and tells nothing of other users' folders. */
class HostileImapInputTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        assertThat(ImapTranscript.run(server.imap(), "alice@example.fr", "alice-secret", "CREATE \"a&-b\"")).contains("< OK");
    }

    @Test
    void invalidModifiedUtf7NamesAnswerBadAndTheSessionGoesOn() throws Exception {
        String[] commands = {"CREATE \"&Jjo\"", "SELECT \"&\"", "RENAME \"a&&b\" x", "STATUS \"&Jjo-&\" (MESSAGES)",
            "LIST \"\" \"&Jjo\"", "DELETE \"&\"", "SUBSCRIBE \"&Jjo\"", "LSUB \"\" \"&\"", "LIST \"&Jjo\" \"*\"", "APPEND \"&\" {LITERAL}\nSubject: x\n\nx",
            "EXAMINE \"&Jjo\"", "MYRIGHTS \"&\"", "GETQUOTAROOT \"&\""};
        String output;
        List<String> log;
        try (LogCapture capture = LogCapture.start()) {
            output = alice(append(commands, "NOOP", "LIST \"\" \"*\""));
            log = capture.lines();
        }

        assertThat(output).doesNotContain("! the server closed the connection");
        for (int command = 0; command < commands.length; command++) {
            assertThat(completion(output, command)).as(commands[command]).matches("(BAD|NO) .*");
        }
        assertThat(completion(output, commands.length)).startsWith("OK");
        assertThat(ImapTranscript.responses(output, commands.length + 1)).noneMatch(line -> line.contains("Jjo"))
            .anyMatch(line -> line.endsWith("a&-b") || line.endsWith("\"a&-b\""));
        assertThat(log).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
    }

    @Test
    void otherNamespacesAnswerNoAlikeAndTheSessionGoesOn() throws Exception {
        String[] commands = {"SELECT \"#user.bob@example.fr.INBOX\"", "SELECT \"#user.nobody@example.fr.INBOX\"",
            "STATUS \"#user\" (MESSAGES)", "LIST \"#user\" \"*\"", "SELECT \"#shared\"", "SELECT \"#private&bob@example.fr\"",
            "EXAMINE \"#user.bob@example.fr.INBOX\"", "CREATE \"#user.bob@example.fr.Mine\"", "DELETE \"#shared.x\"",
            "RENAME \"#user.bob@example.fr.INBOX\" Stolen", "MYRIGHTS \"#user.bob@example.fr.INBOX\"",
            "GETACL \"#user.bob@example.fr.INBOX\"", "APPEND \"#user.bob@example.fr.INBOX\" {LITERAL}\nSubject: x\n\nx",
            "SUBSCRIBE \"#shared.x\"", "GETQUOTAROOT \"#user.bob@example.fr.INBOX\""};
        String output;
        List<String> log;
        try (LogCapture capture = LogCapture.start()) {
            output = alice(append(commands, "SELECT INBOX", "COPY 1:* \"#user.bob@example.fr.INBOX\"", "NOOP"));
            log = capture.lines();
        }

        assertThat(output).doesNotContain("! the server closed the connection");
        for (int command = 0; command < commands.length; command++) {
            // "#private&bob@example.fr" is not even valid modified UTF-7 ("&" opens an encoded run): BAD
            assertThat(completion(output, command)).as(commands[command]).matches(
                commands[command].contains("#private&") ? "BAD .*" : "NO .*");
            assertThat(ImapTranscript.responses(output, command)).as(commands[command])
                .allMatch(line -> line.startsWith("< "));
        }
        // an existing and a missing user's folder get the same answer
        assertThat(completion(output, 0)).isEqualTo(completion(output, 1));
        assertThat(completion(output, commands.length + 2)).startsWith("OK");
        assertThat(log).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
        assertThat(ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret", "LIST \"\" \"*\""))
            .doesNotContain("Mine").doesNotContain("Stolen");
    }

    private static String[] append(String[] commands, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(commands));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String alice(String... commands) throws Exception {
        return ImapTranscript.run(server.imap(), "alice@example.fr", "alice-secret", commands);
    }

    private static String completion(String output, int index) {
        return ImapTranscript.responses(output, index).stream().filter(line -> line.startsWith("< ")).findFirst()
            .orElseThrow(() -> new AssertionError("no completion for command " + index + " in\n" + output)).substring(2);
    }
}
