package io.groupmailbox.server.imap;

import java.io.IOException;

import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

/**
 * {@code <tag> NO [NOPERM] <reason>}: RFC 5530's answer to a command the access control refuses. James 3.8.1 can only
 * write response codes of its own list (or prefixed with X), hence this response and its encoder.
 */
public record NoPermissionResponse(Tag tag, String reason) implements ImapResponseMessage {

    /** Listed in {@link GroupMailboxImapPackage}'s encoders. */
    public static class Encoder implements ImapResponseEncoder<NoPermissionResponse> {
        @Override
        public Class<NoPermissionResponse> acceptableMessages() {
            return NoPermissionResponse.class;
        }

        @Override
        public void encode(NoPermissionResponse response, ImapResponseComposer composer) throws IOException {
            composer.tag(response.tag());
            composer.message("NO");
            composer.openSquareBracket();
            composer.message("NOPERM");
            composer.closeSquareBracket();
            composer.message(response.reason().replaceAll("[\\r\\n]", " "));
            composer.end();
        }
    }
}
