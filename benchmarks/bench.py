"""Whole-process timings of ``attriblint check`` against issue 9's targets.

Generates a seeded synthetic blog in a temporary folder (see ``corpus.py``),
installs markdownlint-cli2 as a peer when node and npm are there (see
``peers.py``), then times separate processes as a user runs them, with every
bundled rule loaded (no configuration in the corpus; checked, and said):

  subjects   attriblint check <5 named posts>       a pre-commit run (rule cache warm,
                                                    and with the rule cache off)
             attriblint check --jobs 2 <posts>      10,000 Jekyll posts, ~6 KB
             attriblint check --jobs 2 <5x posts>   50,000: five hard-linked copies
             attriblint check <HTML pages>          2,000 rendered pages, ~11 KB
  baselines  python -c pass                         interpreter start
             python read_floor.py <same files>      find, read, UTF-8-decode
             markdownlint-cli2 <same files>         the peer (its defaults)
             python proto.py <same files>           with --proto: a few-regex checker

Each command runs once to warm up, then ``--runs`` interleaved rounds (one
round runs each command once, the order rotating every round), except the
slow ones: markdownlint-cli2 on the big set and the 50,000 posts run no
warm-up (the page and rule caches are warm by then), and markdownlint-cli2
on the big set runs in the first ``--peer-runs`` rounds only.  A ratio is
the median of per-round ratios (each round ran both back to back), of CPU
time (user+sys from ``wait4``: threads and worker processes included) or of
wall time, as each target says.  Also: ``-X importtime`` of a real 5-post
check against a budget, peak memory of the process tree (sampled from
/proc) for the 10,000 and the 50,000 posts, and optionally a cProfile.

The output starts with the targets table, then the detailed tables.  The
exit code is 0 when everything ran, met or not; 1 when something failed.

    python benchmarks/bench.py               # full run (markdownlint-cli2 on 10,000 posts: minutes)
    python benchmarks/bench.py --quick       # smoke run: 1,000 posts, 200 pages, 3 runs
    python benchmarks/bench.py --json out.json --profile --proto

Run it with the interpreter attriblint is installed in (the dev venv): the
baselines use ``sys.executable`` and ``attriblint`` is looked for next to it.
attriblint's rule cache is pointed at a folder inside the temporary corpus,
so the benchmark neither reads nor writes ``~/.cache/attriblint``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
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
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import peers  # noqa: E402
import report  # noqa: E402
import targets  # noqa: E402
from corpus import generate  # noqa: E402
from report import PEER, SUBJECT  # noqa: E402
from timing import (BenchError, Command, import_times, measure, paired, run_once,  # noqa: E402
                    tree_memory_peak)
from workload import rules_in_force, scaled_copies  # noqa: E402


# -- the sets ----------------------------------------------------------------------
def baseline_commands(python: str, paths: list[str], env: dict, proto: bool) -> dict:
    commands = {"python -c pass": Command([python, "-c", "pass"], env),
                "read floor": Command([python, os.path.join(HERE, "read_floor.py"), *paths], env)}
    if proto:
        commands["proto"] = Command([python, os.path.join(HERE, "proto.py"), *paths], env)
    return commands


def run_set(name: str, commands: dict[str, Command], sizes: dict[str, tuple[int, int]],
            runs: int, root: str, scratch: str,
            against: dict[str, list[str]] | None = None) -> dict:
    """Measure one set; paired ratios of each subject to its baselines, wall and CPU.

    A subject is paired with every baseline of the set unless ``against``
    names others for it (the scaled posts: the 10,000-post run).
    """
    results = measure(commands, runs, root, name, scratch)
    subjects = [n for n in commands if n.startswith("attriblint")]
    baselines = [n for n in commands if n not in subjects]
    against = against or {}
    pairs = {s: {b: {key: paired(results[s]["runs"], results[b]["runs"], key)
                     for key in ("wall", "cpu")} for b in against.get(s, baselines)}
             for s in subjects}
    return {"name": name, "subjects": subjects, "baselines": baselines, "commands": results,
            "sizes": sizes, "paired": pairs}


def measure_imports(python: str, precommit: list[str], runs: int, root: str,
                    env: dict) -> dict:
    """``-X importtime`` of a 5-post check, paired with ``python -c pass`` round by round.

    The figure is the sum of every import's self time, the interpreter's own
    included; the budget (targets.IMPORT_BUDGET) is in wall times of
    ``python -c pass``: target 1 allows a 5-post check 5 interpreter starts
    in all, so imports get 2, leaving 3 for the rest of start-up, loading the
    rules and linting.
    """
    check = [python, "-X", "importtime", "-m", "attriblint", "check", *precommit]
    others = {"import attriblint.cli": [python, "-X", "importtime", "-c", "import attriblint.cli"],
              "python -c pass": [python, "-X", "importtime", "-c", "pass"]}
    import_times(check, root, env)  # warm-up (bytecode and rule caches)
    samples, starts, ratios = [], [], []
    for r in range(runs):
        order = ["check", "start"] if r % 2 == 0 else ["start", "check"]
        for what in order:
            if what == "check":
                samples.append(import_times(check, root, env))
            else:
                starts.append(run_once([python, "-c", "pass"], root, env)["wall"])
        ratios.append(samples[-1]["total_us"] / 1e6 / starts[-1])
    median = statistics.median(s["total_us"] for s in samples)
    typical = min(samples, key=lambda s: abs(s["total_us"] - median))
    out = {"argv": check, "totals_us": [s["total_us"] for s in samples], "median_us": median,
           "top": typical["top"][:10], "start_walls": starts, "ratios": ratios,
           "ratio": statistics.median(ratios), "start_median": statistics.median(starts)}
    for label, argv in others.items():
        totals = [import_times(argv, root, env)["total_us"] for _ in range(runs)]
        out[label] = {"argv": argv, "totals_us": totals, "median_us": statistics.median(totals)}
    return out


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


# -- where it ran --------------------------------------------------------------------
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


def script_python(script: str) -> str:
    """The interpreter an installed console script runs with (its ``#!``
    line), so that measurements made with ``python -m attriblint`` (import
    times, the profile) are of the same install as the script; else ours."""
    try:
        with open(script, "rb") as file:
            first = file.readline(4096).decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    interpreter = first[2:].strip() if first.startswith("#!") else ""
    return interpreter if interpreter and os.path.isfile(interpreter) else sys.executable


def package_repo(python: str) -> str:
    """The folder holding the attriblint package that ``python`` imports
    (the checkout, for an editable install); this checkout if it cannot tell."""
    found = subprocess.run([python, "-c", "import attriblint, os; "
                            "print(os.path.dirname(os.path.dirname(attriblint.__file__)))"],
                           capture_output=True, text=True)
    folder = found.stdout.strip()
    return folder if found.returncode == 0 and os.path.isdir(folder) else os.path.dirname(HERE)


def git_state(repo: str) -> dict:

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", repo, *args], capture_output=True,
                                  text=True).stdout.strip()
        except OSError:
            return ""
    paths = ("--", "attriblint", "rules", "pyproject.toml")
    dirty = git("status", "--porcelain", "--untracked-files=all", *paths)
    # What is measured: the commit and any uncommitted edits (other people's too).
    edits = git("diff", "HEAD", *paths) + dirty
    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(dirty),
            "edits_sha1": hashlib.sha1(edits.encode()).hexdigest()[:12]}


# -- main ---------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time attriblint check against issue 9's targets on a synthetic blog.")
    parser.add_argument("--posts", type=int, default=None, help="Markdown posts (default 10000)")
    parser.add_argument("--pages", type=int, default=None, help="HTML pages (default 2000)")
    parser.add_argument("--runs", type=int, default=None,
                        help="timed rounds per set, after 1 warm-up (default 5)")
    parser.add_argument("--scale", type=int, default=5,
                        help="the scaled set has this many times the posts (default 5: "
                             "50,000 / 10,000); 0 skips it")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1000 posts, 200 pages, 3 runs (explicit options win)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--json", metavar="PATH", help="also write every measurement as JSON")
    parser.add_argument("--keep", metavar="DIR",
                        help="generate the corpus (and install the peer) in DIR and keep them "
                             "(default: a temp dir, removed); an install there is reused")
    parser.add_argument("--no-peer", action="store_true",
                        help=f"do not install or run {PEER}")
    parser.add_argument("--peer-dir", metavar="DIR",
                        help=f"install {PEER} in DIR, or reuse it from there (default: inside "
                             "the corpus folder)")
    parser.add_argument("--peer-version", default=peers.VERSION,
                        help=f"the {PEER} release to install (default {peers.VERSION})")
    parser.add_argument("--peer-runs", type=int, default=1,
                        help=f"rounds in which {PEER} runs on the big Markdown set (default 1; "
                             "it takes minutes there); it runs every round on the 5 posts")
    parser.add_argument("--proto", action="store_true",
                        help="also time proto.py, the few-regex checker (no target uses it)")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one single-process attriblint run on the Markdown "
                             "corpus and print the top functions")
    parser.add_argument("--attriblint", metavar="PATH",
                        help="the attriblint script (default: next to this Python, else on PATH)")
    return parser.parse_args(argv)


@dataclass
class Setup:
    """What every set is run with: the interpreters, the environment, the options."""

    python: str
    attriblint: str
    root: str
    env: dict[str, str]
    runs: int
    jobs: list[str]
    proto: bool
    peer: peers.Peer
    peer_runs: int

    @property
    def scratch(self) -> str:
        return os.path.join(self.root, ".scratch")

    def rel(self, path: str) -> str:
        return os.path.relpath(path, self.root)


def time_precommit(run: Setup, corpus) -> dict:
    """The 5 posts named one by one, with the rule cache and without it."""
    precommit = [run.rel(p) for p in corpus.precommit]
    commands = baseline_commands(run.python, precommit, run.env, run.proto)
    if run.peer.skipped is None:
        commands[PEER] = Command(run.peer.argv([":" + p for p in precommit]), run.env,
                                 capture=True)
    commands[SUBJECT] = Command([run.attriblint, "check", *precommit], run.env)
    commands[f"{SUBJECT}, no rule cache"] = Command([run.attriblint, "check", *precommit],
                                                    dict(run.env, ATTRIBLINT_CACHE_DIR=""))
    size = sum(os.path.getsize(p) for p in corpus.precommit)
    sizes = {s: (len(precommit), size) for s in commands if s.startswith("attriblint")}
    return dict(run_set(f"pre-commit, {len(precommit)} posts", commands, sizes, run.runs,
                        run.root, run.scratch), key="precommit")


def time_posts(run: Setup, corpus, scaled: dict | None) -> dict:
    """The Markdown posts, and the scaled set in the same rounds."""
    paths = [run.rel(corpus.posts_dir)]
    commands = baseline_commands(run.python, paths, run.env, run.proto)
    if run.peer.skipped is None:
        commands[PEER] = Command(run.peer.argv([run.rel(corpus.posts_dir) + "/*.md"]), run.env,
                                 rounds=run.peer_runs, warmup=False, capture=True)
    commands[SUBJECT] = Command([run.attriblint, "check", *run.jobs, *paths], run.env)
    sizes = {SUBJECT: (len(corpus.posts), corpus.posts_bytes)}
    against = {}
    if scaled:  # paired with the 10,000-post run of the same round: the time ratio
        commands[scaled["subject"]] = Command(
            [run.attriblint, "check", *run.jobs, run.rel(scaled["folder"])], run.env,
            warmup=False)
        sizes[scaled["subject"]] = (scaled["files"], corpus.posts_bytes * scaled["factor"])
        against[scaled["subject"]] = [SUBJECT]
    return dict(run_set(f"Markdown, {len(corpus.posts)} posts", commands, sizes, run.runs,
                        run.root, run.scratch, against), key="posts")


def time_pages(run: Setup, corpus) -> dict:
    """The rendered HTML pages, default jobs."""
    paths = [run.rel(corpus.pages_dir)]
    commands = baseline_commands(run.python, paths, run.env, run.proto)
    commands[SUBJECT] = Command([run.attriblint, "check", *paths], run.env)
    return dict(run_set(f"HTML, {len(corpus.pages)} pages", commands,
                        {SUBJECT: (len(corpus.pages), corpus.pages_bytes)}, run.runs, run.root,
                        run.scratch), key="pages")


def tree_memory(run: Setup, corpus, scaled: dict | None, runs: int) -> dict:
    """Peak memory of the process tree, 10,000 posts and the scaled set:
    the median of ``runs`` runs of each, interleaved (a single run's peak
    varies by 10% or more on a shared machine), with every run's peak kept."""
    sets = [(which, folder, n) for which, folder, n in
            (("small", corpus.posts_dir, len(corpus.posts)),
             ("big", scaled and scaled["folder"], scaled and scaled["files"])) if folder]
    peaks: dict[str, list[dict]] = {which: [] for which, _, _ in sets}
    for r in range(runs):
        for which, folder, n in sets:
            print(f"  peak memory of the process tree, {n} posts, run {r + 1}/{runs}",
                  file=sys.stderr)
            argv = [run.attriblint, "check", *run.jobs, run.rel(folder)]
            peaks[which].append(tree_memory_peak(argv, run.root, run.env))
    out = {}
    for which, _, n in sets:
        done = peaks[which]
        out[which] = {
            "peak_tree_pss_kib": statistics.median(p["peak_tree_pss_kib"] for p in done),
            "peak_tree_rss_kib": statistics.median(p["peak_tree_rss_kib"] for p in done),
            "max_processes": max(p["max_processes"] for p in done),
            "exit": next((p["exit"] for p in done if p["exit"] not in (0, 1)), done[-1]["exit"]),
            "runs": done,
            "label": " ".join([SUBJECT, *run.jobs]) + f", {n} posts"}
    return out


