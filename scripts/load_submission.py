#!/usr/bin/env python3
"""Submission load, hook on vs off: N authenticated submissions over C connections to each of two submission
listeners (one server's two listeners, or two servers), in alternating phases (on, off, off, on, on, off, ...), and the ratio of their throughputs.

Each connection does EHLO, STARTTLS, EHLO, AUTH PLAIN once (as a mail client does), then sends its share of
the messages; the clock starts when every connection is authenticated and stops at the last 250. So a phase
measures SMTP intake only: MAIL FROM (the hook's first check), RCPT, DATA and its end (the hook's header check,
and James spooling the mail). After each phase the script waits until the recipient's INBOX holds every
accepted message (IMAP EXISTS), so that each phase starts with an idle server and an empty spool: the local
deliveries that run behind the intake then weigh on every phase alike. Rounds alternate the order (on, off,
then off, on, ...), so that a drift of the machine's load during the run does not favour one side.

Three measures per phase, and their on/off ratios:
- intake: accepted messages / seconds from the start to the last 250 (the SMTP intake rate);
- sustained: accepted messages / seconds from the start until every one is in the INBOX. This is the rate the
  server keeps up in the long run: the intake alone can defer work to the spool, which then runs after the
  clock stopped, by more or less from one phase to the next;
- CPU: the server's CPU seconds (user + system, /proc/PID/stat) from the start until every message is in the
  INBOX, per message. On a machine whose cores are all busy, throughput is the inverse of this cost, and it
  does not depend on how the scheduler shared the cores with the load client.
The intake ratio is the noisiest: the same listener on both sides gave per-round ratios from 0.82 to 1.09.

usage: load_submission.py --on SUBMISSION:IMAP:PID --off SUBMISSION:IMAP:PID --user U --password P --to R
                          --to-password RP [--messages 5000] [--connections 16] [--rounds 4] [--warmup 1000]
"""
import argparse
import imaplib
import os
import statistics
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

    One session: EXAMINE, then NOOP every 0.1 s reading the EXISTS updates (as load_delivery.py does)."""
    start = time.monotonic()
    imap = imap_session(imap_port, args.to, args.to_password)
    status, data = imap.select("INBOX", readonly=True)
    size = int(data[0])
    while size < expected:
        if time.monotonic() - start > args.timeout:
            sys.exit(f"INCOMPLETE: {size} of {expected} messages delivered after {args.timeout} s")
        time.sleep(0.1)
        imap.noop()
        status, data = imap.response("EXISTS")
        values = [int(value) for value in data if value is not None]
        size = values[-1] if values else size
    try:
        imap.logout()
    except imaplib.IMAP4.abort:
        pass  # the server may close the connection right after its BYE; the count is what matters
    return time.monotonic() - start


def server(value):
    submission, imap, pid = value.split(":")
    return int(submission), int(imap), int(pid)


def cpu_seconds(pid):
    """User + system CPU seconds of a process and all its threads so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--on", type=server, required=True, help="SUBMISSION:IMAP:PID of the server with the hook")
    parser.add_argument("--off", type=server, required=True, help="SUBMISSION:IMAP:PID of the server without it")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--to-password", required=True)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()

    servers = {"on": args.on, "off": args.off}
    delivered = {}  # by IMAP port: both listeners may deliver into the same server's INBOX

    def phase(name, label, count):
        """One phase; returns (accepted, intake seconds, seconds until all delivered, server CPU seconds)."""
        submission, imap, pid = servers[name]
        cpu_before = cpu_seconds(pid)
        accepted, refused, seconds = run_phase(args, label, submission, count)
        if refused:
            sys.exit(f"[{label}] {refused} submissions refused: the comparison would be wrong")
        delivered[imap] = delivered.get(imap, 0) + accepted
        waited = drain(args, imap, delivered[imap])
        return accepted, seconds, seconds + waited, cpu_seconds(pid) - cpu_before

    # Warm-up (not measured): the JIT compiles the submission path of each server first.
    for name in servers:
        accepted, intake, sustained, cpu = phase(name, f"warm-up-{name}", args.warmup)
        print(f"[warm-up {name}] {accepted} accepted in {intake:.1f} s ({accepted / intake:.0f} msg/s),"
              f" all delivered after {sustained:.1f} s", flush=True)

    measures = ("intake", "sustained", "cpu")
    totals = {name: {"messages": 0, "intake": 0.0, "sustained": 0.0, "cpu": 0.0} for name in servers}
    ratios = {measure: [] for measure in measures}
    for round_number in range(1, args.rounds + 1):
        results = {}
        # on, off, then off, on: a load that drifts during the run (other work on the machine) weighs on both alike
        for name in (("on", "off") if round_number % 2 == 1 else ("off", "on")):
            accepted, intake, sustained, cpu = phase(name, f"{name}-{round_number}", args.messages)
            results[name] = {"intake": accepted / intake, "sustained": accepted / sustained, "cpu": cpu / accepted}
            for key, value in (("messages", accepted), ("intake", intake), ("sustained", sustained), ("cpu", cpu)):
                totals[name][key] += value
            print(f"[hook {name}, round {round_number}] {accepted} submissions over {args.connections} connections:"
                  f" intake {results[name]['intake']:.0f} msg/s (last 250 after {intake:.1f} s),"
                  f" sustained {results[name]['sustained']:.0f} msg/s (all delivered after {sustained:.1f} s),"
                  f" server CPU {1000 * cpu / accepted:.2f} ms per message", flush=True)
        ratios["intake"].append(results["on"]["intake"] / results["off"]["intake"])
        ratios["sustained"].append(results["on"]["sustained"] / results["off"]["sustained"])
        ratios["cpu"].append(results["off"]["cpu"] / results["on"]["cpu"])
        print(f"[round {round_number}] on/off: intake {ratios['intake'][-1]:.3f},"
              f" sustained {ratios['sustained'][-1]:.3f}, CPU (off/on cost) {ratios['cpu'][-1]:.3f}", flush=True)

    for name in servers:
        total = totals[name]
        print(f"[hook {name}] {total['messages']} submissions: intake {total['messages'] / total['intake']:.0f} msg/s,"
              f" sustained {total['messages'] / total['sustained']:.0f} msg/s,"
              f" server CPU {1000 * total['cpu'] / total['messages']:.2f} ms per message")
    on, off = totals["on"], totals["off"]
    overall = {
        "intake": (on["messages"] / on["intake"]) / (off["messages"] / off["intake"]),
        "sustained": (on["messages"] / on["sustained"]) / (off["messages"] / off["sustained"]),
        "cpu": (off["cpu"] / off["messages"]) / (on["cpu"] / on["messages"]),
    }
    labels = {
        "intake": "SMTP intake throughput, on / off",
        "sustained": "sustained throughput (until delivered), on / off",
        "cpu": "server CPU per message, off / on",
    }
    for measure in measures:
        spread = ratios[measure]
        deviation = f", standard deviation {statistics.stdev(spread):.3f}" if len(spread) > 1 else ""
        print(f"[ratio] {labels[measure]}: {overall[measure]:.3f} (target >= 0.97);"
              f" per round: {', '.join(f'{ratio:.3f}' for ratio in spread)}{deviation}")


if __name__ == "__main__":
    main()
