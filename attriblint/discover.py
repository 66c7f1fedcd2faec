"""Which files to lint: the paths given, folders walked, by file kind.

Every path the run is asked about ends up as a :class:`Target`: a file to
read, or a path that could not be looked at (a folder that cannot be
listed), which carries its ``problem`` so that it is reported as a finding
instead of being skipped in silence.  Symlinked folders inside a walked
folder are not followed, so a link loop cannot make the walk endless.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from .files import describe_os_error
from .readers import KINDS

# Folders that never hold posts to lint, besides hidden ones (.git, .venv,
# .jekyll-cache ...), which are always skipped.
SKIP_DIRS = frozenset({"venv", "node_modules", "__pycache__"})

# The kind of a target that is a folder attriblint could not list.
FOLDER = "folder"


class UsageError(Exception):
    """A problem with what the user asked for (exit code 2)."""


@dataclass(frozen=True)
class Target:
    path: str  # as the user will see it
    kind: str  # markdown, html, text (or FOLDER for a folder that could not be listed)
    problem: str = ""  # why the path could not be looked at, when it could not


def discover(paths: list[str]) -> tuple[list[Target], list[str]]:
    """Files to lint, and the named files skipped because of their kind.

    Folders are walked (hidden folders and tool caches skipped) for files
    of a known kind; a file named explicitly is linted when its kind is
    known, whatever sort of file it is (the reader refuses what is not a
    regular file).  A folder that cannot be listed becomes a target with a
    ``problem``.  A path that does not exist is a :class:`UsageError`.
    """
    targets: list[Target] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for given in paths:
        try:
            mode = os.stat(given).st_mode
        except (FileNotFoundError, NotADirectoryError):
            raise UsageError(f"{given}: no such file or folder") from None
        except OSError as error:
            _add(targets, seen, Target(given, KINDS.get(_suffix(given), "unknown"),
                                       f"cannot look at it: {describe_os_error(error)}"))
            continue
        if stat.S_ISDIR(mode):
            for target in _walk(given):
                _add(targets, seen, target)
        elif kind := KINDS.get(_suffix(given)):
            _add(targets, seen, Target(given, kind))
        else:
            skipped.append(given)
    return targets, skipped


def _walk(folder: str):
    """Targets in a folder: files of a known kind, and folders that cannot be listed."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        yield from _unlistable(unreadable)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if kind := KINDS.get(_suffix(name)):
                yield Target(os.path.join(root, name), kind)
    yield from _unlistable(unreadable)


def _unlistable(errors: list[OSError]):
    while errors:
        error = errors.pop(0)
        yield Target(error.filename, FOLDER, f"cannot list folder: {describe_os_error(error)}")


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _add(targets: list[Target], seen: set[str], target: Target) -> None:
    key = os.path.normpath(target.path)
    if key not in seen:
        seen.add(key)
        targets.append(Target(key, target.kind, target.problem))
