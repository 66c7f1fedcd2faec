"""One ``attriblint fix`` run over many files: fix each, write it (or diff
it), and keep what is left to report.

Files are fixed one at a time, each read once: a file is written only if
its fixes settle, and only through ``write.write_fixed`` (atomic, and
never when the file changed meanwhile).  One file that cannot be fixed or
written never stops the others.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from typing import Callable

from ..discover import Target
from ..files import FileNotRead, read_regular_file
from ..findings import Finding
from ..lint import Linter, internal_error_finding
from ..output.escaping import escape
from ..source import decode, split_lines
from .apply import fix_bytes
from .write import WriteError, remove_stale_temporaries, write_fixed


@dataclass
class FixSession:
    """What a run of fixes did: the findings left, the files written, the diffs, the refusals."""

    findings: list[Finding] = field(default_factory=list)  # what is left, every file
    written: list[str] = field(default_factory=list)  # paths fixed
    diffs: list[str] = field(default_factory=list)  # with diff=True, one per file
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why not fixed)
    failed: bool = False  # a file could not be fixed for another reason than its findings


def fix_targets(targets: list[Target], linter_for: Callable[[object], Linter],
                config_for: Callable[[Target], object], unsafe: bool = False,
                diff: bool = False) -> FixSession:
    """Fix every target with the linter of its configuration."""
    session = FixSession()
    linters: dict[object, Linter] = {}  # by configuration, as check groups files
    cleaned: set[str] = set()
    for target in targets:
        config = config_for(target)
        linter = linters.get(config)
        if linter is None:
            linter = linters[config] = linter_for(config)
        if not diff:
            _clean(target.path, cleaned)
        _fix_one(linter, target, unsafe, diff, session)
    session.findings.sort()
    return session


def _clean(path: str, cleaned: set[str]) -> None:
    """Remove what a killed run left beside ``path`` (and its symlink's target)."""
    for folder in {os.path.dirname(os.path.abspath(path)),
                   os.path.dirname(os.path.realpath(path))}:
        if folder not in cleaned:
            cleaned.add(folder)
            try:
                remove_stale_temporaries(folder)
            except OSError:
                pass


def _fix_one(linter: Linter, target: Target, unsafe: bool, diff: bool,
             session: FixSession) -> None:
    if target.problem:
        session.findings.extend(linter.lint_file(target))
        return
    try:
        data = read_regular_file(target.path, linter.max_file_size)
    except FileNotRead:
        session.findings.extend(linter.lint_file(target))  # its AL003
        return
    try:
        outcome = fix_bytes(linter, target.path, target.kind, data, unsafe)
    except Exception as error:  # a bug: report it, fix the other files
        session.findings.append(internal_error_finding(target.path, error))
        return
    session.findings.extend(outcome.remaining)
    if outcome.problem:
        session.refused.append((target.path, outcome.problem))
        session.failed = session.failed or not outcome.settled
    if outcome.fixed is None:
        return
    if diff:
        try:
            session.diffs.append(unified_diff(target, data, outcome.fixed))
        except Exception as error:  # a bug: report it, diff the other files
            session.findings.append(internal_error_finding(target.path, error))
        return
    try:
        _inside_here(target.path)
        write_fixed(target.path, data, outcome.fixed)
    except WriteError as error:
        session.refused.append((target.path, str(error)))
        session.failed = True
        session.findings = [f for f in session.findings if f.path != target.path]
        session.findings.extend(linter.lint_bytes(target.path, target.kind, data))
        return
    session.written.append(target.path)


def _inside_here(path: str) -> None:
    """A symbolic link is written through only to a file inside the current
    folder (the repository pre-commit and CI run in): a cloned repository's
    link must not make ``attriblint fix .`` edit files elsewhere."""
    if not os.path.islink(path):
        return
    real, here = os.path.realpath(path), os.path.realpath(os.curdir)
    if os.path.commonpath([real, here]) != here:
        raise WriteError(f"is a symbolic link to {real}, outside the current folder; "
                         f"not written")


def unified_diff(target: Target, before: bytes, after: bytes) -> str:
    """The change as a unified diff of the decoded texts (``\\ No newline at
    end of file`` where a side ends without one), a byte-order mark kept on
    the first line so that ``git apply`` finds the file's first line."""
    old, new = (_lines(data, target.kind) for data in (before, after))
    name = escape(target.path)
    lines = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"):
        lines.append(line)
        if not line.endswith(("\n", "\r")):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)


def _lines(data: bytes, kind: str) -> list[str]:
    source = decode(data, html=kind == "html")
    return split_lines(("\ufeff" if source.bom else "") + source.text)
