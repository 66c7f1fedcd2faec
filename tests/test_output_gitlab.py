"""GitLab Code Quality: the issue fields GitLab reads, stable fingerprints."""

import io
import json

from attriblint.findings import Finding
from attriblint.output import FORMATS, OutputOptions

from .output_samples import AUTHOR, CREDIT, HOSTILE, YEAR, summary_of


def report(findings, root=None) -> list:
    out = io.StringIO()
    FORMATS["gitlab"](findings, summary_of(findings), out, OutputOptions(root=root))
    return json.loads(out.getvalue().encode("utf-8"))  # strict UTF-8


def test_each_finding_is_an_issue_with_its_severity_and_place():
    issues = report([YEAR, AUTHOR])
    assert [{k: v for k, v in issue.items() if k != "fingerprint"} for issue in issues] == [
        {"description": "AL303 [globalresearch] copyright year is 2019, but original_date "
                        "says 2021",
         "check_name": "AL303", "severity": "major",
         "location": {"path": "posts/b.md", "lines": {"begin": 39}}},
        {"description": "AL302 [propublica] copyright names Jane Doe, not the author",
         "check_name": "AL302", "severity": "minor",
         "location": {"path": "posts/b.md", "lines": {"begin": 40}}},
    ]


def test_fingerprints_do_not_depend_on_the_line_or_the_checkout(tmp_path):
    moved = Finding(**{**CREDIT.as_dict(), "line": 60, "end_line": 60})
    here = report([CREDIT])[0]["fingerprint"]
    assert report([moved])[0]["fingerprint"] == here
    absolute = Finding(**{**CREDIT.as_dict(), "path": str(tmp_path / CREDIT.path)})
    assert report([absolute], root=str(tmp_path))[0]["fingerprint"] == here
    fingerprints = [issue["fingerprint"] for issue in report([CREDIT, moved, YEAR, AUTHOR])]
    assert len(set(fingerprints)) == 4  # unique, even for identical findings


def test_a_path_that_is_not_utf8_still_gives_valid_json():
    (issue,) = report([HOSTILE])
    assert issue["location"]["path"].endswith("got you\ufffd.md")


def test_the_report_is_ascii_so_any_stream_encoding_keeps_it_valid():
    accented = Finding(**{**YEAR.as_dict(), "path": "posts/café.md", "message": "année ≠ 2021"})
    out = io.StringIO()
    FORMATS["gitlab"]([accented], summary_of([accented]), out, OutputOptions())
    assert out.getvalue().isascii()
    (issue,) = json.loads(out.getvalue())
    assert issue["location"]["path"] == "posts/café.md" and issue["description"].endswith("année ≠ 2021")
