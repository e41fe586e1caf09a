package io.groupmailbox.server.testing;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * What the server in this JVM logs while open: every event that reaches the root logger under the test logging
 * configuration (WARN and above from everything, INFO from this project).
 *
 * <pre>
 * try (LogCapture log = LogCapture.start()) { ...; assertThat(log.events())... }
 * </pre>
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Each event as one line: level, logger, message, and the exception's class when it carries one. */
    public List<String> lines() {
        return events().stream()
            .map(event -> event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : " [" + event.getThrowableProxy().getClassName() + "]"))
            .toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
