"""Score the linter on the labelled corpus in tests/corpus.

``tests/corpus/expected-*.json`` map each file (relative to tests/corpus)
to the findings a careful user expects, as ``[code, line, column]``.  A
finding agrees with a label when file, code, line and column are all the
same.  Run as a script for the precision and recall per requirement kind::

    python -m tests.corpus_score
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from attriblint.discover import Target
from attriblint.kinds import kind_of_code, kinds
from attriblint.lint import Linter
from attriblint.readers import KINDS

CORPUS = Path(__file__).parent / "corpus"


def expected() -> dict[str, list[tuple[str, int, int]]]:
    labels: dict[str, list[tuple[str, int, int]]] = {}
    for manifest in sorted(CORPUS.glob("expected-*.json")):
        for path, findings in json.loads(manifest.read_text(encoding="utf-8")).items():
            labels[path] = sorted((code, line, column) for code, line, column in findings)
    return labels


def found(linter: Linter, relative: str) -> list[tuple[str, int, int]]:
    path = CORPUS / relative
    findings = linter.lint_file(Target(str(path), KINDS[path.suffix.lower()]))
    return sorted((f.code, f.line, f.column) for f in findings)


@dataclass
class Score:
    true_positive: Counter = field(default_factory=Counter)
    false_positive: Counter = field(default_factory=Counter)
    false_negative: Counter = field(default_factory=Counter)
    disagreements: list[tuple[str, list, list]] = field(default_factory=list)

    def add(self, path: str, want: list, got: list) -> None:
        if want != got:
            self.disagreements.append((path, want, got))
        remaining = Counter(want)
        for item in got:
            kind = kind_of_code(item[0])
            if remaining[item]:
                remaining[item] -= 1
                self.true_positive[kind] += 1
            else:
                self.false_positive[kind] += 1
        for item, count in remaining.items():
            self.false_negative[kind_of_code(item[0])] += count

    def table(self) -> str:
        rows = ["| kind | expected | found | agree | precision | recall |", "|---|---|---|---|---|---|"]
        for kind in (*kinds(), "input"):
            tp, fp, fn = (self.true_positive[kind], self.false_positive[kind],
                          self.false_negative[kind])
            if not tp + fp + fn:
                continue
            precision = f"{tp / (tp + fp):.3f}" if tp + fp else "-"
            recall = f"{tp / (tp + fn):.3f}" if tp + fn else "-"
            rows.append(f"| {kind} | {tp + fn} | {tp + fp} | {tp} | {precision} | {recall} |")
        return "\n".join(rows)


def score(linter: Linter) -> Score:
    result = Score()
    for path, want in sorted(expected().items()):
        result.add(path, want, found(linter, path))
    return result


def main() -> None:
    from attriblint.rules import bundled_rules_dir, load_rules, rule_files

    linter = Linter.from_rules(load_rules(rule_files([str(bundled_rules_dir())])))
    result = score(linter)
    labels = expected()
    citations = sum(p.startswith("citations/") for p in labels)
    print(f"{len(labels)} files: {citations} citations, {len(labels) - citations} reposts\n")
    print(result.table())
    for path, want, got in result.disagreements:
        print(f"\n{path}\n  expected {want}\n  found    {got}")


if __name__ == "__main__":
    main()
