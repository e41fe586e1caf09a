package io.groupmailbox.server.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.core.Username;

import io.groupmailbox.login.AppPassword;
import io.groupmailbox.login.AppPasswordStore;
import io.groupmailbox.server.jpa.model.JpaAppPassword;

/** App passwords in the shared database (table GM_APP_PASSWORD): a login is one keyed read by group and selector. */
public class JpaAppPasswordStore implements AppPasswordStore {

    private final EntityManagerFactory entityManagerFactory;
    private final TransactionRunner transactions;

    @Inject
    public JpaAppPasswordStore(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    @Override
    public void add(AppPassword password) {
        transactions.runAndHandleException(entityManager -> entityManager.persist(new JpaAppPassword(password)),
            JpaAppPasswordStore::rethrow);
    }

    @Override
    public Optional<AppPassword> bySelector(Username group, String selector) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("appPasswordBySelector", JpaAppPassword.class)
                .setParameter("group", group.asString())
                .setParameter("selector", selector)
                .getResultList())
            .stream().findFirst().map(JpaAppPassword::toAppPassword);
    }

    @Override
    public Optional<AppPassword> byId(Username group, String id) {
        return Optional.ofNullable(transactions.runAndRetrieveResult(entityManager -> entityManager.find(JpaAppPassword.class, id)))
            .map(JpaAppPassword::toAppPassword)
            .filter(password -> password.group().equals(group));
    }

    @Override
    public List<AppPassword> of(Username group, Username member) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("appPasswordsOfMember", JpaAppPassword.class)
                .setParameter("group", group.asString())
                .setParameter("member", member.asString())
                .getResultList())
            .stream().map(JpaAppPassword::toAppPassword).toList();
    }

    @Override
    public boolean remove(Username group, Username member, String id) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
            .createNamedQuery("deleteAppPassword")
            .setParameter("id", id)
            .setParameter("group", group.asString())
            .setParameter("member", member.asString())
            .executeUpdate()) == 1;
    }

    @Override
    public void markUsed(Username group, String id, Instant when) {
        transactions.runAndHandleException(entityManager -> entityManager
            .createNamedQuery("markAppPasswordUsed")
            .setParameter("when", when.toEpochMilli())
            .setParameter("id", id)
            .setParameter("group", group.asString())
            .executeUpdate(), JpaAppPasswordStore::rethrow);
    }

    private static void rethrow(PersistenceException e) {
        throw e;
    }
}
