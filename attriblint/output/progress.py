"""A progress bar on stderr for long runs on a terminal.

The caller decides when (a terminal, not ``--quiet``, many files); tqdm is
imported only then, so that every other run does not pay for it.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO


class _NoProgress:
    """The bar when there is none: every call does nothing."""

    def __enter__(self) -> "_NoProgress":
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        return None


class _Bar:
    """A tqdm bar counting files (or pages...), removed from the screen when done."""

    def __init__(self, total: int | None, stream: TextIO, unit: str) -> None:
        self._total = total
        self._stream = stream
        self._unit = unit
        self._bar: Any = None

    def __enter__(self) -> "_Bar":
        from tqdm import tqdm

        # No monitor thread: the linter forks its worker processes while the
        # bar is shown, and forking a process with threads can deadlock.
        tqdm.monitor_interval = 0
        self._bar = tqdm(total=self._total, file=self._stream, unit=self._unit,
                         leave=False, dynamic_ncols=True)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._bar.close()

    def advance(self, n: int = 1) -> None:
        self._bar.update(n)


def progress(total: int | None, enabled: bool, stream: TextIO | None = None,
             unit: str = "file") -> _Bar | _NoProgress:
    """A context manager whose ``.advance(n)`` counts ``n`` more files (or
    ``unit``) done, of ``total`` (None: not known in advance)."""
    if not enabled:
        return _NoProgress()
    return _Bar(total, stream if stream is not None else sys.stderr, unit)
