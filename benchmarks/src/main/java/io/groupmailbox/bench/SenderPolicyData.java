package io.groupmailbox.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.user.api.DelegationStore;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.group.NotifyMode;
import io.groupmailbox.group.Role;
import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.ClaimedIdentities;
import io.groupmailbox.identity.ClaimedIdentity;
import io.groupmailbox.identity.Delegation;
import io.groupmailbox.identity.ExternalAccount;
import io.groupmailbox.identity.Group;
import io.groupmailbox.identity.IdentityField;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.SenderDecision;
import io.groupmailbox.identity.SenderIdentityIndex;
import io.groupmailbox.identity.SenderMode;
import io.groupmailbox.identity.Source;
import io.groupmailbox.identity.UserIdentity;
import reactor.core.publisher.Mono;

/**
 * The deterministic population of issue 5's benchmark, and a mix of claims over it.
 *
 * <ul>
 *   <li>{@value #USERS} users {@code user<i>@d<i % 10>.example};</li>
 *   <li>2 aliases each ({@value #USERS} × 2 = 200k): {@code first.<i>@…} maps to the user,
 *       {@code second.<i>@d<(i+3) % 10>.example} maps to {@code first.<i>} (a chain of two in the rewrite
 *       table, resolved to both aliases in the index);</li>
 *   <li>{@value #DOMAINS} domain aliases {@code alias<n>.example → d<n>.example};</li>
 *   <li>{@value #GROUPS} groups {@code group<j>@…} of {@value #MEMBERS_PER_GROUP} members (each user in two
 *       groups); member 0 is a manager, members 1, 5, 9… readers (may not send), the others repliers; every
 *       fifth group does not let members send; half the groups send-as, half send-on-behalf;</li>
 *   <li>{@value #DELEGATIONS} delegations {@code user<5i>} → {@code user<5i+1>} (every fourth send-as);</li>
 *   <li>{@value #EXTERNAL_ACCOUNTS} external accounts {@code ext<i>@mail<i % 100>.external.test} of
 *       {@code user<5i+2>}, every tenth not confirmed.</li>
 * </ul>
 */
public final class SenderPolicyData {

    public static final int USERS = 100_000;
    public static final int DOMAINS = 10;
    public static final int GROUPS = 10_000;
    public static final int MEMBERS_PER_GROUP = 20;
    public static final int DELEGATIONS = 20_000;
    public static final int EXTERNAL_ACCOUNTS = 20_000;

    /** What a claim of the mix is, and what the policy must answer. */
    public enum Kind {
        OWN(true, Source.OWN),
        ALIAS(true, Source.ALIAS),
        ALIAS_OF_ALIAS(true, Source.ALIAS),
        DOMAIN_ALIAS(true, Source.DOMAIN_ALIAS),
        SUB_ADDRESS(true, Source.OWN),
        GROUP(true, Source.GROUP),
        DELEGATION(true, Source.DELEGATION),
        EXTERNAL(true, Source.EXTERNAL),
        GROUP_READER(false, Source.GROUP),
        EXTERNAL_UNCONFIRMED(false, Source.EXTERNAL),
        OTHER_USER(false, Source.NONE),
        UNKNOWN(false, Source.NONE);

        private final boolean allowed;
        private final Source source;

        Kind(boolean allowed, Source source) {
            this.allowed = allowed;
            this.source = source;
        }

        public boolean allowedKind() {
            return allowed;
        }

        public boolean isExternal() {
            return this == EXTERNAL || this == EXTERNAL_UNCONFIRMED;
        }

        /** Throws when {@code decision} is not what a claim of this kind must get. */
        public void check(Claim claim, SenderDecision decision) {
            if (decision.allowed() != allowed || decision.source() != source) {
                throw new IllegalStateException(this + " claim " + claim.address() + " by " + claim.user().asString()
                    + ": expected allowed=" + allowed + " source=" + source + ", got " + decision);
            }
        }
    }

    /** One submission of the mix: the user, the address in MAIL FROM and From:, and the parsed From:. */
    public record Claim(Kind kind, Username user, NormalizedAddress address, ClaimedIdentities headers) {

        public Optional<NormalizedAddress> envelope() {
            return Optional.of(address);
        }
    }

    private SenderPolicyData() {
    }

    public static Username user(int i) {
        return Username.of("user" + i + "@" + domain(i));
    }

