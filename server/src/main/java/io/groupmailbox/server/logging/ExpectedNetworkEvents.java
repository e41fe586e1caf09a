package io.groupmailbox.server.logging;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * A client that resets or drops its connection is an expected event: James's protocol handlers log it as a WARN with a
 * stack trace; this logs it as one INFO line instead, e.g. {@code IMAP client connection lost:
 * java.net.SocketException: Connection reset}. Declared in {@code conf/logback.xml}:
 *
 * <pre>
 * &lt;turboFilter class="io.groupmailbox.server.logging.ExpectedNetworkEvents"/&gt;
 * </pre>
 */
public class ExpectedNetworkEvents extends TurboFilter {

    /** The handlers' loggers and the message they log a failed connection with. */
    private static final Set<String> HANDLERS = Set.of(
        "org.apache.james.imapserver.netty.ImapChannelUpstreamHandler",
        "org.apache.james.protocols.netty.BasicChannelInboundHandler");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN && level != Level.ERROR || !HANDLERS.contains(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Optional<IOException> lost = lostConnection(t, params);
        if (lost.isEmpty()) {
            return FilterReply.NEUTRAL;
        }
        String protocol = logger.getName().contains("imap") ? "IMAP" : "SMTP";
        // on this project's logger, which the configurations keep at INFO (James's protocol loggers may be quieter)
        logger.getLoggerContext().getLogger(ExpectedNetworkEvents.class)
            .info("{} client connection lost: {}", protocol, lost.get().toString());
        return FilterReply.DENY;
    }

    private static Optional<IOException> lostConnection(Throwable t, Object[] params) {
        Throwable thrown = t != null ? t
            : params == null ? null
            : Arrays.stream(params).filter(Throwable.class::isInstance).map(Throwable.class::cast).findFirst().orElse(null);
        return thrown instanceof IOException io ? Optional.of(io) : Optional.empty();
    }
}
