"""What a fix is: edits of the source, and whether they are safe to apply."""

from __future__ import annotations

from dataclasses import dataclass

SAFE = "safe"
UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` with ``text`` (``start == end``: insert).

    Offsets are into ``Document.source``: the decoded file without its BOM,
    with the file's own line endings.  The 1-based positions say the same
    for people and editors (the end is exclusive, as a finding's).
    """

    start: int
    end: int
    text: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    """How to repair one finding.

    ``safety`` is ``"safe"`` when the fix only adds what the terms ask for
    from complete metadata, and ``"unsafe"`` when it replaces something the
    author wrote (a link's target, a year, a name): those are applied only
    with ``--unsafe-fixes``.  ``description`` says what it does, for people.
    """

    edits: tuple[Edit, ...]
    safety: str
    description: str

    @property
    def start(self) -> int:
        return min(edit.start for edit in self.edits)

    @property
    def end(self) -> int:
        return max(edit.end for edit in self.edits)