def jobs_for(attriblint: str) -> tuple[list[str], str, str | None]:
    """The issue's "2 jobs" when attriblint has --jobs and 2 CPUs are usable; else why not."""
    check_help = subprocess.run([attriblint, "check", "--help"], capture_output=True,
                                text=True).stdout
    cpus = machine()["cpus_usable"]
    if "--jobs" not in check_help:
        return [], "default jobs (no --jobs option)", "this attriblint has no --jobs: its default"
    if cpus >= 2:
        return ["--jobs", "2"], "--jobs 2 on the big Markdown sets", None
    return [], "default jobs", f"{cpus} usable CPU: default jobs, not 2"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    posts = args.posts if args.posts is not None else (1000 if args.quick else 10_000)
    pages = args.pages if args.pages is not None else (200 if args.quick else 2_000)
    runs = args.runs if args.runs is not None else (3 if args.quick else 5)

    python = sys.executable
    attriblint = args.attriblint or os.path.join(os.path.dirname(python), "attriblint")
    if not os.path.exists(attriblint):
        attriblint = shutil.which("attriblint") or sys.exit("bench: attriblint not found")
    version = subprocess.run([attriblint, "--version"], capture_output=True, text=True).stdout
    jobs, jobs_text, jobs_note = jobs_for(attriblint)
    subject_python = script_python(attriblint)  # for -X importtime and --profile
    repo = package_repo(subject_python)

    root = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="attriblint-bench-")
    # As a user runs it: bytecode written and reused (this environment may say otherwise).
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR=os.path.join(root, ".rule-cache"))
    for name in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    started = time.perf_counter()
    git_before = git_state(repo)
    try:
        print(f"bench: generating {posts} posts and {pages} pages in {root}", file=sys.stderr)
        t0 = time.perf_counter()
        corpus = generate(root, posts, pages, args.seed)
        corpus_s = time.perf_counter() - t0
        scaled = None
        if args.scale > 0 and posts:
            folder = os.path.join(root, f"blog-x{args.scale}", "_posts")
            print(f"bench: {args.scale} copies of the posts in {folder}", file=sys.stderr)
            scaled = dict(scaled_copies(corpus.posts, folder, args.scale), factor=args.scale,
                          folder=folder, subject=f"{SUBJECT}, {args.scale} copies")
        folders = [corpus.posts_dir, corpus.pages_dir] + ([scaled["folder"]] if scaled else [])
        rules = rules_in_force(attriblint, root, [f for f in folders if os.path.isdir(f)], env)
        if args.no_peer:
            peer = peers.Peer(skipped="--no-peer")
        else:
            folder = args.peer_dir or os.path.join(root, ".peers")
            print(f"bench: installing {PEER}@{args.peer_version} in {folder}", file=sys.stderr)
            peer = peers.install(os.path.abspath(folder), args.peer_version)
        run = Setup(python, attriblint, root, env, runs, jobs, args.proto, peer, args.peer_runs)
        os.makedirs(run.scratch, exist_ok=True)
        rep: dict = {
            "measured": datetime.date.today().isoformat(),
            "machine": machine(),
            "attriblint": version.strip(),
            "git": git_before,
            "settings": {"posts": posts, "pages": pages, "runs": runs, "seed": args.seed,
                         "quick": args.quick, "warmup": 1, "scale": args.scale,
                         "peer_runs": args.peer_runs, "proto": args.proto,
                         "jobs": jobs_text, "jobs_note": jobs_note,
                         "env_removed": ["PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE"],
                         "statistic": "median of per-round ratios (CPU or wall, as each "
                                      "target says); medians of runs"},
            "corpus": {"kinds": corpus.kinds, "precommit": [run.rel(p) for p in corpus.precommit]},
            "corpus_s": corpus_s,
            "scaled": scaled and {k: v for k, v in scaled.items() if k != "folder"},
            "rules_in_force": rules,
            "peer": dict(peer.to_json(), engine_note=peers.engine_note(peer)),
            "peer_config_files": peers.config_files(
                [root, os.path.dirname(corpus.posts_dir), corpus.posts_dir]),
            "sets": [time_precommit(run, corpus)],
        }
        if posts:
            rep["sets"].append(time_posts(run, corpus, scaled))
        if pages:
            rep["sets"].append(time_pages(run, corpus))
        if posts and hasattr(os, "wait4") and os.path.isdir("/proc"):
            rep["tree_memory"] = tree_memory(run, corpus, scaled, min(runs, 3))
        print("  import times", file=sys.stderr)
        rep["imports"] = measure_imports(subject_python, rep["corpus"]["precommit"], runs, root,
                                         env)
        if args.profile and posts:
            print("  profiling the Markdown corpus", file=sys.stderr)
            rep["profile"] = profile(subject_python, ["check", *(["--jobs", "1"] if jobs else []),
                                              run.rel(corpus.posts_dir)], root, env)
        rep["elapsed_s"] = time.perf_counter() - started
        rep["git_after"] = git_state(repo)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    factor = args.scale or 5  # what the scale rows would have measured
    rows = targets.judge(targets.issue_targets(factor), report.measurements(rep), {
        "posts": f"{posts:,}", "pages": f"{pages:,}", "scaled": f"{posts * factor:,}",
        "jobs": "2 jobs" if jobs else "default jobs"})
    rep["targets"] = rows
    print()
    print(report.text_report(rep, rows))
    if rep["git_after"] != rep["git"]:
        print(f"warning: attriblint's sources changed during the run (commit "
              f"{rep['git']['commit']} -> {rep['git_after']['commit']}, uncommitted edits "
              f"{rep['git']['edits_sha1']} -> {rep['git_after']['edits_sha1']}); the numbers "
              "mix versions")
    if args.profile and "profile" in rep:
        print("\n" + rep["profile"])
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rep, fh, indent=1)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
