"""What ``attriblint fix`` costs, as ratios measured in the same run.

Two questions, on a corpus of non-compliant reposts (the bundled rules'
example posts, each copied ``--copies`` times with its own title, so that
most files have something to fix):

* what building fixes adds to a plain ``check``: linting every file with
  fixes built (as ``check`` does now, to show them) divided by linting with
  the repairs turned off (``fixing.repairs._offer`` returning nothing),
  in-process, CPU time;
* what fixing costs against checking: ``fix_bytes`` (lint, apply, lint
  again until nothing is left) divided by ``lint_bytes`` on the same files.

Each measure is the median of ``--runs`` alternated runs (CPU seconds of
this process).  Nothing is written to disk: ``fix_bytes`` returns the fixed
bytes.  Run it with the interpreter attriblint is installed in:

    python benchmarks/fix.py                # 5 runs, 10 copies (about 1,700 files)
    python benchmarks/fix.py --copies 2 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from attriblint.fixing import repairs
from attriblint.fixing.apply import fix_bytes
from attriblint.lint import Linter
from attriblint.rules import bundled_rules_dir, load_rules, rule_files

KINDS = {".md": "markdown", ".html": "html", ".txt": "text"}


def corpus(copies: int) -> list[tuple[str, str, bytes]]:
    """(path, kind, bytes) of the example posts, ``copies`` times each."""
    posts = sorted(p for p in (bundled_rules_dir() / "examples").rglob("*") if p.suffix in KINDS)
    files = []
    for copy in range(copies):
        for path in posts:
            data = path.read_bytes().replace(b"title: ", f"title: ({copy}) ".encode(), 1)
            files.append((f"{copy}/{path.parent.name}/{path.name}", KINDS[path.suffix], data))
    return files


def cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    linter = Linter.from_rules(load_rules(rule_files([str(bundled_rules_dir())])))
    files = corpus(args.copies)

    def check() -> None:
        for path, kind, data in files:
            linter.lint_bytes(path, kind, data)

    def fix() -> None:
        for path, kind, data in files:
            fix_bytes(linter, path, kind, data)

    offer = repairs._offer

    def check_without_fixes() -> None:
        repairs._offer = lambda make: {}
        try:
            check()
        finally:
            repairs._offer = offer

    findings = sum(len(linter.lint_bytes(*f)) for f in files)
    fixed = sum(fix_bytes(linter, *f).fixed is not None for f in files)
    times: dict[str, list[float]] = {"check": [], "check, no fixes built": [], "fix": []}
    for _ in range(args.runs):
        times["check"].append(cpu(check))
        times["check, no fixes built"].append(cpu(check_without_fixes))
        times["fix"].append(cpu(fix))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{len(files)} files, {findings} findings, {fixed} files fixed; "
          f"median of {args.runs} runs, CPU seconds")
    for name, value in median.items():
        print(f"  {name:24} {value:7.3f} s")
    print(f"check with fixes built / without: {median['check'] / median['check, no fixes built']:.2f}x")
    print(f"fix / check:                      {median['fix'] / median['check']:.2f}x")


if __name__ == "__main__":
    main()
