#!/usr/bin/env bash
# Prints the time from launch to ready (every port accepting) and the resident memory once idle.
# Targets (issue 2): ready in <= 8 s, idle RSS <= 600 MB. The build is done before the clock starts.
#   scripts/boot-time.sh [IDLE_SECONDS]
source "$(dirname "$0")/instance.sh"
idle="${1:-10}"
start_instance
ready_ms=$(( (READY_NS - START_NS) / 1000000 ))
sleep "$idle"
java_pid=$(pgrep -P "$SERVER_PID" java || echo "$SERVER_PID")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")
echo "boot to ready: ${ready_ms} ms (target <= 8000)"
echo "idle RSS after ${idle} s: $(( rss_kb / 1024 )) MB (target <= 600)"
