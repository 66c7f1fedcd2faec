"""Whole-process timings of ``attriblint check``, as ratios to baselines.

Generates a seeded synthetic blog in a temporary folder (see ``corpus.py``),
then times separate processes, wall clock:

  subjects   attriblint check <5 named posts>      a pre-commit run (rule cache warm,
                                                   and with the rule cache off)
             attriblint check <Markdown corpus>    10,000 Jekyll posts, ~6 KB
             attriblint check <HTML pages>         2,000 rendered pages, ~11 KB
  baselines  python -c pass                        interpreter start
             python read_floor.py <same files>     find, read, UTF-8-decode
             python proto.py <same files>          a few-regex checker, stdlib only

Each command runs once to warm up, then ``--runs`` times; the commands of a
set are interleaved (one round runs each once, the order rotating every
round) so that machine noise hits baselines and subjects alike.  Reported:
median wall time, CPU time (user+sys, worker processes included), the ratio
of medians against each baseline, files per second.  Also: the import time
of ``attriblint.cli`` (``-X importtime``) and of a real 5-file check, peak
RSS (largest process, from ``wait4``; and PSS/RSS of the whole process
tree, sampled from /proc in one extra run on the Markdown corpus), and optionally a
cProfile of one single-process run.  Standard library only.

    python benchmarks/bench.py               # full run: about 3 minutes on 2 cores
    python benchmarks/bench.py --quick       # smoke run: 1,000 posts, 200 pages, 3 runs
    python benchmarks/bench.py --json out.json --profile

Run it with the interpreter attriblint is installed in (the dev venv): the
baselines use ``sys.executable`` and ``attriblint`` is looked for next to it.
attriblint's rule cache is pointed at a folder inside the temporary corpus,
so the benchmark neither reads nor writes ``~/.cache/attriblint``.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from corpus import generate  # noqa: E402

BASELINES = ("python -c pass", "read floor", "proto")


# -- running one process ----------------------------------------------------------
def run_once(argv: list[str], cwd: str, env: dict[str, str]) -> dict:
    """Wall time, CPU time, peak RSS (KiB) and exit code of one process.

    CPU time and peak RSS come from the rusage ``wait4`` returns, which on
    Linux covers the process and the children it waited for (a worker pool):
    CPU is their sum, peak RSS the largest single process.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
    else:  # no per-child rusage here: CPU and RSS unknown
        proc.wait()
        wall = time.perf_counter() - start
        cpu = rss = None
    return {"wall": wall, "cpu": cpu, "maxrss_kib": rss, "exit": proc.returncode}


def measure(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int, cwd: str,
            label: str) -> dict:
    """Warm up each command once, then ``runs`` interleaved rounds.

    ``commands`` maps a name to (argv, environment).
    """
    names = list(commands)
    results: dict[str, dict] = {n: {"argv": commands[n][0], "runs": []} for n in names}
    for name in names:
        argv, env = commands[name]
        results[name]["warmup"] = warm = run_once(argv, cwd, env)
        if warm["exit"] not in (0, 1):  # 1 = findings (attriblint, proto)
            sys.exit(f"bench: {name} on {label} exited with {warm['exit']}: "
                     f"run {' '.join(argv)} in {cwd} to see why")
    for r in range(runs):
        for name in names[r % len(names):] + names[: r % len(names)]:
            results[name]["runs"].append(run_once(*commands[name][:1], cwd, commands[name][1]))
        print(f"  {label}, round {r + 1}/{runs}: "
              + "  ".join(f"{n} {results[n]['runs'][-1]['wall']:.3f}" for n in names),
              file=sys.stderr)
    for name in names:
        res = results[name]
        walls = [x["wall"] for x in res["runs"]]
        cpus = [x["cpu"] for x in res["runs"] if x["cpu"] is not None]
        rss = [x["maxrss_kib"] for x in res["runs"] if x["maxrss_kib"]]
        res.update(median=statistics.median(walls), min=min(walls), max=max(walls),
                   median_cpu=statistics.median(cpus) if cpus else None,
                   peak_rss_kib=max(rss) if rss else None,
                   exits=sorted({x["exit"] for x in res["runs"]}))
    return results


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
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [proc.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        rss = pss = 0
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
            "max_processes": most}


