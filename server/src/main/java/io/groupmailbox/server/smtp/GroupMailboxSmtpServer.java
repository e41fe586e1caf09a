package io.groupmailbox.server.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;

import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * James's SMTP server whose sessions give one answer per message: a message that failed while its data
 * arrived (a line over the line limit, or over the size limit) gets one refusal after the final dot and is
 * not stored. See {@link OneAnswerPerMessageHandler}.
 */
public class GroupMailboxSmtpServer extends SMTPServer {

    private final SmtpMetrics metrics;
    private SMTPProtocol protocol;

    public GroupMailboxSmtpServer(SmtpMetrics metrics) {
        super(metrics);
        this.metrics = metrics;
    }

    @Override
    protected void preInit() throws Exception {
        super.preInit();
        SMTPConfiguration configuration = new SMTPHandlerConfigurationDataImpl();
        // the same sessions as James's own server builds; only the channel handler in front of them differs
        protocol = new SMTPProtocol(getProtocolHandlerChain(), configuration) {
            @Override
            public ProtocolSession newSession(ProtocolTransport transport) {
                return new ExtendedSMTPSession(configuration, transport);
            }
        };
    }

    @Override
    protected ChannelInboundHandlerAdapter createCoreHandler() {
        return new OneAnswerPerMessageHandler(protocol, getEncryption(), proxyRequired, metrics);
    }
}
