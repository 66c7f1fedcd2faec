"""What a check reports: a small, sortable value."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .fixing.model import Fix


@dataclass(frozen=True, order=True, slots=True)  # a run may hold tens of thousands
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
    # How ``attriblint fix`` repairs it, if it can; else, when it is worth
    # saying, why not (what metadata would make it fixable).
    fix: "Fix | None" = field(default=None, compare=False)
    fix_note: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Code:
    """A finding code and its documentation (``attriblint explain CODE``)."""

    code: str
    name: str
    summary: str
    doc: str
    # What ``attriblint fix`` does about it, or why it never can.
    fix: str = ""
    not_fixable: str = ""

    @property
    def explained(self) -> str:
        """What ``attriblint explain`` prints under the title: the doc, and
        what ``attriblint fix`` does."""
        if self.fix:
            return f"{self.doc}\n\nAutomatic fix: {self.fix}"
        if self.not_fixable:
            return f"{self.doc}\n\nAutomatic fix: none ({self.not_fixable})."
        return self.doc
