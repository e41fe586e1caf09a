package io.groupmailbox.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.groupmailbox.bench.SenderPolicyData.Claim;
import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.PolicyOptions;
import io.groupmailbox.identity.SenderDecision;
import io.groupmailbox.identity.SenderPolicy;
import io.groupmailbox.identity.SubmissionDecision;

/**
 * Issue 5, part (a): latency of the pure decision over the full index ({@link SenderPolicyData}: 100k users,
 * 200k aliases, 10k groups of 20, 20k delegations, 20k external accounts), on a shuffled mix of 2^16 claims
 * of every {@link SenderPolicyData.Kind} in equal shares. Sample-time mode, so JMH prints p50/p99/p99.9.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SenderPolicyBenchmark {

    static final int CLAIMS = 1 << 16;

    @State(Scope.Benchmark)
    public static class Population {
        SenderPolicy policy;
        Claim[] claims;

        @Setup(Level.Trial)
        public void build() {
            policy = new SenderPolicy(SenderPolicyData.index(), PolicyOptions.defaults());
            List<Claim> mix = SenderPolicyData.claims(CLAIMS, SenderPolicyData.allKinds(), 5);
            // Each claim must get the answer its kind says, or the benchmark would time the wrong paths.
            for (Claim claim : mix) {
                claim.kind().check(claim, policy.decide(claim.user(), claim.address()));
                SubmissionDecision submission = policy.decide(claim.user(), claim.envelope(), claim.headers());
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

    /** One address: what the SMTP hook asks for MAIL FROM, and for each From:/Sender: mailbox. */
    @Benchmark
    public SenderDecision decideAddress(Population population, Cursor cursor) {
        Claim claim = cursor.next(population.claims);
        return population.policy.decide(claim.user(), claim.address());
    }

    /**
     * Control: normalising the user's own address, which {@code decide} does at each call (IDNA, NFC, the checks
     * of {@link AddressNormalizer}); shows how much of a decision it is.
     */
    @Benchmark
    public Optional<NormalizedAddress> normalizeOwnAddress(Population population, Cursor cursor) {
        return AddressNormalizer.normalize(cursor.next(population.claims).user());
    }

    /** A whole submission, MAIL FROM and From: with the same address, decided in one consistent read. */
    @Benchmark
    public SubmissionDecision decideSubmission(Population population, Cursor cursor) {
        Claim claim = cursor.next(population.claims);
        return population.policy.decide(claim.user(), claim.envelope(), claim.headers());
    }
}
