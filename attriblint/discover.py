"""Which files to lint: the paths given, folders walked, by file kind."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .readers import KINDS

# Folders that never hold posts to lint, besides hidden ones (.git, .venv,
# .jekyll-cache ...), which are always skipped.
SKIP_DIRS = frozenset({"venv", "node_modules", "__pycache__"})


class UsageError(Exception):
    """A problem with what the user asked for (exit code 2)."""


@dataclass(frozen=True)
class Target:
    path: str  # as the user will see it
    kind: str  # markdown, html, text


def discover(paths: list[str]) -> tuple[list[Target], list[str]]:
    """Files to lint, and the named files skipped because of their kind.

    Folders are walked (hidden folders and tool caches skipped) for files
    of a known kind; a file named explicitly is linted when its kind is
    known.  A path that does not exist is a :class:`UsageError`.
    """
    targets: list[Target] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    kind = KINDS.get(os.path.splitext(name)[1].lower())
                    if kind:
                        _add(targets, seen, os.path.join(root, name), kind)
        elif path.is_file():
            kind = KINDS.get(path.suffix.lower())
            if kind:
                _add(targets, seen, given, kind)
            else:
                skipped.append(given)
        else:
            raise UsageError(f"{given}: no such file or folder")
    return targets, skipped


def _add(targets: list[Target], seen: set[str], path: str, kind: str) -> None:
    key = os.path.normpath(path)
    if key not in seen:
        seen.add(key)
        targets.append(Target(key, kind))
