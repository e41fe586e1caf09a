package io.groupmailbox.server.jpa;

import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.EntityManagerUtils;
import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.core.Username;

import io.groupmailbox.notify.DigestCursors;
import io.groupmailbox.server.jpa.model.JpaDigestCursor;

/**
 * Digest cursors in the shared database (table GM_DIGEST_CURSOR). {@link #advance} is one conditional UPDATE,
 * so of two nodes moving the same cursor from the same position, one only succeeds.
 */
public class JpaDigestCursors implements DigestCursors {

    private final EntityManagerFactory entityManagerFactory;
    private final TransactionRunner transactions;

    @Inject
    public JpaDigestCursors(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    @Override
    public Map<Username, Long> of(Username group) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("digestCursorsOfGroup", JpaDigestCursor.class)
                .setParameter("group", group.asString())
                .getResultList())
            .stream()
            .collect(Collectors.toUnmodifiableMap(cursor -> Username.of(cursor.getMember()), JpaDigestCursor::getLastUid));
    }

    /** An INSERT; the primary key refuses a second cursor for the same member, whichever node writes it. */
    @Override
    public boolean start(Username group, Username member, long lastUid) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            entityManager.persist(new JpaDigestCursor(group.asString(), member.asString(), lastUid));
            entityManager.getTransaction().commit();
            return true;
        } catch (PersistenceException e) {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            if (of(group).containsKey(member)) {
                return false;
            }
            throw e;
        } finally {
            EntityManagerUtils.safelyClose(entityManager);
        }
    }

    /**
     * One SQL UPDATE with the expected position in its WHERE clause (native: OpenJPA may run a JPQL bulk update
     * as a read then a write, which two nodes could both pass).
     */
    @Override
    public boolean advance(Username group, Username member, long expected, long next) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
            .createNativeQuery("UPDATE GM_DIGEST_CURSOR SET LAST_UID = ? WHERE GROUP_ADDRESS = ? AND MEMBER = ? AND LAST_UID = ?")
            .setParameter(1, next)
            .setParameter(2, group.asString())
            .setParameter(3, member.asString())
            .setParameter(4, expected)
            .executeUpdate()) == 1;
    }

    @Override
    public void remove(Username group, Username member) {
        transactions.runAndHandleException(entityManager -> entityManager
            .createNamedQuery("deleteDigestCursor")
            .setParameter("group", group.asString())
            .setParameter("member", member.asString())
            .executeUpdate(), JpaDigestCursors::rethrow);
    }

    @Override
    public void removeGroup(Username group) {
        transactions.runAndHandleException(entityManager -> entityManager
            .createNamedQuery("deleteDigestCursorsOfGroup")
            .setParameter("group", group.asString())
            .executeUpdate(), JpaDigestCursors::rethrow);
    }

    private static void rethrow(PersistenceException e) {
        throw e;
    }
}
