#!/usr/bin/env python3
"""Delivery as users are added: the delivery rate to one user's INBOX while the server has a single user, then,
on the same server in the same run, once many users with several mailboxes each exist: to that one user again,
and spread over all users. Prints both rates against the first (target: about 1, the cost of a delivery does not
grow with the number of users and mailboxes).

A delivery finds its mailbox by path, and an append holds its mailbox's row lock until it commits; a look-up that
reads every mailbox row gets slower with each user, and waits for the rows that other deliveries hold locked.
Sends to the MX port (no AUTH) over C connections; a message counts as delivered when the spool is empty (the spool
acknowledges a mail once it is stored). Checks the count at the end with the users' quota usage (WebAdmin).

The warm-up (not measured) lasts at least --warmup messages; with --server-pid it then goes on by 5,000 until the
JIT compilers used less than --jit-quiet % of the server's CPU over the last 5,000 (as bench-delivery.sh does).

usage: load_many_users.py --smtp PORT --webadmin PORT [--users 1000] [--folders 3] [--messages 5000]
                          [--warmup 10000] [--server-pid PID [--jit-quiet 4] [--warmup-max 100000]]
                          [--connections 16]
"""
import argparse
import http.client
import json
import smtplib
import sys
import threading
import time

from server_cpu import cpu_ticks, jit_share

WARM_UP_CHUNK = 5000


class WebAdmin:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None):
        self.connection.request(method, path, body=body)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            sys.exit(f"{method} {path}: HTTP {response.status} {data!r}")
        return json.loads(data) if data else None


def user(number):
    return f"user{number}@example.fr"


def provision(webadmin, args, numbers):
    """Users with an INBOX and other folders, so that the mailbox table holds what many real users would."""
    for number in numbers:
        webadmin.call("PUT", f"/users/{user(number)}", json.dumps({"password": "secret"}))
        for folder in ["INBOX", "Sent", "Drafts", "Trash"][:args.folders + 1]:
            webadmin.call("PUT", f"/users/{user(number)}/mailboxes/{folder}")


def send(port, recipients, label, failures):
    smtp = smtplib.SMTP("127.0.0.1", port, timeout=120)
    for number, recipient in recipients:
        body = (f"From: load@remote.test\r\nTo: {recipient}\r\nSubject: {label} {number}\r\n"
                f"Message-ID: <{label}-{number}@remote.test>\r\n\r\nMessage {number} of the load test.\r\n")
        try:
            smtp.sendmail("load@remote.test", [recipient], body)
        except smtplib.SMTPException as error:
            failures.append((number, error))
    smtp.quit()


def spool_size(webadmin):
    return webadmin.call("GET", "/mailQueues/spool")["size"]


def run(args, webadmin, recipients, label):
    """Sends the messages to their recipients; returns the end-to-end rate (all stored, spool empty)."""
    failures = []
    start = time.monotonic()
    messages = list(enumerate(recipients))
    senders = [threading.Thread(target=send, args=(args.smtp, messages[c::args.connections], label, failures))
               for c in range(args.connections)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    accepted = time.monotonic() - start
    while spool_size(webadmin) > 0:
        time.sleep(0.05)
    elapsed = time.monotonic() - start
    if failures:
        sys.exit(f"[{label}] {len(failures)} refused at SMTP, first: {failures[0]}")
    print(f"[{label}] {len(recipients)} messages to {len(set(recipients))} user(s): SMTP accepted in {accepted:.1f} s,"
          f" all stored in {elapsed:.1f} s: {len(recipients) / elapsed:.0f} msg/s")
    return len(recipients) / elapsed


def warm_up(args, webadmin):
    """Sends to the first user until the warm-up is over; returns how many messages it took."""
    if args.server_pid is None:
        run(args, webadmin, [user(0)] * args.warmup, "warm-up")
        return args.warmup
    warmed = 0
    while True:
        before = cpu_ticks(args.server_pid)
        run(args, webadmin, [user(0)] * WARM_UP_CHUNK, f"warm-up-{warmed}")
        warmed += WARM_UP_CHUNK
        share = jit_share(before, cpu_ticks(args.server_pid))
        print(f"[warm-up] {warmed} messages: the JIT compilers used {share:.0f} % of the server's CPU"
              f" over the last {WARM_UP_CHUNK}")
        if warmed >= args.warmup and share < args.jit_quiet:
            return warmed
        if warmed >= args.warmup_max:
            print(f"[warm-up] stopped at {warmed} messages, the JIT compilers still above {args.jit_quiet} %")
            return warmed


def stored(webadmin, users):
    return sum(webadmin.call("GET", f"/quota/users/{user(number)}")["occupation"]["count"] for number in range(users))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smtp", type=int, required=True)
    parser.add_argument("--webadmin", type=int, required=True)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--folders", type=int, default=3, help="folders besides INBOX per user")
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=10000)
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--jit-quiet", type=float, default=4)
    parser.add_argument("--warmup-max", type=int, default=100000)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    webadmin = WebAdmin(args.webadmin)
    provision(webadmin, args, [0])
    warmed = warm_up(args, webadmin)
    alone = run(args, webadmin, [user(0)] * args.messages, "one user, alone on the server")

    started = time.monotonic()
    provision(webadmin, args, range(1, args.users))
    print(f"[setup] {args.users - 1} more users with {args.folders + 1} mailboxes each in {time.monotonic() - started:.0f} s")
    run(args, webadmin, [user(number) for number in range(1, args.users)], "warm-up")
    one = run(args, webadmin, [user(0)] * args.messages, f"one user, among {args.users}")
    spread = run(args, webadmin, [user(number % args.users) for number in range(args.messages)], f"spread over {args.users} users")

    expected = warmed + (args.users - 1) + 3 * args.messages
    count = stored(webadmin, args.users)
    print(f"[check] messages stored: {count} of {expected}")
    print(f"[ratio] one user among {args.users} / alone: {one / alone:.2f}")
    print(f"[ratio] spread over {args.users} users / one user alone: {spread / alone:.2f}")
    if count != expected:
        sys.exit(1)


if __name__ == "__main__":
    main()
