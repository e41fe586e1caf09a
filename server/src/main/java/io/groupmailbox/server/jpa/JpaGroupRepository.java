package io.groupmailbox.server.jpa;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.backends.jpa.TransactionRunner;
import org.apache.james.core.Username;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupJson;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.group.InvalidGroupsException;
import io.groupmailbox.server.jpa.model.JpaGroup;

/** Groups in the shared database, one row per group holding its JSON definition. */
public class JpaGroupRepository implements GroupRepository {

    private final TransactionRunner transactions;

    @Inject
    public JpaGroupRepository(EntityManagerFactory entityManagerFactory) {
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    @Override
    public List<GroupDefinition> list() {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("listGroups", JpaGroup.class)
                .getResultList())
            .stream()
            .map(JpaGroupRepository::toDefinition)
            .toList();
    }

    @Override
    public Optional<GroupDefinition> get(Username address) {
        return Optional.ofNullable(transactions.runAndRetrieveResult(entityManager -> entityManager.find(JpaGroup.class, address.asString())))
            .map(JpaGroupRepository::toDefinition);
    }

    @Override
    public void save(GroupDefinition group) {
        String json = GroupJson.write(group);
        String origin = group.origin().name();
        transactions.runAndHandleException(entityManager -> {
            JpaGroup existing = entityManager.find(JpaGroup.class, group.address().asString());
            if (existing == null) {
                entityManager.persist(new JpaGroup(group.address().asString(), origin, json));
            } else {
                existing.update(origin, json);
            }
        }, e -> {
            throw e;
        });
    }

    @Override
    public void delete(Username address) {
        transactions.runAndHandleException(entityManager -> {
            JpaGroup existing = entityManager.find(JpaGroup.class, address.asString());
            if (existing != null) {
                entityManager.remove(existing);
            }
        }, e -> {
            throw e;
        });
    }

    private static GroupDefinition toDefinition(JpaGroup row) {
        try {
            return GroupJson.read(row.getDefinition(), Username.of(row.getAddress()), GroupDefinition.Origin.valueOf(row.getOrigin()));
        } catch (InvalidGroupsException e) {
            throw new IllegalStateException("Stored group " + row.getAddress() + " cannot be read: " + e.getMessage(), e);
        }
    }
}
