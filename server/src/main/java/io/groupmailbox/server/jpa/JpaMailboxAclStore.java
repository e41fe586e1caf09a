package io.groupmailbox.server.jpa;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.UnsupportedRightException;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxACL.EntryKey;
import org.apache.james.mailbox.model.MailboxACL.Rfc4314Rights;

import com.google.common.collect.ImmutableList;

import io.groupmailbox.server.jpa.model.JpaMailboxAclEntry;

/** Reads and writes mailbox ACLs, one row per entry, keyed by the JPA mailbox id. */
public class JpaMailboxAclStore {

    private final TransactionRunner transactions;

    @Inject
    public JpaMailboxAclStore(EntityManagerFactory entityManagerFactory) {
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    public MailboxACL load(long mailboxId) {
        return transactions.runAndRetrieveResult(entityManager -> read(entityManager, mailboxId));
    }

    /** The ACLs of several mailboxes in one query; a mailbox with no entry gets the empty ACL. */
    public Map<Long, MailboxACL> loadAll(Collection<Long> mailboxIds) {
        if (mailboxIds.isEmpty()) {
            return Map.of();
        }
        List<JpaMailboxAclEntry> entries = transactions.runAndRetrieveResult(entityManager -> entityManager
            .createNamedQuery("aclOfMailboxes", JpaMailboxAclEntry.class)
            .setParameter("mailboxIds", ImmutableList.copyOf(mailboxIds))
            .getResultList());
        Map<Long, Map<EntryKey, Rfc4314Rights>> byMailbox = new HashMap<>();
        entries.forEach(entry -> byMailbox.computeIfAbsent(entry.getMailboxId(), id -> new HashMap<>())
            .put(EntryKey.deserialize(entry.getEntryKey()), rights(entry)));
        Map<Long, MailboxACL> result = new HashMap<>();
        mailboxIds.forEach(id -> result.put(id, new MailboxACL(byMailbox.getOrDefault(id, Map.of()))));
        return result;
    }

    /** Replaces the ACL of a mailbox by {@code change} applied to the stored one, in one transaction. */
    public ACLDiff update(long mailboxId, UnaryOperator<MailboxACL> change) {
        return transactions.runAndRetrieveResult(entityManager -> {
            MailboxACL oldAcl = read(entityManager, mailboxId);
            MailboxACL newAcl = change.apply(oldAcl);
            entityManager.createNamedQuery("deleteAclOfMailbox")
                .setParameter("mailboxId", mailboxId)
                .executeUpdate();
            newAcl.getEntries().forEach((key, rights) -> entityManager.persist(
                new JpaMailboxAclEntry(mailboxId, key.serialize(), rights.serialize())));
            return ACLDiff.computeDiff(oldAcl, newAcl);
        });
    }

    /** Ids of the mailboxes whose ACL has an entry for exactly this key (a user, not a negative entry). */
    public Map<Long, Rfc4314Rights> rightsGrantedTo(EntryKey key) {
        List<JpaMailboxAclEntry> entries = transactions.runAndRetrieveResult(entityManager -> entityManager
            .createNamedQuery("aclEntriesOfKey", JpaMailboxAclEntry.class)
            .setParameter("entryKey", key.serialize())
            .getResultList());
        Map<Long, Rfc4314Rights> result = new HashMap<>();
        entries.forEach(entry -> result.put(entry.getMailboxId(), rights(entry)));
        return result;
    }

    public void delete(long mailboxId) {
        transactions.runAndHandleException(entityManager -> entityManager.createNamedQuery("deleteAclOfMailbox")
                .setParameter("mailboxId", mailboxId)
                .executeUpdate(),
            e -> {
                throw e;
            });
    }

    private static MailboxACL read(EntityManager entityManager, long mailboxId) {
        Map<EntryKey, Rfc4314Rights> entries = new HashMap<>();
        entityManager.createNamedQuery("aclOfMailbox", JpaMailboxAclEntry.class)
            .setParameter("mailboxId", mailboxId)
            .getResultList()
            .forEach(entry -> entries.put(EntryKey.deserialize(entry.getEntryKey()), rights(entry)));
        return new MailboxACL(entries);
    }

    private static Rfc4314Rights rights(JpaMailboxAclEntry entry) {
        try {
            return Rfc4314Rights.deserialize(entry.getRights());
        } catch (UnsupportedRightException e) {
            throw new PersistenceException("Stored ACL entry " + entry.getEntryKey() + " of mailbox "
                + entry.getMailboxId() + " has unknown rights '" + entry.getRights() + "'", e);
        }
    }
}
