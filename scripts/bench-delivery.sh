#!/usr/bin/env bash
# Delivery benchmark of issue 2: 20,000 messages over 16 connections to one personal mailbox.
#   [WARMUP=30000] [WARMUP_MAX=100000] [JIT_QUIET=4] scripts/bench-delivery.sh [MESSAGES] [CONNECTIONS]
# Targets: last 1,000 delivered within 10 % of the rate of the first 1,000; >= 300 msg/s end to end.
source "$(dirname "$0")/instance.sh"
messages="${1:-20000}"
connections="${2:-16}"
chunk=5000
start_instance
webadmin PUT /domains/example.fr
webadmin PUT /users/bob@example.fr '{"password":"bob-secret"}'
webadmin PUT /users/warm@example.fr '{"password":"warm-secret"}'
# Warm-up (not measured), to another mailbox, so that first and last 1,000 compare the mailbox's size, not a cold
# JVM with a warm one. It lasts at least WARMUP messages, then goes on by 5,000 until the JIT compilers used less
# than JIT_QUIET % of the server's CPU over the last 5,000 (at most WARMUP_MAX). On two cores saturated by the load,
# the C2 compiler gets a small share of the CPU and its queue drains slowly: after 30,000 messages it still used
# 11 % of the server's CPU during the measured run (docs/benchmarks-history.md).
warmed=0
while :; do
    jit_before=$(jit_cpu_ticks); cpu_before=$(server_cpu_ticks)
    python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to warm@example.fr \
        --login warm@example.fr --password warm-secret --messages "$chunk" --connections "$connections" \
        --label "warm-up-$warmed" > /dev/null
    warmed=$((warmed + chunk))
    share=$(( 100 * ($(jit_cpu_ticks) - jit_before) / ($(server_cpu_ticks) - cpu_before) ))
    echo "[warm-up] $warmed messages: the JIT compilers used $share % of the server's CPU over the last $chunk"
    if [ "$warmed" -ge "${WARMUP:-30000}" ] && [ "$share" -lt "${JIT_QUIET:-4}" ]; then
        break
    fi
    if [ "$warmed" -ge "${WARMUP_MAX:-100000}" ]; then
        echo "[warm-up] stopped at WARMUP_MAX (${WARMUP_MAX:-100000} messages), the JIT compilers still above ${JIT_QUIET:-4} %"
        break
    fi
done
jit_before=$(jit_cpu_ticks); cpu_before=$(server_cpu_ticks)
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" \
    --to bob@example.fr --login bob@example.fr --password bob-secret \
    --messages "$messages" --connections "$connections" --label personal
jit_after=$(jit_cpu_ticks); cpu_after=$(server_cpu_ticks)
awk -v ticks="$((cpu_after - cpu_before))" -v jit="$((jit_after - jit_before))" -v hz="$(getconf CLK_TCK)" -v n="$messages" \
    'BEGIN { printf "[personal] server CPU (user + system): %.2f ms per message, of which the JIT compilers %.2f ms\n",
             1000 * ticks / hz / n, 1000 * jit / hz / n }'
