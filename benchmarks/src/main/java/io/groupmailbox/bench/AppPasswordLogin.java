package io.groupmailbox.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.core.Username;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.audit.MemoryAuditStore;
import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.MemoryGroupRepository;
import io.groupmailbox.group.NotifyMode;
import io.groupmailbox.group.Role;
import io.groupmailbox.identity.SenderMode;
import io.groupmailbox.login.AppPasswords;

/**
 * What an app password login costs, and what a burst of wrong passwords costs (README "Method 2", docs/benchmarks.md):
 * <ol>
 *   <li>ms per successful verification (one PBKDF2 hash);</li>
 *   <li>µs per wrong password whose selector names no app password (no hash at all: what a guesser sends);</li>
 *   <li>a burst of wrong passwords that do name a stored selector, from {@code threads} threads for {@code seconds}
 *   seconds: how many hashes ran, how many were refused for lack of a turn, and the CPU this took compared with the
 *   whole machine (the hashing is capped at half the cores).</li>
 * </ol>
 * usage: AppPasswordLogin [threads] [seconds]
 */
public final class AppPasswordLogin {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Username group = Username.of("support@example.fr");
        Username member = Username.of("alice@example.fr");
        MemoryGroupRepository groups = new MemoryGroupRepository();
        groups.save(new GroupDefinition(group, "Support", SenderMode.SEND_AS, true, NotifyMode.NONE,
            GroupDefinition.DEFAULT_DIGEST_INTERVAL, Optional.empty(), List.of(GroupMember.of(member.asString(), Role.REPLIER)),
            GroupDefinition.Origin.REST));
        AppPasswords appPasswords = new AppPasswords(new io.groupmailbox.login.MemoryAppPasswordStore(), groups,
            new GroupAudit(new MemoryAuditStore(), Clock.systemUTC()), Clock.systemUTC());
        String password = appPasswords.create(group, member, "bench").password();

        for (int i = 0; i < 10; i++) {
            check(appPasswords.verify(group, password).isPresent());
        }
        int logins = 50;
        long[] times = new long[logins];
        for (int i = 0; i < logins; i++) {
            long start = System.nanoTime();
            check(appPasswords.verify(group, password).isPresent());
            times[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(times);
        System.out.printf("login with an app password: median %.1f ms, p90 %.1f ms (%d logins, one thread)%n",
            times[logins / 2] / 1e6, times[logins * 9 / 10] / 1e6, logins);

        String unknownSelector = "zzzz-zzzz" + password.substring(9);
        int guesses = 100_000;
        long start = System.nanoTime();
        for (int i = 0; i < guesses; i++) {
            check(appPasswords.verify(group, unknownSelector).isEmpty());
        }
        System.out.printf("wrong password, unknown selector: %.2f µs each (no hash)%n", (System.nanoTime() - start) / 1e3 / guesses);

        String knownSelectorWrongSecret = password.substring(0, 10) + (password.charAt(10) == 'a' ? 'b' : 'a') + password.substring(11);
        AtomicLong refusedFast = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean sunOs = (com.sun.management.OperatingSystemMXBean) os;
        long cpuBefore = sunOs.getProcessCpuTime();
        long wallStart = System.nanoTime();
        long deadline = wallStart + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    check(appPasswords.verify(group, knownSelectorWrongSecret).isEmpty());
                    attempts.incrementAndGet();
                    if (System.nanoTime() - begin > TimeUnit.MILLISECONDS.toNanos(1_900)) {
                        refusedFast.incrementAndGet(); // waited its whole turn: refused without hashing
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (sunOs.getProcessCpuTime() - cpuBefore) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("burst of wrong passwords with a known selector: %d threads, %.1f s, %d attempts, %d refused after waiting"
            + " for a turn; CPU used %.2f core(s) of %d = ratio %.2f of the machine%n",
            threads, wall, attempts.get(), refusedFast.get(), cpu / wall, cores, cpu / wall / cores);
    }

    private static void check(boolean condition) {
        if (!condition) {
            throw new IllegalStateException("unexpected verdict");
        }
    }
}
