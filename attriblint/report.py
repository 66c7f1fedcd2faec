"""Formatters: the same findings as text for people or JSON for tools."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TextIO

from . import __version__
from .findings import Finding

JSON_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Summary:
    files: int
    errors: int
    warnings: int
    files_with_findings: int

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> "Summary":
        errors = sum(f.severity == "error" for f in findings)
        return cls(files, errors, len(findings) - errors, len({f.path for f in findings}))


def write_text(findings: list[Finding], summary: Summary, out: TextIO) -> None:
    for f in findings:
        level = "" if f.severity == "error" else f"{f.severity}: "
        out.write(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.rule}] {level}{f.message}\n")
    files = _plural(summary.files, "file")
    if not findings:
        out.write(f"No problems found in {files}.\n")
        return
    parts = [_plural(summary.errors, "error")] if summary.errors else []
    if summary.warnings:
        parts.append(_plural(summary.warnings, "warning"))
    out.write(f"Found {' and '.join(parts)} in {summary.files_with_findings} of {files}.\n")


def write_json(findings: list[Finding], summary: Summary, out: TextIO) -> None:
    document = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "attriblint", "version": __version__},
        "findings": [f.as_dict() for f in findings],
        "summary": {"files": summary.files, "errors": summary.errors,
                    "warnings": summary.warnings},
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


FORMATS = {"text": write_text, "json": write_json}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
