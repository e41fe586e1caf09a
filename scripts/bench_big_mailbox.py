#!/usr/bin/env python3
"""The big, hot group mailbox: what a member's client pays on one mailbox of N messages.

  bench_big_mailbox.py fill-smtp --smtp PORT --to ADDRESS --messages N [--connections 16]
  bench_big_mailbox.py fill-maildir --maildir DIR --to ADDRESS --messages N
  bench_big_mailbox.py measure --imap PORT [--starttls] --login USER --password PW --folder NAME --label NAME
                               [--deliver-smtp PORT --to ADDRESS | --deliver-maildir DIR]

Both fills write the same corpus: messages of about 3 KB, one subject word in 500 ("quarterly"), numbered subjects.
measure times, with python's imaplib, in this order (each on fresh connections unless said):
the first SELECT after the inflow (it clears \\Recent; once), UID FETCH 1:* (UID FLAGS), FETCH 1:* (UID FLAGS
ENVELOPE RFC822.SIZE), UID SEARCH UNSEEN, LOGIN+SELECT, a one-message STORE, SEARCH SUBJECT, delivery seen in
IDLE (medians of 5, 3 for the first sync), then STORE 1:2000 +FLAGS (\\Seen) and STORE 1:* +FLAGS.SILENT (\\Seen)
(once each), and checks that SEARCH UNSEEN and STATUS (UNSEEN) then agree. Prints one JSON line of milliseconds.
"""
import argparse
import imaplib
import json
import os
import smtplib
import ssl
import statistics
import threading
import time

PARAGRAPH = ("Dear support team, the order referenced below has not arrived yet and the tracking page has shown "
             "the same status for a week. Could you tell us when it will be delivered, or refund it? ")


def corpus_message(to, number):
    subject = f"quarterly report {number}" if number % 500 == 0 else f"order question {number}"
    body = "\r\n".join(PARAGRAPH + f"Line {line} of message {number}." for line in range(13))
    return (f"From: Customer {number % 977} <customer{number % 977}@outside.test>\r\nTo: {to}\r\n"
            f"Subject: {subject}\r\nMessage-ID: <big-{number}@outside.test>\r\n"
            f"Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\n{body}\r\n")


def fill_smtp(args):
    def send(numbers):
        smtp = smtplib.SMTP("127.0.0.1", args.smtp, timeout=300)
        for number in numbers:
            smtp.sendmail("customer@outside.test", [args.to], corpus_message(args.to, number))
        smtp.quit()
    numbers = list(range(1, args.messages + 1))
    threads = [threading.Thread(target=send, args=(numbers[c::args.connections],)) for c in range(args.connections)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"filled {args.messages} messages over SMTP in {time.perf_counter() - start:.0f} s")


def fill_maildir(args):
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(args.maildir, sub), exist_ok=True)
    for number in range(1, args.messages + 1):
        with open(os.path.join(args.maildir, "new", f"{1700000000 + number}.M{number}P1.bench"), "w") as out:
            out.write(corpus_message(args.to, number))


def session(args):
    imap = imaplib.IMAP4("127.0.0.1", args.imap, timeout=1800)
    if args.starttls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        imap.starttls(ssl_context=context)
    imap.login(args.login, args.password)
    return imap


def close(imap):
    try:
        imap.logout()
    except (imaplib.IMAP4.abort, OSError):
        pass


def ms(start):
    return (time.perf_counter() - start) * 1000


def check(result):
    status, data = result
    if status != "OK":
        raise RuntimeError(f"{status} {data}")
    return data


def median_of(times, operation, readonly=True):
    """operation(imap) timed on fresh, selected sessions; the median in ms."""
    samples = []
    for _ in range(times):
        imap = session(ARGS)
        check(imap.select(f'"{ARGS.folder}"', readonly=readonly))
        start = time.perf_counter()
        operation(imap)
        samples.append(ms(start))
        close(imap)
    return statistics.median(samples)


