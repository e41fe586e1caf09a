package io.groupmailbox.server.jpa;

import static org.apache.james.modules.Names.MAILBOXMANAGER_NAME;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.adapter.mailbox.ACLUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.DelegationStoreAuthorizator;
import org.apache.james.adapter.mailbox.MailboxUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.QuotaUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.UserRepositoryAuthenticator;
import org.apache.james.events.EventListener;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.MailboxACLResolver;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.event.MailboxAnnotationListener;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.ListeningCurrentQuotaUpdater;
import org.apache.james.mailbox.store.quota.QuotaUpdater;
import org.apache.james.mailbox.store.quota.StoreQuotaManager;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.quota.search.QuotaSearcher;
import org.apache.james.quota.search.scanning.ScanningQuotaSearcher;
import org.apache.james.user.api.UsernameChangeTaskStep;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.MailboxManagerDefinition;
import org.apache.mailbox.tools.indexer.ReIndexerImpl;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.google.inject.name.Names;

import io.groupmailbox.server.imap.GroupAwareMailboxManager;
import io.groupmailbox.server.imap.GroupFolderRemovalAudit;
import io.groupmailbox.server.imap.GroupLoginSessionProvider;
import io.groupmailbox.server.imap.MemberRightsInGroupSessions;
import io.groupmailbox.server.quota.AtomicCurrentQuotaManager;
import io.groupmailbox.server.quota.CachingMaxQuotaManager;
import io.groupmailbox.server.quota.UsageCountedOnStoreQuotaUpdater;

/**
 * James's JPA mailbox (messages, flags, annotations, subscriptions, quotas), with these changes of this project:
 * ACLs persist ({@link AclPersistingMapperFactory}), delegated login is checked against the persistent
 * {@link JpaDelegationStore}, members log in to their group accounts ({@link GroupLoginSessionProvider}) with their own
 * rights there ({@link MemberRightsInGroupSessions}), members see their group folders in their own tree ({@link GroupAwareMailboxManager}),
 * quota limits are cached for a few seconds ({@link CachingMaxQuotaManager}), usage changes are atomic
 * ({@link AtomicCurrentQuotaManager}) and a stored message is counted by the transaction that stores it
 * ({@link UsageCountedOnStoreQuotaUpdater}). Thread ids are guessed naively,
 * so that a delivery never searches the mailbox.
 */
