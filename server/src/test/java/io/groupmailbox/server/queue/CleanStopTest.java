package io.groupmailbox.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

/** ERROR means an admin must act: a clean stop logs none. */
class CleanStopTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
    }

    @Test
    void aCleanStopLogsNoError() throws Exception {
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "bob@example.fr", "Before the stop", "x"), "bob@example.fr");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Before the stop");

        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> errors = new ListAppender<>();
        errors.start();
        root.addAppender(errors);
        try {
            server.restart();
        } finally {
            root.detachAppender(errors);
        }

        assertThat(errors.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
            .extracting(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
            .isEmpty();
        // and the restarted server takes mail again
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "bob@example.fr", "After the restart", "x"), "bob@example.fr");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "After the restart");
    }
}
