"""GitHub Actions workflow commands: each finding an annotation on the
pull request's diff (``::error file=…,line=…::message``).

A workflow command is one line of the job's log: the runner decodes ``%25``,
``%0D`` and ``%0A`` in it, and in a property (``file=``, ``title=``) also
``%3A`` and ``%2C``.  Encoding those characters keeps a file name with a
newline, a comma or ``::`` from ending the command early or forging another
one; other control characters are shown escaped, as in the text format.
"""

from __future__ import annotations

from typing import TextIO

from ..findings import Finding
from .escaping import escape
from .model import OutputOptions, Summary


def write_github(findings: list[Finding], summary: Summary, out: TextIO,
                 options: OutputOptions = OutputOptions()) -> None:
    for finding in findings:
        out.write(annotation(finding) + "\n")


def annotation(finding: Finding) -> str:
    """One ``::error`` or ``::warning`` command for ``finding``."""
    command = "error" if finding.severity == "error" else "warning"
    properties = ",".join(f"{key}={escape_property(value)}"
                          for key, value in _properties(finding))
    return f"::{command} {properties}::{escape_data(finding.message)}"


def _properties(finding: Finding) -> list[tuple[str, str]]:
    """file, line, col and, on one line, the end; GitHub's end column is the
    last column of the annotation (inclusive), attriblint's end is exclusive."""
    properties = [("file", finding.path), ("line", str(finding.line)),
                  ("col", str(finding.column))]
    if finding.end_line == finding.line and finding.end_column > finding.column:
        properties += [("endLine", str(finding.end_line)),
                       ("endColumn", str(finding.end_column - 1))]
    elif finding.end_line > finding.line:
        properties.append(("endLine", str(finding.end_line)))
    properties.append(("title", f"{finding.code} [{finding.rule}]"))
    return properties


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF percent-encoded, other controls escaped."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape(encoded)


def escape_property(text: str) -> str:
    """A command's property value: as a message, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
