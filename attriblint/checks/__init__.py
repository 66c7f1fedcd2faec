"""Requirement kinds: one module each, with its codes and ``check()``.

Each module documents its codes in its docstring-backed ``CODES`` and
provides ``check(document, requirement, applies)``, a generator of findings.
This registry is the only place that lists them.
"""

from __future__ import annotations

from typing import Callable, Iterator

from ..document import Document
from ..findings import Code, Finding
from ..identify import Applies
from ..rules import Requirement
from . import copyright, credit, input, link

Check = Callable[[Document, Requirement, Applies], Iterator[Finding]]

CHECKS: dict[str, Check] = {
    "credit": credit.check,
    "link": link.check,
    "copyright": copyright.check,
}

CODES: dict[str, Code] = {
    code.code: code
    for module in (input, credit, link, copyright)
    for code in module.CODES
}
