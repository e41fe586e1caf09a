package io.groupmailbox.identity.james;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.user.api.DelegationStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.identity.Delegation;
import io.groupmailbox.identity.Group;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.PolicyOptions;
import io.groupmailbox.identity.SenderIdentityIndex;
import io.groupmailbox.identity.SenderPolicy;
import io.groupmailbox.identity.UserIdentity;
import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.ClaimedIdentities;
import io.groupmailbox.identity.HeaderParseResult;
import io.groupmailbox.identity.SubmissionDecision;
import io.groupmailbox.identity.delegation.DelegationModeStore;
import io.groupmailbox.identity.external.ExternalAccountRegistration;
import io.groupmailbox.identity.external.ExternalAccountStore;
import io.groupmailbox.identity.ExternalAccount;
import reactor.core.publisher.Flux;

/**
 * Feeds the pure {@link SenderPolicy} from James's stores, for one user and the addresses one submission
 * claims: only the grants that could allow those addresses are read (their alias chains in the recipient
 * rewrite table, their domain's aliases, the group or account of that address, its delegations and their modes,
 * the user's external account of that address), with keyed
 * look-ups whose cost does not grow with the number of users, groups or aliases. Read at each submission, so
 * a change of membership, alias or delegation counts from the next message, also in an open SMTP session; so do
 * changes that void a grant: a domain served since an external account there was registered, an account with the
 * address of an alias (which James's WebAdmin refuses to create, but another way of provisioning may not).
 */
public class SenderGrants {

    private static final int MAPPING_LIMIT = 10;

    private final UsersRepository users;
    private final RecipientRewriteTable rewriteTable;
    private final GroupRepository groups;
    private final DelegationStore delegations;
    private final DelegationModeStore delegationModes;
    private final ExternalAccountStore externalAccounts;
    private final DomainList domains;

    @Inject
    public SenderGrants(UsersRepository users, RecipientRewriteTable rewriteTable, GroupRepository groups,
                        DelegationStore delegations, DelegationModeStore delegationModes,
                        ExternalAccountStore externalAccounts, DomainList domains) {
        this.users = users;
        this.rewriteTable = rewriteTable;
        this.groups = groups;
        this.delegations = delegations;
        this.delegationModes = delegationModes;
        this.externalAccounts = externalAccounts;
        this.domains = domains;
    }

    /**
     * A policy that knows every grant relevant to {@code user} claiming any of {@code claimed}.
     *
     * @throws GrantsUnavailable when a store could not be read: a grant that cannot be read is not absent, so the
     *     caller answers "try again", never a refusal (nor an acceptance)
     */
    public SenderPolicy policyFor(Username user, Collection<NormalizedAddress> claimed, PolicyOptions options) {
        try {
            return readPolicy(user, claimed, options);
        } catch (GrantsUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GrantsUnavailable("Cannot read the sender grants of " + user.asString(), e);
        }
    }

    private SenderPolicy readPolicy(Username user, Collection<NormalizedAddress> claimed, PolicyOptions options) {
        Set<NormalizedAddress> userAliases = new HashSet<>();
        List<UserIdentity> otherAccounts = new ArrayList<>();
        Map<Domain, Domain> domainAliases = new HashMap<>();
        List<Group> claimedGroups = new ArrayList<>();
        List<Delegation> claimedDelegations = new ArrayList<>();
        List<ExternalAccount> claimedExternalAccounts = new ArrayList<>();
        Set<Domain> servedDomains = new HashSet<>();
        Optional<NormalizedAddress> own = AddressNormalizer.normalize(user);

        for (NormalizedAddress address : withSubAddressBases(claimed)) {
            if (own.filter(address::equals).isPresent()) {
                continue; // the user's own address is allowed before any grant is consulted: nothing to read
            }
            NormalizedAddress canonical = resolveDomainAlias(address, domainAliases);
            if (aliasChainReaches(canonical, user) && own.map(ownAddress -> !ownAddress.equals(canonical)).orElse(true)) {
                userAliases.add(canonical);
            }
            Username claimedUser = Username.of(canonical.asString());
            if (!claimedUser.equals(user) && isUser(claimedUser)) {
                otherAccounts.add(UserIdentity.of(claimedUser));
                authorized(claimedUser, user).ifPresent(claimedDelegations::add);
            }
            groups.get(claimedUser).map(SenderGrants::asPolicyGroup).ifPresent(claimedGroups::add);
            Optional<ExternalAccount> external = externalAccounts.get(user, address).map(ExternalAccountRegistration::asGrant);
            external.ifPresent(claimedExternalAccounts::add);
            // An external account is registered only outside the served domains; one served since is no grant.
            Domain domain = Domain.of(address.domain());
            if (external.isPresent() && (domainAliases.containsKey(domain) || isServed(domain))) {
                servedDomains.add(domain);
            }
        }
        List<UserIdentity> accounts = new ArrayList<>(otherAccounts);
        accounts.add(new UserIdentity(user, userAliases));
        SenderIdentityIndex index = SenderIdentityIndex.of(accounts, domainAliases, claimedGroups, claimedDelegations,
            claimedExternalAccounts);
        servedDomains.forEach(index::addServedDomain);
        return new SenderPolicy(index, options);
    }

