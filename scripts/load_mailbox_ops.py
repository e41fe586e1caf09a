#!/usr/bin/env python3
"""The cost of everyday IMAP operations on one mailbox, small and then big: does it grow with the mailbox?

Fills the user's INBOX by IMAP APPEND (C connections) to each size in turn, then times, one command at a time
on one session that has the INBOX selected:
- UID STORE +FLAGS (\\Seen) then -FLAGS (\\Seen) on random messages (a member reading and un-reading mail);
- SELECT INBOX (what a client does when it opens the folder);
- LIST "" "*" (the folder list);
- NOOP (the round trip itself, for scale).
Prints the median and 90th percentile of each, per size, and the ratio of the medians, big / small.

usage: load_mailbox_ops.py --imap PORT --login USER --password PW [--sizes 1000,20000] [--operations 300]
                           [--connections 8]
"""
import argparse
import imaplib
import random
import statistics
import threading
import time

from load_delivery import imap_session  # STARTTLS, then LOGIN as args.login


def fill(args, count, start_number):
    """Appends count messages to the INBOX over args.connections sessions."""
    def append(numbers):
        imap = imap_session(args)
        for number in numbers:
            message = (f"From: someone@remote.test\r\nTo: {args.login}\r\nSubject: message {number}\r\n"
                       f"Message-ID: <ops-{number}@remote.test>\r\n\r\nBody of message {number}.\r\n").encode()
            imap.append("INBOX", None, None, message)
        logout(imap)

    numbers = list(range(start_number, start_number + count))
    threads = [threading.Thread(target=append, args=(numbers[c::args.connections],)) for c in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def logout(imap):
    try:
        imap.logout()
    except imaplib.IMAP4.abort:
        pass  # James 3.8.1 sometimes closes the connection before its LOGOUT reply: the work is done


def timed(operation, times):
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        operation()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9)]


def checked(result):
    status, data = result
    if status != "OK":
        raise RuntimeError(f"{status} {data}")
    return data


def measure(args, imap, size):
    checked(imap.select("INBOX"))
    uids = checked(imap.uid("SEARCH", None, "ALL"))[0].split()
    if len(uids) != size:
        raise RuntimeError(f"the INBOX holds {len(uids)} messages, not {size}")

    def store():
        uid = random.choice(uids).decode()
        checked(imap.uid("STORE", uid, "+FLAGS.SILENT", "(\\Seen)"))
        checked(imap.uid("STORE", uid, "-FLAGS.SILENT", "(\\Seen)"))

    results = {
        "UID STORE +/-\\Seen (two commands)": timed(store, args.operations),
        "SELECT INBOX": timed(lambda: checked(imap.select("INBOX")), args.operations // 3),
        'LIST "" "*"': timed(lambda: checked(imap.list('""', '"*"')), args.operations // 3),
        "NOOP": timed(lambda: checked(imap.noop()), args.operations // 3),
    }
    for name, (median, p90) in results.items():
        print(f"[{size} messages] {name}: median {median:.2f} ms, p90 {p90:.2f} ms", flush=True)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--imap", type=int, required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--sizes", default="1000,20000")
    parser.add_argument("--operations", type=int, default=300)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    by_size = {}
    current = 0
    for size in sizes:
        start = time.monotonic()
        fill(args, size - current, current + 1)
        print(f"[{size} messages] filled by APPEND in {time.monotonic() - start:.1f} s", flush=True)
        current = size
        imap = imap_session(args)
        measure(args, imap, size)  # warm-up of this size's code paths, not kept
        by_size[size] = measure(args, imap, size)
        logout(imap)

    small, big = by_size[sizes[0]], by_size[sizes[-1]]
    for name in small:
        print(f"[ratio] {name}, median at {sizes[-1]} / at {sizes[0]} messages: {big[name][0] / small[name][0]:.2f}")


if __name__ == "__main__":
    main()
