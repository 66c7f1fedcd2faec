"""Apply the fixes of one file until nothing fixable is left.

Each round lints the current text, takes at most one fix per rule (a rule's
fixes build on each other: the credit line first, then the link in it) and
none that touches another's text, applies them, and lints again.  The
result must settle: a fix whose finding comes back would be applied again
on the next run, so it is left out (its finding says so) and the file is
fixed again from the original without it.  Only the edits' spans change; everything else is the original's
characters, encoded back exactly as they were read (encoding, BOM, line
endings, final newline).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..findings import Finding
from ..lint import Linter
from ..source import DecodeError, SourceText, decode
from .model import SAFE, Edit, Fix

# A post needs a handful of rounds (credit line, its link, copyright line);
# more means two fixes undo each other.
MAX_ROUNDS = 12


@dataclass
class Outcome:
    """What fixing one file came to.

    ``fixed`` is the new bytes (None: nothing to change, or ``problem``
    says why the file is left as it was); ``applied`` the findings fixed;
    ``remaining`` the findings of the result (of the original when it is
    left as it was).
    """

    fixed: bytes | None
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    problem: str = ""
    settled: bool = True  # False: the fixes undid each other (a bug in attriblint)


def fix_bytes(linter: Linter, path: str, kind: str, data: bytes,
              unsafe: bool = False) -> Outcome:
    """Fix a file's bytes with ``linter``'s rules and settings."""
    findings = linter.lint_bytes(path, kind, data)
    if not any(_wanted(f, unsafe) for f in findings):
        return Outcome(None, remaining=findings)
    try:
        source = decode(data, html=kind == "html")
    except DecodeError:  # lint_bytes reported it; nothing is fixable then
        return Outcome(None, remaining=findings)
    if _encoded(source, source.text) != data:
        return Outcome(None, remaining=findings,
                       problem="its bytes do not survive decoding and encoding back unchanged; "
                               "fix it by hand")
    withheld: list[Finding] = []  # fixes whose finding came back: left out
    for _ in range(MAX_RETRIES):
        outcome = _rounds(linter, path, kind, source, findings, unsafe, withheld)
        if isinstance(outcome, Outcome):
            return outcome
        withheld.extend(outcome)  # start again from the original without them
    return _unsettled(findings)


# A fix whose finding comes back is left out and the file fixed again
# without it; a file needing more such retries is left as it was.
MAX_RETRIES = 4


def _rounds(linter: Linter, path: str, kind: str, source: SourceText,
            original: list[Finding], unsafe: bool,
            withheld: list[Finding]) -> "Outcome | list[Finding]":
    """Apply fixes round after round from the original text: the outcome,
    or the fixes that did not hold (their finding came back)."""
    text, applied, findings = source.text, [], original
    for _ in range(MAX_ROUNDS):
        chosen = choose([f for f in findings if _wanted(f, unsafe)
                         and not any(_same_problem(f, w) for w in withheld)])
        if not chosen:
            break
        back = [done for done in applied if any(_same_problem(f, done) for f in chosen)]
        if back:
            return back
        text = apply_edits(text, [edit for f in chosen for edit in f.fix.edits])
        applied.extend(chosen)
        data = _encoded(source, text)
        if data is None:
            return Outcome(None, remaining=original,
                           problem=f"the fix's text cannot be written in the file's encoding "
                                   f"({source.encoding}); fix it by hand or save it as UTF-8")
        findings = linter.lint_bytes(path, kind, data)
    else:
        return _unsettled(original)
    remaining = [_not_held(f) if any(_same_problem(f, w) for w in withheld) else f
                 for f in findings]
    if not applied:
        return Outcome(None, remaining=remaining)
    return Outcome(_encoded(source, text), applied, remaining)


def _not_held(finding: Finding) -> Finding:
    return replace(finding, fix=None,
                   fix_note="attriblint's fix for this did not hold (its own check did not "
                            "accept the line it wrote): fix it by hand, and please report it")


def _encoded(source: SourceText, text: str) -> bytes | None:
    """``text`` in the file's encoding, with its BOM; None if it cannot be."""
    try:
        return source.encode(text)
    except (UnicodeError, LookupError):
        return None


def _unsettled(original: list[Finding]) -> Outcome:
    return Outcome(None, remaining=original, settled=False,
                   problem="the fixes did not settle (a fixed finding came back); the file "
                           "is left as it was: this is a bug in attriblint, please report it")


def _wanted(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (unsafe or finding.fix.safety == SAFE)


def _same_problem(a: Finding, b: Finding) -> bool:
    """The same finding, wherever the edits moved it (two names of one
    byline are two findings of one code, told apart by their messages)."""
    return (a.rule, a.code, a.message) == (b.rule, b.code, b.message)


def choose(findings: list[Finding]) -> list[Finding]:
    """The fixes to apply together: per rule, the first by code; none whose
    edits touch or overlap those of one chosen before."""
    chosen: list[Finding] = []
    rules: set[str] = set()
    for finding in sorted(findings, key=lambda f: (f.code, f.path, f.line, f.column)):
        fix = finding.fix
        assert fix is not None
        if finding.rule in rules or any(_touch(fix, other.fix) for other in chosen):
            continue
        rules.add(finding.rule)
        chosen.append(finding)
    return chosen


def _touch(a: Fix, b: Fix | None) -> bool:
    return b is not None and a.start <= b.end and b.start <= a.end


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (from the end, so
    that each edit's offsets still hold)."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text
