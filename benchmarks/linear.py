"""Does attriblint take linear time on hostile input?  Growth per doubling.

Every bundled template (each rule's requirement templates and detection
phrases, ``Template.finditer`` over the raw input string), each reader
(``read_document`` for markdown, html, text) and the whole per-file pipeline
(``Linter.lint_bytes``) runs on adversarial inputs of 1, 2 and 4 MB (runs of
spaces after a template's first words, near-miss credit lines, very deep
nesting, unclosed tags and site-generator blocks, one huge line, long runs of
URLs, long front-matter lines; see ``INPUTS``).  Each input is generated
deterministically at each size, so only the size changes.

For each (target, input) pair, a "case", the table gives the best-of-3
seconds at each size and the growth ratio per doubling (t2/t1, t4/t2).
Linear work gives about 2.0 whatever the machine; quadratic gives about 4.
The verdict is "linear" when every ratio is below 3.0, else "SUPERLINEAR".
A case found superlinear is run a second time and each size keeps its best
time, so that one slow spell of a shared machine does not fail it.
A ``baseline`` target (one ``re`` word scan) runs on every input too, so
the noise of the ratios on this machine, at this moment, is visible.

Each case runs in its own process with a deadline (``--timeout``, 60 s by
default, for all its sizes): a size not measured by then is "TIMEOUT", and
so are the larger ones, which are not tried.  An exception other than the
reader's ``ReadError`` (which the pipeline turns into AL002) is "ERROR".
The exit code is 1 if any case is superlinear, timed out or raised, else 0.
It is a benchmark, not a test: it takes minutes.  Standard library only.

    python benchmarks/linear.py --quick              # best of 1; 35 min before the fixes
    python benchmarks/linear.py                      # best of 3
    python benchmarks/linear.py --sizes 1,2,4 --only 'read markdown'
    python benchmarks/linear.py --big --only one-line   # also 5, 10, 20 MB one-line inputs
    python benchmarks/linear.py --json before.json      # later, after a fix:
    python benchmarks/linear.py --rerun before.json     # only the cases that were not linear

Run it with the interpreter attriblint is installed in (the dev venv).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import selectors
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Callable

MB = 1_000_000  # characters; the inputs are nearly all ASCII, so also bytes
LINEAR_BELOW = 3.0  # a ratio per doubling under this counts as linear
BIG_SIZES = (5.0, 10.0, 20.0)  # --big: extra sizes (MB) for the one-line inputs
MIN_SAMPLE = 0.1  # seconds: faster calls are repeated until a sample lasts this long
WARM_UP = 1.0  # seconds: a first call shorter than this is not timed, only a warm-up

ARTICLE = "https://www.globalresearch.ca/some-article-title/5831584"
CREDIT = "The original source of this article is Global Research"
# Every input carries a real credit line, so the gate lets it through and the
# rule applies: the pipeline then reads and checks the whole input.
TRAILER = f"\n\n{CREDIT}\n"
HTML_TRAILER = f"\n<p>{CREDIT}</p>\n"

ALL_KINDS = ("markdown", "html", "text")
PATHS = {"markdown": "post.md", "html": "page.html", "text": "post.txt"}


# -- adversarial inputs -------------------------------------------------------------
def repeat(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` characters (at least once)."""
    return unit * max(1, size // len(unit))


def run_between(head: str, tail: str, size: int, fill: str = " ") -> str:
    """``head``, one run of ``fill`` making the text ``size`` long, ``tail``."""
    return head + fill * max(1, size - len(head) - len(tail)) + tail


def nested(opening: str, middle: str, closing: str, size: int) -> str:
    """``opening`` * depth + ``middle`` + ``closing`` * depth; depth grows with size."""
    depth = max(1, (size - len(middle)) // (len(opening) + len(closing)))
    return opening * depth + middle + closing * depth


@dataclass(frozen=True)
class Input:
    name: str
    build: Callable[[int], str]  # size in characters -> the text
    kinds: tuple[str, ...] = ALL_KINDS  # readers and pipelines it is fed to
    one_line: bool = False  # gets the --big sizes


INPUTS = (
    # Runs of spaces after each template's first words.
    Input("spaces after 'The original'",
          lambda n: run_between("The original", TRAILER, n), one_line=True),
    Input("spaces after 'Copyright © A,'",
          lambda n: run_between("Copyright © A,", TRAILER, n), one_line=True),
    Input("'Global' spaces 'Research'",
          lambda n: run_between("Global", "Research" + TRAILER, n), one_line=True),
    Input("many 2,000-space runs after first words",
          lambda n: repeat("The original" + " " * 2000 + "Copyright © A," + " " * 2000
                           + "Global" + " " * 2000, n) + TRAILER),
    # Near-miss credit lines, one paragraph of them.
    Input("near-miss credit lines",
          lambda n: repeat("The original source of this article is Global Researc\n", n)
          + TRAILER),
    Input("near-miss copyright lines",
          lambda n: repeat("Copyright © Stephen Lendman, Global Research Institute, 2021\n", n)
          + TRAILER),
    # Deep nesting: the depth grows with the size (about 90,000 deep at 1 MB).
    Input("nested <div>s",
          lambda n: nested("<div>", f"<p>{CREDIT}</p>", "</div>", n), ("html", "markdown")),
    Input("nested blockquotes, one line",
          lambda n: run_between("", " " + CREDIT + "\n", n, fill=">"), ("markdown", "text")),
    Input("10,000-deep blockquote lines",
          lambda n: repeat(">" * 10_000 + " " + CREDIT + "\n", n), ("markdown", "text")),
    Input("nested lists, one line",
          lambda n: repeat("- ", n) + CREDIT + "\n", ("markdown",)),
    Input("nested [ links",
          lambda n: nested("[", "Global Research", f"]({ARTICLE})", n) + TRAILER,
          ("markdown", "text")),
    Input("unclosed [ brackets",
          lambda n: run_between("", TRAILER, n, fill="["), ("markdown", "text")),
    Input("unclosed <p>s",
          lambda n: repeat("<p>Global ", n) + HTML_TRAILER, ("html", "markdown")),
    # Site-generator blocks, closed and never closed.
    Input("Hugo raw blocks, closed",
          lambda n: repeat(f'{{{{< raw >}}}}<a href="{ARTICLE}">Global Research</a>'
                           "{{< /raw >}}\n\n", n) + TRAILER, ("markdown",)),
    Input("Hugo raw blocks, unclosed",
          lambda n: repeat("{{< raw >}} Global Research <b>\n\n", n) + TRAILER, ("markdown",)),
    Input("Liquid comments, closed",
          lambda n: repeat("{% comment %} Global Research {% endcomment %}\n\n", n) + TRAILER,
          ("markdown",)),
    Input("Liquid comments, unclosed",
          lambda n: repeat("{% comment %} Global Research\n\n", n) + TRAILER, ("markdown",)),
    Input("Hugo comments, unclosed",
          lambda n: repeat("{{/* Global Research\n\n", n) + TRAILER, ("markdown",)),
    # One huge line of ordinary-looking Markdown prose.
    Input("one-line post",
          lambda n: repeat(f"Words from Global Research [a link]({ARTICLE}) with *emphasis*, "
                           "`code` and &amp; entities. ", n) + TRAILER,
          ("markdown", "text"), one_line=True),
    # Long runs of URLs.
    Input("bare URLs",
          lambda n: repeat((ARTICLE + " ") * 10 + "\n", n) + TRAILER),
    Input("one endless bare URL",
          lambda n: run_between("https://www.globalresearch.ca/", TRAILER, n, fill="a"),
          one_line=True),
    # Long front-matter lines.
    Input("front matter, long title",
          lambda n: run_between("---\ntitle: ", f"\nsource_url: {ARTICLE}\n---\n{TRAILER}", n,
                                fill="x"), ("markdown",), one_line=True),
    Input("front matter, long source_url",
          lambda n: run_between("---\nsource_url: https://www.globalresearch.ca/",
                                f"/5831584\n---\n{TRAILER}", n, fill="a"),
          ("markdown",), one_line=True),
)


# -- targets: what is timed on an input ----------------------------------------------
def template_labels() -> list[str]:
    """One label per bundled template, e.g. 'globalresearch credit', '... detect 3'."""
    return [label for label, _ in _templates(_load_rules())]


def _load_rules():
    from attriblint.rules import bundled_rules_dir, load_rules, rule_files

    return load_rules(rule_files([str(bundled_rules_dir())]))


def _templates(rules) -> list[tuple[str, object]]:
    found = []
    for rule in rules:
        for requirement in rule.requirements:
            if requirement.template is not None:
                found.append((f"{rule.id} {requirement.kind}", requirement.template))
        for number, phrase in enumerate(rule.detect_phrases, 1):
            found.append((f"{rule.id} detect {number}", phrase))
    return found


def all_cases(labels: list[str], sizes: tuple[float, ...], big: bool) -> list[dict]:
    """Every (target, input) pair with its sizes, in the order they are run."""
    cases = []
    for number, item in enumerate(INPUTS):
        case_sizes = sizes + BIG_SIZES if big and item.one_line else sizes
        targets = (["baseline"] + [f"template {label}" for label in labels]
                   + [f"read {kind}" for kind in item.kinds]
                   + [f"lint {kind}" for kind in item.kinds])
        cases.extend({"target": t, "input": item.name, "input_number": number,
                      "sizes": sorted(set(case_sizes))} for t in targets)
    return cases


def make_call(target: str, text: str) -> Callable[[], object]:
    """The function of no arguments that does ``target``'s work on ``text``."""
    if target == "baseline":
        word = re.compile(r"\w+")
        return lambda: sum(1 for _ in word.finditer(text))
    rules = _load_rules()
    verb, _, rest = target.partition(" ")
    if verb == "template":
        template = dict(_templates(rules))[rest]
        return lambda: sum(1 for _ in template.finditer(text))
    if verb == "read":
        from attriblint.readers import ReadError, read_document

        def read() -> object:
            try:
                return read_document(PATHS[rest], rest, text)
            except ReadError as error:  # a finding (AL002), not a failure
                return error
        return read
    if verb == "lint":
        from attriblint.lint import Linter

        linter, data = Linter.from_rules(rules), text.encode("utf-8")
        return lambda: linter.lint_bytes(PATHS[rest], rest, data)
    raise ValueError(f"unknown target {target!r}")


# -- measuring, inside the worker process ---------------------------------------------
def sample(call: Callable[[], object]) -> float:
    """Seconds per call.

    A first call under WARM_UP seconds only warms up: it pays for touching
    a fresh input and for first-use work, which made 4 MB look slower than
    it is.  Then the call is repeated until the sample lasts MIN_SAMPLE,
    and the mean per call is the result.  Slower calls are timed once:
    their cold costs are a small part of them.
    """
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    if elapsed >= WARM_UP:
        return elapsed
    loops = math.ceil(MIN_SAMPLE / max(elapsed, 1e-6))
    start = time.perf_counter()
    for _ in range(loops):
        call()
    return (time.perf_counter() - start) / loops


def worker(spec: dict) -> None:
    """Time one case at each size, printing one JSON line per size as it is done."""
    item = INPUTS[spec["input_number"]]
    for size in spec["sizes"]:
        try:
            text = item.build(int(size * MB))
            call = make_call(spec["target"], text)
            seconds = min(sample(call) for _ in range(spec["runs"]))
            result = {"size": size, "seconds": seconds}
        except Exception as error:  # reported as ERROR: one line, no traceback
            result = {"size": size, "error": f"{type(error).__name__}: {error}"[:200]}
        print(json.dumps(result), flush=True)
        if "error" in result:
            return


# -- running cases, in the parent -----------------------------------------------------
def run_case(case: dict, runs: int, timeout: float) -> dict[float, object]:
    """size -> seconds, or "TIMEOUT" / "ERROR: ..." / "CRASH ...", for one case."""
    spec = dict(case, runs=runs)
    argv = [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(spec)]
    results: dict[float, object] = {}
    missing = "ERROR: not run, a smaller size failed"
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=errors, text=True)
        deadline = time.monotonic() + timeout
        for line in _lines_until(proc, deadline):
            result = json.loads(line)
            results[result["size"]] = (result["seconds"] if "seconds" in result
                                       else f"ERROR: {result['error']}")
        try:  # its output ended: it is exiting, or it closed stdout and hangs
            proc.wait(timeout=max(deadline - time.monotonic(), 1.0))
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            timed_out = True
        if not timed_out and proc.returncode != 0:
            errors.seek(0)
            last = errors.read().decode(errors="replace").strip().splitlines()[-1:]
            missing = f"CRASH (exit {proc.returncode}{': ' + last[0] if last else ''})"
    for size in case["sizes"]:
        if size not in results:
            results[size] = "TIMEOUT" if timed_out else missing
    return results


def _lines_until(proc: subprocess.Popen, deadline: float):
    """The lines ``proc`` prints before it exits or ``deadline`` passes."""
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if not selector.select(left):
                return
            line = proc.stdout.readline()
            if not line:
                return
            yield line


def best_of(first: dict[float, object], second: dict[float, object]) -> dict[float, object]:
    """Per size, the faster of two runs of a case (a time beats a failure)."""
    merged = {}
    for size, value in first.items():
        times = [v for v in (value, second.get(size)) if isinstance(v, float)]
        merged[size] = min(times) if times else value
    return merged


def ratio_pairs(sizes: list[float]) -> list[tuple[float, float]]:
    """Each size paired with the smallest size at least twice as large."""
    pairs = []
    for a in sizes:
        larger = [b for b in sizes if b >= 2 * a]
        if larger:
            pairs.append((a, min(larger)))
    return pairs


def per_doubling(t_a: float, t_b: float, a: float, b: float) -> float:
    """The growth ratio of t from size a to b, scaled to one doubling of the size."""
    return (t_b / t_a) ** (1 / math.log2(b / a))


def verdict(target: str, results: dict[float, object]) -> tuple[str, list[float]]:
    """("linear" | "SUPERLINEAR" | "TIMEOUT" | "ERROR" | "NOISY", the ratios per doubling).

    The baseline is linear by construction: a ratio of 3 or more there says
    the machine was too busy for this run's ratios to mean much ("NOISY").
    """
    ratios = [per_doubling(results[a], results[b], a, b)
              for a, b in ratio_pairs(sorted(results))
              if isinstance(results[a], float) and isinstance(results[b], float)]
    failures = [v for v in results.values() if isinstance(v, str)]
    if any(r >= LINEAR_BELOW for r in ratios):
        return ("NOISY" if target == "baseline" else "SUPERLINEAR"), ratios
    if failures:
        return ("TIMEOUT" if failures[0] == "TIMEOUT" else "ERROR"), ratios
    return "linear", ratios


# -- output ---------------------------------------------------------------------------
def cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "TIMEOUT" if value == "TIMEOUT" else "ERROR"


def print_table(rows: list[tuple[dict, dict, str, list[float]]]) -> None:
    sizes = sorted({s for case, *_ in rows for s in case["sizes"]})
    pairs = ratio_pairs(sizes)
    heads = ([f"s @{s:g}MB" for s in sizes]
             + [f"x {b:g}/{a:g}" + ("" if b == 2 * a else "*") for a, b in pairs])
    width_t = max(len("target"), *(len(c["target"]) for c, *_ in rows))
    width_i = max(len("input"), *(len(c["input"]) for c, *_ in rows))
    print(f"{'target':<{width_t}}  {'input':<{width_i}}  "
          + "  ".join(f"{h:>9}" for h in heads) + "  verdict")
    print("-" * width_t + "  " + "-" * width_i + "  "
          + "  ".join("-" * 9 for _ in heads) + "  -------")
    for case, results, word, _ in rows:
        times = [cell(results[s]) if s in results else "" for s in sizes]
        ratios = []
        for a, b in pairs:
            ok = isinstance(results.get(a), float) and isinstance(results.get(b), float)
            ratios.append(f"{per_doubling(results[a], results[b], a, b):.2f}" if ok else "")
        print(f"{case['target']:<{width_t}}  {case['input']:<{width_i}}  "
              + "  ".join(f"{v:>9}" for v in times + ratios) + f"  {word}")
    if any(b != 2 * a for a, b in pairs):
        print("* ratio scaled to one doubling: (t_b/t_a) ** (1 / log2(b/a))")


def verdict_line(case: dict, results: dict, word: str, ratios: list[float]) -> str:
    shown = ", ".join(f"{r:.2f}" for r in ratios) or "none"
    name = f"{case['target']} on {case['input']}"
    if word == "linear":
        return f"linear       {name}: every ratio below {LINEAR_BELOW} ({shown})"
    if word == "SUPERLINEAR":
        return f"SUPERLINEAR  {name}: ratios per doubling {shown}, not all below {LINEAR_BELOW}"
    if word == "NOISY":
        return (f"NOISY        {name}: ratios {shown}; the machine was busy, "
                "so ratios near 3 in this run may be noise")
    failed = [f"{s:g} MB {v}" for s, v in sorted(results.items()) if isinstance(v, str)]
    return f"{word:<12} {name}: {'; '.join(failed)} (ratios {shown})"


def _git(folder: str, *argv: str) -> str:
    try:
        return subprocess.run(["git", *argv], capture_output=True, text=True, cwd=folder,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def describe_attriblint() -> str:
    """Which attriblint is measured: its folder, and its commit if it is a clone."""
    import attriblint

    folder = os.path.dirname(os.path.dirname(os.path.abspath(attriblint.__file__)))
    commit = _git(folder, "rev-parse", "--short", "HEAD")
    if not commit:
        return f"attriblint from {folder}"
    dirty = _git(folder, "status", "--porcelain", "--", "attriblint", "rules")
    return (f"attriblint at commit {commit}"
            + (" with uncommitted changes" if dirty else " (clean)") + f" in {folder}")


def describe_run(args: argparse.Namespace) -> str:
    return (f"linear-time benchmark: {describe_attriblint()}; Python "
            f"{platform.python_version()}, {os.cpu_count()} CPUs; sizes "
            f"{', '.join(f'{s:g}' for s in args.sizes)} MB"
            f"{' (+5, 10, 20 MB one-line inputs)' if args.big else ''}; best of {args.runs}; "
            f"timeout {args.timeout:g} s per case")


def failed_cases(path: str) -> set[tuple[str, str]]:
    """(target, input) of the cases that were not linear in a --json output."""
    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)
    return {(row["target"], row["input"]) for row in rows
            if row["verdict"] not in ("linear", "NOISY")}


# -- command line ---------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4",
                        help="input sizes in MB, comma-separated (default 1,2,4)")
    parser.add_argument("--quick", action="store_true", help="best of 1 instead of 3")
    parser.add_argument("--runs", type=int, help="best of R (default 3, 1 with --quick)")
    parser.add_argument("--big", action="store_true",
                        help="also run the one-line inputs at 5, 10 and 20 MB")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds allowed for each case, all sizes (default 60)")
    parser.add_argument("--only", metavar="REGEX",
                        help="run only the cases whose 'target on input' matches")
    parser.add_argument("--rerun", metavar="FILE",
                        help="run only the cases that were not linear in FILE (from --json)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.sizes = tuple(sorted({float(s) for s in args.sizes.split(",") if s.strip()}))
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {args.sizes!r}")
    if not args.sizes or min(args.sizes) <= 0:
        parser.error("--sizes: give positive sizes in MB, such as 1,2,4")
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    if args.runs < 1 or args.timeout <= 0:
        parser.error("--runs and --timeout must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    try:
        labels = template_labels()
    except Exception as error:  # attriblint missing or its rules broken: one line
        print(f"linear: cannot load attriblint's bundled rules: {error}", file=sys.stderr)
        return 2
    cases = all_cases(labels, args.sizes, args.big)
    if args.only:
        cases = [c for c in cases if re.search(args.only, f"{c['target']} on {c['input']}")]
    if args.rerun:
        try:
            failed = failed_cases(args.rerun)
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(f"linear: --rerun {args.rerun}: not a --json output of linear.py ({error})",
                  file=sys.stderr)
            return 2
        cases = [c for c in cases if (c["target"], c["input"]) in failed]
    if args.list or not cases:
        for case in cases:
            print(f"{case['target']} on {case['input']}")
        return 0 if cases else 2
    print(describe_run(args), flush=True)
    rows = []
    started = time.monotonic()
    for number, case in enumerate(cases, 1):
        results = run_case(case, args.runs, args.timeout)
        word, ratios = verdict(case["target"], results)
        if word in ("SUPERLINEAR", "NOISY"):  # one slow spell must not fail a case
            results = best_of(results, run_case(case, args.runs, args.timeout))
            word, ratios = verdict(case["target"], results)
        rows.append((case, results, word, ratios))
        print(f"  [{number}/{len(cases)}] {verdict_line(case, results, word, ratios)}",
              file=sys.stderr, flush=True)
    print()
    print_table(rows)
    print()
    for case, results, word, ratios in rows:
        print(verdict_line(case, results, word, ratios))
    bad = [row for row in rows if row[2] not in ("linear", "NOISY")]
    noisy = sum(row[2] == "NOISY" for row in rows)
    print(f"\n{len(rows) - len(bad)} of {len(rows)} cases linear, {len(bad)} not"
          + (f" ({noisy} baseline rows NOISY: rerun when the machine is quieter)" if noisy else "")
          + f"; {time.monotonic() - started:.0f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump([{"target": c["target"], "input": c["input"], "verdict": w,
                        "ratios": r, "seconds": {f"{s:g}": v for s, v in res.items()}}
                       for c, res, w, r in rows], out, indent=1)
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
