"""A cache of compiled rules, so that a pre-commit run on a handful of
files imports neither pyparsing, ruamel.yaml nor the schema validator.

An entry is data, never code: JSON of the compiled rules (rule fields,
template fields, regular expressions as source and flags), rebuilt into
:class:`~attriblint.rules.Rule` objects on load by following the
dataclasses' type annotations, so a new field needs no change here and a
planted entry can name no other class than those annotations allow.
Regular expressions from an entry are built when first used, from the
engine code stored with them (``regexcode.py``) rather than compiled again:
a run on posts that repost nobody never pays for them, and a run that uses
a template pays microseconds, not milliseconds.  An entry is three parts:
a header line (format, version, key and the checksum of the second part),
the rules' data (a JSON line), and the patterns' engine code (bytes, each
pattern's with its own checksum in the data, checked when it is used).  A
damaged entry is rebuilt, or a damaged pattern's code compiled again,
rather than failing later.

The key is a SHA-256 of every ``.py`` and ``.json`` file of the installed
``attriblint`` package (the compiler, the schema: their sizes, times and
inodes, see :func:`cache_key`), the Python version, and every rule file's
path and bytes: anything that shapes the compiled rules.
Entries live in the cache folder (``cachefolder.py``: owner-only, written
atomically; an empty ``ATTRIBLINT_CACHE_DIR`` turns the cache off).  An
entry that cannot be read, or is not exactly what this version writes, is
ignored and rebuilt.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
import sys
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from .cachefolder import (cache_dir, checksum as _checksum, entry_bytes, read_entry_parts,
                          sha256, usable_folder, write_atomically)
from .files import FileNotRead, read_regular_file
from .regexcode import code_of, rebuild
from .rules import MAX_RULE_FILE_BYTES, LinearPattern, Rule, load_rules

FORMAT = "attriblint-compiled-rules"
FORMAT_VERSION = 2  # 2: a header line; patterns carry their engine code
PACKAGE_ROOT = Path(__file__).resolve().parent
# A cache entry of the bundled rules is about 1.7 MB, most of it their
# patterns' engine code; anything far larger was not written by attriblint.
MAX_ENTRY_BYTES = 16 * 1024 * 1024


class _NotCacheable(Exception):
    """A value or an annotation that this module cannot turn into JSON."""


class _ForeignEntry(Exception):
    """Cached data that does not have the shape the annotations ask for."""


def load_rules_cached(paths: list[Path]) -> list[Rule]:
    """Like :func:`attriblint.rules.load_rules`, through the cache."""
    configured = cache_dir()
    folder = usable_folder(configured) if configured is not None else None
    if folder is None:
        return load_rules(paths)
    try:
        key = cache_key(paths)
    except (OSError, FileNotRead):
        return load_rules(paths)  # let the loader report the unreadable file
    entry = folder / f"rules-{key[:32]}.json"
    cached = read_entry(entry, key)
    if cached is not None:
        return cached
    rules = load_rules(paths)
    write_entry(entry, key, rules)
    return rules


# -- key ---------------------------------------------------------------------
def package_files(root: Path) -> list[tuple[str, os.stat_result]]:
    """The package's source and data files that shape compiled rules: each
    one's path under ``root`` and what the file system says of it."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in names:
            if name.endswith((".py", ".json")):
                path = os.path.join(folder, name)
                info = os.stat(path)
                if stat.S_ISREG(info.st_mode):
                    found.append((Path(path).relative_to(root).as_posix(), info))
    return sorted(found, key=lambda item: item[0])


def cache_key(paths: list[Path], package_root: Path | None = None) -> str:
    """Hex SHA-256 of the package's files (those under ``package_root``,
    by default the installed package), the Python version and the rule
    files (path and bytes); raises OSError or FileNotRead if a file cannot
    be read (a rule file that is a FIFO or a device is never read here).

    A package file counts by its size, modification and change times and
    inode, not its bytes: reading and hashing the package's 700 kB took
    5 ms of a 130 ms pre-commit run.  Python itself decides whether a
    module's compiled bytecode is stale by size and modification time; the
    change time and inode, which no tool can set back, also tell a file
    reinstalled with its old timestamps.
    """
    package_root = package_root or PACKAGE_ROOT
    digest = sha256()

    def add(label: str, data: bytes) -> None:
        # Lengths make the stream unambiguous: no two inputs hash alike.
        encoded = label.encode("utf-8", "surrogateescape")
        digest.update(f"{len(encoded)}:{len(data)}:".encode() + encoded + data)

    add("format", f"{FORMAT} {FORMAT_VERSION}".encode())
    add("python", sys.version.encode())
    for name, info in package_files(package_root):
        add("package/" + name, f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} "
                               f"{info.st_ino}".encode())
    for path in paths:
        add("rule/" + str(path), read_regular_file(path, MAX_RULE_FILE_BYTES))
    return digest.hexdigest()


