"""What a check reports: a small, sortable value."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at ``path:line:column`` (1-based; the end is exclusive)."""

    path: str
    line: int
    column: int
    code: str
    rule: str  # rule id, or "attriblint" for input errors
    kind: str  # credit, link, copyright, input
    severity: str  # error, warning
    message: str
    end_line: int = 0
    end_column: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Code:
    """A finding code and its documentation (``attriblint explain CODE``)."""

    code: str
    name: str
    summary: str
    doc: str
