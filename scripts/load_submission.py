#!/usr/bin/env python3
"""Submission load, hook on vs off: N authenticated submissions over C connections to each of two servers,
in alternating phases (on, off, off, on, on, off, ...), and the ratio of their SMTP intake rates.

Each connection does EHLO, STARTTLS, EHLO, AUTH PLAIN once (as a mail client does), then sends its share of
the messages; the clock starts when every connection is authenticated and stops at the last 250. So a phase
measures SMTP intake only: MAIL FROM (the hook's first check), RCPT, DATA and its end (the hook's header check,
and James spooling the mail). After each phase the script waits until the recipient's INBOX holds every
accepted message (IMAP EXISTS), so that each phase starts with an idle server and an empty spool: the local
deliveries that run behind the intake then weigh on every phase alike. Rounds alternate the order (on, off,
then off, on, ...), so that a drift of the machine's load during the run does not favour one side.

usage: load_submission.py --on SUBMISSION:IMAP --off SUBMISSION:IMAP --user U --password P --to R
                          --to-password RP [--messages 5000] [--connections 16] [--rounds 2] [--warmup 1000]
"""
import argparse
import imaplib
import smtplib
import ssl
import sys
import threading
import time


def tls_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def submission_session(port, user, password):
    smtp = smtplib.SMTP("127.0.0.1", port, timeout=120)
    smtp.ehlo("load.test")
    smtp.starttls(context=tls_context())
    smtp.ehlo("load.test")
    smtp.login(user, password)
    return smtp


def imap_session(port, login, password):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=60)
    imap.starttls(ssl_context=tls_context())
    imap.login(login, password)
    return imap


def run_phase(args, label, port, count):
    """Sends count messages over args.connections connections; returns (accepted, refused, seconds)."""
    sessions = [submission_session(port, args.user, args.password) for _ in range(args.connections)]
    refused = []
    start_line = threading.Barrier(args.connections + 1)

    def send(smtp, numbers):
        start_line.wait()
        for number in numbers:
            body = (f"From: {args.user}\r\nTo: {args.to}\r\nSubject: {label} {number}\r\n"
                    f"Message-ID: <{label}-{number}-{time.monotonic_ns()}@load.test>\r\n\r\n"
                    f"Message {number} of the submission load test.\r\n")
            try:
                smtp.sendmail(args.user, [args.to], body)
            except smtplib.SMTPException as error:
                refused.append((number, error))
        smtp.quit()

    senders = [threading.Thread(target=send, args=(smtp, range(c, count, args.connections)))
               for c, smtp in enumerate(sessions)]
    for sender in senders:
        sender.start()
    start_line.wait()
    start = time.monotonic()
    for sender in senders:
        sender.join()
    seconds = time.monotonic() - start
    if refused:
        print(f"[{label}] refused: {len(refused)}, first: {refused[0]}", flush=True)
    return count - len(refused), len(refused), seconds


def drain(args, imap_port, expected):
    """Waits until the recipient's INBOX holds expected messages; returns the seconds waited.

    One session: EXAMINE, then NOOP every 0.5 s reading the EXISTS updates (as load_delivery.py does)."""
    start = time.monotonic()
    imap = imap_session(imap_port, args.to, args.to_password)
    status, data = imap.select("INBOX", readonly=True)
    size = int(data[0])
    while size < expected:
        if time.monotonic() - start > args.timeout:
            sys.exit(f"INCOMPLETE: {size} of {expected} messages delivered after {args.timeout} s")
        time.sleep(0.5)
        imap.noop()
        status, data = imap.response("EXISTS")
        values = [int(value) for value in data if value is not None]
        size = values[-1] if values else size
    try:
        imap.logout()
    except imaplib.IMAP4.abort:
        pass  # the server may close the connection right after its BYE; the count is what matters
    return time.monotonic() - start


def ports(value):
    submission, imap = value.split(":")
    return int(submission), int(imap)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--on", type=ports, required=True, help="SUBMISSION:IMAP ports of the server with the hook")
    parser.add_argument("--off", type=ports, required=True, help="SUBMISSION:IMAP ports of the server without it")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--to-password", required=True)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()

    servers = {"on": args.on, "off": args.off}
    delivered = {name: 0 for name in servers}

    def phase(name, label, count):
        submission, imap = servers[name]
        accepted, refused, seconds = run_phase(args, label, submission, count)
        delivered[name] += accepted
        waited = drain(args, imap, delivered[name])
        return accepted, refused, seconds, waited

    # Warm-up (not measured): the JIT compiles the submission path of each server first.
    for name in servers:
        accepted, refused, seconds, waited = phase(name, f"warm-up-{name}", args.warmup)
        print(f"[warm-up {name}] {accepted} accepted in {seconds:.1f} s ({accepted / seconds:.0f} msg/s),"
              f" delivered {waited:.1f} s later", flush=True)

    totals = {name: [0, 0.0] for name in servers}
    ratios = []
    for round_number in range(1, args.rounds + 1):
        rates = {}
        # on, off, then off, on: a load that drifts during the run (other work on the machine) weighs on both alike
        for name in (("on", "off") if round_number % 2 == 1 else ("off", "on")):
            accepted, refused, seconds, waited = phase(name, f"{name}-{round_number}", args.messages)
            if refused:
                sys.exit(f"[{name} {round_number}] {refused} submissions refused: the comparison would be wrong")
            rates[name] = accepted / seconds
            totals[name][0] += accepted
            totals[name][1] += seconds
            print(f"[hook {name}, round {round_number}] {accepted} submissions over {args.connections} connections:"
                  f" last 250 after {seconds:.1f} s, {rates[name]:.0f} msg/s"
                  f" (all delivered {waited:.1f} s later)", flush=True)
        ratios.append(rates["on"] / rates["off"])
        print(f"[round {round_number}] on/off: {ratios[-1]:.3f}", flush=True)

    on_rate = totals["on"][0] / totals["on"][1]
    off_rate = totals["off"][0] / totals["off"][1]
    print(f"[hook on] {totals['on'][0]} submissions in {totals['on'][1]:.1f} s: {on_rate:.0f} msg/s")
    print(f"[hook off] {totals['off'][0]} submissions in {totals['off'][1]:.1f} s: {off_rate:.0f} msg/s")
    print(f"[ratio] SMTP intake throughput, hook on / hook off: {on_rate / off_rate:.3f} (target >= 0.97);"
          f" per round: {', '.join(f'{ratio:.3f}' for ratio in ratios)}")


if __name__ == "__main__":
    main()
