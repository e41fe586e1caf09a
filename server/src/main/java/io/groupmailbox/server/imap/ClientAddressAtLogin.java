package io.groupmailbox.server.imap;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.inject.Inject;

import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.processor.AuthenticateProcessor;
import org.apache.james.imap.processor.LoginProcessor;
import org.apache.james.imapserver.netty.ImapChannelUpstreamHandler;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;

/**
 * James 3.8.1's LOGIN and AUTHENTICATE PLAIN with the connection's logging context (client address, or the address
 * a HAProxy header gave) in the MDC while the credentials are checked: James keeps that context in the IMAP session
 * and in Reactor's context only, so {@link GroupLoginSessionProvider} would not know where a login as a group came
 * from. Listed in {@link GroupMailboxImapPackage}.
 */
public final class ClientAddressAtLogin {

    private ClientAddressAtLogin() {
    }

    public static class Login extends LoginProcessor {
        @Inject
        public Login(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        @Override
        protected void processRequest(LoginRequest request, ImapSession session, Responder responder) {
            withConnectionContext(session, () -> super.processRequest(request, session, responder));
        }
    }

    public static class Authenticate extends AuthenticateProcessor {
        @Inject
        public Authenticate(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(mailboxManager, factory, metricFactory);
        }

        /** Both ways in: the initial response (SASL-IR) and the continuation line after {@code +}. */
        @Override
        protected void doPlainAuth(String initialClientResponse, ImapSession session, ImapRequest request, Responder responder) {
            withConnectionContext(session, () -> super.doPlainAuth(initialClientResponse, session, request, responder));
        }
    }

    private static void withConnectionContext(ImapSession session, Runnable login) {
        if (!(session.getAttribute(ImapChannelUpstreamHandler.MDC_KEY) instanceof MDCBuilder connection)) {
            login.run();
            return;
        }
        try (Closeable context = connection.build()) {
            login.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
