package io.groupmailbox.group;

import java.io.File;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.notify.GroupDigests;

/**
 * The groups of this server, from their two sources (see src/adr/0002-groups-source-of-truth.md):
 * {@code conf/groups.xml}, applied at start and on reload, read-only over REST; and WebAdmin, for the others.
 * Both end up in the {@link GroupRepository} and, through the {@link GroupReconciler}, in James's stores.
 *
 * <p>Every change is checked whole before anything is written: a bad file or request changes nothing.
 */
@Singleton
public class GroupService implements Startable {

    public static final String GROUPS_FILE = "file://conf/groups.xml";
    private static final Logger LOGGER = LoggerFactory.getLogger(GroupService.class);

    private final GroupRepository repository;
    private final GroupReconciler reconciler;
    private final UsersRepository usersRepository;
    private final DomainList domainList;
    private final FileSystem fileSystem;
    private final GroupDigests digests;
    private final GroupAudit audit;

    @Inject
    public GroupService(GroupRepository repository, GroupReconciler reconciler, UsersRepository usersRepository,
                        DomainList domainList, FileSystem fileSystem, GroupDigests digests, GroupAudit audit) {
        this.repository = repository;
        this.reconciler = reconciler;
        this.usersRepository = usersRepository;
        this.domainList = domainList;
        this.fileSystem = fileSystem;
        this.digests = digests;
        this.audit = audit;
    }

    /** A change refused because groups.xml owns the group. */
    public static class ReadOnlyGroupException extends Exception {
        ReadOnlyGroupException(String message) {
            super(message);
        }
    }

    /** A change refused because another group already has that name (names are folder names in members' trees). */
    public static class GroupNameTakenException extends Exception {
        GroupNameTakenException(String message) {
            super(message);
        }
    }

    public File groupsFile() {
        try {
            return fileSystem.getFile(GROUPS_FILE);
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("Cannot resolve " + GROUPS_FILE, e);
        }
    }

    /**
     * Reads groups.xml and applies it: its groups are created or updated, the groups it no longer declares are
     * removed. On any error nothing changes and the previous groups keep working.
     */
    public synchronized List<GroupDefinition> applyConfiguration() throws InvalidGroupsException {
        GroupsFile file = GroupsFile.read(groupsFile().toPath());
        Set<Username> declared = file.groups().stream().map(GroupDefinition::address).collect(Collectors.toSet());
        List<GroupDefinition> rest = repository.list().stream()
            .filter(group -> group.origin() == GroupDefinition.Origin.REST)
            .toList();
        for (GroupDefinition group : file.groups()) {
            Optional<GroupDefinition> sameAddress = rest.stream().filter(other -> other.address().equals(group.address())).findFirst();
            if (sameAddress.isPresent()) {
                throw new InvalidGroupsException(file.where(group.address()) + ": group " + group.address().asString()
                    + " already exists, created over WebAdmin; delete it there first");
            }
            check(group, declaredGroups(file.groups(), rest), member -> file.where(group.address(), member), file.where(group.address()));
            Optional<GroupDefinition> sameName = rest.stream().filter(group::sameNameAs).findFirst();
            if (sameName.isPresent()) {
                throw new InvalidGroupsException(file.where(group.address()) + ": " + nameTaken(group, sameName.get()));
            }
        }
        List<GroupDefinition> removed = repository.list().stream()
            .filter(group -> group.origin() == GroupDefinition.Origin.CONFIGURATION && !declared.contains(group.address()))
            .toList();
        for (GroupDefinition group : removed) {
            apply(() -> reconciler.revoke(group));
            repository.delete(group.address());
            digests.forget(group.address());
            auditMembership(Optional.of(group), Optional.empty(), group.origin());
            LOGGER.info("Group {} was removed from {}", group.address().asString(), file.file());
        }
        for (GroupDefinition group : file.groups()) {
            save(group);
        }
        LOGGER.info("Applied {}: {} group(s)", file.file(), file.groups().size());
        return file.groups();
    }

    public List<GroupDefinition> list() {
        return repository.list();
    }

    public Optional<GroupDefinition> get(Username address) {
        return repository.get(address);
    }

    /** Creates or replaces a group managed over REST. */
    public synchronized void put(GroupDefinition group) throws InvalidGroupsException, ReadOnlyGroupException, GroupNameTakenException {
        requireWritable(group.address());
        Optional<String> invalidName = GroupDefinition.invalidName(group.name());
        if (invalidName.isPresent()) {
            throw new InvalidGroupsException(invalidName.get());
        }
        List<GroupDefinition> others = repository.list().stream().filter(other -> !other.address().equals(group.address())).toList();
        Optional<GroupDefinition> sameName = others.stream().filter(group::sameNameAs).findFirst();
        if (sameName.isPresent()) {
            throw new GroupNameTakenException(nameTaken(group, sameName.get()));
        }
        check(group, others.stream().map(GroupDefinition::address).collect(Collectors.toSet()), member -> "", "");
        save(group);
    }

    private static String nameTaken(GroupDefinition group, GroupDefinition other) {
        return "the name '" + group.name() + "' is already used by group " + other.address().asString()
            + " (names must differ, ignoring case: each names the members' folder Groups." + group.name() + ")";
    }

    public synchronized boolean delete(Username address) throws ReadOnlyGroupException {
        requireWritable(address);
        Optional<GroupDefinition> existing = repository.get(address);
        if (existing.isEmpty()) {
            return false;
        }
        apply(() -> reconciler.revoke(existing.get()));
        repository.delete(address);
        digests.forget(address);
        auditMembership(existing, Optional.empty(), existing.get().origin());
        return true;
    }

