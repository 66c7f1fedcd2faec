"""The engine code of attriblint's own regular expressions, kept between
runs, so that a pre-commit run does not compile them all again.

attriblint's modules compile some 190 patterns when they are imported
(``re.compile`` at module level), about 30 ms of a 5-post run's 180 ms:
``re`` parses and compiles each one in Python.  ``re`` keeps what it
compiled in a cache of its own, keyed by source, type and flags, for the
life of the process.  :func:`preload` fills that cache before the modules
are imported, with patterns rebuilt from their stored engine code
(``regexcode.py``), so the modules' ``re.compile`` finds them there; at the
end of the run, :func:`save` stores what the run compiled that an earlier
run compiled too.  Nothing else changes: a pattern rebuilt from its code is
the pattern ``re.compile`` makes, and anything absent, foreign or damaged
is compiled as usual.

Only patterns compiled in two runs are stored: the modules' are compiled in
every run until they are stored.  The patterns of rule files (long
alternations, most of a megabyte of code, which the rule cache keeps) and
those made of a post's own words are compiled without ``re``'s cache
(``regexcode.compile_uncached``); anything else compiled in one run only is
noted as seen, by a checksum, and stored if it comes back.

A store that is damaged, foreign or not this Python's is ignored, and a
record that cannot be rebuilt is compiled by its module as usual.  The code
itself is trusted once the file's checksum matches: only this user can
write the folder (see SECURITY.md).

The store is one file per Python (``patterns-cpython-311.json`` and so on)
in the cache folder (``cachefolder.py``): a header line (format, version,
the exact Python, the checksum of the rest), a JSON line (each pattern's
source, flags and where its code is; the marks of those seen once) and the
code.  It holds at most :data:`MAX_PATTERNS` patterns and
:data:`MAX_SEEN` marks, the most recent.  Both functions rely on ``re``'s
private cache; where it is not the dictionary they expect, they do nothing.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from .cachefolder import checksum, entry_bytes, read_entry_parts, usable_folder, write_atomically
from .regexcode import code_of, rebuild

FORMAT = "attriblint-pattern-code"
FORMAT_VERSION = 1
# re's own cache holds 512 patterns; the run's others need room there too.
MAX_PATTERNS = 400
MAX_SEEN = 2000
MAX_STORE_BYTES = 8 * 1024 * 1024

# The key re's cache files a pattern under: its type, source and flags.
Key = tuple[type, "str | bytes", int]
# A stored pattern: source (bytes as Latin-1 text), flags, about its code, the code.
Record = tuple["str | bytes", int, dict[str, Any], bytes]


# The flags a stored pattern may have (DEBUG would print, and is never cached).
_FLAGS = (re.IGNORECASE | re.LOCALE | re.MULTILINE | re.DOTALL | re.UNICODE | re.VERBOSE
          | re.ASCII)


def store_path(folder: Path) -> Path:
    return folder / f"patterns-{sys.implementation.cache_tag}.json"


def preload(folder: Path | None) -> frozenset[Key]:
    """Put the patterns stored in ``folder`` into ``re``'s cache (those it
    does not hold already); returns the keys of every pattern ``re``'s cache
    holds now, for :func:`save` to tell what the run adds."""
    cache = _re_cache()
    if cache is None:
        return frozenset()
    usable = usable_folder(folder) if folder is not None else None
    room = getattr(re, "_MAXCACHE", 512)
    for source, flags, about, code in _read(store_path(usable))[0] if usable else ():
        if len(cache) >= room:
            break
        key = (type(source), source, flags)
        if key in cache:
            continue
        try:
            cache[key] = rebuild(source, flags, about, code)
        except Exception:  # noqa: BLE001 - data no run wrote: the module compiles it
            continue
    return frozenset(cache)


def save(folder: Path | None, known: frozenset[Key]) -> None:
    """Store the patterns ``re``'s cache holds that are not in ``known``
    (what :func:`preload` returned) and that an earlier run compiled too;
    note the others as seen.  Nothing is written when nothing is new."""
    cache = _re_cache()
    if cache is None or folder is None:
        return
    added = [key for key in list(cache) if key not in known and _storable(key)]
    if not added:
        return
    usable = usable_folder(folder)
    if usable is None:
        return
    path = store_path(usable)
    records, seen = _read(path)
    stored = {(source, flags): (about, code) for source, flags, about, code in records}
    changed = False
    for kind, source, flags in added:
        flags = int(flags)  # Python 3.13's re.sub gives a subclass of int
        if (source, flags) in stored:
            continue  # stored, but not in re's cache when the run began (it was full)
        mark = _mark(source, flags)
        changed = True
        if mark not in seen:
            seen[mark] = None
            continue
        made = code_of(cache[kind, source, flags])
        if made is not None:
            del seen[mark]
            stored[source, flags] = made  # last: the most recent are kept
    data = _encode(list(stored.items())[-MAX_PATTERNS:], list(seen)[-MAX_SEEN:]) \
        if changed else None
    if data is not None:
        write_atomically(path, data)


def _mark(source: str | bytes, flags: int) -> str:
    """What the store remembers of a pattern it has seen once: not its
    source (it may be long, or words of a post), a checksum of it."""
    kind = "b" if isinstance(source, bytes) else "s"
    text = source.decode("latin-1") if isinstance(source, bytes) else source
    return checksum(f"{kind}{flags}:{text}".encode("utf-8", "surrogatepass"))[:32]


def _re_cache() -> dict[Any, Any] | None:
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) else None


def _storable(key: Any) -> bool:
    """A pattern of text or bytes, compiled without DEBUG (which ``re``
    never caches anyway)."""
    return (isinstance(key, tuple) and len(key) == 3 and key[0] in (str, bytes)
            and type(key[1]) is key[0] and isinstance(key[2], int) and not key[2] & re.DEBUG)


def _encode(patterns: list[tuple[tuple[str | bytes, int], tuple[dict[str, Any], bytes]]],
            seen: list[str]) -> bytes | None:
    records, code = [], bytearray()
    for (source, flags), (about, ops) in patterns:
        about = dict(about, at=len(code), length=len(ops))
        if isinstance(source, bytes):
            source, about["bytes"] = source.decode("latin-1"), True
        records.append([source, flags, about])
        code += ops
    try:
        body = json.dumps({"patterns": records, "seen": seen}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return None
    header = {"format": FORMAT, "version": FORMAT_VERSION, "python": sys.version,
              "checksum": checksum(body + b"\n" + bytes(code))}
    return entry_bytes(header, body, code)


def _read(path: Path) -> tuple[list[Record], dict[str, None]]:
    """The patterns stored at ``path``, and the marks of those seen once;
    none if the file is absent, damaged or not exactly this version's and
    this Python's."""
    nothing: tuple[list[Record], dict[str, None]] = ([], {})
    parts = read_entry_parts(path, MAX_STORE_BYTES)
    if parts is None:
        return nothing
    header, body, code = parts
    if not (header.get("format") == FORMAT and header.get("version") == FORMAT_VERSION
            and header.get("python") == sys.version
            and header.get("checksum") == checksum(body + b"\n" + code)):
        return nothing
    try:
        stored = json.loads(body.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError):
        return nothing
    if not (isinstance(stored, dict) and isinstance(stored.get("patterns"), list)
            and isinstance(stored.get("seen"), list)
            and all(isinstance(mark, str) for mark in stored["seen"])):
        return nothing
    found: list[Record] = []
    for record in stored["patterns"]:
        if not (isinstance(record, list) and len(record) == 3 and isinstance(record[0], str)
                and type(record[1]) is int and not record[1] & ~_FLAGS
                and isinstance(record[2], dict)):
            return nothing
        source, flags, about = record
        at, length = about.get("at"), about.get("length")
        if not (type(at) is int and type(length) is int and 0 <= at <= at + length <= len(code)):
            return nothing
        if about.get("bytes") is True:
            try:
                source = source.encode("latin-1")
            except UnicodeEncodeError:
                return nothing
        found.append((source, flags, about, code[at:at + length]))
    return found, dict.fromkeys(stored["seen"])
