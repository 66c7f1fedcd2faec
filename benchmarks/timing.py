"""Timing whole processes: rounds of interleaved runs, paired ratios, memory.

Used by ``bench.py``.  Standard library only.

A *round* runs every command of a group once, back to back, in an order
that rotates from round to round, so that a slow spell of a shared machine
hits the baselines and the subjects alike.  A *paired ratio* is the median,
over the rounds in which both commands ran, of subject / baseline in that
round: it cancels most of that noise, which a ratio of two medians does not.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field


class BenchError(Exception):
    """A command did not run as a benchmark needs (bad exit code, no output)."""


@dataclass
class Command:
    """One command of a group.

    ``rounds``: take part in the first N rounds only (None: every round),
    for a command too slow to repeat.  ``warmup``: run once untimed first
    (fills the page cache and attriblint's rule cache, and checks the exit
    code early).  ``capture``: keep the standard output of its first run
    (written to a file, so that the pipe costs nothing).  ``exits``: the exit
    codes that mean it ran (1 = findings for a linter).
    """

    argv: list[str]
    env: dict[str, str]
    rounds: int | None = None
    warmup: bool = True
    capture: bool = False
    exits: tuple[int, ...] = (0, 1)
    runs: list[dict] = field(default_factory=list)
    warmup_run: dict | None = None
    stdout: str | None = None


def run_once(argv: list[str], cwd: str, env: dict[str, str],
             stdout_path: str | None = None) -> dict:
    """Wall time, CPU time, peak RSS (KiB) and exit code of one process.

    CPU time and peak RSS come from the rusage ``wait4`` returns, which on
    Linux covers the process, all its threads (node's included) and the
    children it waited for (a worker pool): CPU is their sum, peak RSS the
    largest single process.
    """
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.DEVNULL)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
        else:  # no per-child rusage here: CPU and RSS unknown
            proc.wait()
            wall = time.perf_counter() - start
            cpu = rss = None
    finally:
        if stdout_path:
            out.close()
    return {"wall": wall, "cpu": cpu, "maxrss_kib": rss, "exit": proc.returncode}


def _checked(name: str, command: Command, result: dict, cwd: str, label: str) -> dict:
    if result["exit"] not in command.exits:
        raise BenchError(f"{name} on {label} exited with {result['exit']}: "
                         f"run {' '.join(command.argv)} in {cwd} to see why")
    return result


def _run(name: str, command: Command, cwd: str, label: str, scratch: str) -> dict:
    """One run; the first run of a ``capture`` command keeps its output."""
    if command.capture and command.stdout is None:
        path = os.path.join(scratch, f"stdout-{os.getpid()}-{time.monotonic_ns()}.txt")
        try:
            result = run_once(command.argv, cwd, command.env, path)
            with open(path, encoding="utf-8", errors="replace") as fh:
                command.stdout = fh.read()
        finally:
            if os.path.exists(path):
                os.remove(path)
    else:
        result = run_once(command.argv, cwd, command.env)
    return _checked(name, command, result, cwd, label)


def measure(commands: dict[str, Command], rounds: int, cwd: str, label: str,
            scratch: str) -> dict[str, dict]:
    """Warm up, then ``rounds`` interleaved rounds; a summary per command.

    Each timed run records its round, so that ``paired`` can match runs.
    ``scratch``: a folder for captured output.
    """
    names = list(commands)
    for name in names:
        if commands[name].warmup:
            commands[name].warmup_run = _run(name, commands[name], cwd, label, scratch)
    for r in range(rounds):
        active = [n for n in names if commands[n].rounds is None or r < commands[n].rounds]
        k = r % len(active)
        for name in active[k:] + active[:k]:
            run = _run(name, commands[name], cwd, label, scratch)
            commands[name].runs.append(dict(run, round=r))
        print(f"  {label}, round {r + 1}/{rounds}: "
              + "  ".join(f"{n} {commands[n].runs[-1]['wall']:.3f}" for n in active),
              file=sys.stderr)
    return {name: summary(commands[name]) for name in names}


def summary(command: Command) -> dict:
    """Every run of a command, and their medians."""
    runs = command.runs
    walls = [x["wall"] for x in runs]
    cpus = [x["cpu"] for x in runs if x["cpu"] is not None]
    rss = [x["maxrss_kib"] for x in runs if x["maxrss_kib"]]
    out = {"argv": command.argv, "runs": runs,
           "warmup": command.warmup_run,
           "median": statistics.median(walls), "min": min(walls), "max": max(walls),
           "median_cpu": statistics.median(cpus) if cpus else None,
           "peak_rss_kib": max(rss) if rss else None,
           "exits": sorted({x["exit"] for x in runs})}
    if command.capture:
        out["stdout"] = command.stdout
    return out


def paired(subject: list[dict], baseline: list[dict], key: str) -> dict | None:
    """The median over shared rounds of subject[key] / baseline[key].

    ``key`` is "wall" or "cpu".  None when no round has both (or a value is
    missing or zero).
    """
    base = {run["round"]: run[key] for run in baseline}
    ratios = [run[key] / base[run["round"]] for run in subject
              if run[key] is not None and base.get(run["round"])]
    if not ratios:
        return None
    return {"ratio": statistics.median(ratios), "pairs": len(ratios), "all": ratios}


# -- memory of a process tree ---------------------------------------------------
def tree_memory_peak(argv: list[str], cwd: str, env: dict[str, str],
                     every: float = 0.02) -> dict:
    """Peak memory of a process and its descendants (a worker pool), sampled from /proc.

    Two sums over the tree: RSS (counts pages the workers share with their
    parent once per process) and PSS (shares them out: closer to what the
    run really costs the machine).
    """
    page = os.sysconf("SC_PAGE_SIZE")
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = most = 0
    while proc.poll() is None:
        rss = pss = 0
        tree = _tree(proc.pid)
        for pid in tree:
            try:
                with open(f"/proc/{pid}/statm") as fh:
                    rss += int(fh.read().split()[1]) * page
                with open(f"/proc/{pid}/smaps_rollup") as fh:
                    m = re.search(r"^Pss:\s+(\d+) kB", fh.read(), re.M)
                    pss += int(m.group(1)) * 1024 if m else 0
            except (OSError, IndexError, ValueError):
                pass
        peak_rss, peak_pss, most = max(peak_rss, rss), max(peak_pss, pss), max(most, len(tree))
        time.sleep(every)
    return {"peak_tree_rss_kib": peak_rss // 1024, "peak_tree_pss_kib": peak_pss // 1024,
            "max_processes": most, "exit": proc.returncode}


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


# -- import time --------------------------------------------------------------------
_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def parse_importtime(stderr: str) -> dict:
    """Total self time (us) and the top-level imports by cumulative time (us)."""
    total, top = 0, []
    for line in stderr.splitlines():
        m = _IMPORTTIME.match(line)
        if m:
            total += int(m.group(1))
            if len(m.group(3)) == 1:  # imported from the main program, not from a module
                top.append((int(m.group(2)), m.group(4)))
    return {"total_us": total, "top": sorted(top, reverse=True)}


def import_times(argv: list[str], cwd: str, env: dict[str, str]) -> dict:
    """``parse_importtime`` of one run of ``argv`` (which has ``-X importtime``)."""
    proc = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return parse_importtime(proc.stderr)
