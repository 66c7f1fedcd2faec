"""The JSON format: version 1, strict UTF-8, every key documented."""

import base64
import io
import json
import re
from dataclasses import replace
from pathlib import Path

from attriblint import __version__
from attriblint.fixing.model import Edit, Fix
from attriblint.output import FORMATS, OutputOptions

from .output_samples import HOSTILE, HOSTILE_PATH, YEAR, summary_of

DOC = Path(__file__).parent.parent / "docs" / "json-format.md"


def document(findings) -> dict:
    out = io.StringIO()
    FORMATS["json"](findings, summary_of(findings), out, OutputOptions())
    return json.loads(out.getvalue().encode("utf-8"))  # must encode as strict UTF-8


def test_version_one_shape():
    report = document([YEAR])
    assert report == {
        "version": 1,
        "tool": {"name": "attriblint", "version": __version__},
        "findings": [{"path": "posts/b.md", "line": 39, "column": 44, "end_line": 39,
                      "end_column": 48, "code": "AL303", "kind": "copyright",
                      "rule": "globalresearch", "severity": "error",
                      "message": "copyright year is 2019, but original_date says 2021",
                      "fix": None}],
        "summary": {"files": 3, "errors": 1, "warnings": 0, "unchecked": 0},
    }


def test_a_path_that_is_not_utf8_keeps_its_exact_bytes_in_base64():
    (finding,) = document([HOSTILE])["findings"]
    assert finding["path"] == HOSTILE_PATH.replace("\udcff", "\ufffd")
    assert base64.b64decode(finding["path_base64"]) == HOSTILE_PATH.encode(
        "utf-8", "surrogateescape")


def _keys(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            _keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys(item, found)
    return found


FIXED = replace(YEAR, fix=Fix((Edit(900, 904, "2021", 39, 44, 39, 48),), "unsafe",
                               'replace the copyright year "2019" with "2021"'))
NOTED = replace(YEAR, line=40, fix_note="add original_date (the original article's date) to "
                                        "the front matter")


def test_a_fix_is_its_applicability_description_and_edits_in_positions():
    fixed, noted = document([FIXED, NOTED])["findings"]
    assert fixed["fix"] == {"applicability": "unsafe",
                            "description": 'replace the copyright year "2019" with "2021"',
                            "edits": [{"line": 39, "column": 44, "end_line": 39,
                                       "end_column": 48, "content": "2021"}]}
    assert noted["fix"] == {"applicability": "none", "note": NOTED.fix_note}


def test_the_doc_lists_every_key_the_output_has():
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", DOC.read_text(encoding="utf-8"),
                                flags=re.M))
    produced = _keys(document([YEAR, HOSTILE, FIXED, NOTED]), set())
    assert produced - documented == set()
    assert documented - produced == set()  # nothing documented that is gone
