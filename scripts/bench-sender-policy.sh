#!/usr/bin/env bash
# Sender-policy benchmarks of issue 5 (JMH module benchmarks/, built only with the `bench` profile):
#   scripts/bench-sender-policy.sh [JMH ARGUMENTS...]     e.g. SenderPolicyBenchmark -prof gc
# 1. build time and retained memory of the index (100k users, 200k aliases, 10k groups of 20, 20k
#    delegations, 20k external accounts); 2. decision latency, p50/p99 (JMH sample time), of the pure policy
#    (SenderPolicyBenchmark) and of SenderGrants over James's in-memory stores (SenderGrantsBenchmark).
# Targets: p99 <= 10 us, <= 256 MB, build <= 2 s. Results: docs/benchmarks.md. About 5 minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -Dstyle.color=never -Pbench -pl benchmarks -am package -DskipTests
# JOL reads record fields through its "magic" offset and sizes objects through a self-attached agent.
java -Xmx2g -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true \
    -cp benchmarks/target/benchmarks.jar io.groupmailbox.bench.SenderIndexFootprint 5 2>&1 | grep -v '^# WARNING'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar benchmarks/target/benchmarks.jar "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
