"""Run rule files' examples: ``attriblint rules test``.

A rule file's ``examples`` are posts with the findings each must produce
(see :class:`~attriblint.rules.Example`).  Each is linted with every rule in
force, as ``attriblint check`` would lint it, and passes when its findings
are exactly the listed ones: same rules, same codes, and the same
line:column where one is written.  Positions of an inline ``post:`` are
counted in the post's own text.

Pure: rules and examples in, results out; printing is the CLI's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Finding
from .kinds import kind_of_code
from .lint import Linter, internal_error_finding
from .rules import Example, Rule

# The rule id of input findings (AL0xx), which belong to no rule.
INPUT_RULE = "attriblint"

_EXPECTED = re.compile(r"(?:(?P<rule>[a-z0-9][a-z0-9.-]*):)?(?P<code>AL\d{3})"
                       r"(?: (?P<line>\d+):(?P<column>\d+))?")


@dataclass(frozen=True)
class Expected:
    """One entry of an example's ``findings``: a rule's code, maybe at a position."""

    rule: str
    code: str
    line: int | None = None
    column: int | None = None

    def matches(self, finding: Finding) -> bool:
        if (finding.rule, finding.code) != (self.rule, self.code):
            return False
        return self.line is None or (finding.line, finding.column) == (self.line, self.column)


@dataclass(frozen=True)
class ExampleResult:
    """What one example produced, against what it should have."""

    rule: Rule
    example: Example
    expected: tuple[Expected, ...]
    got: tuple[Finding, ...]
    missing: tuple[Expected, ...]  # listed but not produced
    unexpected: tuple[Finding, ...]  # produced but not listed

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unexpected

    @property
    def inline(self) -> bool:
        """The post is written in the rule file (``post:``), not a file of its own."""
        return self.example.path == self.rule.path

    def position(self) -> tuple[int, int]:
        """Where in the example's file to look first: the first finding not
        listed, else the first listed position not found, else 1:1.  For an
        inline post, the example's item in the rule file."""
        if self.inline:
            return self.example.line, 1
        if self.unexpected:
            return self.unexpected[0].line, self.unexpected[0].column
        placed = [entry for entry in self.missing if entry.line is not None]
        if placed:
            return placed[0].line, placed[0].column or 1
        return 1, 1


def parse_expected(entry: str, rule_id: str) -> Expected:
    """``"AL101"``, ``"AL101 6:1"`` or ``"other-id:AL101"`` as an :class:`Expected`.

    Without a rule id, a code belongs to the example's own rule, except an
    input code (AL0xx), which belongs to no rule.  The rule schema has
    already checked the form; anything else is a ValueError.
    """
    match = _EXPECTED.fullmatch(entry.strip())
    if match is None:
        raise ValueError(f"{entry!r} is not a finding; expected AL101, AL101 6:1 or "
                         f"other-id:AL101")
    code = match["code"]
    rule = match["rule"] or (INPUT_RULE if kind_of_code(code) == "input" else rule_id)
    line = int(match["line"]) if match["line"] else None
    column = int(match["column"]) if match["column"] else None
    return Expected(rule, code, line, column)


def compare(expected: tuple[Expected, ...],
            got: tuple[Finding, ...]) -> tuple[tuple[Expected, ...], tuple[Finding, ...]]:
    """The expected entries no finding meets, and the findings no entry claims.

    Entries with a position claim their finding first: an entry without one
    accepts any finding of its rule and code, so it must not take the one a
    positioned entry needs.
    """
    unclaimed = list(got)
    missing = []
    for entry in sorted(expected, key=lambda e: e.line is None):
        found = next((f for f in unclaimed if entry.matches(f)), None)
        if found is None:
            missing.append(entry)
        else:
            unclaimed.remove(found)
    return tuple(sorted(missing, key=expected.index)), tuple(unclaimed)


def findings_of(linter: Linter, example: Example) -> tuple[Finding, ...]:
    """The example post's findings, as ``attriblint check`` would report them
    (a bug in attriblint is an AL009 finding, not an exception)."""
    data = example.post.encode("utf-8")
    try:
        return tuple(sorted(linter.lint_bytes(example.path, example.format, data)))
    except Exception as error:  # a bug in a kind: the example fails, the run goes on
        return (internal_error_finding(example.path, error),)


def run_example(linter: Linter, rule: Rule, example: Example) -> ExampleResult:
    expected = tuple(parse_expected(entry, rule.id) for entry in example.findings)
    got = findings_of(linter, example)
    missing, unexpected = compare(expected, got)
    return ExampleResult(rule, example, expected, got, missing, unexpected)


def run_examples(in_force: list[Rule], tested: list[Rule]) -> list[ExampleResult]:
    """The results of every example of the ``tested`` rules, each post
    linted with all the rules ``in_force``, in the rules' and examples' order."""
    linter = Linter.from_rules(in_force)
    return [run_example(linter, rule, example)
            for rule in tested for example in rule.examples]


def describe_expected(entry: Expected, rule_id: str) -> str:
    """An entry as a rule file writes it (the rule id only when another rule's)."""
    prefix = "" if entry.rule in (rule_id, INPUT_RULE) else f"{entry.rule}:"
    position = f" {entry.line}:{entry.column}" if entry.line is not None else ""
    return f"{prefix}{entry.code}{position}"


def describe_finding(finding: Finding, rule_id: str) -> str:
    """A finding as an example's ``findings`` entry would list it, with its
    position; an input finding (the post could not be read, a bug) with its
    message, which the author cannot see otherwise."""
    entry = describe_expected(Expected(finding.rule, finding.code, finding.line,
                                       finding.column), rule_id)
    return f"{entry} ({finding.message})" if finding.kind == "input" else entry
