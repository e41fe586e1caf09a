#!/usr/bin/env bash
# Where the server's CPU goes during delivery: bench-delivery.sh's load, with async-profiler (CPU samples, 1 ms)
# over the measured part only. Prints the share of each library and of each step of a delivery, and keeps the
# stacks (collapsed format, for flame graphs) in the file it names.
#   [WARMUP=30000] scripts/profile-delivery.sh [MESSAGES] [CONNECTIONS] [OUTPUT]
# async-profiler comes from Maven Central (tools.profiler:async-profiler), into target/async-profiler.
source "$(dirname "$0")/instance.sh"
messages="${1:-20000}"
connections="${2:-16}"
output="${3:-$ROOT/target/profile-delivery.collapsed}"
version=3.0
profiler_dir="$ROOT/target/async-profiler"
library="$profiler_dir/linux-x64/libasyncProfiler.so"
if [ ! -f "$library" ]; then
    (cd "$ROOT" && mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$version" \
        -DoutputDirectory="$profiler_dir") >&2
    (cd "$profiler_dir" && unzip -q -o "async-profiler-$version.jar" 'linux-x64/*')
fi
mkdir -p "$(dirname "$output")"

profiler() {
    # jcmd hands the options over as one argument only when they are quoted inside it
    jcmd "$SERVER_PID" JVMTI.agent_load "$library" "\"$1\"" > /dev/null
}

start_instance
webadmin PUT /domains/example.fr
webadmin PUT /users/bob@example.fr '{"password":"bob-secret"}'
webadmin PUT /users/warm@example.fr '{"password":"warm-secret"}'
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to warm@example.fr \
    --login warm@example.fr --password warm-secret --messages "${WARMUP:-30000}" --connections "$connections" \
    --label warm-up > /dev/null
profiler "start,event=cpu,interval=1ms"
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" \
    --to bob@example.fr --login bob@example.fr --password bob-secret \
    --messages "$messages" --connections "$connections" --label personal
profiler "stop,file=$output,collapsed"
python3 "$ROOT/scripts/profile_summary.py" "$output"
echo "stacks: $output"
