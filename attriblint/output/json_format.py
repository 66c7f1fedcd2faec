"""The JSON format (documented field by field in docs/json-format.md).

Strict UTF-8 whatever the file names hold: a ``path`` that is not valid
UTF-8 shows U+FFFD for its bad bytes and the exact bytes are in
``path_base64``.  ``version`` changes when a field changes meaning or goes
away; new fields may appear without a new version.
"""

from __future__ import annotations

import base64
import json
from dataclasses import fields
from typing import Any, TextIO

from .. import __version__
from ..findings import Finding
from .hints import fix_note_of
from .escaping import has_undecodable, path_bytes, valid_unicode
from .model import OutputOptions, Summary

JSON_FORMAT_VERSION = 1


def write_json(findings: list[Finding], summary: Summary, out: TextIO,
               options: OutputOptions = OutputOptions()) -> None:
    document = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "attriblint", "version": __version__},
        "findings": [json_finding(f) for f in findings],
        "summary": {"files": summary.files, "errors": summary.errors,
                    "warnings": summary.warnings, "unchecked": summary.unchecked},
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def json_finding(finding: Finding) -> dict[str, Any]:
    """A finding as JSON values that encode as strict UTF-8."""
    values = {f.name: getattr(finding, f.name) for f in fields(finding)
              if f.name not in ("fix", "fix_note")}
    values["fix"] = _json_fix(finding)
    item = {key: valid_unicode(value) if isinstance(value, str) else value
            for key, value in values.items()}
    if has_undecodable(finding.path):
        item["path_base64"] = base64.b64encode(path_bytes(finding.path)).decode("ascii")
    return item


def _json_fix(finding: Finding) -> dict[str, Any] | None:
    """``fix``: what ``attriblint fix`` would do (its edits, in positions
    of the file as it is), or why it cannot; null when there is nothing to say."""
    fix = finding.fix
    if fix is None:
        note = fix_note_of(finding)
        return {"applicability": "none", "note": valid_unicode(note)} if note else None
    edits = [{"line": e.line, "column": e.column, "end_line": e.end_line,
              "end_column": e.end_column, "content": valid_unicode(e.text)}
             for e in fix.edits]
    return {"applicability": fix.safety, "description": valid_unicode(fix.description),
            "edits": edits}
