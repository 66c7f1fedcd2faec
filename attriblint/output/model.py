"""What every formatter is given besides the findings: the run's counts and
the caller's choices."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding


@dataclass(frozen=True)
class Summary:
    """The counts of a run, for the last line of the output."""

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


@dataclass(frozen=True)
class OutputOptions:
    """How to write: chosen by the command line, the same for every format.

    ``quiet`` and ``show_hints`` shape the text format only: the other
    formats are documents for tools and are always complete.  ``root`` is
    the folder that SARIF and GitLab paths are made relative to (``None``:
    the current directory), as code-scanning services want paths relative
    to the repository's root.
    """

    colour: bool = False
    quiet: bool = False
    show_hints: bool = True
    root: str | None = None
