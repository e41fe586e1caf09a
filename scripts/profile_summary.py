#!/usr/bin/env python3
"""Summary of async-profiler's collapsed stacks (one line per stack, root first, then the sample count).

Two views of the same samples:
- by library: each sample goes to the innermost frame that belongs to a known library (or to the JIT, the
  garbage collector, the kernel);
- by step of a delivery: each sample goes to the first step, in the order below, that appears anywhere in its
  stack (so the SMTP session's enqueue counts as "smtp", the mailet that stores the message as "store").

usage: profile_summary.py FILE.collapsed
"""
import collections
import re
import sys

LIBRARIES = [
    "org/apache/derby", "org/apache/openjpa", "org/apache/activemq", "org/apache/lucene", "org/apache/james/mime4j",
    "io/netty", "reactor", "com/google", "ch/qos/logback", "com/sun/mail", "javax/mail", "org/apache/commons",
    "io/groupmailbox", "org/apache/james",
]

STEPS = [
    ("JIT compilers", r"C2Compiler::|Compiler::compile"),
    ("garbage collector", r"PSScavenge|PSParallelCompact|ParallelScavenge|GCTask|GangWorker::run|WorkerThread::run"),
    ("smtp: session, hooks, enqueue", r"org/apache/james/protocols/|org/apache/james/smtpserver/"),
    ("imap", r"org/apache/james/imap/|org/apache/james/imapserver/"),
    ("spool: dequeue", r"JMSCacheableMailQueue\.deQueueOneItem"),
    ("spool: acknowledge", r"JMSMailQueueItem\.done"),
    ("store: quota usage update", r"ListeningCurrentQuotaUpdater|CurrentQuotaManager\.(increase|add)"),
    ("store: search index", r"LuceneMessageSearchIndex|org/apache/lucene"),
    ("store: append transaction", r"OneTransactionAppendMessageMapper|TransactionalMapper"),
    ("store: mailbox and ACL look-up", r"JPAMailboxMapper|AclPersistingMailboxMapper|JpaMailboxAclStore"),
    ("store: other", r"StoreMessageManager|MailboxManager|IdempotentMailStore|org/apache/james/mailbox/"),
    ("mailets: recipient rewriting", r"RecipientRewriteTable"),
    ("mailets: other", r"mailetcontainer|org/apache/james/transport/"),
    ("spool journal (KahaDB)", r"org/apache/activemq/store/kahadb"),
    ("broker, other", r"org/apache/activemq"),
    ("database, background", r"org/apache/derby"),
    ("Reactor scheduling, elsewhere", r"^java/lang/Thread\.run;.*reactor/core/scheduler/"),
    ("Netty event loops, elsewhere", r"io/netty/"),
]


def read(path):
    samples = []
    with open(path) as stacks:
        for line in stacks:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack:
                samples.append((stack, int(count)))
    return samples


def library_of(stack):
    for frame in reversed(stack.split(";")):
        for library in LIBRARIES:
            if frame.startswith(library):
                return library
    if re.search(STEPS[0][1], stack):
        return "JIT compilers"
    if re.search(STEPS[1][1], stack):
        return "garbage collector"
    return "JDK, JVM or kernel only"


def step_of(stack):
    for name, pattern in STEPS:
        if re.search(pattern, stack):
            return name
    return "other"


def show(title, counter, total):
    print(title)
    for name, count in counter.most_common():
        print(f"  {100 * count / total:5.1f} %  {name}")


def main():
    samples = read(sys.argv[1])
    total = sum(count for _, count in samples)
    libraries, steps = collections.Counter(), collections.Counter()
    for stack, count in samples:
        libraries[library_of(stack)] += count
        steps[step_of(stack)] += count
    print(f"{total} samples (1 ms of CPU each)")
    show("by library (innermost frame):", libraries, total)
    show("by step of a delivery:", steps, total)


if __name__ == "__main__":
    main()
