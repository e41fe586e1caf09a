#!/usr/bin/env bash
# Delivery rate with one user on the server, then with 1,000 users of 4 mailboxes each: to the same user, and
# spread over all of them; in one run of one server (see load_many_users.py).
#   scripts/bench-many-users.sh [USERS] [MESSAGES] [CONNECTIONS]
# Target: both ratios about 1 (a delivery's cost does not grow with the number of users and mailboxes).
# The warm-up goes on until the JIT compilers are quiet (see bench-delivery.sh).
source "$(dirname "$0")/instance.sh"
start_instance
webadmin PUT /domains/example.fr
python3 "$ROOT/scripts/load_many_users.py" --smtp "$SMTP_PORT" --webadmin "$WEBADMIN_PORT" \
    --users "${1:-1000}" --messages "${2:-5000}" --connections "${3:-16}" --server-pid "$SERVER_PID"
