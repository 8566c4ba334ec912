"""How long a contributor waits for the tests: issue 27, goals 1 and 2 (opt-in, never part of ``make bench``'s default).

    python -m bench.contributor              # or: make bench BENCH_TESTS=1
    python -m bench.contributor --runs 2     # the first run warms the caches; the fastest counts

Times the commands a doc-PR author runs, as they run them, in this checkout:
``make test`` (goal: warm, at most 4 minutes on a 2-core machine) and, where the
Makefile has them, ``make proof PAGE=cookbook/hertz/routing`` (at most 15 s warm)
and ``make test-changed``.  The load average before and after each run is
printed with its time: another build on the machine makes every figure slower.
The processor time of each run is printed too: divided by the machine's cores it
is the least time any order of the same tests could take, whatever the number of
test processes.  It is the time the whole machine was busy during the run
(``/proc/stat``), so it is only right on a quiet machine; the time of the
processes the command waited for is less than the truth: a server a page started
and stopped by its process group, or a helper of Chromium, is never waited for
by the command (on this machine that missed more than a quarter of ``make test``).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

from bench import corpus

ROOT = corpus.ROOT
COMMANDS = (  # (command, goal in seconds or None, what)
    (["make", "test"], 240.0, "warm make test"),
    (["make", "proof", "PAGE=cookbook/hertz/routing"], 15.0, "one page's proof, warm"),
    (["make", "test-changed"], None, "the proof of the pages changed against main, and the fast tests"),
)


def has_target(target: str) -> bool:
    result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
    return result.returncode == 0 or "No rule to make target" not in result.stderr


def busy_seconds() -> float:
    """Processor seconds the machine has been busy since it started (every core; Linux)."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(n) for n in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str]) -> tuple[float, int, float]:
    """Wall-clock seconds, exit status, and processor seconds the machine was busy meanwhile
    (where /proc/stat is missing: of every process the command waited for)."""
    try:
        busy = busy_seconds
        busy()
    except OSError:
        def busy():
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            return used.ru_utime + used.ru_stime
    started, cpu = time.monotonic(), busy()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started, result.returncode, busy() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.contributor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2, help="runs per command; the first warms caches (default 2)")
    args = parser.parse_args(argv)
    lines = []
    for command, goal, what in COMMANDS:
        if not has_target(command[1]):
            lines.append(f"{what} ({' '.join(command)}): no such target in the Makefile yet")
            continue
        runs = []
        for _ in range(args.runs):
            before = os.getloadavg()[0]
            seconds, code, cpu = timed(command)
            runs.append((seconds, code, before, os.getloadavg()[0], cpu))
            print(f"{' '.join(command)}: {seconds:.0f} s, {cpu:.0f} s of processor time, exit status {code}, "
                  f"load {before:.1f} -> {runs[-1][3]:.1f}", flush=True)
        seconds, code, before, after, cpu = min(runs)
        verdict = "" if goal is None else (f" (goal ≤ {goal:.0f} s): " + ("met" if seconds <= goal else "NOT met"))
        failed = "" if all(run[1] == 0 for run in runs) else " — it FAILED, so the time says little"
        cores = os.cpu_count() or 1
        lines.append(f"{what} ({' '.join(command)}): {seconds:.0f} s, the fastest of {len(runs)}, "
                     f"load {before:.1f} -> {after:.1f}{verdict}{failed}; {cpu:.0f} s of processor time, "
                     f"so at least {cpu / cores:.0f} s on {cores} cores")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
