"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

JUnit has tests, not findings, and attriblint is told only about files with
findings, so: one ``testsuite`` named attriblint; one ``testcase`` per file
with findings, named by its path.  A file that could not be checked (an
input finding, AL0xx) is an ``error``; a file with errors is a ``failure``;
a file with warnings only passes, its warnings in ``system-out``.  Clean
files are not listed: the suite's ``properties`` give the run's counts
(files checked, errors, warnings, files not checked).

XML 1.0 cannot hold most control characters, even as references, nor the
bytes of a file name that are not UTF-8: those are written escaped
(``\\x1b``, ``\\xff``) as in the text format.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TextIO

from ..findings import Finding
from .escaping import escape
from .model import OutputOptions, Summary

# What XML 1.0 forbids beyond what escape() already escapes.
_NOT_XML = re.compile("[\ufffe\uffff]")


def write_junit(findings: list[Finding], summary: Summary, out: TextIO,
                options: OutputOptions = OutputOptions()) -> None:
    suite = test_suite(findings, summary)
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    # ASCII (character references) so that the document is valid whatever
    # encoding the stream has.
    out.write(ET.tostring(suite, encoding="unicode").encode("ascii", "xmlcharrefreplace")
              .decode("ascii"))
    out.write("\n")


def test_suite(findings: list[Finding], summary: Summary) -> ET.Element:
    """The ``testsuite`` element: a ``testcase`` per file with findings."""
    by_file = [(path, list(group))
               for path, group in groupby(sorted(findings, key=_file_order), key=_path)]
    cases = [_test_case(path, group) for path, group in by_file]
    suite = ET.Element("testsuite", {
        "name": "attriblint", "tests": str(len(cases)),
        "failures": str(sum(case.find("failure") is not None for case in cases)),
        "errors": str(sum(case.find("error") is not None for case in cases)),
        "skipped": "0"})
    properties = ET.SubElement(suite, "properties")
    for name, value in (("files", summary.files), ("errors", summary.errors),
                        ("warnings", summary.warnings), ("unchecked", summary.unchecked)):
        ET.SubElement(properties, "property", {"name": name, "value": str(value)})
    suite.extend(cases)
    return suite


def _test_case(path: str, findings: list[Finding]) -> ET.Element:
    case = ET.Element("testcase", {"name": xml_text(path), "classname": "attriblint",
                                   "file": xml_text(path)})
    lines = "\n".join(_finding_line(f) for f in findings) + "\n"
    errors = [f for f in findings if f.severity == "error"]
    unreadable = [f for f in findings if f.kind == "input"]
    if unreadable:
        _outcome(case, "error", unreadable[0], lines)
    elif errors:
        _outcome(case, "failure", errors[0], lines, count=len(errors))
    else:
        ET.SubElement(case, "system-out").text = lines
    return case


def _outcome(case: ET.Element, tag: str, first: Finding, lines: str, count: int = 1) -> None:
    message = xml_text(first.message) if count == 1 else f"{count} errors"
    element = ET.SubElement(case, tag, {"message": message, "type": xml_text(first.code)})
    element.text = lines


def _finding_line(finding: Finding) -> str:
    level = "" if finding.severity == "error" else f"{finding.severity}: "
    return xml_text(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
                    f"[{finding.rule}] {level}{finding.message}")


def xml_text(text: str) -> str:
    """``text`` with everything XML 1.0 cannot hold written as an escape."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", escape(text))


def _path(finding: Finding) -> str:
    return finding.path


def _file_order(finding: Finding) -> tuple[str, int, int]:
    return (finding.path, finding.line, finding.column)
