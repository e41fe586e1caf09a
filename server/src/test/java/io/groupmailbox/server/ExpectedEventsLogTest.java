package io.groupmailbox.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.LogCapture;
import io.groupmailbox.server.testing.TestConfiguration;

/** Expected events (a client's mistake, a client that resets its connection) are logged as one INFO line. */
class ExpectedEventsLogTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("alice@example.fr", "alice-secret");
    }

    @Test
    void statusOfAFolderThatDoesNotExistIsOneInfoLine() throws Exception {
        String output;
        List<String> log;
        try (LogCapture capture = LogCapture.start()) {
            output = ImapTranscript.run(server.imap(), "alice@example.fr", "alice-secret",
                "STATUS Nowhere (MESSAGES)", "STATUS Groups.Nothing.INBOX (MESSAGES UNSEEN)", "NOOP");
            log = capture.lines();
        }

        assertThat(ImapTranscript.responses(output, 0)).containsExactly("< NO STATUS failed. No such mailbox.");
        assertThat(ImapTranscript.responses(output, 1)).containsExactly("< NO STATUS failed. No such mailbox.");
        assertThat(log).filteredOn(line -> line.contains("does not exist")).hasSize(2).allMatch(line -> line.startsWith("INFO "));
        assertThat(log).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
    }

    @Test
    void anImapClientThatResetsItsConnectionIsOneInfoLine() throws Exception {
        try (LogCapture capture = LogCapture.start()) {
            resetImapSessionOverTls(server.configuration().imapPort());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(capture.lines())
                .filteredOn(line -> line.contains("connection lost")).hasSize(1));

            assertThat(capture.lines()).filteredOn(line -> line.contains("connection lost"))
                .containsExactly("INFO io.groupmailbox.server.logging.ExpectedNetworkEvents - IMAP client connection lost: "
                    + "java.net.SocketException: Connection reset");
            assertThat(capture.lines()).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
        }
    }

    @Test
    void theShippedLogConfigurationLogsAResetAsOneInfoLine() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(TestConfiguration.projectConf().resolve("logback.xml").toFile());
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);

        context.getLogger("org.apache.james.imapserver.netty.ImapChannelUpstreamHandler")
            .warn("Error while processing imap request", new java.net.SocketException("Connection reset"));
        context.getLogger("org.apache.james.imapserver.netty.ImapChannelUpstreamHandler")
            .warn("Error while processing imap request", new IllegalStateException("a defect"));
        context.getLogger("org.apache.james.protocols.netty.BasicChannelInboundHandler")
            .error("Unable to process request", new java.io.IOException("Broken pipe"));
        context.stop();

        assertThat(appender.list).extracting(event -> event.getLevel() + " " + event.getFormattedMessage())
            .containsExactly("INFO IMAP client connection lost: java.net.SocketException: Connection reset",
                "WARN Error while processing imap request", "INFO SMTP client connection lost: java.io.IOException: Broken pipe");
        assertThat(LoggerFactory.getILoggerFactory()).isNotSameAs(context);
    }

    /** Logs in over STARTTLS, selects INBOX and resets the connection (TCP RST) under the TLS session. */
    private static void resetImapSessionOverTls(int port) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("* OK");
        socket.getOutputStream().write("a1 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("a1 OK");
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", port, false);
        secure.startHandshake();
        BufferedReader secureIn = new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.US_ASCII));
        secure.getOutputStream().write("a2 LOGIN alice@example.fr alice-secret\r\na3 SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
        secure.getOutputStream().flush();
        String line;
        do {
            line = secureIn.readLine();
        } while (line != null && !line.startsWith("a3 "));
        secure.getOutputStream().write("a4 IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
        secure.getOutputStream().flush();
        assertThat(secureIn.readLine()).startsWith("+");
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