# -- folder and entries ------------------------------------------------------
def read_entry(entry: Path, key: str) -> list[Rule] | None:
    """The rules stored in ``entry`` for ``key``; None if it is absent,
    unreadable, truncated, or not exactly this version's format."""
    parts = read_entry_parts(entry, MAX_ENTRY_BYTES)
    if parts is None:
        return None
    header, body, code = parts
    if not (header.get("format") == FORMAT and header.get("version") == FORMAT_VERSION
            and header.get("key") == key and header.get("checksum") == _checksum(body)):
        return None
    try:
        return from_data(json.loads(body), list[Rule], code)
    except (ValueError, RecursionError, re.error, _ForeignEntry, _NotCacheable):
        return None


def write_entry(entry: Path, key: str, rules: list[Rule]) -> None:
    """Store ``rules`` (atomically, owner-only); failures are ignored."""
    try:
        code = bytearray()
        body = json.dumps(to_data(rules, list[Rule], code), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8", "surrogatepass")
        header = {"format": FORMAT, "version": FORMAT_VERSION, "key": key,
                  "checksum": _checksum(body)}
        data = entry_bytes(header, body, code)
    except (_NotCacheable, ValueError, TypeError):
        return
    write_atomically(entry, data)


class LazyPattern:
    """A ``re`` pattern from the cache, compiled on first use.

    Behaves as the compiled pattern (every attribute but ``pattern`` and
    ``flags`` is the compiled one's), compares equal to a pattern with the
    same source and flags, and pickles as a compiled pattern.  ``about`` and
    ``code`` are the engine code stored with it and its description
    (:func:`attriblint.regexcode.code_of`); ``about["sha256"]`` is the
    code's checksum.
    """

    __slots__ = ("pattern", "flags", "_about", "_code", "_compiled")

    def __init__(self, pattern: str, flags: int, about: dict[str, Any] | None = None,
                 code: bytes | None = None) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None
        self._about, self._code = about, code

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            code = self._code
            if code is not None and self._about.get("sha256") != _checksum(code):
                code = None  # damaged: compile the source
            self._compiled = rebuild(self.pattern, self.flags, self._about, code)
            self._about = self._code = None
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (re.Pattern, LazyPattern)):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"

    def __reduce__(self):
        return re.compile, (self.pattern, self.flags)


# -- dataclasses <-> JSON, following type annotations ------------------------
def to_data(value: Any, hint: Any, code: bytearray | None = None) -> Any:
    """``value``, of annotated type ``hint``, as JSON-compatible data.

    Patterns' engine code is appended to ``code`` (where they say); without
    it, they are stored as source only."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return _plain_json(value)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        matching = [a for a in args if _instance_of(value, a)]
        if not matching:
            raise _NotCacheable(f"{type(value).__name__} is not {hint}")
        data = to_data(value, matching[0], code)
        if _needs_tag(args):
            return {"type": type(value).__name__, "value": data}
        return data
    if hint is re.Pattern or origin is re.Pattern:
        return {"pattern": value.pattern, "flags": value.flags, "code": _store_code(value, code)}
    if hint is LinearPattern:
        return value.pattern
    if dataclasses.is_dataclass(hint):
        hints = _field_hints(hint)
        return {f.name: to_data(getattr(value, f.name), hints[f.name], code)
                for f in dataclasses.fields(hint) if f.init}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return [to_data(v, args[0], code) for v in value]
    if origin is tuple and args:
        return [to_data(v, a, code) for v, a in zip(value, args, strict=True)]
    if origin in (list, frozenset, set):
        return [to_data(v, args[0] if args else Any, code) for v in value]
    if origin is dict:
        if args and args[0] is not str:
            raise _NotCacheable(f"keys of {hint} are not text")
        return {k: to_data(v, args[1] if args else Any, code) for k, v in value.items()}
    if hint in (str, int, float, bool, type(None)):
        return value
    raise _NotCacheable(f"no JSON form for {hint}")


def _store_code(pattern: Any, code: bytearray | None) -> dict[str, Any] | None:
    """Append ``pattern``'s engine code to ``code``; what the data says of it."""
    if code is None:
        return None
    made = code_of(pattern.compiled() if isinstance(pattern, LazyPattern) else pattern)
    if made is None:
        return None
    about, ops = made
    about = dict(about, at=len(code), length=len(ops), sha256=_checksum(ops))
    code += ops
    return about


def from_data(data: Any, hint: Any, code: bytes = b"") -> Any:
    """Rebuild a value of annotated type ``hint``; raises _ForeignEntry
    when ``data`` has another shape.  ``code`` is the entry's engine code,
    which patterns' data points into."""
    return _reader(hint)(data, code)


# A function that rebuilds one annotated type from its data and the entry's code.
Reader = Callable[[Any, bytes], Any]


@lru_cache(maxsize=None)
def _reader(hint: Any) -> Reader:
    """The reader of ``hint``, made once per type: an entry holds some 6,000
    values of a few dozen types, and following the annotation anew for each
    value took as long as the rest of loading the entry."""
    return _make_reader(hint)


