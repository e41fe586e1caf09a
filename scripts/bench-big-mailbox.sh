#!/usr/bin/env bash
# The big, hot group mailbox (issue 17): one group INBOX filled to N messages over SMTP (16 connections), timed as
# a member would see it, beside Dovecot holding the same corpus, in one run; prints the table and the ratios.
#   scripts/bench-big-mailbox.sh [MESSAGES (default 100000)]
# Dovecot (Debian's dovecot-imapd, installed when missing) runs as an instance of its own: a configuration in a
# temporary directory, IMAP on a free loopback port, Maildir, no full-text search; the system's service, if any,
# is never started or touched. Its mailbox is written directly as Maildir files (Dovecot has no SMTP).
source "$(dirname "$0")/instance.sh"
messages="${1:-100000}"

if ! command -v dovecot > /dev/null; then
    echo "installing dovecot-imapd from Debian's packages" >&2
    apt-get install -y -q dovecot-imapd > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q dovecot-imapd > /dev/null; }
fi

start_instance
webadmin PUT /domains/example.fr
webadmin PUT /users/member0@example.fr '{"password":"secret"}'
webadmin PUT /groups/team@example.fr '{"name":"Team","notify":"none","members":[{"address":"member0@example.fr","role":"replier"}]}'
python3 "$ROOT/scripts/bench_big_mailbox.py" fill-smtp --smtp "$SMTP_PORT" --to team@example.fr --messages "$messages"
# every message stored before measuring
python3 - "$IMAP_PORT" "$messages" <<'PY'
import imaplib, ssl, sys, time
port, expected = int(sys.argv[1]), int(sys.argv[2])
imap = imaplib.IMAP4("127.0.0.1", port)
context = ssl.create_default_context(); context.check_hostname = False; context.verify_mode = ssl.CERT_NONE
imap.starttls(ssl_context=context); imap.login("member0@example.fr", "secret")
for _ in range(3600):
    count = int(imap.status('"Groups.Team.INBOX"', "(MESSAGES)")[1][0].decode().split("MESSAGES")[1].strip(" )"))
    if count >= expected:
        break
    time.sleep(1)
try:
    imap.logout()
except imaplib.IMAP4.abort:
    pass  # James 3.8.1 sometimes closes the connection before its LOGOUT reply
PY
ours=$(python3 "$ROOT/scripts/bench_big_mailbox.py" measure --imap "$IMAP_PORT" --starttls --login member0@example.fr \
    --password secret --folder Groups.Team.INBOX --label ours --deliver-smtp "$SMTP_PORT" --to team@example.fr)
ours_disk=$(du -sb "$INSTANCE_DIR/data" | cut -f1)
ours_rss=$(awk '/VmHWM/ {print $2 * 1024}' "/proc/$SERVER_PID/status")
ours_lucene=$(du -sb "$INSTANCE_DIR/data/lucene" 2>/dev/null | cut -f1 || echo 0)

# Dovecot: its own configuration, run directory and mail under one temporary directory, stopped on exit
DOVECOT_DIR="$(mktemp -d /tmp/bench-dovecot.XXXXXX)"
DOVECOT_PORT=$(free_port)
mkdir -p "$DOVECOT_DIR/run" "$DOVECOT_DIR/mail/member0"
chmod 755 "$DOVECOT_DIR"
cat > "$DOVECOT_DIR/dovecot.conf" <<CONF
base_dir = $DOVECOT_DIR/run
state_dir = $DOVECOT_DIR/state
log_path = $DOVECOT_DIR/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
mail_location = maildir:$DOVECOT_DIR/mail/%u
passdb {
  driver = passwd-file
  args = $DOVECOT_DIR/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$DOVECOT_DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
echo 'member0:{PLAIN}secret' > "$DOVECOT_DIR/passwd"
python3 "$ROOT/scripts/bench_big_mailbox.py" fill-maildir --maildir "$DOVECOT_DIR/mail/member0" --to team@example.fr \
    --messages "$messages"
chown -R nobody:nogroup "$DOVECOT_DIR/mail"
stop_dovecot() {
    if [ -f "$DOVECOT_DIR/run/master.pid" ]; then
        kill "$(cat "$DOVECOT_DIR/run/master.pid")" 2>/dev/null || true
        sleep 1
    fi
    rm -rf "$DOVECOT_DIR"
    stop_instance
}
trap stop_dovecot EXIT
dovecot -c "$DOVECOT_DIR/dovecot.conf"
for _ in $(seq 1 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $DOVECOT_PORT), timeout=0.2).close()" 2>/dev/null && break
    sleep 0.1
done
theirs=$(python3 "$ROOT/scripts/bench_big_mailbox.py" measure --imap "$DOVECOT_PORT" --login member0 --password secret \
    --folder INBOX --label dovecot --deliver-maildir "$DOVECOT_DIR/mail/member0")
dovecot_disk=$(du -sb "$DOVECOT_DIR/mail" | cut -f1)

python3 - "$ours" "$theirs" "$ours_disk" "$dovecot_disk" "$ours_rss" "$ours_lucene" "$messages" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ours_disk, dovecot_disk, rss, lucene, n = (int(v) for v in sys.argv[3:8])
print(f"\n{n} messages; ours: group INBOX of the embedded server (member's view), Dovecot 2.3 (Maildir, own instance)\n")
print(f"| operation | ours | Dovecot | ours / Dovecot |")
print(f"|---|---|---|---|")
for key, value in ours.items():
    if key in ("label", "messages") or "after mark-all" in key or "hits" in key:
        continue
    other = theirs[key]
    print(f"| {key} | {value:,.1f} ms | {other:,.1f} ms | {value / other:.2f} |")
print(f"| disk for the mailbox | {ours_disk / 1e9:.2f} GB (Lucene {lucene / 1e9:.2f}) | {dovecot_disk / 1e9:.2f} GB | {ours_disk / dovecot_disk:.2f} |")
print(f"| server RSS (peak) | {rss / 1e9:.2f} GB | | |")
print(f"\nSEARCH SUBJECT quarterly: {ours['SEARCH SUBJECT hits']} hits (ours), {theirs['SEARCH SUBJECT hits']} (Dovecot)")
print(f"after mark-all-read: ours STATUS UNSEEN {ours['after mark-all: STATUS UNSEEN']}, SEARCH UNSEEN "
      f"{ours['after mark-all: SEARCH UNSEEN']}; Dovecot {theirs['after mark-all: STATUS UNSEEN']} / {theirs['after mark-all: SEARCH UNSEEN']}")
print(f"messages seen at first SELECT: ours {ours['messages']}, Dovecot {theirs['messages']}")
PY