    /** The decision on a whole submission: the envelope and every identity header, one policy for all. */
    public SubmissionDecision decide(Username user, Optional<NormalizedAddress> envelope, HeaderParseResult headers,
                                     PolicyOptions options) {
        List<NormalizedAddress> claimed = new ArrayList<>();
        envelope.ifPresent(claimed::add);
        if (headers instanceof ClaimedIdentities identities) {
            identities.identities().forEach(identity -> claimed.addAll(identity.addresses()));
        }
        return policyFor(user, claimed, options).decide(user, envelope, headers);
    }

    private static Set<NormalizedAddress> withSubAddressBases(Collection<NormalizedAddress> claimed) {
        Set<NormalizedAddress> all = new LinkedHashSet<>(claimed);
        claimed.forEach(address -> address.subAddressBase().ifPresent(all::add));
        return all;
    }

    /** The address in its domain's target domain when that domain is a domain alias (recorded for the policy). */
    private NormalizedAddress resolveDomainAlias(NormalizedAddress address, Map<Domain, Domain> domainAliases) {
        try {
            Domain domain = Domain.of(address.domain());
            Optional<Domain> target = rewriteTable.getStoredMappings(MappingSource.fromDomain(domain)).asStream()
                .filter(mapping -> mapping.getType() == Mapping.Type.DomainAlias)
                .map(mapping -> Domain.of(mapping.getMappingValue()))
                .findFirst();
            if (target.isEmpty()) {
                return address;
            }
            domainAliases.put(domain, target.get());
            return AddressNormalizer.normalize(address.localPart() + "@" + target.get().asString()).orElse(address);
        } catch (IllegalArgumentException e) {
            return address;
        } catch (RecipientRewriteTableException e) {
            throw new GrantsUnavailable("Cannot read the domain aliases of " + address.domain(), e);
        }
    }

    /** Whether {@code address} is an alias that leads, through at most ten alias mappings, to {@code user}. */
    private boolean aliasChainReaches(NormalizedAddress address, Username user) {
        Set<String> seen = new HashSet<>();
        List<String> frontier = List.of(address.asString());
        for (int depth = 0; depth < MAPPING_LIMIT && !frontier.isEmpty(); depth++) {
            List<String> next = new ArrayList<>();
            for (String source : frontier) {
                if (!seen.add(source)) {
                    continue;
                }
                for (String target : aliasTargets(source)) {
                    if (Username.of(target).equals(user)) {
                        return true;
                    }
                    next.add(target);
                }
            }
            frontier = next;
        }
        return false;
    }

    private List<String> aliasTargets(String source) {
        try {
            return rewriteTable.getStoredMappings(MappingSource.fromUser(Username.of(source))).asStream()
                .filter(mapping -> mapping.getType() == Mapping.Type.Alias)
                .map(Mapping::getMappingValue)
                .toList();
        } catch (IllegalArgumentException e) {
            return List.of();
        } catch (RecipientRewriteTableException e) {
            throw new GrantsUnavailable("Cannot read the aliases of " + source, e);
        }
    }

    private boolean isServed(Domain domain) {
        try {
            return domains.containsDomain(domain);
        } catch (DomainListException e) {
            throw new GrantsUnavailable("Cannot read the domain list", e);
        }
    }

    private boolean isUser(Username username) {
        try {
            return users.contains(username);
        } catch (UsersRepositoryException e) {
            throw new GrantsUnavailable("Cannot read the users repository", e);
        }
    }

    private Optional<Delegation> authorized(Username owner, Username user) {
        return Flux.from(delegations.authorizedUsers(owner))
            .filter(user::equals)
            .next()
            .blockOptional()
            .map(delegatee -> new Delegation(owner, delegatee,
                delegationModes.modeOf(owner, delegatee).orElse(DelegationModeStore.DEFAULT)));
    }

    private static Group asPolicyGroup(GroupDefinition group) {
        Map<Username, Boolean> members = new HashMap<>();
        group.members().forEach(member -> members.put(member.address(), member.maySend()));
        return new Group(AddressNormalizer.normalize(group.address()).orElseThrow(), group.membersMaySend(),
            group.senderMode(), members);
    }
}
