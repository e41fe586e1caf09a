#!/usr/bin/env python3
"""Delivery load: N messages over C SMTP connections to one mailbox, and how fast they land in it.

Sends to the MX port (no AUTH), as other mail servers would, while a monitor watches the mailbox over
IMAP: it EXAMINEs it once, then sends NOOP every 0.1 s and reads the EXISTS updates (no polling STATUS,
which would make the server count the mailbox ten times a second). Prints the SMTP acceptance rate, the delivery rate
for the first 1,000 and the last 1,000 messages, their ratio, and the end-to-end rate.

usage: load_delivery.py --smtp PORT --imap PORT --to ADDRESS --login USER --password PW
                        [--folder INBOX] [--messages 20000] [--connections 16] [--label NAME]
"""
import argparse
import imaplib
import smtplib
import ssl
import sys
import threading
import time


def imap_session(args):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    imap = imaplib.IMAP4("127.0.0.1", args.imap, timeout=60)
    imap.starttls(ssl_context=context)
    imap.login(args.login, args.password)
    return imap


def examine(imap, folder):
    status, data = imap.select(f'"{folder}"', readonly=True)
    return int(data[0])


def exists(imap, last):
    """The mailbox size after a NOOP: the last EXISTS update the server sent, if any."""
    imap.noop()
    status, data = imap.response("EXISTS")
    values = [int(value) for value in data if value is not None]
    return values[-1] if values else last


def send(args, numbers, failures):
    smtp = smtplib.SMTP("127.0.0.1", args.smtp, timeout=120)
    for number in numbers:
        body = (f"From: load@remote.test\r\nTo: {args.to}\r\nSubject: {args.label} {number}\r\n"
                f"Message-ID: <{args.label}-{number}@remote.test>\r\n\r\nMessage {number} of the load test.\r\n")
        try:
            smtp.sendmail("load@remote.test", [args.to], body)
        except smtplib.SMTPException as error:
            failures.append((number, error))
    smtp.quit()


def first_time_reaching(samples, target):
    for moment, value in samples:
        if value >= target:
            return moment
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smtp", type=int, required=True)
    parser.add_argument("--imap", type=int, required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--folder", default="INBOX")
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--label", default="load")
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()
    window = min(1000, args.messages // 2)

    imap = imap_session(args)
    baseline = examine(imap, args.folder)
    size = baseline
    samples = []
    failures = []
    start = time.monotonic()

    senders = [threading.Thread(target=send, args=(args, range(c, args.messages, args.connections), failures))
               for c in range(args.connections)]
    for sender in senders:
        sender.start()
    accepted_at = None
    while True:
        size = exists(imap, size)
        delivered = size - baseline
        now = time.monotonic() - start
        samples.append((now, delivered))
        if accepted_at is None and not any(sender.is_alive() for sender in senders):
            accepted_at = now
        if delivered >= args.messages - len(failures) or now > args.timeout:
            break
        time.sleep(0.1)
    for sender in senders:
        sender.join()

    total = args.messages - len(failures)
    t_first = first_time_reaching(samples, window)
    t_last_from = first_time_reaching(samples, total - window)
    t_end = first_time_reaching(samples, total)
    if None in (t_first, t_last_from, t_end):
        print(f"[{args.label}] INCOMPLETE: {samples[-1][1]} of {total} delivered after {samples[-1][0]:.0f} s")
        sys.exit(1)
    first_rate = window / t_first
    last_rate = window / max(t_end - t_last_from, 1e-9)
    print(f"[{args.label}] {args.messages} messages over {args.connections} connections to {args.to} ({args.folder})")
    print(f"[{args.label}] refused at SMTP: {len(failures)}")
    print(f"[{args.label}] SMTP accepted all in {accepted_at:.1f} s: {args.messages / accepted_at:.0f} msg/s")
    print(f"[{args.label}] delivery rate, first {window}: {first_rate:.0f} msg/s")
    print(f"[{args.label}] delivery rate, last {window}: {last_rate:.0f} msg/s")
    print(f"[{args.label}] last/first: {last_rate / first_rate:.2f}")
    print(f"[{args.label}] end to end: {total} delivered in {t_end:.1f} s: {total / t_end:.0f} msg/s")
    imap.logout()


if __name__ == "__main__":
    main()
