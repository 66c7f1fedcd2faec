"""A cache of compiled rules, so that a pre-commit run on a handful of
files imports neither pyparsing, ruamel.yaml nor the schema validator.

The cache key is a hash of attriblint's version, the rule compiler's files
and every rule file's path and bytes: an edited rule file is compiled (and
validated) again.  Entries
live in ``$ATTRIBLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/attriblint``, else
``~/.cache/attriblint``; setting ``ATTRIBLINT_CACHE_DIR`` to an empty string
turns the cache off.  A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__
from . import rules as rule_loader
from . import template as template_compiler
from .rules import Rule, load_rules


def cache_dir() -> Path | None:
    configured = os.environ.get("ATTRIBLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "attriblint"


def load_rules_cached(paths: list[Path]) -> list[Rule]:
    """Like :func:`attriblint.rules.load_rules`, through the cache."""
    folder = cache_dir()
    if folder is None:
        return load_rules(paths)
    try:
        digest = hashlib.sha256(__version__.encode())
        # A development checkout changes the compiler without a new version.
        for module in (template_compiler, rule_loader):
            stat = os.stat(module.__file__ or "")
            digest.update(f"{stat.st_mtime_ns} {stat.st_size}".encode())
        for path in paths:
            digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return load_rules(paths)  # let the loader report the unreadable file
    entry = folder / f"rules-{digest.hexdigest()[:32]}.pickle"
    try:
        with open(entry, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # absent, unreadable or from an incompatible build
        pass
    rules = load_rules(paths)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
            pickle.dump(rules, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, entry)
    except OSError:
        pass
    return rules
