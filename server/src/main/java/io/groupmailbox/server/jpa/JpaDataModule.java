package io.groupmailbox.server.jpa;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.CoreDataModule;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.file.FileMailRepository;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.sieverepository.api.SieveQuotaRepository;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.user.api.DelegationStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.server.core.configuration.ConfigurationProvider;

import com.google.common.collect.ImmutableList;

import io.groupmailbox.audit.AuditStore;
import io.groupmailbox.delivery.DeliveryJournal;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.identity.delegation.DelegationModeStore;
import io.groupmailbox.identity.external.ExternalAccountStore;
import io.groupmailbox.login.AppPasswordStore;
import io.groupmailbox.notify.DigestCursors;
import io.groupmailbox.server.users.JpaUsersRepository;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * James's data stores over JPA: users (whose existence is cached for a few seconds, {@link JpaUsersRepository}),
 * domains (cached likewise, {@link JpaDomainList}), recipient rewrite table (aliases, domain aliases;
 * {@link IdempotentRecipientRewriteTable}), sieve scripts, the list of mail repositories, and this
 * project's stores: delegations and their sender modes, the delivery journal, groups, external accounts, digest
 * cursors, app passwords for group accounts and the groups' audit trail.
 */
public class JpaDataModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new CoreDataModule());

        bind(JpaUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(JpaUsersRepository.class);

        bind(JpaDomainList.class).in(Scopes.SINGLETON);
        bind(JPADomainList.class).to(JpaDomainList.class);
        bind(DomainList.class).to(JpaDomainList.class);

        bind(IdempotentRecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(JPARecipientRewriteTable.class).to(IdempotentRecipientRewriteTable.class);
        bind(RecipientRewriteTable.class).to(IdempotentRecipientRewriteTable.class);
        bind(AliasReverseResolverImpl.class).in(Scopes.SINGLETON);
        bind(AliasReverseResolver.class).to(AliasReverseResolverImpl.class);
        bind(CanSendFromImpl.class).in(Scopes.SINGLETON);
        bind(CanSendFrom.class).to(CanSendFromImpl.class);

        bind(JPASieveRepository.class).in(Scopes.SINGLETON);
        bind(SieveRepository.class).to(JPASieveRepository.class);
        bind(SieveQuotaRepository.class).to(JPASieveRepository.class);

        bind(JpaDelegationStore.class).in(Scopes.SINGLETON);
        bind(DelegationStore.class).to(JpaDelegationStore.class);

        bind(JpaDeliveryJournal.class).in(Scopes.SINGLETON);
        bind(DeliveryJournal.class).to(JpaDeliveryJournal.class);

        bind(JpaGroupRepository.class).in(Scopes.SINGLETON);
        bind(GroupRepository.class).to(JpaGroupRepository.class);

        bind(JpaExternalAccountStore.class).in(Scopes.SINGLETON);
        bind(ExternalAccountStore.class).to(JpaExternalAccountStore.class);

        bind(JpaDelegationModeStore.class).in(Scopes.SINGLETON);
        bind(DelegationModeStore.class).to(JpaDelegationModeStore.class);

        bind(JpaDigestCursors.class).in(Scopes.SINGLETON);
        bind(DigestCursors.class).to(JpaDigestCursors.class);

        bind(JpaAppPasswordStore.class).in(Scopes.SINGLETON);
        bind(AppPasswordStore.class).to(JpaAppPasswordStore.class);

        bind(JpaAuditStore.class).in(Scopes.SINGLETON);
        bind(AuditRetention.class).in(Scopes.SINGLETON);
        bind(AuditStore.class).to(JpaAuditStore.class);

        bind(JPAMailRepositoryUrlStore.class).in(Scopes.SINGLETON);
        bind(MailRepositoryUrlStore.class).to(JPAMailRepositoryUrlStore.class);
        bind(MailRepositoryStoreConfiguration.Item.class)
            .toProvider(() -> new MailRepositoryStoreConfiguration.Item(
                ImmutableList.of(new Protocol("file")),
                FileMailRepository.class.getName(),
                new BaseHierarchicalConfiguration()));
    }

    @ProvidesIntoSet
    InitializationOperation pruneDeliveryJournal(JpaDeliveryJournal journal) {
        return InitilizationOperationBuilder
            .forClass(JpaDeliveryJournal.class)
            .init(journal::start);
    }

    @ProvidesIntoSet
    InitializationOperation pruneAuditTrail(AuditRetention retention) {
        return InitilizationOperationBuilder
            .forClass(AuditRetention.class)
            .init(retention::start);
    }

    @ProvidesIntoSet
    InitializationOperation configureUsers(ConfigurationProvider configurationProvider, JpaUsersRepository usersRepository) {
        return InitilizationOperationBuilder
            .forClass(JpaUsersRepository.class)
            .init(() -> usersRepository.configure(configurationProvider.getConfiguration("usersrepository")));
    }

    @ProvidesIntoSet
    InitializationOperation configureDomainList(DomainListConfiguration configuration, JpaDomainList domainList) {
        return InitilizationOperationBuilder
            .forClass(JpaDomainList.class)
            .init(() -> domainList.configure(configuration));
    }

    @ProvidesIntoSet
    InitializationOperation configureRecipientRewriteTable(ConfigurationProvider configurationProvider,
                                                           JPARecipientRewriteTable recipientRewriteTable) {
        return InitilizationOperationBuilder
            .forClass(JPARecipientRewriteTable.class)
            .init(() -> recipientRewriteTable.configure(configurationProvider.getConfiguration("recipientrewritetable")));
    }
}
