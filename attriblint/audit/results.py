"""An audit's results file: JSON Lines, one object per page, resumable.

Each result is written as one whole line and flushed, so an audit stopped
by Ctrl-C leaves a valid file.  A run killed in the middle of a write can
leave a last line cut short: the next run over the same file drops that
line (and audits its page again) before appending.  ``record`` keys what
is done: a rerun skips every record already in the file.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from typing import Any, TextIO


class ResultsFileError(ValueError):
    """The results file to resume cannot be read or written."""


@dataclass(frozen=True)
class Resumed:
    """What a results file already holds."""

    done: set[str]
    compliant: int
    not_compliant: int


def check_output(path: str, sources: list[str]) -> None:
    """ResultsFileError unless ``path`` can hold results: a regular file
    (or none yet) that is not one of the sources, nor inside a source folder
    (a FIFO would block, ``/dev/zero`` never end, and an audit writing into
    what it reads would destroy its input or audit its own results)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise ResultsFileError(f"{path}: cannot use it for the results "
                               f"({error.strerror or error})") from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise ResultsFileError(f"{path}: not a regular file; give a file for the results")
    here = os.path.realpath(path)
    for source in sources:
        if source.lower().startswith(("http://", "https://")):
            continue
        there = os.path.realpath(source)
        if here == there or here.startswith(there.rstrip(os.sep) + os.sep):
            raise ResultsFileError(f"{path}: the results would be written into the source "
                                   f"{source}; give a file outside it")


def read_done(path: str, rule: str) -> Resumed:
    """The records in an existing results file (none if it does not exist),
    without its cut-short last line.  ResultsFileError when it holds the
    results of another rule: resuming would skip pages never audited under
    this one."""
    done: set[str] = set()
    counts = [0, 0]
    try:
        with open(path, "rb") as lines:
            for number, line in enumerate(lines, 1):
                if not line.endswith(b"\n"):
                    break  # cut short: audited again
                try:
                    result = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if not isinstance(result, dict) or not isinstance(result.get("record"), str):
                    continue
                if result.get("rule") not in (rule, None):
                    raise ResultsFileError(
                        f"{path}:{number}: holds results for the rule {result['rule']!r}, "
                        f"not {rule!r}; give another results file")
                done.add(result["record"])
                if result.get("compliant") is True:
                    counts[0] += 1
                elif result.get("compliant") is False:
                    counts[1] += 1
    except FileNotFoundError:
        pass
    except OSError as error:
        raise ResultsFileError(f"{path}: cannot read it to resume "
                               f"({error.strerror or error})") from None
    return Resumed(done, counts[0], counts[1])


class ResultsWriter:
    """Appends results to a file (or writes them to a stream), a line at a time."""

    def __init__(self, out: TextIO, owned: bool = False) -> None:
        self._out = out
        self._owned = owned  # a file it opened, to close (not stdout)

    @classmethod
    def append_to(cls, path: str) -> "ResultsWriter":
        """A writer appending to ``path``, its cut-short last line removed."""
        try:
            _drop_partial_line(path)
            return cls(open(path, "a", encoding="utf-8"), owned=True)
        except OSError as error:
            raise ResultsFileError(f"{path}: cannot write the results "
                                   f"({error.strerror or error})") from None

    def write(self, result: dict[str, Any]) -> None:
        line = json.dumps(result, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: \udcXX escapes
            line = json.dumps(result)
        self._out.write(line + "\n")
        self._out.flush()

    def close(self) -> None:
        if self._owned:
            self._out.close()


def _drop_partial_line(path: str) -> None:
    """Cut a file that does not end with a line break back to its last one."""
    try:
        stream = open(path, "rb+")
    except FileNotFoundError:
        return
    with stream:
        size = stream.seek(0, os.SEEK_END)
        if size == 0:
            return
        stream.seek(size - 1)
        if stream.read(1) == b"\n":
            return
        end = size
        while end > 0:
            start = max(0, end - 65536)
            stream.seek(start)
            chunk = stream.read(end - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                stream.truncate(start + newline + 1)
                return
            end = start
        stream.truncate(0)
