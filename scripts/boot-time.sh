#!/usr/bin/env bash
# Prints the time from launch to ready (every port accepting) and the resident memory once idle.
# Targets (issue 2): ready in <= 8 s, idle RSS <= 600 MB. The build is done before the clock starts.
#   scripts/boot-time.sh [IDLE_SECONDS]
# Two starts on the same data: the first creates the database, schema and TLS key; the second is a restart.
# The launcher's class-data sharing archive (server/target/*.jsa) is used when it exists.
source "$(dirname "$0")/instance.sh"
idle="${1:-10}"
start_instance
first_ms=$(( (READY_NS - START_NS) / 1000000 ))
restart_instance
ready_ms=$(( (READY_NS - START_NS) / 1000000 ))
sleep "$idle"
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
echo "first start (new data directory) to ready: ${first_ms} ms"
echo "restart to ready: ${ready_ms} ms (target <= 8000)"
echo "idle RSS after ${idle} s: $(( rss_kb / 1024 )) MB (target <= 600)"