def _make_reader(hint: Any) -> Reader:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return lambda data, code: data
    if origin in (typing.Union, types.UnionType):
        return _union_reader(args)
    if hint is re.Pattern or origin is re.Pattern:
        return _read_pattern
    if hint is LinearPattern:
        # Compiled when first used, like the patterns above; the checksum
        # vouches that RE2 compiled it when the entry was written.
        return lambda data, code: LinearPattern.checked(_expect(data, str))
    if dataclasses.is_dataclass(hint):
        return _dataclass_reader(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0])
        return lambda data, code: tuple([item(v, code) for v in _expect(data, list)])
    if origin is tuple and args:
        items = tuple(_reader(a) for a in args)

        def read_tuple(data: Any, code: bytes) -> tuple:
            values = _expect(data, list)
            if len(values) != len(items):
                raise _ForeignEntry(f"{len(values)} items for {hint}")
            return tuple([read(v, code) for read, v in zip(items, values)])
        return read_tuple
    if origin in (list, frozenset, set):
        item, made = _reader(args[0] if args else Any), origin
        return lambda data, code: made([item(v, code) for v in _expect(data, list)])
    if origin is dict:
        value = _reader(args[1] if args else Any)
        return lambda data, code: {_expect(k, str): value(v, code)
                                   for k, v in _expect(data, dict).items()}
    if hint is float:
        return lambda data, code: float(data) if isinstance(data, int) \
            and not isinstance(data, bool) else _expect(data, float)
    if hint in (str, int, bool, type(None)):
        return lambda data, code: _expect(data, hint)

    def foreign(data: Any, code: bytes) -> Any:
        raise _ForeignEntry(f"no JSON form for {hint}")
    return foreign


def _read_pattern(data: Any, code: bytes) -> LazyPattern:
    source = _expect(data, dict)
    if set(source) != {"pattern", "flags", "code"}:
        raise _ForeignEntry("a pattern without its source, flags and code")
    about, ops = source["code"], None
    if about is not None:  # the rest is checked when it is used
        at, length = _expect(about, dict).get("at"), about.get("length")
        if not (type(at) is int and type(length) is int and 0 <= at <= at + length <= len(code)):
            raise _ForeignEntry("engine code outside the entry")
        ops = code[at: at + length]
    return LazyPattern(_expect(source["pattern"], str), _expect(source["flags"], int), about, ops)


def _dataclass_reader(cls: type) -> Reader:
    fields: tuple[tuple[str, Reader], ...] | None = None  # made when first read:
    names: frozenset[str] = frozenset()  # a dataclass may hold itself

    def read_dataclass(data: Any, code: bytes) -> Any:
        nonlocal fields, names
        if fields is None:
            hints = _field_hints(cls)
            fields = tuple((f.name, _reader(hints[f.name]))
                           for f in dataclasses.fields(cls) if f.init)
            names = frozenset(name for name, _ in fields)
        mapping = _expect(data, dict)
        if mapping.keys() != names:
            raise _ForeignEntry(f"fields {sorted(mapping)} for {cls.__name__}")
        try:
            return cls(**{name: read(mapping[name], code) for name, read in fields})
        except TypeError as error:  # a __post_init__ refusing the values
            raise _ForeignEntry(str(error)) from None
    return read_dataclass


def _union_reader(members: tuple) -> Reader:
    optional = type(None) in members
    choices = [m for m in members if m is not type(None)]
    if not _needs_tag(members):
        only = _reader(choices[0])
        return lambda data, code: None if data is None and optional else only(data, code)
    named: dict[Any, list[type]] = {}
    for member in choices:
        named.setdefault(getattr(member, "__name__", None), []).append(member)

    def read_tagged(data: Any, code: bytes) -> Any:
        if data is None and optional:
            return None
        tagged = _expect(data, dict)
        found = named.get(tagged.get("type"), [])
        if len(found) != 1 or set(tagged) != {"type", "value"}:
            raise _ForeignEntry("an untagged or unknown union member")
        return _reader(found[0])(tagged["value"], code)
    return read_tagged


def _needs_tag(members: tuple) -> bool:
    """Whether a union has several members besides None (then the JSON
    names which one, among those the annotation allows)."""
    return len([m for m in members if m is not type(None)]) > 1


def _instance_of(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint) or hint
    if hint is Any:
        return True
    if hint is type(None):
        return value is None
    if origin is re.Pattern and isinstance(value, LazyPattern):
        return True
    return isinstance(origin, type) and isinstance(value, origin)


def _expect(value: Any, kind: type) -> Any:
    if kind is type(None):
        if value is not None:
            raise _ForeignEntry("expected null")
        return value
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _ForeignEntry(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _plain_json(value: Any) -> Any:
    """An ``Any``-annotated value, if it is plain JSON data already."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        raise _NotCacheable(f"{type(value).__name__} is not plain data") from None
    return value


@lru_cache(maxsize=None)
def _field_hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError) as error:
        raise _NotCacheable(f"annotations of {cls.__name__}: {error}") from None
