# Sourced by the benchmark scripts: starts one throw-away server (a copy of conf/ on free loopback ports,
# a fresh data directory) and stops it, by its PID, on exit.
#   start_instance            sets INSTANCE_DIR, SMTP_PORT, SUBMISSION_PORT, IMAP_PORT, WEBADMIN_PORT, SERVER_PID
#   webadmin METHOD PATH [JSON]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_instance() {
    if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    [ -n "${INSTANCE_DIR:-}" ] && rm -rf "$INSTANCE_DIR"
}

start_instance() {
    (cd "$ROOT" && mvn -B -q -DskipTests install) >&2
    INSTANCE_DIR="$(mktemp -d /tmp/group-mailbox-bench.XXXXXX)"
    SMTP_PORT=$(free_port); SUBMISSION_PORT=$(free_port); IMAP_PORT=$(free_port); WEBADMIN_PORT=$(free_port)
    cp -r "$ROOT/conf" "$INSTANCE_DIR/conf"
    sed -i "s/127.0.0.1:2525/127.0.0.1:$SMTP_PORT/; s/127.0.0.1:2587/127.0.0.1:$SUBMISSION_PORT/" "$INSTANCE_DIR/conf/smtpserver.xml"
    sed -i "s/127.0.0.1:2143/127.0.0.1:$IMAP_PORT/" "$INSTANCE_DIR/conf/imapserver.xml"
    sed -i "s/^port=8000/port=$WEBADMIN_PORT/" "$INSTANCE_DIR/conf/webadmin.properties"
    # benchmarks never query a real DNS resolver
    sed -i 's|<autodiscover>true</autodiscover>|<servers><server>127.0.0.1</server></servers><autodiscover>false</autodiscover>|' "$INSTANCE_DIR/conf/dnsservice.xml"
    trap stop_instance EXIT
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
