#!/usr/bin/env bash
# Submission benchmark of issue 5: the SMTP intake rate with the sender-identity hook on and off, same run.
#   [WARMUP=1000] scripts/bench-sender-hook.sh [MESSAGES] [CONNECTIONS] [ROUNDS]
# Two servers from the same build and data layout: conf/ as is (SenderIdentityHook in the submission handler
# chain) and a copy whose submission chain lacks the hook. Each gets a 1,000-message warm-up, then the phases
# alternate (on, off, off, on, ...) and the script prints the ratio of the rates. Target: >= 0.97.
source "$(dirname "$0")/instance.sh"
messages="${1:-5000}"
connections="${2:-16}"
rounds="${3:-2}"
hook='<handler class="io.groupmailbox.smtp.SenderIdentityHook"/>'

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
build_server

# Hook off: the same configuration with the hook taken out of the submission server's handler chain only.
prepare_instance
python3 - "$INSTANCE_DIR/conf/smtpserver.xml" "$hook" <<'PY'
import sys
path, hook = sys.argv[1], sys.argv[2]
text = open(path).read()
start = text.index("<jmxName>submission</jmxName>")
if text.count(hook, start) != 1:
    sys.exit("the submission server of conf/smtpserver.xml has no single " + hook)
open(path, "w").write(text[:start] + text[start:].replace(hook, "<!-- hook removed by bench-sender-hook.sh -->"))
PY
launch
OFF="$SUBMISSION_PORT:$IMAP_PORT"
off_webadmin=$WEBADMIN_PORT

prepare_instance
grep -q "$hook" "$INSTANCE_DIR/conf/smtpserver.xml"
launch
ON="$SUBMISSION_PORT:$IMAP_PORT"
on_webadmin=$WEBADMIN_PORT

for WEBADMIN_PORT in "$on_webadmin" "$off_webadmin"; do
    webadmin PUT /domains/example.fr
    webadmin PUT /users/alice@example.fr '{"password":"alice-secret"}'
    webadmin PUT /users/bob@example.fr '{"password":"bob-secret"}'
done

python3 "$ROOT/scripts/load_submission.py" --on "$ON" --off "$OFF" \
    --user alice@example.fr --password alice-secret --to bob@example.fr --to-password bob-secret \
    --messages "$messages" --connections "$connections" --rounds "$rounds" --warmup "${WARMUP:-1000}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
