package io.groupmailbox.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;

/**
 * FETCH of metadata and headers reads plain rows (MessageRows, LeanMessage); what those answer is what the stored
 * message says, and a COPY or MOVE of messages read that way (James reads the originals as metadata) keeps the whole
 * message: body, MIME structure, flags.
 */
class FetchFromRowsTest {

    private static final String MESSAGE = String.join("\n",
        "From: Ann <ann@outside.test>",
        "To: bob@example.fr",
        "Subject: =?utf-8?q?caf=C3=A9?= order",
        "Message-ID: <order-1@outside.test>",
        "Date: Mon, 1 Dec 2025 10:00:00 +0000",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Two lines",
        "of text.",
        "--b1",
        "Content-Type: application/octet-stream; name=\"a.bin\"",
        "Content-Transfer-Encoding: base64",
        "",
        "AAECAw==",
        "--b1--",
        "");

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void users() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
    }

    @Test
    void metadataHeadersCopyAndMoveFromRows() throws Exception {
        String transcript = ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret",
            "APPEND INBOX (\\Flagged $Later) {LITERAL}\n" + MESSAGE,
            "CREATE Copies",
            "CREATE Moved",
            "SELECT INBOX",
            "FETCH 1 (UID FLAGS RFC822.SIZE ENVELOPE INTERNALDATE)",
            "FETCH 1 (BODYSTRUCTURE BODY.PEEK[])",
            "COPY 1 Copies",
            "MOVE 1 Moved",
            "SELECT Copies",
            "FETCH 1 (FLAGS RFC822.SIZE ENVELOPE)",
            "FETCH 1 (BODYSTRUCTURE BODY.PEEK[])",
            "SELECT Moved",
            "FETCH 1 (BODYSTRUCTURE BODY.PEEK[])",
            "UID FETCH 1:* (UID FLAGS)");

        String metadata = fetch(transcript, 4);
        assertThat(metadata).contains("\\Flagged", "$Later", "RFC822.SIZE " + MESSAGE.replace("\n", "\r\n").length(),
            "\"=?utf-8?q?caf=C3=A9?= order\"", "<order-1@outside.test>", "(\"Ann\" NIL \"ann\" \"outside.test\")",
            "INTERNALDATE \"");
        String original = fetch(transcript, 5);
        assertThat(original).contains("\"charset\" \"utf-8\"", "\"name\" \"a.bin\"", "\"MIXED\" (\"boundary\" \"b1\")", "Two lines");
        assertThat(fetch(transcript, 9)).contains("\\Flagged", "$Later", "<order-1@outside.test>",
            "RFC822.SIZE " + MESSAGE.replace("\n", "\r\n").length());
        assertThat(fetch(transcript, 10)).isEqualTo(original);
        assertThat(fetch(transcript, 12)).isEqualTo(original);
        assertThat(fetch(transcript, 13)).contains("\\Flagged", "$Later");
    }

    /** The responses of a command but its completion, which must be OK, as one string. */
    private static String fetch(String transcript, int command) {
        List<String> lines = ImapTranscript.responses(transcript, command);
        assertThat(lines).last().asString().startsWith("< OK");
        return String.join("\n", lines.subList(0, lines.size() - 1));
    }
}
