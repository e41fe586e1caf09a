package io.groupmailbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.james.core.Domain;
import org.openjdk.jol.info.GraphLayout;

import io.groupmailbox.identity.Delegation;
import io.groupmailbox.identity.ExternalAccount;
import io.groupmailbox.identity.Group;
import io.groupmailbox.identity.SenderIdentityIndex;
import io.groupmailbox.identity.UserIdentity;

/**
 * Issue 5: build time and retained memory of {@link SenderIdentityIndex} with the population of
 * {@link SenderPolicyData}. Prints the time of the first build (cold JVM, as at server start) and of later
 * builds, the retained size that JOL counts (everything reachable from the index, the addresses and usernames
 * included) and, as a cross-check, the heap that stays used after a full GC once the inputs are dropped.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.groupmailbox.bench.SenderIndexFootprint [builds]</pre>
 */
public final class SenderIndexFootprint {

    private SenderIndexFootprint() {
    }

    public static void main(String[] args) {
        int builds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        long before = usedAfterGc(memory);
        long[] buildMillis = new long[builds];
        SenderIdentityIndex index = null;
        long inputMillis;
        {
            long start = System.nanoTime();
            List<UserIdentity> users = SenderPolicyData.users();
            Map<Domain, Domain> domainAliases = SenderPolicyData.domainAliases();
            List<Group> groups = SenderPolicyData.groups();
            List<Delegation> delegations = SenderPolicyData.delegations();
            List<ExternalAccount> externalAccounts = SenderPolicyData.externalAccounts();
            inputMillis = (System.nanoTime() - start) / 1_000_000;
            for (int b = 0; b < builds; b++) {
                index = null;
                long buildStart = System.nanoTime();
                index = SenderIdentityIndex.of(users, domainAliases, groups, delegations, externalAccounts);
                buildMillis[b] = (System.nanoTime() - buildStart) / 1_000_000;
            }
            System.out.printf("population: %d users, %d aliases, %d domain aliases, %d groups of %d, %d delegations,"
                    + " %d external accounts (made in %d ms)%n", users.size(), count(users), domainAliases.size(),
                groups.size(), SenderPolicyData.MEMBERS_PER_GROUP, delegations.size(), externalAccounts.size(),
                inputMillis);
        }
        long after = usedAfterGc(memory);

        long[] later = Arrays.copyOfRange(buildMillis, 1, builds);
        Arrays.sort(later);
        System.out.printf("build, first (cold JVM): %d ms (target <= 2000)%n", buildMillis[0]);
        if (later.length > 0) {
            System.out.printf("build, next %d: best %d ms, median %d ms%n", later.length, later[0], later[later.length / 2]);
        }
        GraphLayout layout = GraphLayout.parseInstance(index);
        System.out.printf("retained size (JOL): %.1f MB in %d objects (target <= 256 MB)%n",
            layout.totalSize() / 1e6, layout.totalCount());
        System.out.printf("heap used after GC, with only the index left: +%.1f MB%n", (after - before) / 1e6);
        System.out.println(layout.toFootprint().lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
        System.out.println(index.aliasesOf(SenderPolicyData.user(0)).size() + " aliases of user0 (keeps the index alive)");
    }

    private static int count(Collection<UserIdentity> users) {
        return users.stream().mapToInt(user -> user.aliases().size()).sum();
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
