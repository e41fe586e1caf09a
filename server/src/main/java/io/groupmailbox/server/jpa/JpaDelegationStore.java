package io.groupmailbox.server.jpa;

import java.util.List;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.core.Username;
import org.apache.james.user.api.DelegationStore;
import org.reactivestreams.Publisher;

import io.groupmailbox.server.jpa.model.JpaDelegation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Persistent delegations ("alice may act as bob"), which James 3.8.1's JPA flavour lacks (its store throws).
 * It backs WebAdmin's {@code /users/{baseUser}/authorizedUsers} routes and IMAP delegated login.
 */
public class JpaDelegationStore implements DelegationStore {

    private final TransactionRunner transactions;

    @Inject
    public JpaDelegationStore(EntityManagerFactory entityManagerFactory) {
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    @Override
    public Publisher<Username> authorizedUsers(Username baseUser) {
        return query(() -> transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("delegationsOfBaseUser", JpaDelegation.class)
                .setParameter("baseUser", baseUser.asString())
                .getResultList()))
            .map(delegation -> Username.of(delegation.getAuthorizedUser()));
    }

    @Override
    public Publisher<Username> delegatedUsers(Username authorizedUser) {
        return query(() -> transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("delegationsToAuthorizedUser", JpaDelegation.class)
                .setParameter("authorizedUser", authorizedUser.asString())
                .getResultList()))
            .map(delegation -> Username.of(delegation.getBaseUser()));
    }

    @Override
    public Publisher<Void> addAuthorizedUser(Username baseUser, Username userWithAccess) {
        return write(() -> transactions.runAndRetrieveResult(entityManager -> {
            boolean exists = !entityManager.createNamedQuery("delegationPair", JpaDelegation.class)
                .setParameter("baseUser", baseUser.asString())
                .setParameter("authorizedUser", userWithAccess.asString())
                .getResultList()
                .isEmpty();
            if (!exists) {
                entityManager.persist(new JpaDelegation(baseUser.asString(), userWithAccess.asString()));
            }
            return null;
        }));
    }

    @Override
    public Publisher<Void> removeAuthorizedUser(Username baseUser, Username userWithAccess) {
        return removePair(baseUser, userWithAccess);
    }

    @Override
    public Publisher<Void> removeDelegatedUser(Username baseUser, Username delegatedToUser) {
        // baseUser gives up acting as delegatedToUser: the pair is (owner = delegatedToUser, authorized = baseUser).
        return removePair(delegatedToUser, baseUser);
    }

    @Override
    public Publisher<Void> clear(Username baseUser) {
        return write(() -> transactions.runAndRetrieveResult(entityManager -> {
            entityManager.createNamedQuery("deleteDelegationModesOfOwner")
                .setParameter("owner", baseUser.asString())
                .executeUpdate();
            return entityManager.createNamedQuery("deleteDelegationsOfBaseUser")
                .setParameter("baseUser", baseUser.asString())
                .executeUpdate();
        }));
    }

    /** The delegation and the sender mode chosen for it go together, so a delegation given again starts in the default mode. */
    private Publisher<Void> removePair(Username baseUser, Username authorizedUser) {
        return write(() -> transactions.runAndRetrieveResult(entityManager -> {
            entityManager.createNamedQuery("deleteDelegationMode")
                .setParameter("owner", baseUser.asString())
                .setParameter("delegatee", authorizedUser.asString())
                .executeUpdate();
            return entityManager.createNamedQuery("deleteDelegationPair")
                .setParameter("baseUser", baseUser.asString())
                .setParameter("authorizedUser", authorizedUser.asString())
                .executeUpdate();
        }));
    }

    private static Flux<JpaDelegation> query(java.util.concurrent.Callable<List<JpaDelegation>> query) {
        return Mono.fromCallable(query)
            .subscribeOn(Schedulers.boundedElastic())
            .flatMapIterable(list -> list);
    }

    private static Mono<Void> write(java.util.concurrent.Callable<?> write) {
        return Mono.fromCallable(write)
            .subscribeOn(Schedulers.boundedElastic())
            .then();
    }
}
