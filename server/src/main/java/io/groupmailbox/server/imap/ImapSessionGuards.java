package io.groupmailbox.server.imap;

import java.nio.charset.CharacterCodingException;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.display.ModifiedUtf7;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.main.DefaultImapDecoder;
import org.apache.james.imap.main.DeniedAccessOnSharedMailboxException;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.LsubRequest;
import org.apache.james.imap.processor.DefaultProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import reactor.core.publisher.Mono;

/**
 * Odd or hostile IMAP input gets NO or BAD and the session goes on; James 3.8.1 drops the connection instead:
 * <ul>
 * <li>a folder name that is not valid modified UTF-7 ({@code CREATE "&Jjo"}) throws an {@link Error} out of the parser
 * (or, for LIST and LSUB, out of the processor, leaving the command unanswered): here the command answers {@code BAD};
 * <li>a name in another namespace ({@code SELECT "#user.bob@example.fr.INBOX"}, {@code STATUS "#shared"}) throws out of
 * the processor before James's own handler of that case: here the command answers {@code NO}, the same for every such
 * name, so nothing is told about other users' folders.
 * </ul>
 * Installed over {@code IMAPServerModule} by {@code GroupMailboxServer}.
 */
public final class ImapSessionGuards extends AbstractModule {

    private static final Logger LOGGER = LoggerFactory.getLogger(ImapSessionGuards.class);
    private static final HumanReadableText NOT_MODIFIED_UTF7 = new HumanReadableText(
        "io.groupmailbox.imap.NOT_MODIFIED_UTF7", "failed. A folder name is not valid modified UTF-7 (RFC 3501 5.1.3).");
    private static final HumanReadableText OTHER_NAMESPACE = new HumanReadableText(
        "io.groupmailbox.imap.OTHER_NAMESPACE", "failed. Only your own folders are offered; group folders are under Groups.");

    @Override
    protected void configure() {
        bind(ImapProcessor.class).to(KeepSessionProcessor.class);
    }

    @Provides
    ImapDecoder decoder(ImapCommandParserFactory parsers, StatusResponseFactory responses) {
        return new DefaultImapDecoder(responses, name -> {
            ImapCommandParser parser = parsers.getParser(name);
            return parser == null ? null : (request, tag, session) -> {
                try {
                    ImapMessage message = parser.parse(request, tag, session);
                    namesToDecodeLater(message).forEach(ModifiedUtf7::decodeModifiedUTF7);
                    return message;
                } catch (Error e) {
                    if (!(e.getCause() instanceof CharacterCodingException)) {
                        throw e;
                    }
                    LOGGER.info("{} refused: a folder name is not valid modified UTF-7", name);
                    return responses.taggedBad(tag, null, NOT_MODIFIED_UTF7);
                }
            };
        });
    }

    /** The names that LIST and LSUB decode only while they answer, where a failure leaves the command unanswered. */
    private static List<String> namesToDecodeLater(ImapMessage message) {
        if (message instanceof ListRequest list) {
            return List.of(list.getBaseReferenceName(), list.getMailboxPattern());
        }
        if (message instanceof LsubRequest lsub) {
            return List.of(lsub.getBaseReferenceName(), lsub.getMailboxPattern());
        }
        return List.of();
    }

    /** James's processor chain, with names of other namespaces answered NO instead of closing the connection. */
    public static class KeepSessionProcessor implements ImapProcessor {
        private final DefaultProcessor chain;
        private final StatusResponseFactory responses;

        @Inject
        public KeepSessionProcessor(DefaultProcessor chain, StatusResponseFactory responses) {
            this.chain = chain;
            this.responses = responses;
        }

        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            return Mono.defer(() -> chain.processReactive(message, responder, session))
                .onErrorResume(DeniedAccessOnSharedMailboxException.class, e -> {
                    if (!(message instanceof ImapRequest request)) {
                        return Mono.error(e);
                    }
                    LOGGER.info("{} refused: a folder of another namespace ({})", request.getCommand().getName(),
                        session.getUserName() == null ? "not logged in" : session.getUserName().asString());
                    responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), OTHER_NAMESPACE));
                    return Mono.empty();
                });
        }

        @Override
        public void configure(ImapConfiguration configuration) {
            chain.configure(configuration);
        }
    }
}
