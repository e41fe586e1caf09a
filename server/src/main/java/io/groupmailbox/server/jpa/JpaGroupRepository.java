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
import io.groupmailbox.server.jpa.model.JpaGroupMember;

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
    public List<GroupDefinition> groupsOf(Username member) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
                .createNamedQuery("groupsOfMember", String.class)
                .setParameter("member", member.asString())
                .getResultList())
            .stream()
            .map(address -> get(Username.of(address)))
            .flatMap(Optional::stream)
            .toList();
    }

    /** The definition and its membership rows change in one transaction. */
    @Override
    public void save(GroupDefinition group) {
        String address = group.address().asString();
        String json = GroupJson.write(group);
        String origin = group.origin().name();
        transactions.runAndHandleException(entityManager -> {
            JpaGroup existing = entityManager.find(JpaGroup.class, address);
            if (existing == null) {
                entityManager.persist(new JpaGroup(address, origin, json));
            } else {
                existing.update(origin, json);
            }
            entityManager.createNamedQuery("deleteMembersOfGroup").setParameter("group", address).executeUpdate();
            group.members().forEach(member -> entityManager.persist(new JpaGroupMember(address, member.address().asString())));
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
            entityManager.createNamedQuery("deleteMembersOfGroup").setParameter("group", address.asString()).executeUpdate();
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