public class JpaMailboxModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(JpaMailboxAclStore.class).in(Scopes.SINGLETON);
        bind(MailTableIndexes.class).in(Scopes.SINGLETON);
        bind(AclPersistingMapperFactory.class).in(Scopes.SINGLETON);
        bind(JPAMailboxSessionMapperFactory.class).to(AclPersistingMapperFactory.class);
        bind(SubscriptionMapperFactory.class).to(AclPersistingMapperFactory.class);
        bind(MessageMapperFactory.class).to(AclPersistingMapperFactory.class);
        bind(MailboxMapperFactory.class).to(AclPersistingMapperFactory.class);
        bind(MailboxSessionMapperFactory.class).to(AclPersistingMapperFactory.class);

        bind(GroupAwareMailboxManager.class).in(Scopes.SINGLETON);
        bind(OpenJPAMailboxManager.class).to(GroupAwareMailboxManager.class);
        bind(MailboxManager.class).to(GroupAwareMailboxManager.class);
        bind(StoreMailboxManager.class).to(GroupAwareMailboxManager.class);
        bind(MailboxManager.class).annotatedWith(Names.named(MAILBOXMANAGER_NAME)).to(MailboxManager.class);
        bind(MailboxManagerConfiguration.class).toInstance(MailboxManagerConfiguration.DEFAULT);
        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class).addBinding().to(JpaMailboxManagerDefinition.class);

        bind(JVMMailboxPathLocker.class).in(Scopes.SINGLETON);
        bind(MailboxPathLocker.class).to(JVMMailboxPathLocker.class);
        bind(StoreSubscriptionManager.class).in(Scopes.SINGLETON);
        bind(SubscriptionManager.class).to(StoreSubscriptionManager.class);
        bind(JPAModSeqProvider.class).in(Scopes.SINGLETON);
        bind(ModSeqProvider.class).to(JPAModSeqProvider.class);
        bind(JPAUidProvider.class).in(Scopes.SINGLETON);
        bind(UidProvider.class).to(JPAUidProvider.class);
        bind(JPAId.Factory.class).in(Scopes.SINGLETON);
        bind(MailboxId.Factory.class).to(JPAId.Factory.class);
        bind(DefaultMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(MessageId.Factory.class).to(DefaultMessageId.Factory.class);
        bind(NaiveThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
        bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);
        bind(AttachmentContentLoader.class).to(JPAAttachmentContentLoader.class);

        bind(UserRepositoryAuthenticator.class).in(Scopes.SINGLETON);
        bind(Authenticator.class).to(UserRepositoryAuthenticator.class);
        bind(DelegationStoreAuthorizator.class).in(Scopes.SINGLETON);
        bind(Authorizator.class).to(DelegationStoreAuthorizator.class);
        bind(SessionProviderImpl.class).in(Scopes.SINGLETON);
        bind(GroupLoginSessionProvider.class).in(Scopes.SINGLETON);
        bind(SessionProvider.class).to(GroupLoginSessionProvider.class);
        bind(MemberRightsInGroupSessions.class).in(Scopes.SINGLETON);
        bind(StoreRightManager.class).to(MemberRightsInGroupSessions.class);
        bind(UnionMailboxACLResolver.class).in(Scopes.SINGLETON);
        bind(MailboxACLResolver.class).to(UnionMailboxACLResolver.class);

        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);
        bind(ReIndexer.class).to(ReIndexerImpl.class);

        bind(GroupAwareMailboxManager.GroupQuotaRoots.class).in(Scopes.SINGLETON);
        bind(DefaultUserQuotaRootResolver.class).to(GroupAwareMailboxManager.GroupQuotaRoots.class);
        bind(UserQuotaRootResolver.class).to(GroupAwareMailboxManager.GroupQuotaRoots.class);
        bind(QuotaRootResolver.class).to(GroupAwareMailboxManager.GroupQuotaRoots.class);
        bind(QuotaRootDeserializer.class).to(GroupAwareMailboxManager.GroupQuotaRoots.class);
        bind(JPAPerUserMaxQuotaManager.class).in(Scopes.SINGLETON);
        bind(StoreQuotaManager.class).in(Scopes.SINGLETON);
        bind(QuotaManager.class).to(StoreQuotaManager.class);
        bind(AtomicCurrentQuotaManager.class).in(Scopes.SINGLETON);
        bind(CurrentQuotaManager.class).to(AtomicCurrentQuotaManager.class);
        bind(UsageCountedOnStoreQuotaUpdater.class).in(Scopes.SINGLETON);
        bind(ListeningCurrentQuotaUpdater.class).to(UsageCountedOnStoreQuotaUpdater.class);
        bind(QuotaUpdater.class).to(UsageCountedOnStoreQuotaUpdater.class);
        bind(ScanningQuotaSearcher.class).in(Scopes.SINGLETON);
        bind(QuotaSearcher.class).to(ScanningQuotaSearcher.class);

        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(UsageCountedOnStoreQuotaUpdater.class);
        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class)
            .addBinding().to(MailboxAnnotationListener.class);
        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class)
            .addBinding().to(GroupFolderRemovalAudit.class);

        Multibinder<UsernameChangeTaskStep> usernameChangeSteps = Multibinder.newSetBinder(binder(), UsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(MailboxUsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(ACLUsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(QuotaUsernameChangeTaskStep.class);
    }

    @Singleton
    private static class JpaMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        private JpaMailboxManagerDefinition(OpenJPAMailboxManager manager) {
            super("jpa-mailboxmanager", manager);
        }
    }

    /** Quota limits, read twice per appended message, are remembered for a few seconds ({@link CachingMaxQuotaManager}). */
    @Provides
    @Singleton
    MaxQuotaManager maxQuotaManager(JPAPerUserMaxQuotaManager store) {
        return new CachingMaxQuotaManager(store);
    }

    @ProvidesIntoSet
    InitializationOperation createTheMailTableIndexes(MailTableIndexes indexes) {
        return InitilizationOperationBuilder
            .forClass(MailTableIndexes.class)
            .init(indexes::createMissing);
    }
}