    public synchronized void putMember(Username group, GroupMember member) throws InvalidGroupsException, ReadOnlyGroupException,
        GroupNameTakenException {
        GroupDefinition current = writable(group);
        List<GroupMember> members = new ArrayList<>(current.members().stream()
            .filter(existing -> !existing.address().equals(member.address())).toList());
        members.add(member);
        put(current.withMembers(members));
    }

    public synchronized boolean removeMember(Username group, Username member) throws InvalidGroupsException, ReadOnlyGroupException,
        GroupNameTakenException {
        GroupDefinition current = writable(group);
        if (!current.isMember(member)) {
            return false;
        }
        put(current.withMembers(current.members().stream().filter(existing -> !existing.address().equals(member)).toList()));
        return true;
    }

    private GroupDefinition writable(Username group) throws ReadOnlyGroupException, InvalidGroupsException {
        requireWritable(group);
        return repository.get(group).orElseThrow(() -> new InvalidGroupsException("no group " + group.asString()));
    }

    private void requireWritable(Username address) throws ReadOnlyGroupException {
        Optional<GroupDefinition> existing = repository.get(address);
        if (existing.isPresent() && existing.get().origin() == GroupDefinition.Origin.CONFIGURATION) {
            throw new ReadOnlyGroupException("group " + address.asString() + " is defined in " + groupsFile()
                + "; change it there and reload (POST /groups/reload)");
        }
    }

    private void save(GroupDefinition group) {
        Optional<GroupDefinition> previous = repository.get(group.address());
        repository.save(group);
        apply(() -> reconciler.reconcile(previous, group));
        apply(() -> digests.follow(group));
        auditMembership(previous, Optional.of(group), group.origin());
    }

    /**
     * Records in the group's audit trail who joined, left or changed role (or folder rights) between {@code before} and
     * {@code after}, with where the change came from: WebAdmin or groups.xml (at a reload, or at start when the file
     * changed meanwhile). Every path that changes members comes here, so none goes unrecorded.
     */
    private void auditMembership(Optional<GroupDefinition> before, Optional<GroupDefinition> after, GroupDefinition.Origin origin) {
        Username group = after.or(() -> before).orElseThrow().address();
        String source = origin == GroupDefinition.Origin.CONFIGURATION ? "groups.xml" : "webadmin";
        List<GroupMember> old = before.map(GroupDefinition::members).orElse(List.of());
        List<GroupMember> now = after.map(GroupDefinition::members).orElse(List.of());
        for (GroupMember member : old) {
            Optional<GroupMember> kept = now.stream().filter(other -> other.address().equals(member.address())).findFirst();
            if (kept.isEmpty()) {
                audit.membership(group, member.address(), "member-removed", source, Map.of("previousRole", member.role().asString()));
            } else if (kept.get().role() != member.role() || !kept.get().folderRights().equals(member.folderRights())) {
                audit.membership(group, member.address(), "member-changed", source,
                    Map.of("role", kept.get().role().asString(), "previousRole", member.role().asString()));
            }
        }
        now.stream()
            .filter(member -> old.stream().noneMatch(other -> other.address().equals(member.address())))
            .forEach(member -> audit.membership(group, member.address(), "member-added", source,
                Map.of("role", member.role().asString())));
    }

    /** Checks against James's stores: the group is in a local domain and is not someone's account, members are users. */
    private void check(GroupDefinition group, Set<Username> otherGroups, java.util.function.Function<Username, String> whereMember,
                       String whereGroup) throws InvalidGroupsException {
        String prefix = whereGroup.isEmpty() ? "" : whereGroup + ": ";
        try {
            if (group.address().getDomainPart().isEmpty() || !domainList.containsDomain(group.address().getDomainPart().get())) {
                throw new InvalidGroupsException(prefix + "group " + group.address().asString() + " is not in a domain of this server");
            }
            boolean known = repository.get(group.address()).isPresent();
            if (!known && usersRepository.contains(group.address())) {
                throw new InvalidGroupsException(prefix + group.address().asString()
                    + " is an existing user account; a group needs an address of its own");
            }
            for (GroupMember member : group.members()) {
                String where = whereMember.apply(member.address());
                String memberPrefix = where.isEmpty() ? "" : where + ": ";
                if (otherGroups.contains(member.address())) {
                    throw new InvalidGroupsException(memberPrefix + "member " + member.address().asString()
                        + " is a group; members must be users");
                }
                if (!usersRepository.contains(member.address())) {
                    throw new InvalidGroupsException(memberPrefix + "member " + member.address().asString() + " is not a user");
                }
            }
        } catch (UsersRepositoryException | DomainListException e) {
            throw new IllegalStateException("Cannot check group " + group.address().asString(), e);
        }
    }

    private static Set<Username> declaredGroups(List<GroupDefinition> configured, List<GroupDefinition> rest) {
        Set<Username> all = new java.util.HashSet<>();
        configured.forEach(group -> all.add(group.address()));
        rest.forEach(group -> all.add(group.address()));
        return all;
    }

    private interface StoreAction {
        void run() throws UsersRepositoryException, MailboxException;
    }

    private static void apply(StoreAction action) {
        try {
            action.run();
        } catch (UsersRepositoryException | MailboxException e) {
            throw new IllegalStateException("Could not apply a group to James's stores", e);
        }
    }
}
