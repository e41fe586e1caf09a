package io.groupmailbox.server.jpa;

import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.core.Username;

import io.groupmailbox.identity.SenderMode;
import io.groupmailbox.identity.delegation.DelegationModeStore;
import io.groupmailbox.server.jpa.model.JpaDelegationMode;

/** Delegation sender modes in the shared database (table GM_DELEGATION_MODE). */
public class JpaDelegationModeStore implements DelegationModeStore {

    private final TransactionRunner transactions;

    @Inject
    public JpaDelegationModeStore(EntityManagerFactory entityManagerFactory) {
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    @Override
    public Optional<SenderMode> modeOf(Username owner, Username delegatee) {
        return transactions.runAndRetrieveResult(entityManager -> find(entityManager, owner, delegatee))
            .map(entity -> SenderMode.fromString(entity.getMode())
                .orElseThrow(() -> new IllegalStateException("GM_DELEGATION_MODE holds an unknown mode: " + entity.getMode())));
    }

    @Override
    public void set(Username owner, Username delegatee, SenderMode mode) {
        transactions.runAndHandleException(entityManager -> find(entityManager, owner, delegatee)
            .ifPresentOrElse(entity -> entity.setMode(mode.asString()),
                () -> entityManager.persist(new JpaDelegationMode(owner.asString(), delegatee.asString(), mode.asString()))),
            e -> {
                throw e;
            });
    }

    @Override
    public void reset(Username owner, Username delegatee) {
        transactions.runAndRetrieveResult(entityManager -> entityManager
            .createNamedQuery("deleteDelegationMode")
            .setParameter("owner", owner.asString())
            .setParameter("delegatee", delegatee.asString())
            .executeUpdate());
    }

    private static Optional<JpaDelegationMode> find(EntityManager entityManager, Username owner, Username delegatee) {
        return entityManager.createNamedQuery("delegationMode", JpaDelegationMode.class)
            .setParameter("owner", owner.asString())
            .setParameter("delegatee", delegatee.asString())
            .getResultStream()
            .findFirst();
    }
}
