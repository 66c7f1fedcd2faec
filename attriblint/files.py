"""Reading a file that someone else may have put there: posts, rule files,
cache entries.

Only regular files are read, and at most a given number of bytes: a FIFO
would block forever and a device such as ``/dev/zero`` never ends.  The file
is opened non-blocking and checked again once open (it may have been
replaced in between), and only what the limit allows is read (it may be
growing), in a buffer no larger than the file.
"""

from __future__ import annotations

import os
import stat


_CHUNK = 1024 * 1024


class FileNotRead(Exception):
    """A file that is not read; the message says why, without its path."""


def read_regular_file(path: str | os.PathLike[str], limit: int, what: str = "--max-file-size"
                      ) -> bytes:
    """The bytes of the regular file ``path`` of at most ``limit`` bytes;
    raises :class:`FileNotRead` for anything else.  ``what`` names the
    setting behind the limit, for the message."""
    try:
        _check_regular(os.stat(path), limit, what)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            info = os.fstat(fd)
            _check_regular(info, limit, what)
            data = handle.read(min(limit, info.st_size) + 1)
            while len(data) <= limit and len(data) > info.st_size:  # it is growing
                more = handle.read(min(limit + 1 - len(data), _CHUNK))
                if not more:
                    break
                data += more
    except OSError as error:
        raise FileNotRead(f"cannot read file: {describe_os_error(error)}") from None
    if len(data) > limit:
        raise FileNotRead(_too_large(limit, what))
    return data


def describe_os_error(error: OSError) -> str:
    """The system's reason, without the path the message already names."""
    return (error.strerror or type(error).__name__).lower()


def format_size(size: int) -> str:
    """``10M``, ``500k`` or ``1234 bytes``, as ``--max-file-size`` accepts them."""
    for unit, factor in (("G", 1024 ** 3), ("M", 1024 ** 2), ("k", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size} bytes"


def _check_regular(info: os.stat_result, limit: int, what: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise FileNotRead(f"not read: not a regular file ({_file_type(info.st_mode)})")
    if info.st_size > limit:
        raise FileNotRead(_too_large(limit, what))


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def _too_large(limit: int, what: str) -> str:
    return f"not read: larger than the {format_size(limit)} limit ({what})"
