package io.groupmailbox.server;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.GuiceJamesServer;
import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.MailetContainerModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.server.core.configuration.Configuration;

import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.util.Modules;

import io.groupmailbox.group.GroupModule;
import io.groupmailbox.server.imap.ImapSessionGuards;
import io.groupmailbox.server.jpa.JpaDataModule;
import io.groupmailbox.server.jpa.JpaMailboxModule;
import io.groupmailbox.server.jpa.JpaPersistenceModule;
import io.groupmailbox.server.mailet.ServedDomainPostmaster;
import io.groupmailbox.server.queue.ActiveMqSpoolModule;
import io.groupmailbox.server.search.LuceneSearchModule;
import io.groupmailbox.server.smtp.GroupMailboxSmtpServerFactory;

/**
 * The embedded James 3.8.1: James's own protocol, mailet and WebAdmin modules over this project's JPA (Derby)
 * storage and ActiveMQ spool. The only file that lists James modules: a move to another James version or
 * flavour starts here.
 *
 * <p>JMAP, POP3, LMTP and ManageSieve are left out on purpose: members use IMAP and SMTP submission.
 */
public final class GroupMailboxServer {

    static final Module STORAGE = Modules.combine(
        new JpaPersistenceModule(),
        new JpaDataModule(),
        new JpaMailboxModule(),
        new LuceneSearchModule(),
        new ActiveMqSpoolModule());

    static final Module MAILBOX_AND_MAIL_PROCESSING = Modules.combine(
        new MailboxModule(),
        new DefaultEventModule(),
        new MemoryDeadLetterModule(),
        // bounces come from the postmaster of a served domain: ServedDomainPostmaster
        Modules.override(new MailetProcessingModule()).with(binder -> {
            binder.bind(ServedDomainPostmaster.class).in(Scopes.SINGLETON);
            binder.bind(JamesMailetContext.class).to(ServedDomainPostmaster.class);
        }),
        new RawPostDequeueDecoratorModule(),
        new TaskManagerModule(),
        binder -> binder.bind(MailetContainerModule.DefaultProcessorsConfigurationSupplier.class)
            .toInstance(BaseHierarchicalConfiguration::new));

    static final Module PROTOCOLS = Modules.combine(
        new ProtocolHandlerModule(),
        // one answer per SMTP transaction: GroupMailboxSmtpServer
        Modules.override(new SMTPServerModule()).with(binder -> {
            binder.bind(GroupMailboxSmtpServerFactory.class).in(Scopes.SINGLETON);
            binder.bind(SMTPServerFactory.class).to(GroupMailboxSmtpServerFactory.class);
        }),
        // odd or hostile IMAP input gets NO or BAD instead of a dropped connection
        Modules.override(new IMAPServerModule()).with(new ImapSessionGuards()));

    static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new NoJwtModule(),
        new DataRoutesModules(),
        new MailboxRoutesModule(),
        // POST /quota/users?task=RecomputeCurrentQuotas: the usage written after an append's commit is lost when the
        // server dies in between; this recounts it from the stored messages (docs: Data and durability).
        new InconsistencyQuotasSolvingRoutesModule(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule());

    /** This project's modules that must sit in the main injector (the rest loads as a James extension). */
    static final Module GROUP_MAILBOX = Modules.combine(
        new GroupModule());

    private GroupMailboxServer() {
    }

    public static GuiceJamesServer create(ServerDirectories directories) {
        Configuration configuration = new Configuration.Basic(
            new Configuration.ConfigurationPath("file://conf/"), directories);
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(new SubclassStartables(), STORAGE, MAILBOX_AND_MAIL_PROCESSING, PROTOCOLS, WEBADMIN, GROUP_MAILBOX);
    }
}