# -- import time ------------------------------------------------------------------
_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_times(argv: list[str], cwd: str, env: dict[str, str]) -> dict:
    """Total self time (us) and the top-level imports by cumulative time."""
    proc = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    total, top = 0, []
    for line in proc.stderr.splitlines():
        m = _IMPORTTIME.match(line)
        if m:
            total += int(m.group(1))
            if len(m.group(3)) == 1:  # imported from the main program, not from a module
                top.append((int(m.group(2)), m.group(4)))
    return {"total_us": total, "top": sorted(top, reverse=True)}


def measure_imports(argv: list[str], runs: int, cwd: str, env: dict[str, str]) -> dict:
    import_times(argv, cwd, env)  # warm-up (bytecode and rule caches)
    samples = [import_times(argv, cwd, env) for _ in range(runs)]
    median = statistics.median(s["total_us"] for s in samples)
    typical = min(samples, key=lambda s: abs(s["total_us"] - median))
    return {"argv": argv, "totals_us": [s["total_us"] for s in samples], "median_us": median,
            "top": typical["top"][:10]}


# -- profile ------------------------------------------------------------------------
def profile(python: str, argv_tail: list[str], cwd: str, env: dict[str, str],
            lines: int = 15) -> str:
    import pstats

    out = os.path.join(cwd, "attriblint.prof")
    subprocess.run([python, "-m", "cProfile", "-o", out, "-m", "attriblint", *argv_tail],
                   cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    buf = io.StringIO()
    buf.write(f"$ python -m cProfile -m attriblint {' '.join(argv_tail)}\n")
    stats = pstats.Stats(out, stream=buf)
    stats.sort_stats("cumulative")
    buf.write(f"== attriblint's own functions, top {lines} by cumulative time ==\n")
    stats.print_stats(r"[/\\]attriblint[/\\]", lines)
    buf.write(f"== all functions, top {lines} by internal (self) time ==\n")
    stats.sort_stats("tottime").print_stats(lines)
    return re.sub(r"\n{3,}", "\n\n", buf.getvalue())


# -- report -------------------------------------------------------------------------
def table(report: dict) -> str:
    rows = [("subject", "files", "MB", "median s", "CPU s", "x start", "x read", "x proto",
             "files/s")]
    for s in report["sets"]:
        c = s["commands"]
        for subject in s["subjects"]:
            m, cpu = c[subject]["median"], c[subject]["median_cpu"]
            rows.append((f"{subject}, {s['name']}", str(s["files"]), f"{s['bytes'] / 1e6:.1f}",
                         f"{m:.3f}", f"{cpu:.2f}" if cpu is not None else "-",
                         *(f"{m / c[b]['median']:.1f}" for b in BASELINES),
                         f"{s['files'] / m:,.0f}"))
    out = [_fmt(rows), ""]
    rows = [("baselines, median s (CPU s)", *BASELINES, "proto files/s")]
    for s in report["sets"]:
        c = s["commands"]
        rows.append((s["name"], *(f"{c[b]['median']:.3f} ({c[b]['median_cpu']:.2f})"
                                  if c[b]["median_cpu"] is not None else f"{c[b]['median']:.3f}"
                                  for b in BASELINES),
                     f"{s['files'] / c['proto']['median']:,.0f}"))
    out += [_fmt(rows), ""]
    imp = report["imports"]
    out.append(f"-X importtime, import attriblint.cli: {imp['cli']['median_us'] / 1000:.1f} ms "
               f"(median of {len(imp['cli']['totals_us'])})")
    out.append(f"-X importtime, all imports of 'attriblint check' on the 5 posts: "
               f"{imp['check']['median_us'] / 1000:.1f} ms; largest: "
               + ", ".join(f"{name} {us / 1000:.1f}" for us, name in imp["check"]["top"][:5]))
    for s in report["sets"]:
        for subject in s["subjects"]:
            rss = s["commands"][subject]["peak_rss_kib"]
            if rss and subject == "attriblint check":
                base = s["commands"]["python -c pass"]["peak_rss_kib"]
                out.append(f"peak RSS (largest process), attriblint check, {s['name']}: "
                           f"{rss / 1024:.0f} MiB (python -c pass: {base / 1024:.0f} MiB)")
    tree = report.get("tree_memory")
    if tree:
        pss = (f"PSS {tree['peak_tree_pss_kib'] / 1024:.0f} MiB, "
               if tree["peak_tree_pss_kib"] else "")
        out.append(f"peak memory of the whole process tree (sampled every 20 ms), attriblint "
                   f"check, {tree['set']}: {pss}RSS {tree['peak_tree_rss_kib'] / 1024:.0f} MiB, "
                   f"{tree['max_processes']} processes")
    return "\n".join(out)


def _fmt(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            m = re.search(r"^model name\s*:\s*(.*)$", fh.read(), re.M)
            cpu = m.group(1) if m else cpu
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cpus_usable": usable, "cpu_count": os.cpu_count(),
            "platform": platform.platform(), "python": sys.version.split()[0],
            "implementation": platform.python_implementation()}


def git_state() -> dict:
    repo = os.path.dirname(HERE)

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", repo, *args], capture_output=True,
                                  text=True).stdout.strip()
        except OSError:
            return ""
    dirty = git("status", "--porcelain", "--", "attriblint", "rules", "pyproject.toml")
    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(dirty)}