    static String domain(int i) {
        return "d" + Math.floorMod(i, DOMAINS) + ".example";
    }

    static String aliasDomain(int n) {
        return "alias" + n + ".example";
    }

    static String firstAlias(int i) {
        return "first." + i + "@" + domain(i);
    }

    static String secondAlias(int i) {
        return "second." + i + "@" + domain(i + 3);
    }

    static String group(int j) {
        return "group" + j + "@" + domain(j);
    }

    static int member(int group, int k) {
        return (group * MEMBERS_PER_GROUP + k) % USERS;
    }

    static Role role(int k) {
        if (k == 0) {
            return Role.MANAGER;
        }
        return k % 4 == 1 ? Role.READER : Role.REPLIER;
    }

    static boolean membersMaySend(int group) {
        return group % 5 != 0;
    }

    static SenderMode groupMode(int group) {
        return group % 2 == 0 ? SenderMode.SEND_AS : SenderMode.SEND_ON_BEHALF;
    }

    static String external(int i) {
        return "ext" + i + "@mail" + (i % 100) + ".external.test";
    }

    public static List<UserIdentity> users() {
        List<UserIdentity> users = new ArrayList<>(USERS);
        for (int i = 0; i < USERS; i++) {
            users.add(new UserIdentity(user(i), Set.of(address(firstAlias(i)), address(secondAlias(i)))));
        }
        return users;
    }

    public static Map<Domain, Domain> domainAliases() {
        Map<Domain, Domain> aliases = new LinkedHashMap<>();
        for (int n = 0; n < DOMAINS; n++) {
            aliases.put(Domain.of(aliasDomain(n)), Domain.of(domain(n)));
        }
        return aliases;
    }

    public static List<Group> groups() {
        List<Group> groups = new ArrayList<>(GROUPS);
        for (int j = 0; j < GROUPS; j++) {
            Map<Username, Boolean> members = new HashMap<>();
            for (int k = 0; k < MEMBERS_PER_GROUP; k++) {
                members.put(user(member(j, k)), role(k).maySend());
            }
            groups.add(new Group(address(group(j)), membersMaySend(j), groupMode(j), members));
        }
        return groups;
    }

    public static List<Delegation> delegations() {
        List<Delegation> delegations = new ArrayList<>(DELEGATIONS);
        for (int i = 0; i < DELEGATIONS; i++) {
            SenderMode mode = i % 4 == 0 ? SenderMode.SEND_AS : SenderMode.SEND_ON_BEHALF;
            delegations.add(new Delegation(user(5 * i), user(5 * i + 1), mode));
        }
        return delegations;
    }

    public static List<ExternalAccount> externalAccounts() {
        List<ExternalAccount> accounts = new ArrayList<>(EXTERNAL_ACCOUNTS);
        for (int i = 0; i < EXTERNAL_ACCOUNTS; i++) {
            accounts.add(new ExternalAccount(user(5 * i + 2), address(external(i)), i % 10 != 0));
        }
        return accounts;
    }

    /** The whole population in the index of the pure policy. */
    public static SenderIdentityIndex index() {
        return SenderIdentityIndex.of(users(), domainAliases(), groups(), delegations(), externalAccounts());
    }

    /**
     * The same population in James's stores (external accounts have no store in {@code SenderGrants} yet).
     * Mappings go in with {@code addMapping}: James's {@code addAliasMapping} checks for duplicates by
     * reading the whole table, which makes filling 200k aliases quadratic.
     */
    public static void fill(RecipientRewriteTable rewriteTable, UserAdder users, GroupRepository groups,
                            DelegationStore delegations) throws Exception {
        for (int n = 0; n < DOMAINS; n++) {
            rewriteTable.addMapping(MappingSource.fromDomain(Domain.of(aliasDomain(n))), Mapping.domainAlias(Domain.of(domain(n))));
        }
        for (int i = 0; i < USERS; i++) {
            Username user = user(i);
            users.add(user);
            rewriteTable.addMapping(MappingSource.fromUser(Username.of(firstAlias(i))), Mapping.alias(user.asString()));
            rewriteTable.addMapping(MappingSource.fromUser(Username.of(secondAlias(i))), Mapping.alias(firstAlias(i)));
        }
        for (int j = 0; j < GROUPS; j++) {
            List<GroupMember> members = new ArrayList<>();
            for (int k = 0; k < MEMBERS_PER_GROUP; k++) {
                members.add(new GroupMember(user(member(j, k)), role(k), true, Map.of()));
            }
            groups.save(new GroupDefinition(Username.of(group(j)), "Group " + j, groupMode(j), membersMaySend(j),
                NotifyMode.NONE, GroupDefinition.DEFAULT_DIGEST_INTERVAL, Optional.empty(), members,
                GroupDefinition.Origin.REST));
        }
        for (int i = 0; i < DELEGATIONS; i++) {
            Mono.from(delegations.addAuthorizedUser(user(5 * i), user(5 * i + 1))).block(Duration.ofSeconds(10));
        }
    }

