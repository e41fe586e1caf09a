package io.groupmailbox.server.smtp;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

/** Builds {@link GroupMailboxSmtpServer}s from {@code smtpserver.xml}, in place of James's own servers. */
public class GroupMailboxSmtpServerFactory extends SMTPServerFactory {

    @Inject
    public GroupMailboxSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem,
                                         MetricFactory metricFactory) {
        super(dns, loader, fileSystem, metricFactory);
    }

    @Override
    protected SMTPServer createServer() {
        return new GroupMailboxSmtpServer(smtpMetrics);
    }
}
