"""Formatters: the same findings as text for people or JSON for tools.

A file name is whatever bytes the file system holds: a newline in one must
not forge a finding line, a terminal escape must not reach the terminal,
and bytes that are not UTF-8 must not make the JSON invalid.  Text output
escapes control characters (``\\n``, ``\\x1b``) and bytes that are not UTF-8
(``\\xff``).  JSON output is strict UTF-8: a ``path`` that is not valid UTF-8
shows U+FFFD for its bad bytes and the exact bytes are in ``path_base64``.
"""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from typing import Any, TextIO

from . import __version__
from .findings import Finding

JSON_FORMAT_VERSION = 1

# Characters escaped in text output: C0 and C1 controls and DEL, the line and
# paragraph separators, the bidirectional overrides (which reorder what a
# terminal shows), and surrogates (bytes that were not UTF-8 in a file name).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Summary:
    files: int
    errors: int
    warnings: int
    files_with_findings: int
    unchecked: int = 0  # paths with an input finding: their terms were not checked

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> "Summary":
        errors = sum(f.severity == "error" for f in findings)
        unchecked = len({f.path for f in findings if f.kind == "input"})
        return cls(files, errors, len(findings) - errors, len({f.path for f in findings}),
                   unchecked)


def write_text(findings: list[Finding], summary: Summary, out: TextIO) -> None:
    for f in findings:
        level = "" if f.severity == "error" else f"{f.severity}: "
        line = f"{f.path}:{f.line}:{f.column}: {f.code} [{f.rule}] {level}{f.message}"
        out.write(escape(line) + "\n")
    files = _plural(summary.files, "file")
    if not findings:
        out.write(f"No problems found in {files}.\n")
        return
    parts = [_plural(summary.errors, "error")] if summary.errors else []
    if summary.warnings:
        parts.append(_plural(summary.warnings, "warning"))
    unchecked = ""
    if summary.unchecked:
        unchecked = f"; {_plural(summary.unchecked, 'file')} could not be checked"
    out.write(f"Found {' and '.join(parts)} in {summary.files_with_findings} of {files}"
              f"{unchecked}.\n")


def escape(text: str) -> str:
    """``text`` with every character that could forge or hide output escaped."""
    return _UNSAFE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def write_json(findings: list[Finding], summary: Summary, out: TextIO) -> None:
    document = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "attriblint", "version": __version__},
        "findings": [_json_finding(f) for f in findings],
        "summary": {"files": summary.files, "errors": summary.errors,
                    "warnings": summary.warnings, "unchecked": summary.unchecked},
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _json_finding(finding: Finding) -> dict[str, Any]:
    """A finding as JSON values that encode as strict UTF-8."""
    item = {key: _valid_unicode(value) if isinstance(value, str) else value
            for key, value in finding.as_dict().items()}
    if _SURROGATE.search(finding.path):
        item["path_base64"] = base64.b64encode(_path_bytes(finding.path)).decode("ascii")
    return item


def _path_bytes(path: str) -> bytes:
    """The bytes of a path read from the file system or the command line."""
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate that no file system byte decodes to
        return path.encode("utf-8", errors="surrogatepass")


def _valid_unicode(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


FORMATS = {"text": write_text, "json": write_json}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
