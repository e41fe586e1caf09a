#!/usr/bin/env bash
# Group delivery benchmark of issue 3: the same load to a personal mailbox and to a 50-member group's INBOX,
# in one run of one server, and the ratio of their delivery rates (target >= 0.97).
#   scripts/bench-group.sh [MESSAGES] [CONNECTIONS]
source "$(dirname "$0")/instance.sh"
messages="${1:-5000}"
connections="${2:-16}"
start_instance
webadmin PUT /domains/example.fr
members=""
for i in $(seq 0 49); do
    webadmin PUT "/users/member$i@example.fr" '{"password":"secret"}'
    members="$members{\"address\":\"member$i@example.fr\",\"role\":\"replier\"},"
done
webadmin PUT /users/bob@example.fr '{"password":"bob-secret"}'
# notifications off: this measures storing one copy, not sending 50 notices per message
webadmin PUT /groups/team@example.fr "{\"name\":\"Team\",\"notify\":\"none\",\"members\":[${members%,}]}"
# Warm-up (not measured): the JIT compiles the delivery path before either measured run.
python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to bob@example.fr \
    --login bob@example.fr --password bob-secret --messages 2000 --connections "$connections" --label warm-up > /dev/null
personal=$(python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to bob@example.fr \
    --login bob@example.fr --password bob-secret --messages "$messages" --connections "$connections" --label personal)
group=$(python3 "$ROOT/scripts/load_delivery.py" --smtp "$SMTP_PORT" --imap "$IMAP_PORT" --to team@example.fr \
    --login member0@example.fr --password secret --folder Groups.Team.INBOX \
    --messages "$messages" --connections "$connections" --label group)
echo "$personal"
echo "$group"
rate() { echo "$1" | sed -n 's/.*end to end: .*: \([0-9]*\) msg\/s/\1/p'; }
python3 -c "p, g = $(rate "$personal"), $(rate "$group"); print(f'[ratio] group/personal end-to-end delivery rate: {g / p:.2f} (target >= 0.97)')"
