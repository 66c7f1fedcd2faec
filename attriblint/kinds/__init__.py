"""Requirement kinds: one module each.

A kind module (``credit.py``, ``pixel.py``, ``no_derivatives.py``...)
declares everything about its kind, and nothing else lists them:

* ``KIND``: its name in rule files and in the JSON output's ``kind``;
* ``SUMMARY``: one line, for the README's table and ``attriblint rules show``;
* ``OPTIONS``: the JSON Schema ``properties`` of a ``requires`` item of
  this kind (its own key, and the options allowed beside it), from which
  the rule schema is built (``attriblint/ruleschema.py``);
* ``CODES``: its finding codes with their ``explain`` documentation;
* ``build(item, context)``: the item (validated against ``OPTIONS``) as a
  :class:`~attriblint.rules.Requirement`, templates and patterns compiled;
* ``check(document, requirement, applies)``: its findings;
* ``describe(requirement)``: the requirement in words.

Modules whose name starts with ``_`` are helpers shared by the kinds.
Adding a kind is adding its module (and its tests): this package finds it.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from ..findings import Code
from . import _input


@lru_cache(maxsize=1)
def kinds() -> dict[str, ModuleType]:
    """Every kind module, by ``KIND``, in the order of their first code."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "KIND"):
            found.append(module)
    found.sort(key=lambda module: module.CODES[0].code)
    return {module.KIND: module for module in found}


@lru_cache(maxsize=1)
def codes() -> dict[str, Code]:
    """Every finding code, input errors and suppression codes first, by code."""
    from .. import suppress

    modules = (_input, suppress, *kinds().values())
    return {code.code: code for module in modules for code in module.CODES}


def kind_of_code(code: str) -> str:
    """The kind a code belongs to: a requirement kind, "suppression" (AL010
    to AL012) or "input" (files not checked)."""
    from .. import suppress

    if any(c.code == code for c in suppress.CODES):
        return "suppression"
    for kind, module in kinds().items():
        if any(c.code == code for c in module.CODES):
            return kind
    return "input"
