package io.groupmailbox.bench;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Domain;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.memory.MemoryDelegationStore;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.groupmailbox.bench.SenderPolicyData.Claim;
import io.groupmailbox.bench.SenderPolicyData.Kind;
import io.groupmailbox.group.MemoryGroupRepository;
import io.groupmailbox.identity.ExternalAccount;
import io.groupmailbox.identity.PolicyOptions;
import io.groupmailbox.identity.delegation.MemoryDelegationModeStore;
import io.groupmailbox.identity.external.ExternalAccountRegistration;
import io.groupmailbox.identity.external.MemoryExternalAccountStore;
import io.groupmailbox.identity.SubmissionDecision;
import io.groupmailbox.identity.james.SenderGrants;

/**
 * Issue 5, part (b): the decision as the SMTP hook makes it today, {@link SenderGrants#decide} reading the
 * grants of each submission from James's stores, here James's in-memory ones filled with the population of
 * {@link SenderPolicyData}, external accounts included (in-memory store). Two rewrite tables: James's {@code MemoryRecipientRewriteTable} (a list, scanned at every look-up)
 * and {@link HashedRecipientRewriteTable} (keyed, as an indexed database table).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SenderGrantsBenchmark {

    static final int CLAIMS = 1 << 16;
    private static final int CHECKED_PER_KIND = 20;

    @State(Scope.Benchmark)
    public static class Stores {
        @Param({"james-memory", "hashed"})
        public String rewriteTable;

        SenderGrants grants;
        PolicyOptions options = PolicyOptions.defaults();
        Claim[] claims;

        @Setup(Level.Trial)
        public void fill() throws Exception {
            MemoryDomainList domains = new MemoryDomainList(null);
            domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
                .defaultDomain(Domain.of(SenderPolicyData.domain(0))));
            for (int n = 1; n < SenderPolicyData.DOMAINS; n++) {
                domains.addDomain(Domain.of(SenderPolicyData.domain(n)));
            }
            MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domains);
            BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
            configuration.addProperty("enableVirtualHosting", true);
            // James's default, PBKDF2, would take minutes for 100k users; the password is never checked here.
            configuration.addProperty("algorithm", "SHA-512");
            users.configure(configuration);
            RecipientRewriteTable table = switch (rewriteTable) {
                case "james-memory" -> new MemoryRecipientRewriteTable();
                case "hashed" -> new HashedRecipientRewriteTable();
                default -> throw new IllegalArgumentException(rewriteTable);
            };
            MemoryGroupRepository groups = new MemoryGroupRepository();
            MemoryDelegationStore delegations = new MemoryDelegationStore();
            SenderPolicyData.fill(table, user -> users.addUser(user, "secret"), groups, delegations);
            MemoryExternalAccountStore externalAccounts = new MemoryExternalAccountStore();
            Instant registeredAt = Instant.parse("2026-11-28T00:00:00Z");
            for (ExternalAccount account : SenderPolicyData.externalAccounts()) {
                externalAccounts.save(account.confirmed()
                    ? ExternalAccountRegistration.confirmed(account.user(), account.address(), registeredAt)
                    : ExternalAccountRegistration.pending(account.user(), account.address(), "0".repeat(64),
                        registeredAt.plusSeconds(86_400), registeredAt));
            }
            grants = new SenderGrants(users, table, groups, delegations, new MemoryDelegationModeStore(), externalAccounts, domains);

            EnumSet<Kind> kinds = EnumSet.allOf(Kind.class);
            List<Claim> mix = SenderPolicyData.claims(CLAIMS, kinds, 5);
            for (Claim claim : mix.subList(0, CHECKED_PER_KIND * kinds.size())) {
                claim.kind().check(claim, grants.policyFor(claim.user(), List.of(claim.address()), options)
                    .decide(claim.user(), claim.address()));
                SubmissionDecision submission = grants.decide(claim.user(), claim.envelope(), claim.headers(), options);
                if (submission.accepted() != claim.kind().allowedKind()) {
                    throw new IllegalStateException(claim + ": submission " + submission);
                }
            }
            claims = mix.toArray(Claim[]::new);
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        Claim next(Claim[] claims) {
            return claims[next++ & (claims.length - 1)];
        }
    }

    /** A whole submission, MAIL FROM and From: with the same address: what the hook runs at the end of DATA. */
    @Benchmark
    public SubmissionDecision decideSubmission(Stores stores, Cursor cursor) {
        Claim claim = cursor.next(stores.claims);
        return stores.grants.decide(claim.user(), claim.envelope(), claim.headers(), stores.options);
    }
}
