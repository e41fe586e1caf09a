#!/usr/bin/env bash
# Notices benchmark: the server CPU per group message with notify="each" to 50 members, against the same load to a
# group without notices, in one run of one server; prints the ratio (target <= 2).
#   scripts/bench-notices.sh [MESSAGES] [CONNECTIONS]
# Each message to the notified group is stored once in the group and once per member as a notice (50 appends), so
# the run is over when the last member holds MESSAGES notices; the CPU is counted until then.
source "$(dirname "$0")/instance.sh"
messages="${1:-500}"
connections="${2:-16}"
start_instance
webadmin PUT /domains/example.fr
members=""
for i in $(seq 0 49); do
    webadmin PUT "/users/member$i@example.fr" '{"password":"secret"}'
    members="$members{\"address\":\"member$i@example.fr\",\"role\":\"replier\"},"
done
webadmin PUT /groups/quiet@example.fr "{\"name\":\"Quiet\",\"notify\":\"none\",\"members\":[${members%,}]}"
webadmin PUT /groups/team@example.fr "{\"name\":\"Team\",\"notify\":\"each\",\"members\":[${members%,}]}"
# Warm-up (not measured), through both paths.
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to quiet@example.fr \
    --login member0@example.fr --password secret --folder Groups.Quiet.INBOX --messages 1000 \
    --connections "$connections" --label warm-up > /dev/null
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to team@example.fr \
    --login member0@example.fr --password secret --folder Groups.Team.INBOX --messages 100 \
    --connections "$connections" --label warm-up > /dev/null
await_notices() { # member49's INBOX holds $1 messages
    python3 - "$IMAP_PORT" "$1" <<'PY'
import imaplib, ssl, sys, time
port, expected = int(sys.argv[1]), int(sys.argv[2])
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
deadline = time.time() + 1800
while time.time() < deadline:
    imap = imaplib.IMAP4("127.0.0.1", port)
    imap.starttls(ssl_context=context)
    imap.login("member49@example.fr", "secret")
    count = int(imap.status("INBOX", "(MESSAGES)")[1][0].split()[-1].rstrip(b")"))
    try:
        imap.logout()
    except imaplib.IMAP4.abort:
        pass  # the server may close the TLS session before answering LOGOUT
    if count >= expected:
        sys.exit(0)
    time.sleep(0.2)
sys.exit("notices did not all arrive")
PY
}
await_notices 100
before=$(server_cpu_ticks)
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to quiet@example.fr \
    --login member0@example.fr --password secret --folder Groups.Quiet.INBOX --messages "$messages" \
    --connections "$connections" --label "notify none"
quiet=$(( $(server_cpu_ticks) - before ))
before=$(server_cpu_ticks)
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to team@example.fr \
    --login member0@example.fr --password secret --folder Groups.Team.INBOX --messages "$messages" \
    --connections "$connections" --label "notify each (50 members)"
await_notices $((100 + messages))
each=$(( $(server_cpu_ticks) - before ))
python3 -c "
hz, n, q, e = $(getconf CLK_TCK), $messages, $quiet, $each
print(f'[cpu] per group message: notify none {1000 * q / hz / n:.1f} ms, notify each to 50 members {1000 * e / hz / n:.1f} ms')
print(f'[ratio] notify each / notify none CPU per message: {e / q:.2f} (target <= 2)')"
