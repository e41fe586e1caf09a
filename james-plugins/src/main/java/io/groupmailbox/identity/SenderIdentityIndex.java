package io.groupmailbox.identity;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;

/**
 * Every grant the sender policy looks up, indexed by normalised address so that a decision is a handful
 * of hash lookups, never a scan.
 *
 * <p>Built from plain inputs ({@link UserIdentity}, domain aliases, {@link Group}, {@link Delegation},
 * {@link ExternalAccount}) and kept current with incremental updates whose cost depends on the one grant
 * changed, not on the size of the index. Many readers, rare writers: writers are serialised and readers
 * never block them; {@link #read(Supplier)} gives a reader one consistent state (optimistic read, retried
 * under a read lock when a write happened meanwhile), so a decision never mixes a group's old settings with
 * its new members. A change is seen by the very next decision (checklist case 27).
 *
 * <p>Domains are stored in their normalised ASCII form ({@link AddressNormalizer#normalizeDomain(String)});
 * an input that cannot be normalised is a caller bug and throws {@link IllegalArgumentException}.
 */
public final class SenderIdentityIndex {

    private final StampedLock lock = new StampedLock();
    // own address -> the registered account with that address
    private final Map<NormalizedAddress, Username> accounts = new ConcurrentHashMap<>();
    // registered account -> its own address, so that a decision does not normalise the username again
    private final Map<Username, NormalizedAddress> ownAddresses = new ConcurrentHashMap<>();
    private final Map<Username, Set<NormalizedAddress>> aliasesByUser = new ConcurrentHashMap<>();
    private final Map<NormalizedAddress, Set<Username>> aliasHolders = new ConcurrentHashMap<>();
    // ASCII alias domain -> ASCII target domain
    private final Map<String, String> domainAliases = new ConcurrentHashMap<>();
    private final Map<NormalizedAddress, GroupSettings> groups = new ConcurrentHashMap<>();
    private final Map<NormalizedAddress, Map<Username, Boolean>> groupMembers = new ConcurrentHashMap<>();
    // (owner address, delegatee) -> delegation
    private final Map<Grant, Delegation> delegations = new ConcurrentHashMap<>();
    // (external address, user) -> account
    private final Map<Grant, ExternalAccount> externalAccounts = new ConcurrentHashMap<>();
    // ASCII domains this server serves: an external account registered there before the domain was added is no grant
    private final Set<String> servedDomains = ConcurrentHashMap.newKeySet();

    /** Whether a group lets its members send as it, and how. */
    record GroupSettings(boolean membersMaySend, SenderMode mode) {
    }

    private record Grant(NormalizedAddress address, Username user) {
    }

    private SenderIdentityIndex() {
    }

    public static SenderIdentityIndex empty() {
        return new SenderIdentityIndex();
    }

    /** An index holding these grants; {@code domainAliases} maps each alias domain to its target. */
    public static SenderIdentityIndex of(Collection<UserIdentity> users, Map<Domain, Domain> domainAliases,
                                         Collection<Group> groups, Collection<Delegation> delegations,
                                         Collection<ExternalAccount> externalAccounts) {
        SenderIdentityIndex index = new SenderIdentityIndex();
        users.forEach(index::putUser);
        domainAliases.forEach(index::addDomainAlias);
        groups.forEach(index::putGroup);
        delegations.forEach(index::addDelegation);
        externalAccounts.forEach(index::putExternalAccount);
        return index;
    }

    // ---- updates: each touches only the grant it changes -------------------------------------------

    /** Registers the account and replaces its aliases; cost grows with this user's aliases only. */
    public SenderIdentityIndex putUser(UserIdentity identity) {
        return write(() -> {
            AddressNormalizer.normalize(identity.user()).ifPresent(own -> {
                accounts.put(own, identity.user());
                ownAddresses.put(identity.user(), own);
            });
            Set<NormalizedAddress> current = Set.copyOf(aliasesByUser.getOrDefault(identity.user(), Set.of()));
            current.stream().filter(alias -> !identity.aliases().contains(alias))
                .forEach(alias -> unlinkAlias(identity.user(), alias));
            identity.aliases().forEach(alias -> linkAlias(identity.user(), alias));
        });
    }

    /** Forgets the account's own address and aliases; its other grants are removed by their own methods. */
    public SenderIdentityIndex removeUser(Username user) {
        return write(() -> {
            AddressNormalizer.normalize(user).ifPresent(own -> accounts.remove(own, user));
            ownAddresses.remove(user);
            Set.copyOf(aliasesByUser.getOrDefault(user, Set.of())).forEach(alias -> unlinkAlias(user, alias));
        });
    }

