#!/usr/bin/env python3
"""CPU time of a JVM and of its JIT compiler threads alone, from /proc (user + system, in clock ticks).

HotSpot names its compiler threads "C1 CompilerThread0", "C2 CompilerThread0"... (cut to 15 characters in comm).
The benchmarks use it to warm a server up until the JIT is quiet, and to print its share of a measured run.

usage: server_cpu.py PID        prints: TOTAL_TICKS JIT_TICKS
"""
import os
import sys

COMPILER_THREADS = ("C1 CompilerThre", "C2 CompilerThre")


def _ticks(stat_path):
    with open(stat_path) as stat:
        # after "pid (comm) ", utime and stime are the 12th and 13th fields (comm may hold spaces)
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def cpu_ticks(pid):
    """(CPU ticks of the whole process, CPU ticks of its JIT compiler threads)."""
    jit = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as comm:
                if comm.read().strip() in COMPILER_THREADS:
                    jit += _ticks(f"/proc/{pid}/task/{task}/stat")
        except FileNotFoundError:
            pass  # the thread ended meanwhile
    return _ticks(f"/proc/{pid}/stat"), jit


def jit_share(before, after):
    """Percentage of the process's CPU used by the JIT compilers between two cpu_ticks() readings."""
    total = after[0] - before[0]
    return 100 * (after[1] - before[1]) / total if total > 0 else 0.0


if __name__ == "__main__":
    print(*cpu_ticks(int(sys.argv[1])))
