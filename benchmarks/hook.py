"""Should attriblint's pre-commit hook set ``require_serial: true``?

Times the two ways pre-commit can run ``attriblint check`` on the staged
files, on a seeded set of Jekyll posts from ``corpus.py``:

- **serial** (``require_serial: true``): pre-commit's ``partition`` with a
  target concurrency of 1, so one process gets every file unless the command
  line would be too long; the partitions run one after the other.  A run of
  256 files or more spreads itself over the CPUs with attriblint's own pool.
- **batched** (the default): the files shuffled as pre-commit shuffles them,
  then ``partition`` with a target concurrency of one per CPU, and every
  partition run at once by a thread pool (at most one thread per CPU), as
  pre-commit's ``xargs`` does.

Each round runs ``python -c pass``, serial and batched once each, in an
order that rotates from round to round; the table gives medians and ratios,
which carry over between machines better than seconds do.  It also counts
the summary lines a run prints (one per attriblint process) and checks that
both strategies report the same findings.

    nice .venv/bin/python benchmarks/hook.py [--runs 5] [--sizes 5,50,500,4800]

Standard library plus pre-commit (a test dependency of attriblint).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pre_commit.lang_base import _shuffled
from pre_commit.xargs import cpu_count, partition

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from corpus import _Gen, make_post  # noqa: E402

ORDINARY_KINDS = {"ordinary", "cites_gr", "mentions_gr"}
SUMMARY = re.compile(r"^(No problems found in |Found .* in \d+ of )", re.MULTILINE)
STRATEGIES = ("serial", "batched")


class BenchError(Exception):
    """A command failed or timed out: the numbers would mean nothing."""


# -- the staged files ----------------------------------------------------------------
def write_staged_posts(root: str, count: int, repost_share: float, seed: int) -> tuple[
        list[str], list[str]]:
    """Write ``count`` posts under ``root/_posts``: (reposts, other posts), paths relative to root.

    Posts come from corpus.py's generator in its own order; reposts are kept
    until their share is reached and the rest are ordinary posts (a few of
    which cite or name Global Research), so a larger set is a superset of
    the mix of a smaller one.
    """
    want_reposts = round(count * repost_share)
    want_other = count - want_reposts
    gen = _Gen(random.Random(seed))
    os.makedirs(os.path.join(root, "_posts"), exist_ok=True)
    reposts: list[str] = []
    other: list[str] = []
    index = 0
    while len(reposts) < want_reposts or len(other) < want_other:
        name, text, kind = make_post(gen, index)
        index += 1
        bucket, want = (other, want_other) if kind in ORDINARY_KINDS else (reposts, want_reposts)
        if len(bucket) >= want:
            continue
        rel = "_posts/" + name
        with open(os.path.join(root, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
        bucket.append(rel)
    return reposts, other


def staged_subset(reposts: list[str], other: list[str], count: int,
                  repost_share: float) -> list[str]:
    """``count`` staged files with the same repost share, in git's (sorted) order."""
    n_reposts = min(len(reposts), round(count * repost_share))
    return sorted(reposts[:n_reposts] + other[:count - n_reposts])


# -- running a strategy ----------------------------------------------------------------
def command_lines(strategy: str, cmd: tuple[str, ...], files: list[str],
                  jobs: int) -> tuple[tuple[str, ...], ...]:
    """The command lines pre-commit would run for ``strategy``."""
    if strategy == "serial":
        return partition(cmd, files, 1)
    return partition(cmd, _shuffled(files), jobs)


@dataclass
class Outcome:
    wall: float
    cpu: float                      # user+sys of every child process, workers included
    output: str = ""
    processes: int = 0
    returncodes: list[int] = field(default_factory=list)


def _run_one(argv: tuple[str, ...], cwd: str, env: dict[str, str],
             timeout: float) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"timed out after {timeout:g} s: {argv[0]} ... ({len(argv)} args)")
    if done.returncode not in (0, 1):
        tail = done.stdout.decode(errors="replace")[-2000:]
        raise BenchError(f"exit {done.returncode} from {argv[0]} ({len(argv)} args):\n{tail}")
    return done


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_lines(lines: tuple[tuple[str, ...], ...], threads: int, cwd: str,
              env: dict[str, str], timeout: float) -> Outcome:
    """Run the command lines ``threads`` at a time, as pre-commit's xargs does."""
    cpu0, start = _children_cpu(), time.perf_counter()
    if threads <= 1:
        results = [_run_one(line, cwd, env, timeout) for line in lines]
    else:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(lambda line: _run_one(line, cwd, env, timeout), lines))
    wall = time.perf_counter() - start
    return Outcome(wall, _children_cpu() - cpu0,
                   "".join(r.stdout.decode(errors="replace") for r in results),
                   len(results), [r.returncode for r in results])


def run_python_start(cwd: str, env: dict[str, str], timeout: float) -> Outcome:
    return run_lines(((sys.executable, "-c", "pass"),), 1, cwd, env, timeout)


def findings_of(output: str) -> list[str]:
    """The finding lines of a text-format run, sorted (batched runs interleave them)."""
    return sorted(line for line in output.splitlines()
                  if line and not SUMMARY.match(line))