    public SenderIdentityIndex addAlias(Username user, NormalizedAddress alias) {
        return write(() -> linkAlias(user, alias));
    }

    public SenderIdentityIndex removeAlias(Username user, NormalizedAddress alias) {
        return write(() -> unlinkAlias(user, alias));
    }

    /** Makes {@code alias} a domain alias of {@code target}: alice@alias counts as alice@target. */
    public SenderIdentityIndex addDomainAlias(Domain alias, Domain target) {
        String normalizedAlias = normalizedDomain(alias);
        String normalizedTarget = normalizedDomain(target);
        return write(() -> domainAliases.put(normalizedAlias, normalizedTarget));
    }

    public SenderIdentityIndex removeDomainAlias(Domain alias) {
        String normalizedAlias = normalizedDomain(alias);
        return write(() -> domainAliases.remove(normalizedAlias));
    }

    /** Creates or replaces the group, its settings and all its members. */
    public SenderIdentityIndex putGroup(Group group) {
        return write(() -> {
            Map<Username, Boolean> members = new ConcurrentHashMap<>(group.mayMemberSend());
            groupMembers.put(group.address(), members);
            groups.put(group.address(), new GroupSettings(group.membersMaySend(), group.mode()));
        });
    }

    public SenderIdentityIndex removeGroup(NormalizedAddress group) {
        return write(() -> {
            groups.remove(group);
            groupMembers.remove(group);
        });
    }

    /** Changes the per-group sending switch and mode, keeping the members; creates the group if needed. */
    public SenderIdentityIndex putGroupSettings(NormalizedAddress group, boolean membersMaySend, SenderMode mode) {
        Objects.requireNonNull(mode, "mode");
        return write(() -> {
            groupMembers.computeIfAbsent(group, any -> new ConcurrentHashMap<>());
            groups.put(group, new GroupSettings(membersMaySend, mode));
        });
    }

    /** Adds a member, or changes whether the member's role may send as the group. */
    public SenderIdentityIndex putMember(NormalizedAddress group, Username member, boolean maySend) {
        return write(() -> groupMembers.computeIfAbsent(group, any -> new ConcurrentHashMap<>()).put(member, maySend));
    }

    public SenderIdentityIndex removeMember(NormalizedAddress group, Username member) {
        return write(() -> Optional.ofNullable(groupMembers.get(group)).ifPresent(members -> members.remove(member)));
    }

    /** Adds or replaces the owner's delegation to the delegatee. */
    public SenderIdentityIndex addDelegation(Delegation delegation) {
        NormalizedAddress owner = addressOf(delegation.owner());
        return write(() -> delegations.put(new Grant(owner, delegation.delegatee()), delegation));
    }

    public SenderIdentityIndex removeDelegation(Username owner, Username delegatee) {
        NormalizedAddress ownerAddress = addressOf(owner);
        return write(() -> delegations.remove(new Grant(ownerAddress, delegatee)));
    }

    /** Adds an external account, or replaces it (e.g. with {@code confirmed = true} once proved). */
    public SenderIdentityIndex putExternalAccount(ExternalAccount account) {
        return write(() -> externalAccounts.put(new Grant(account.address(), account.user()), account));
    }

    public SenderIdentityIndex removeExternalAccount(Username user, NormalizedAddress address) {
        return write(() -> externalAccounts.remove(new Grant(address, user)));
    }

    /** Records that this server serves {@code domain}: its addresses are local, never external accounts. */
    public SenderIdentityIndex addServedDomain(Domain domain) {
        String normalized = normalizedDomain(domain);
        return write(() -> servedDomains.add(normalized));
    }

    public SenderIdentityIndex removeServedDomain(Domain domain) {
        String normalized = normalizedDomain(domain);
        return write(() -> servedDomains.remove(normalized));
    }

    // ---- public reads, for admin answers and tests ------------------------------------------------------

    public Set<NormalizedAddress> aliasesOf(Username user) {
        return read(() -> Set.copyOf(aliasesByUser.getOrDefault(user, Set.of())));
    }

    public Optional<Domain> domainAliasTarget(Domain alias) {
        return AddressNormalizer.normalizeDomain(alias.asString())
            .flatMap(normalized -> read(() -> domainAliasTarget(normalized)))
            .map(Domain::of);
    }

    /** A copy of the group as it is now. */
    public Optional<Group> group(NormalizedAddress address) {
        return read(() -> groupSettings(address).map(settings -> new Group(address, settings.membersMaySend(),
            settings.mode(), Map.copyOf(groupMembers.getOrDefault(address, Map.of())))));
    }