def deliver_and_wait_in_idle(args, number):
    imap = session(args)
    exists = int(check(imap.select(f'"{args.folder}"', readonly=True))[0])
    tag = imap._new_tag().decode()
    imap.send(f"{tag} IDLE\r\n".encode())
    imap.readline()  # "+ idling"
    start = time.perf_counter()
    message = corpus_message(args.to or "member", number)
    if args.deliver_smtp:
        smtp = smtplib.SMTP("127.0.0.1", args.deliver_smtp, timeout=60)
        smtp.sendmail("customer@outside.test", [args.to], message)
        smtp.quit()
    else:
        with open(os.path.join(args.deliver_maildir, "tmp", f"idle{number}"), "w") as out:
            out.write(message)
        os.rename(os.path.join(args.deliver_maildir, "tmp", f"idle{number}"),
                  os.path.join(args.deliver_maildir, "new", f"{1800000000 + number}.M{number}P2.bench"))
    while True:
        line = imap.readline().decode()
        if line.endswith("EXISTS\r\n") and int(line.split()[1]) > exists:
            break
    elapsed = ms(start)
    imap.send(b"DONE\r\n")
    close(imap)
    return elapsed


def measure(args):
    results = {"label": args.label}
    imap = session(args)
    start = time.perf_counter()
    data = check(imap.select(f'"{args.folder}"'))
    results["first SELECT after the inflow"] = ms(start)
    results["messages"] = int(data[0])
    close(imap)

    results["UID FETCH 1:* (UID FLAGS)"] = median_of(5, lambda i: check(i.uid("FETCH", "1:*", "(UID FLAGS)")))
    results["FETCH 1:* (UID FLAGS ENVELOPE RFC822.SIZE)"] = median_of(
        3, lambda i: check(i.fetch("1:*", "(UID FLAGS ENVELOPE RFC822.SIZE)")))
    results["UID SEARCH UNSEEN"] = median_of(5, lambda i: check(i.uid("SEARCH", None, "UNSEEN")))

    samples = []
    for _ in range(5):
        start = time.perf_counter()
        imap = session(args)
        check(imap.select(f'"{args.folder}"'))
        samples.append(ms(start))
        close(imap)
    results["LOGIN+SELECT (warm)"] = statistics.median(samples)

    flags = iter(["+FLAGS", "-FLAGS"] * 5)
    results["one-message STORE"] = median_of(
        5, lambda i: check(i.store("1", next(flags), "(\\Flagged)")), readonly=False)
    subject_hits = []
    results["SEARCH SUBJECT"] = median_of(
        5, lambda i: subject_hits.append(len(check(i.search(None, "SUBJECT", "quarterly"))[0].split())))
    results["SEARCH SUBJECT hits"] = subject_hits[0]
    results["delivery -> IDLE sees EXISTS"] = statistics.median(
        deliver_and_wait_in_idle(args, 10_000_000 + n) for n in range(5))

    imap = session(args)
    check(imap.select(f'"{args.folder}"'))
    start = time.perf_counter()
    check(imap.store("1:2000", "+FLAGS", "(\\Seen)"))
    results["STORE 1:2000 +FLAGS (\\Seen)"] = ms(start)
    start = time.perf_counter()
    check(imap.store("1:*", "+FLAGS.SILENT", "(\\Seen)"))
    results["STORE 1:* +FLAGS.SILENT (\\Seen)"] = ms(start)
    close(imap)

    other = session(args)
    status = check(other.status(f'"{args.folder}"', "(UNSEEN)"))[0].decode()
    check(other.select(f'"{args.folder}"', readonly=True))
    unseen = check(other.uid("SEARCH", None, "UNSEEN"))[0].split()
    results["after mark-all: STATUS UNSEEN"] = int(status.split("UNSEEN")[1].strip(" )"))
    results["after mark-all: SEARCH UNSEEN"] = len(unseen)
    close(other)
    print(json.dumps(results))


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["fill-smtp", "fill-maildir", "measure"])
    parser.add_argument("--smtp", type=int)
    parser.add_argument("--imap", type=int)
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--to")
    parser.add_argument("--maildir")
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--login")
    parser.add_argument("--password")
    parser.add_argument("--folder", default="INBOX")
    parser.add_argument("--label", default="server")
    parser.add_argument("--deliver-smtp", type=int)
    parser.add_argument("--deliver-maildir")
    ARGS = parser.parse_args()
    {"fill-smtp": fill_smtp, "fill-maildir": fill_maildir, "measure": measure}[ARGS.command](ARGS)


if __name__ == "__main__":
    main()
