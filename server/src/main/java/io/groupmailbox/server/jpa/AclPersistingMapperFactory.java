package io.groupmailbox.server.jpa;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;

import io.groupmailbox.server.quota.AtomicCurrentQuotaManager;
import io.groupmailbox.server.search.AppendedMessages;

/**
 * James's JPA mapper factory whose mailbox mappers persist ACLs (see {@link AclPersistingMailboxMapper}) and whose
 * message mappers append in one transaction (see {@link OneTransactionAppendMessageMapper}).
 */
public class AclPersistingMapperFactory extends JPAMailboxSessionMapperFactory {

    private final JpaMailboxAclStore aclStore;
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final JpaDeliveryJournal deliveries;
    private final AppendedMessages appendedMessages;
    /** A provider: the quota root resolver itself needs this factory. */
    private final Provider<QuotaRootResolver> quotaRoots;
    private final AtomicCurrentQuotaManager usage;

    @Inject
    public AclPersistingMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                      JPAModSeqProvider modSeqProvider, JpaMailboxAclStore aclStore,
                                      JpaDeliveryJournal deliveries, AppendedMessages appendedMessages,
                                      Provider<QuotaRootResolver> quotaRoots, AtomicCurrentQuotaManager usage) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.aclStore = aclStore;
        this.deliveries = deliveries;
        this.appendedMessages = appendedMessages;
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.quotaRoots = quotaRoots;
        this.usage = usage;
    }

    /**
     * Appends allocate their UID and mod-sequence, record the delivery they store and count the message in its
     * quota root's usage, in the transaction that stores the message, and hand the committed message to the search
     * index.
     */
    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new OneTransactionAppendMessageMapper(session, uidProvider, modSeqProvider, entityManagerFactory, deliveries,
            appendedMessages, quotaRoots, usage);
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new AclPersistingMailboxMapper(super.createMailboxMapper(session), aclStore);
    }
}