    public Optional<Delegation> delegation(Username owner, Username delegatee) {
        return AddressNormalizer.normalize(owner).flatMap(ownerAddress -> read(() -> delegation(ownerAddress, delegatee)));
    }

    public Optional<ExternalAccount> externalAccount(Username user, NormalizedAddress address) {
        return read(() -> Optional.ofNullable(externalAccounts.get(new Grant(address, user))));
    }

    // ---- lookups used by SenderPolicy inside read() -----------------------------------------------------

    /** Runs {@code reader} against one consistent state of the index. {@code reader} must be side-effect free. */
    <T> T read(Supplier<T> reader) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            T result = reader.get();
            if (lock.validate(stamp)) {
                return result;
            }
        }
        stamp = lock.readLock();
        try {
            return reader.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * The user's own address: looked up for a registered account (normalising a username costs more than the
     * rest of a decision), normalised otherwise; empty for a username without domain part.
     */
    Optional<NormalizedAddress> ownAddress(Username user) {
        NormalizedAddress own = ownAddresses.get(user);
        return own != null ? Optional.of(own) : AddressNormalizer.normalize(user);
    }

    boolean isAlias(Username user, NormalizedAddress address) {
        return aliasHolders.getOrDefault(address, Set.of()).contains(user);
    }

    /**
     * Whether the address belongs to a registered account, an alias or a group other than {@code user}'s:
     * then a derived form (sub-address, domain alias) must not make it {@code user}'s.
     */
    boolean isKnownAddressOfAnother(Username user, NormalizedAddress address) {
        Username account = accounts.get(address);
        Set<Username> holders = aliasHolders.getOrDefault(address, Set.of());
        return (account != null && !account.equals(user))
            || (!holders.isEmpty() && !holders.contains(user))
            || groups.containsKey(address);
    }

    /** Whether the address is the own address of a registered account other than {@code user}. */
    boolean isAccountOfAnother(Username user, NormalizedAddress address) {
        Username account = accounts.get(address);
        return account != null && !account.equals(user);
    }

    boolean isServed(String normalizedDomain) {
        return servedDomains.contains(normalizedDomain);
    }

    Optional<String> domainAliasTarget(String normalizedDomain) {
        return Optional.ofNullable(domainAliases.get(normalizedDomain));
    }

    Optional<ExternalAccount> externalAccount(NormalizedAddress address, Username user) {
        return Optional.ofNullable(externalAccounts.get(new Grant(address, user)));
    }

    Optional<GroupSettings> groupSettings(NormalizedAddress group) {
        return Optional.ofNullable(groups.get(group));
    }

    /** Empty when {@code member} is not a member; otherwise whether the member's role may send. */
    Optional<Boolean> memberMaySend(NormalizedAddress group, Username member) {
        return Optional.ofNullable(groupMembers.getOrDefault(group, Map.of()).get(member));
    }

    Optional<Delegation> delegation(NormalizedAddress ownerAddress, Username delegatee) {
        return Optional.ofNullable(delegations.get(new Grant(ownerAddress, delegatee)));
    }

    // ---- internals ---------------------------------------------------------------------------------------

    private SenderIdentityIndex write(Runnable update) {
        long stamp = lock.writeLock();
        try {
            update.run();
        } finally {
            lock.unlockWrite(stamp);
        }
        return this;
    }

    private void linkAlias(Username user, NormalizedAddress alias) {
        aliasesByUser.computeIfAbsent(user, any -> ConcurrentHashMap.newKeySet()).add(alias);
        aliasHolders.computeIfAbsent(alias, any -> ConcurrentHashMap.newKeySet()).add(user);
    }

    private void unlinkAlias(Username user, NormalizedAddress alias) {
        // Drop emptied sets so that an alias removed from everyone is no longer "known" to isKnownAddressOfAnother.
        aliasesByUser.computeIfPresent(user, (any, aliases) -> {
            aliases.remove(alias);
            return aliases.isEmpty() ? null : aliases;
        });
        aliasHolders.computeIfPresent(alias, (any, holders) -> {
            holders.remove(user);
            return holders.isEmpty() ? null : holders;
        });
    }

    private static String normalizedDomain(Domain domain) {
        return AddressNormalizer.normalizeDomain(domain.asString())
            .orElseThrow(() -> new IllegalArgumentException(Text.quote(domain.asString()) + " is not a valid domain"));
    }

    private static NormalizedAddress addressOf(Username user) {
        return AddressNormalizer.normalize(user)
            .orElseThrow(() -> new IllegalArgumentException(Text.quote(user.asString()) + " has no valid address"));
    }
}