# -- one size ----------------------------------------------------------------------------
@dataclass
class Case:
    files: int
    lines: dict[str, tuple[tuple[str, ...], ...]]
    runs: dict[str, list[Outcome]] = field(default_factory=lambda: {"start": [],
                                                                   "serial": [],
                                                                   "batched": []})

    def median(self, name: str, attr: str = "wall") -> float:
        return statistics.median(getattr(o, attr) for o in self.runs[name])

    def paired_ratio(self, top: str, bottom: str) -> float:
        """Median over rounds of top's wall time over bottom's in the same round."""
        return statistics.median(a.wall / b.wall
                                 for a, b in zip(self.runs[top], self.runs[bottom]))

    def summaries(self, name: str) -> set[int]:
        return {len(SUMMARY.findall(o.output)) for o in self.runs[name]}

    def same_findings(self) -> bool:
        serial = {tuple(findings_of(o.output)) for o in self.runs["serial"]}
        batched = {tuple(findings_of(o.output)) for o in self.runs["batched"]}
        return len(serial) == 1 and serial == batched


def measure(case: Case, runs: int, jobs: int, cwd: str, env: dict[str, str],
            timeout: float) -> None:
    """One untimed warm-up of each strategy, then ``runs`` rotating rounds."""
    subjects = {
        "start": lambda: run_python_start(cwd, env, timeout),
        "serial": lambda: run_lines(case.lines["serial"], 1, cwd, env, timeout),
        "batched": lambda: run_lines(case.lines["batched"],
                                     min(jobs, len(case.lines["batched"])), cwd, env, timeout),
    }
    for name in STRATEGIES:
        subjects[name]()
    order = list(subjects)
    for round_no in range(runs):
        shift = round_no % len(order)
        for name in order[shift:] + order[:shift]:
            case.runs[name].append(subjects[name]())


# -- report --------------------------------------------------------------------------
HEADER = ("staged files", "processes serial / batched", "summaries serial / batched",
          "python start ms", "serial x start", "batched x start", "batched / serial",
          "CPU batched / serial", "same findings")


def row(case: Case) -> tuple[str, ...]:
    def counts(name: str) -> str:
        return ",".join(str(n) for n in sorted(case.summaries(name)))

    start = case.median("start")
    return (f"{case.files:,}",
            f"{len(case.lines['serial'])} / {len(case.lines['batched'])}",
            f"{counts('serial')} / {counts('batched')}",
            f"{start * 1000:.0f}",
            f"{case.median('serial') / start:.1f}",
            f"{case.median('batched') / start:.1f}",
            f"{case.paired_ratio('batched', 'serial'):.2f}",
            f"{case.median('batched', 'cpu') / case.median('serial', 'cpu'):.2f}",
            "yes" if case.same_findings() else "NO")


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(HEADER[i]), *(len(r[i]) for r in rows)) for i in range(len(HEADER))]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(HEADER, widths)) + " |",
           "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"]
    out += ["| " + " | ".join(c.rjust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join(out)


def describe_subject(attriblint: str, env: dict[str, str], cwd: str) -> str:
    """Which attriblint is measured: its version, its package folder and the commit."""
    probe = ("import attriblint, os; from importlib import metadata; "
             "print(metadata.version('attriblint'), os.path.dirname(attriblint.__file__))")
    version = subprocess.run([sys.executable, "-c", probe], cwd=cwd, env=env,
                             capture_output=True, text=True, timeout=60).stdout.strip()
    git = ["git", "-C", os.path.dirname(HERE)]
    commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, timeout=60).stdout.strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--", "attriblint"],
                           capture_output=True, text=True, timeout=60).stdout.strip()
    return (f"{attriblint}: attriblint {version}; this repository at {commit}"
            f"{' (attriblint/ modified)' if dirty else ''}; CPython "
            f"{sys.version.split()[0]}; {cpu_count()} CPUs for pre-commit")


# -- main ------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,50,500,4800",
                        help="staged file counts, comma-separated (default 5,50,500,4800)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per size (default 5)")
    parser.add_argument("--repost-share", type=float, default=0.2,
                        help="share of staged posts that are reposts (default 0.2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds allowed to any one process (default 300)")
    parser.add_argument("--attriblint",
                        default=os.path.join(os.path.dirname(sys.executable), "attriblint"))
    parser.add_argument("--keep", metavar="DIR", help="write the posts to DIR and keep them")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(s) for s in args.sizes.split(",")})
    if args.runs < 1 or args.sizes[0] < 1:
        parser.error("--runs and --sizes must be positive")
    return args


def run(args: argparse.Namespace, root: str) -> int:
    began = time.perf_counter()
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR=os.path.join(root, ".cache"), NO_COLOR="1")
    print(describe_subject(args.attriblint, env, root), flush=True)
    reposts, other = write_staged_posts(root, args.sizes[-1], args.repost_share, args.seed)
    print(f"{len(reposts) + len(other)} posts ({len(reposts)} reposts) in {root}/_posts; "
          f"{args.runs} rounds per size", flush=True)
    cmd = (args.attriblint, "check")
    run_lines((cmd + (other[0],),), 1, root, env, args.timeout)  # fill the rule cache
    jobs = cpu_count()
    rows = []
    for size in args.sizes:
        files = staged_subset(reposts, other, size, args.repost_share)
        case = Case(size, {s: command_lines(s, cmd, files, jobs) for s in STRATEGIES})
        measure(case, args.runs, jobs, root, env, args.timeout)
        rows.append(row(case))
        print(f"  {size} files done ({time.perf_counter() - began:.0f} s)", flush=True)
    print()
    print(table(rows))
    print(f"\nratios are medians of {args.runs} interleaved rounds; "
          f"the whole benchmark took {time.perf_counter() - began:.0f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.keep or tempfile.mkdtemp(prefix="attriblint-hook-")
    try:
        return run(args, root)
    except BenchError as error:
        print(f"hook.py: {error}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
