package io.groupmailbox.server.jpa;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.store.mail.MailboxMapper;

/** James's JPA mapper factory whose mailbox mappers persist ACLs (see {@link AclPersistingMailboxMapper}). */
public class AclPersistingMapperFactory extends JPAMailboxSessionMapperFactory {

    private final JpaMailboxAclStore aclStore;

    @Inject
    public AclPersistingMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                      JPAModSeqProvider modSeqProvider, JpaMailboxAclStore aclStore) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.aclStore = aclStore;
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new AclPersistingMailboxMapper(super.createMailboxMapper(session), aclStore);
    }
}
