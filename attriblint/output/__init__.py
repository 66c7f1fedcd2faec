"""Writing findings: one findings model, many formats.

Every formatter takes ``(findings, summary, out, options)``; ``FORMATS``
maps the ``--format`` names to them.
"""

from __future__ import annotations

from typing import Callable, TextIO

from ..findings import Finding
from .colour import want_colour
from .escaping import escape
from .github import write_github
from .gitlab import write_gitlab
from .json_format import write_json
from .junit import write_junit
from .model import OutputOptions, Summary
from .progress import progress
from .sarif import write_sarif
from .statistics import write_statistics
from .text import write_text

Formatter = Callable[[list[Finding], Summary, TextIO, OutputOptions], None]

FORMATS: dict[str, Formatter] = {
    "text": write_text,
    "json": write_json,
    "sarif": write_sarif,
    "github": write_github,
    "junit": write_junit,
    "gitlab": write_gitlab,
}

__all__ = ["FORMATS", "Formatter", "OutputOptions", "Summary", "escape", "progress",
           "want_colour", "write_json", "write_statistics", "write_text"]
