"""Globs as ``.gitignore`` writes them (``public/``, ``**/drafts/``,
``!keep.md``), compiled with pathspec: one place for ``include``,
``exclude``, ``per-path-ignores`` and ``.gitignore`` files.

A ``.gitignore`` line git cannot use (``!`` alone, ``[z-a]``) is skipped, as
git skips it; in the configuration it is an error (see ``glob_problem``).
pathspec's fastest backend (re2) refuses very many patterns at once; the
pure-Python one is used then.  pathspec is imported only when there are
globs to match.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable glob, or None."""
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([pattern], backend="simple")
    except re.error as error:
        return f"not a valid glob ({error.msg})"
    except ValueError as error:
        return f"not a valid glob ({error})"
    return None


@lru_cache(maxsize=256)
def compile_globs(patterns: tuple[str, ...]):
    """A pathspec ``GitIgnoreSpec`` of the usable ``patterns`` (compiled once
    per process: per-path ignores are matched for every file)."""
    import pathspec

    usable = [pattern for pattern in patterns if glob_problem(pattern) is None]
    try:
        return pathspec.GitIgnoreSpec.from_lines(usable)
    except Exception:  # noqa: BLE001 - re2's own error type: too many patterns for one set
        return pathspec.GitIgnoreSpec.from_lines(usable, backend="simple")
