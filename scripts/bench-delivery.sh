#!/usr/bin/env bash
# Delivery benchmark of issue 2: 20,000 messages over 16 connections to one personal mailbox.
#   [WARMUP=30000] scripts/bench-delivery.sh [MESSAGES] [CONNECTIONS]
# Targets: last 1,000 delivered within 10 % of the rate of the first 1,000; >= 300 msg/s end to end.
source "$(dirname "$0")/instance.sh"
messages="${1:-20000}"
connections="${2:-16}"
start_instance
webadmin PUT /domains/example.fr
webadmin PUT /users/bob@example.fr '{"password":"bob-secret"}'
webadmin PUT /users/warm@example.fr '{"password":"warm-secret"}'
# Warm-up (not measured), to another mailbox: the JIT compiles the delivery path first, so that first and last
# 1,000 compare the mailbox's size, not a cold JVM with a warm one. On two cores the JIT needs long: code run once
# per message reaches the C2 compiler after about 15,000 messages (HotSpot's tier-4 thresholds), so after a
# 10,000-message warm-up C2 still took 1.8 ms of CPU per measured message, 0.7 ms after 30,000 (docs/benchmarks.md).
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to warm@example.fr \
    --login warm@example.fr --password warm-secret --messages "${WARMUP:-30000}" --connections "$connections" --label warm-up > /dev/null
cpu_before=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" \
    --to bob@example.fr --login bob@example.fr --password bob-secret \
    --messages "$messages" --connections "$connections" --label personal
cpu_after=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
awk -v ticks="$((cpu_after - cpu_before))" -v hz="$(getconf CLK_TCK)" -v n="$messages" \
    'BEGIN { printf "[personal] server CPU (user + system): %.2f ms per message\n", 1000 * ticks / hz / n }'
