#!/usr/bin/env bash
# The cost of a flag change, a SELECT and a LIST on one mailbox of 1,000 and then 20,000 messages (a group
# INBOX is one big, hot mailbox): must not grow with the number of messages.
#   scripts/bench-mailbox-ops.sh [SIZES] [OPERATIONS]        e.g. scripts/bench-mailbox-ops.sh 1000,20000 300
source "$(dirname "$0")/instance.sh"
start_instance
webadmin PUT /domains/example.fr
webadmin PUT /users/bob@example.fr '{"password":"bob-secret"}'
python3 "$ROOT/scripts/load_mailbox_ops.py" --imap "$IMAP_PORT" --login bob@example.fr --password bob-secret \
    --sizes "${1:-1000,20000}" --operations "${2:-300}"
