# Sourced by the benchmark scripts: starts throw-away servers (a copy of conf/ on free loopback ports, a fresh
# data directory each) and stops them, by their PIDs, on exit.
#   start_instance            builds, then sets INSTANCE_DIR, SMTP_PORT, SUBMISSION_PORT, IMAP_PORT, WEBADMIN_PORT,
#                             SERVER_PID
#   build_server; prepare_instance; (edit $INSTANCE_DIR/conf); launch
#                             the same in steps, to change the configuration first or run several instances
#   webadmin METHOD PATH [JSON]   (to the instance named by WEBADMIN_PORT)
#   server_cpu_ticks; jit_cpu_ticks   CPU time (user + system, in clock ticks) of the server, and of its JIT
#                             compiler threads alone
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER_JAR="$ROOT/server/target/james-group-mailbox-server.jar"
INSTANCE_PIDS=()
INSTANCE_DIRS=()

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_instance() {
    # One after the other: each JVM writes the class-data sharing archive as it exits.
    for pid in "${INSTANCE_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            wait "$pid" 2>/dev/null || true
        fi
    done
    for dir in "${INSTANCE_DIRS[@]}"; do
        rm -rf "$dir"
    done
}

# Builds the server through the reactor (never `mvn install`: ~/.m2 is shared and stays untouched).
build_server() {
    local before=""
    [ -f "$SERVER_JAR" ] && before=$(stat -c %Y "$SERVER_JAR")
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl server -am package -DskipTests) >&2
    # The jar plugin keeps an unchanged jar; then a newer pom or resource would make the launcher rebuild it (with install).
    if [ -n "$(find "$ROOT/pom.xml" "$ROOT/james-plugins" "$ROOT/server" -path '*/target' -prune -o -newer "$SERVER_JAR" -type f -print -quit)" ]; then
        touch "$SERVER_JAR"
    fi
    if [ "$(stat -c %Y "$SERVER_JAR")" != "$before" ]; then
        # the launcher's class-data sharing archive belongs to the previous jar
        rm -f "$ROOT/server/target/james-group-mailbox-server.jsa"
    fi
}

# A new instance directory with a copy of conf/ on free loopback ports; the caller may edit its conf, then launch.
prepare_instance() {
    INSTANCE_DIR="$(mktemp -d /tmp/group-mailbox-bench.XXXXXX)"
    INSTANCE_DIRS+=("$INSTANCE_DIR")
    trap stop_instance EXIT
    SMTP_PORT=$(free_port); SUBMISSION_PORT=$(free_port); IMAP_PORT=$(free_port); WEBADMIN_PORT=$(free_port)
    cp -r "$ROOT/conf" "$INSTANCE_DIR/conf"
    sed -i "s/127.0.0.1:2525/127.0.0.1:$SMTP_PORT/; s/127.0.0.1:2587/127.0.0.1:$SUBMISSION_PORT/" "$INSTANCE_DIR/conf/smtpserver.xml"
    sed -i "s/127.0.0.1:2143/127.0.0.1:$IMAP_PORT/" "$INSTANCE_DIR/conf/imapserver.xml"
    sed -i "s/^port=8000/port=$WEBADMIN_PORT/" "$INSTANCE_DIR/conf/webadmin.properties"
    # benchmarks never query a real DNS resolver
    sed -i 's|<autodiscover>true</autodiscover>|<servers><server>127.0.0.1</server></servers><autodiscover>false</autodiscover>|' "$INSTANCE_DIR/conf/dnsservice.xml"
}

start_instance() {
    build_server
    prepare_instance
    launch
}

# Stops the server (cleanly, as Ctrl-C would) and starts it again on the same configuration and data.
restart_instance() {
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    launch
}

launch() {
    START_NS=$(date +%s%N)
    "$ROOT/bin/james-group-mailbox" run --conf "$INSTANCE_DIR/conf" --data "$INSTANCE_DIR/data" > "$INSTANCE_DIR/server.log" 2>&1 &
    SERVER_PID=$!
    INSTANCE_PIDS+=("$SERVER_PID")
    for _ in $(seq 1 600); do
        if all_ports_accept; then
            READY_NS=$(date +%s%N)
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$INSTANCE_DIR/server.log" >&2; return 1; }
        sleep 0.05
    done
    echo "server not ready after 30 s" >&2
    return 1
}

all_ports_accept() {
    python3 - "$SMTP_PORT" "$SUBMISSION_PORT" "$IMAP_PORT" "$WEBADMIN_PORT" <<'PY'
import socket, sys
for port in sys.argv[1:]:
    try:
        socket.create_connection(("127.0.0.1", int(port)), timeout=0.2).close()
    except OSError:
        sys.exit(1)
PY
}

webadmin() {
    curl -sf -X "$1" -H 'Content-Type: application/json' "http://127.0.0.1:$WEBADMIN_PORT$2" ${3:+-d "$3"}
}

server_cpu_ticks() {
    python3 "$ROOT/scripts/server_cpu.py" "$SERVER_PID" | cut -d' ' -f1
}

jit_cpu_ticks() {
    python3 "$ROOT/scripts/server_cpu.py" "$SERVER_PID" | cut -d' ' -f2
}
