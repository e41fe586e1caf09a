package io.groupmailbox.server.testing;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.GuiceProbe;

import io.groupmailbox.delivery.DeliveryJournal;
import io.groupmailbox.identity.james.SenderGrants;

/** Store-level access for assertions the issues ask to make "on the store", not through a protocol. */
public class StoreProbe implements GuiceProbe {

    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;
    private final DeliveryJournal deliveryJournal;
    private final SenderGrants senderGrants;
    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public StoreProbe(MailboxManager mailboxManager, UsersRepository usersRepository, DeliveryJournal deliveryJournal,
                      SenderGrants senderGrants, EntityManagerFactory entityManagerFactory) {
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
        this.deliveryJournal = deliveryJournal;
        this.senderGrants = senderGrants;
        this.entityManagerFactory = entityManagerFactory;
    }

    /** The database itself, for tests about its transactions and locks. */
    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    public SenderGrants senderGrants() {
        return senderGrants;
    }

    public MailboxManager mailboxManager() {
        return mailboxManager;
    }

    public UsersRepository usersRepository() {
        return usersRepository;
    }

    public DeliveryJournal deliveryJournal() {
        return deliveryJournal;
    }
}
