"""Writing findings: one findings model, many formats.

Every formatter takes ``(findings, summary, out, options)``; ``FORMATS``
maps the ``--format`` names to them.  A format's module is imported only
when it is used: every pre-commit run pays for the text format alone (the
XML and hashing the others need cost milliseconds of start-up).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Callable, TextIO

from ..findings import Finding
from .colour import want_colour
from .escaping import escape
from .model import OutputOptions, Summary
from .progress import progress
from .statistics import write_statistics

Formatter = Callable[[list[Finding], Summary, TextIO, OutputOptions], None]

# --format name -> (module in this package, its formatter)
_FORMATTERS = {
    "text": ("text", "write_text"),
    "json": ("json_format", "write_json"),
    "sarif": ("sarif", "write_sarif"),
    "github": ("github", "write_github"),
    "junit": ("junit", "write_junit"),
    "gitlab": ("gitlab", "write_gitlab"),
}


class _Formats(Mapping[str, Formatter]):
    """The formatters by name, each module imported on first use."""

    def __getitem__(self, name: str) -> Formatter:
        module, function = _FORMATTERS[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)

    def __iter__(self) -> Iterator[str]:
        return iter(_FORMATTERS)

    def __len__(self) -> int:
        return len(_FORMATTERS)


FORMATS: Mapping[str, Formatter] = _Formats()

__all__ = ["FORMATS", "Formatter", "OutputOptions", "Summary", "escape", "progress",
           "want_colour", "write_statistics"]