    /** Adds a user to a users repository. */
    @FunctionalInterface
    public interface UserAdder {
        void add(Username user) throws Exception;
    }

    /**
     * {@code count} claims, the kinds in {@code kinds} in equal shares, each on a random user (fixed seed), in
     * random order: the look-ups spread over the whole index as real submissions would.
     */
    public static List<Claim> claims(int count, Set<Kind> kinds, long seed) {
        Random random = new Random(seed);
        List<Kind> order = List.copyOf(kinds);
        List<Claim> claims = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            claims.add(claim(order.get(c % order.size()), random));
        }
        Collections.shuffle(claims, random);
        return claims;
    }

    public static Set<Kind> allKinds() {
        return EnumSet.allOf(Kind.class);
    }

    private static Claim claim(Kind kind, Random random) {
        int i = random.nextInt(USERS);
        return switch (kind) {
            case OWN -> claim(kind, user(i), user(i).asString());
            case ALIAS -> claim(kind, user(i), firstAlias(i));
            case ALIAS_OF_ALIAS -> claim(kind, user(i), secondAlias(i));
            case DOMAIN_ALIAS -> claim(kind, user(i), "user" + i + "@" + aliasDomain(i % DOMAINS));
            case SUB_ADDRESS -> claim(kind, user(i), "user" + i + "+tag" + random.nextInt(100) + "@" + domain(i));
            case GROUP -> {
                int j = sendingGroup(random);
                int k = memberWhoMaySend(random);
                yield claim(kind, user(member(j, k)), group(j));
            }
            case GROUP_READER -> {
                int j = random.nextInt(GROUPS);
                int k = 1 + 4 * random.nextInt(MEMBERS_PER_GROUP / 4);
                yield claim(kind, user(member(j, k)), group(j));
            }
            case DELEGATION -> {
                int d = random.nextInt(DELEGATIONS);
                yield claim(kind, user(5 * d + 1), user(5 * d).asString());
            }
            case EXTERNAL -> {
                int e = confirmedExternal(random);
                yield claim(kind, user(5 * e + 2), external(e));
            }
            case EXTERNAL_UNCONFIRMED -> {
                int e = 10 * random.nextInt(EXTERNAL_ACCOUNTS / 10);
                yield claim(kind, user(5 * e + 2), external(e));
            }
            // user(i + 7) never delegated to user(i): delegations go from 5d to 5d + 1.
            case OTHER_USER -> claim(kind, user(i), user((i + 7) % USERS).asString());
            case UNKNOWN -> claim(kind, user(i), "nobody" + i + "@" + domain(i));
        };
    }

    private static int sendingGroup(Random random) {
        int j;
        do {
            j = random.nextInt(GROUPS);
        } while (!membersMaySend(j));
        return j;
    }

    private static int memberWhoMaySend(Random random) {
        int k;
        do {
            k = random.nextInt(MEMBERS_PER_GROUP);
        } while (!role(k).maySend());
        return k;
    }

    private static int confirmedExternal(Random random) {
        int e;
        do {
            e = random.nextInt(EXTERNAL_ACCOUNTS);
        } while (e % 10 == 0);
        return e;
    }

    private static Claim claim(Kind kind, Username user, String address) {
        NormalizedAddress normalized = address(address);
        return new Claim(kind, user, normalized,
            ClaimedIdentities.of(new ClaimedIdentity(IdentityField.FROM, List.of(normalized))));
    }

    static NormalizedAddress address(String address) {
        return AddressNormalizer.normalize(address)
            .orElseThrow(() -> new IllegalArgumentException(address + " does not normalise"));
    }
}
