package io.groupmailbox.server.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Raw IMAP commands sent in one session by python's imaplib ({@code imap_commands.py}), and the server's answers
 * read back from the transcript it prints: "> COMMAND", the untagged responses, then "< " and the completion.
 */
public final class ImapTranscript {

    private ImapTranscript() {
    }

    /** Logs in as {@code user} and sends the commands in order; returns the whole transcript. */
    public static String run(ImapClient imap, String user, String password, String... commands) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(String.valueOf(imap.port()), user, password));
        arguments.addAll(List.of(commands));
        return PythonClient.run("imap_commands.py", arguments.toArray(String[]::new));
    }

    /** The lines answering the {@code index}-th command (untagged responses, then "< " and the completion). */
    public static List<String> responses(String transcript, int index) {
        String[] blocks = ("\n" + transcript).split("\n> ");
        return blocks[index + 1].lines().skip(1).toList();
    }
}