# -- main ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time attriblint check against baselines on a synthetic blog.")
    parser.add_argument("--posts", type=int, default=None, help="Markdown posts (default 10000)")
    parser.add_argument("--pages", type=int, default=None, help="HTML pages (default 2000)")
    parser.add_argument("--runs", type=int, default=None,
                        help="timed runs per command, after 1 warm-up (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1000 posts, 200 pages, 3 runs (explicit options win)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--json", metavar="PATH", help="also write every measurement as JSON")
    parser.add_argument("--keep", metavar="DIR",
                        help="generate the corpus in DIR and keep it (default: a temp dir, removed)")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one single-process attriblint run on the Markdown "
                             "corpus and print the top functions")
    parser.add_argument("--attriblint", metavar="PATH",
                        help="the attriblint script (default: next to this Python, else on PATH)")
    args = parser.parse_args(argv)
    posts = args.posts if args.posts is not None else (1000 if args.quick else 10_000)
    pages = args.pages if args.pages is not None else (200 if args.quick else 2_000)
    runs = args.runs if args.runs is not None else (3 if args.quick else 5)

    python = sys.executable
    attriblint = args.attriblint or os.path.join(os.path.dirname(python), "attriblint")
    if not os.path.exists(attriblint):
        attriblint = shutil.which("attriblint") or sys.exit("bench: attriblint not found")
    version = subprocess.run([attriblint, "--version"], capture_output=True, text=True).stdout
    check_help = subprocess.run([attriblint, "check", "--help"], capture_output=True,
                                text=True).stdout
    has_jobs = "--jobs" in check_help

    root = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="attriblint-bench-")
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR=os.path.join(root, ".rule-cache"))
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    no_cache = dict(env, ATTRIBLINT_CACHE_DIR="")
    started = time.perf_counter()
    git_before = git_state()
    try:
        print(f"bench: generating {posts} posts and {pages} pages in {root}", file=sys.stderr)
        corpus = generate(root, posts, pages, args.seed)
        rel = lambda p: os.path.relpath(p, root)  # noqa: E731
        precommit = [rel(p) for p in corpus.precommit]
        sets = [
            ("pre-commit, 5 posts", precommit, len(precommit),
             sum(os.path.getsize(p) for p in corpus.precommit), True),
            (f"Markdown, {posts} posts", [rel(corpus.posts_dir)], posts, corpus.posts_bytes, False),
            (f"HTML, {pages} pages", [rel(corpus.pages_dir)], pages, corpus.pages_bytes, False),
        ]
        report: dict = {
            "measured": datetime.date.today().isoformat(),
            "machine": machine(),
            "attriblint": version.strip(),
            "git": git_before,
            "settings": {"posts": posts, "pages": pages, "runs": runs, "seed": args.seed,
                         "warmup": 1, "statistic": "median wall clock; ratio of medians",
                         "attriblint_jobs": "default (one worker per CPU for >= 256 files)"
                         if has_jobs else "n/a"},
            "corpus": {"kinds": corpus.kinds, "precommit": precommit},
            "sets": [],
        }
        for name, paths, files, size, cold_too in sets:
            if not files:
                continue
            commands = {
                "python -c pass": ([python, "-c", "pass"], env),
                "read floor": ([python, os.path.join(HERE, "read_floor.py"), *paths], env),
                "proto": ([python, os.path.join(HERE, "proto.py"), *paths], env),
                "attriblint check": ([attriblint, "check", *paths], env),
            }
            if cold_too:
                commands["attriblint check, no rule cache"] = ([attriblint, "check", *paths],
                                                               no_cache)
            results = measure(commands, runs, root, name)
            subjects = [n for n in commands if n.startswith("attriblint")]
            entry = {"name": name, "paths": paths, "files": files, "bytes": size,
                     "subjects": subjects, "commands": results, "ratios": {},
                     "paired_ratios": {}}
            for subject in subjects:
                sub = results[subject]
                entry["ratios"][subject] = {b: sub["median"] / results[b]["median"]
                                            for b in BASELINES}
                # The median of per-round ratios: each round's runs were back to back.
                entry["paired_ratios"][subject] = {
                    b: statistics.median(x["wall"] / y["wall"]
                                         for x, y in zip(sub["runs"], results[b]["runs"]))
                    for b in BASELINES}
            report["sets"].append(entry)
        if hasattr(os, "wait4") and os.path.isdir("/proc"):
            print("  peak RSS of the process tree, Markdown corpus", file=sys.stderr)
            report["tree_memory"] = dict(
                tree_memory_peak([attriblint, "check", rel(corpus.posts_dir)], root, env),
                set=sets[1][0])
        print("  import times", file=sys.stderr)
        report["imports"] = {
            "cli": measure_imports([python, "-X", "importtime", "-c", "import attriblint.cli"],
                                   runs, root, env),
            "check": measure_imports([python, "-X", "importtime", "-m", "attriblint", "check",
                                      *precommit], runs, root, env),
        }
        if args.profile:
            print("  profiling the Markdown corpus", file=sys.stderr)
            tail = ["check", *(["--jobs", "1"] if has_jobs else []), rel(corpus.posts_dir)]
            report["profile"] = profile(python, tail, root, env)
        report["elapsed_s"] = time.perf_counter() - started
        report["git_after"] = git_state()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    m, g = report["machine"], report["git"]
    print(f"\n{report['attriblint']} (commit {g['commit']}{', modified' if g['dirty'] else ''}), "
          f"Python {m['python']}, {m['cpus_usable']} CPUs ({m['cpu']}); "
          f"median of {runs} runs after 1 warm-up; seed {args.seed}\n")
    print(table(report))
    print(f"\n(whole benchmark: {report['elapsed_s']:.0f} s)")
    if report["git_after"] != report["git"]:
        print(f"warning: attriblint changed during the run ({g['commit']} -> "
              f"{report['git_after']['commit']}); the numbers mix versions", file=sys.stderr)
    if args.profile:
        print("\n" + report["profile"])
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report, fh, indent=1)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
