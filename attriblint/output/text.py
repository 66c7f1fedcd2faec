"""The text format: one line per finding, a fix hint under it (and what
``attriblint fix`` would do), a summary (``quiet``: the finding lines only).

``path:line:col: CODE [rule] message`` (``warning: `` before the message of
a warning) is the shape editors and ``grep`` read; it does not change with
colour.  Every piece that comes from a file name or a post is escaped
before colour is added, so a name cannot forge a line or drive the terminal.
"""

from __future__ import annotations

from typing import TextIO

from ..findings import Finding
from .colour import paint
from .escaping import escape
from .hints import fix_hints, fix_note_of
from .model import OutputOptions, Summary


def write_text(findings: list[Finding], summary: Summary, out: TextIO,
               options: OutputOptions = OutputOptions()) -> None:
    hints = fix_hints() if options.show_hints and not options.quiet and findings else {}
    for finding in findings:
        out.write(finding_line(finding, options.colour) + "\n")
        hint = hints.get(finding.code)
        if hint:
            out.write(f"  {paint('help:', 'help', options.colour)} {escape(hint)}\n")
        fix = fix_line(finding) if options.show_hints and not options.quiet else ""
        if fix:
            out.write(f"  {paint('fix:', 'help', options.colour)} {escape(fix)}\n")
    if options.quiet:
        return
    out.write(paint(summary_line(findings, summary), "summary", options.colour) + "\n")


def fix_line(finding: Finding) -> str:
    """What ``attriblint fix`` does about the finding, or why it cannot."""
    if finding.fix is not None:
        how = "attriblint fix" if finding.fix.safety == "safe" else \
            "unsafe: attriblint fix --unsafe-fixes"
        return f"{finding.fix.description} ({how})"
    note = fix_note_of(finding)
    return f"not automatic: {note}" if note else ""


def finding_line(finding: Finding, colour: bool) -> str:
    """``path:line:col: CODE [rule] message``, escaped, coloured if asked."""
    position = f":{finding.line}:{finding.column}:"
    level = "" if finding.severity == "error" else f"{finding.severity}: "
    style = "error" if finding.severity == "error" else "warning"
    return (paint(escape(finding.path), "path", colour)
            + paint(position, "position", colour) + " "
            + paint(escape(finding.code), style, colour) + " "
            + paint(f"[{escape(finding.rule)}]", "rule", colour) + " "
            + paint(escape(level), style, colour) + escape(finding.message))


def summary_line(findings: list[Finding], summary: Summary) -> str:
    """"No problems found in N files." or "Found ... in M of N files."."""
    files = _plural(summary.files, "file")
    if not findings:
        return f"No problems found in {files}."
    parts = [_plural(summary.errors, "error")] if summary.errors else []
    if summary.warnings:
        parts.append(_plural(summary.warnings, "warning"))
    unchecked = ""
    if summary.unchecked:
        unchecked = f"; {_plural(summary.unchecked, 'file')} could not be checked"
    return (f"Found {' and '.join(parts)} in {summary.files_with_findings} of {files}"
            f"{unchecked}.")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
