package io.groupmailbox.server.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.core.Username;

import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.external.ExternalAccountRegistration;
import io.groupmailbox.identity.external.ExternalAccountStore;
import io.groupmailbox.server.jpa.model.JpaExternalAccount;

/** External accounts in the shared database (table GM_EXTERNAL_ACCOUNT). */
public class JpaExternalAccountStore implements ExternalAccountStore {

    private final EntityManagerFactory entityManagerFactory;
    private final TransactionRunner transactions;

    @Inject
    public JpaExternalAccountStore(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    @Override
    public List<ExternalAccountRegistration> listOf(Username user) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("externalAccountsOfUser", JpaExternalAccount.class)
                .setParameter("user", user.asString())
                .getResultList())
            .stream()
            .map(JpaExternalAccountStore::toRegistration)
            .toList();
    }

    @Override
    public Optional<ExternalAccountRegistration> get(Username user, NormalizedAddress address) {
        return transactions.runAndRetrieveResult(entityManager -> find(entityManager, user, address))
            .map(JpaExternalAccountStore::toRegistration);
    }

    @Override
    public void save(ExternalAccountRegistration registration) {
        transactions.runAndHandleException(entityManager -> {
            JpaExternalAccount entity = find(entityManager, registration.user(), registration.address())
                .orElseGet(() -> {
                    JpaExternalAccount created = new JpaExternalAccount(registration.user().asString(),
                        registration.address().asString());
                    entityManager.persist(created);
                    return created;
                });
            update(entity, registration);
        }, e -> {
            throw e;
        });
    }

    /**
     * Compare and set under optimistic locking (the entity's version column): of two transactions that read the
     * same registration, the second to commit fails, so one code cannot confirm twice and no wrong attempt is lost.
     */
    @Override
    public boolean replace(ExternalAccountRegistration expected, ExternalAccountRegistration updated) {
        if (!expected.user().equals(updated.user()) || !expected.address().equals(updated.address())) {
            throw new IllegalArgumentException("replace keeps the user and the address");
        }
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        EntityTransaction transaction = entityManager.getTransaction();
        try {
            transaction.begin();
            Optional<JpaExternalAccount> stored = find(entityManager, expected.user(), expected.address());
            if (stored.isEmpty() || !toRegistration(stored.get()).equals(expected)) {
                transaction.rollback();
                return false;
            }
            update(stored.get(), updated);
            transaction.commit();
            return true;
        } catch (PersistenceException lostTheRace) {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            return false;
        } finally {
            entityManager.close();
        }
    }

    @Override
    public boolean delete(Username user, NormalizedAddress address) {
        int deleted = transactions.runAndRetrieveResult(entityManager -> entityManager
            .createNamedQuery("deleteExternalAccount")
            .setParameter("user", user.asString())
            .setParameter("address", address.asString())
            .executeUpdate());
        return deleted > 0;
    }

    private static void update(JpaExternalAccount entity, ExternalAccountRegistration registration) {
        entity.update(registration.confirmed(), registration.codeHash().orElse(null),
            registration.codeExpiry().map(Instant::toEpochMilli).orElse(null), registration.failedAttempts(),
            registration.registeredAt().toEpochMilli());
    }

    private static Optional<JpaExternalAccount> find(EntityManager entityManager, Username user, NormalizedAddress address) {
        return entityManager.createNamedQuery("externalAccount", JpaExternalAccount.class)
            .setParameter("user", user.asString())
            .setParameter("address", address.asString())
            .getResultStream()
            .findFirst();
    }

    private static ExternalAccountRegistration toRegistration(JpaExternalAccount entity) {
        NormalizedAddress address = AddressNormalizer.normalize(entity.getAddress())
            .orElseThrow(() -> new IllegalStateException("GM_EXTERNAL_ACCOUNT holds an invalid address: " + entity.getAddress()));
        return new ExternalAccountRegistration(Username.of(entity.getUserName()), address, entity.isConfirmed(),
            Optional.ofNullable(entity.getCodeHash()), Optional.ofNullable(entity.getCodeExpiry()).map(Instant::ofEpochMilli),
            entity.getFailedAttempts(), Instant.ofEpochMilli(entity.getRegisteredAt()));
    }
}
