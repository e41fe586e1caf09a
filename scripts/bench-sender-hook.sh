#!/usr/bin/env bash
# Submission benchmark of issue 5: throughput with the sender-identity hook on and off, same run, same JVM.
#   [WARMUP=5000] scripts/bench-sender-hook.sh [MESSAGES] [CONNECTIONS] [ROUNDS]
# One server whose smtpserver.xml has, besides conf/'s submission listener (SenderIdentityHook in its handler
# chain), a copy of that listener on another port without the hook. Both listeners share the JVM, its JIT, the
# spool and the mailboxes, so the hook is the only difference between the phases. (Two separate servers made
# the comparison hostage to each JVM's own JIT trajectory: on two cores a server's CPU per message still falls
# from 18 ms to 8 ms over its first 20,000 messages.) A warm-up on each listener, then phases alternate (on,
# off, off, on, ...; 4 rounds by default) and load_submission.py prints three on/off ratios: SMTP intake rate,
# sustained rate (until every message is delivered) and server CPU per message. Target: >= 0.97.
source "$(dirname "$0")/instance.sh"
messages="${1:-5000}"
connections="${2:-16}"
rounds="${3:-4}"

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
build_server
prepare_instance
NO_HOOK_PORT=$(free_port)
python3 - "$INSTANCE_DIR/conf/smtpserver.xml" "$NO_HOOK_PORT" <<'PY'
import re, sys
path, port = sys.argv[1], sys.argv[2]
hook = '<handler class="io.groupmailbox.smtp.SenderIdentityHook"/>'
text = open(path).read()
servers = re.findall(r"<smtpserver\b.*?</smtpserver>", text, re.S)
submission = [server for server in servers if "<jmxName>submission</jmxName>" in server]
if len(submission) != 1 or submission[0].count(hook) != 1:
    sys.exit("conf/smtpserver.xml needs one submission server with one " + hook)
copy = submission[0].replace("<jmxName>submission</jmxName>", "<jmxName>submission-without-hook</jmxName>")
copy = re.sub(r"<bind>[^<]*</bind>", f"<bind>127.0.0.1:{port}</bind>", copy)
copy = copy.replace(hook, "<!-- hook removed by bench-sender-hook.sh -->")
open(path, "w").write(text.replace(submission[0], submission[0] + "\n    " + copy))
PY
launch
webadmin PUT /domains/example.fr
webadmin PUT /users/alice@example.fr '{"password":"alice-secret"}'
webadmin PUT /users/bob@example.fr '{"password":"bob-secret"}'

python3 "$ROOT/scripts/load_submission.py" \
    --on "$SUBMISSION_PORT:$IMAP_PORT:$SERVER_PID" --off "$NO_HOOK_PORT:$IMAP_PORT:$SERVER_PID" \
    --user alice@example.fr --password alice-secret --to bob@example.fr --to-password bob-secret \
    --messages "$messages" --connections "$connections" --rounds "$rounds" --warmup "${WARMUP:-5000}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
