"""The folder where attriblint keeps what it can work out again (compiled
rules, the engine code of its own patterns), and how files get there.

``$ATTRIBLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/attriblint``, else
``~/.cache/attriblint``; an empty ``ATTRIBLINT_CACHE_DIR`` turns caching
off.  The folder is used only if it belongs to the current user and others
cannot write to it, and files are written atomically, owner-only: what is
read back from it is data this user's attriblint wrote, and each reader
still checks it (a checksum, its format) before trusting it.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from .files import FileNotRead, read_regular_file

try:
    # hashlib's own SHA-256, without hashlib: importing hashlib loads
    # OpenSSL, a tenth of a pre-commit run's instructions.
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # a Python built without them
        from hashlib import sha256


def cache_dir() -> Path | None:
    """The configured cache folder (perhaps not there yet); None when off."""
    configured = os.environ.get("ATTRIBLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "attriblint"


def usable_folder(folder: Path) -> Path | None:
    """``folder``, created owner-only if absent, or None if another user
    owns it or others may write to it (they could plant entries)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    if os.name == "posix" and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return None
    return folder


def checksum(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return sha256(data).hexdigest()


# A cache file is three parts, one after the other: a header line (a JSON
# object: format, version, checksum...), a JSON line (the data) and the
# engine code the data points into (bytes, which may hold any byte).


def entry_bytes(header: dict[str, Any], body: bytes, code: bytes) -> bytes:
    """A cache file of ``header``, ``body`` (one line of JSON) and ``code``."""
    return json.dumps(header).encode("ascii") + b"\n" + body + b"\n" + bytes(code)


def read_entry_parts(path: Path, max_bytes: int) -> tuple[dict[str, Any], bytes, bytes] | None:
    """The header, body and code of the cache file at ``path``; None if it is
    absent, unreadable, larger than ``max_bytes``, not a regular file, or
    has no header object.  What the header says is for the caller to check."""
    try:
        data = read_regular_file(path, max_bytes)
    except FileNotRead:  # absent, unreadable, too large, or a FIFO planted there
        return None
    # Sliced once each: partitioning twice copied the megabyte of code twice.
    first = data.find(b"\n")
    second = data.find(b"\n", first + 1) if first >= 0 else -1
    if second < 0:
        return None
    header, body, code = data[:first], data[first + 1:second], data[second + 1:]
    try:
        about = json.loads(header)
    except (ValueError, RecursionError):
        return None
    return (about, body, code) if isinstance(about, dict) else None


def write_atomically(path: Path, data: bytes) -> None:
    """Store ``data`` at ``path`` (a temporary file in the same folder,
    fsync, rename), readable by the owner only; failures are ignored: a
    cache that cannot be written is only slower."""
    import tempfile  # only when a file is written: it imports shutil and random

    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-",
                                             suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:  # mkstemp made it 0600
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
