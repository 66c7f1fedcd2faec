"""Flat YAML front matter (``key: value`` lines) read exactly as ruamel.yaml's
safe loader reads it, without ruamel.

Most posts' front matter is a few lines such as::

    title: "A post"
    date: 2015-01-01 02:03:00 +0000
    tags: [mining, health]
    original_date: 2015-01-01

ruamel.yaml's C loader spends some 300 µs on each, most of it setting
itself up; this reader reads them in a few µs, and the process need not
import ruamel at all.  It gives the same values, of the same types, as
ruamel's safe loader (YAML 1.2, whose resolution rules are copied here),
or declines (``None``): then the caller loads the block with ruamel, which
also reports every error.  ``tests/test_flat_yaml.py`` compares the two on
generated front matter.

Accepted, line by line (LF or CRLF):

- blank lines, and comment lines (spaces, then ``#``);
- ``key:`` at the start of the line, then nothing or a space and a value,
  then an optional comment (a space and ``#``).  A key is ASCII letters,
  digits, ``_``, ``-`` and ``.``, starting with a letter or ``_``, and must
  read as a string (not ``true`` or ``null``); each key once;
- a value is a double-quoted string with no escapes, a single-quoted
  string, a one-line flow sequence ``[a, "b", 'c']`` of such scalars, or a
  plain scalar: null, true or false, a decimal integer, a date
  (YYYY-MM-DD), or a string;
- after a ``key:`` with no value, a block sequence: ``- value`` lines, all
  indented alike (``tags:`` then ``  - mining``, as Jekyll and Hugo blogs
  write tags and categories), each value as above;
- or, after a ``key:`` with no value, a mapping one level deep: indented
  ``name: value`` lines, all indented alike (``author:`` then ``  name:
  Ana``, ``header:`` then ``  image: /a.jpg``, as themes ask for), each
  name and value as above.

Anything else is declined: other indented lines (deeper blocks, continued
values), items or names indented unlike the first, anchors, tags, aliases,
block scalars, floats, octal or hexadecimal numbers, timestamps with a
time, tabs, and characters that YAML forbids or reads as line breaks.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

# What the YAML reader refuses or reads as a line break (NEL, U+2028/9),
# the byte-order mark, a tab, and a CR that does not end a CRLF line.
_DECLINED_CHARACTER = re.compile(
    "[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]|\r(?!\n)")
# At most 200 characters: YAML limits a simple key to 1024.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]{0,200}):(?= |$)")
_COMMENT_LINE = re.compile(r" *(?:#.*)?")
_ITEM = re.compile(r"( *)-(?= |$)")  # a block sequence's item: its indentation, "-"
_NESTED_KEY = re.compile(r"( +)([A-Za-z_][A-Za-z0-9_.-]{0,200}):(?= |$)")  # in a mapping
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"(?: +#.*)? *')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'(?: +#.*)? *")
_FLOW_SEQUENCE = re.compile(r"\[([^\[\]{}#]*)\](?: +#.*)? *")
_DOUBLE_QUOTED_ITEM = re.compile(r'"([^"\\]*)"')
_SINGLE_QUOTED_ITEM = re.compile(r"'((?:[^']|'')*)'")
# Characters that cannot begin a plain scalar (or begin one only in forms
# this reader leaves to ruamel: "-1", "?x", ":x").
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Not in a plain item of a flow sequence, where they end it or begin
# something else (the YAML reader's rules differ between versions).
_FLOW_PLAIN_DECLINED = re.compile(r"[:?#\[\]{}\"']")

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py),
# by the first character of the scalar, in the order it tries them.
_FLOAT = re.compile(r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", re.X)
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", re.X)
_TIMESTAMP = re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_NULL = frozenset(("~", "null", "Null", "NULL"))
_NUMBER_START = frozenset("-+0123456789.")
# What this reader builds itself of those types: a decimal integer
# (ruamel: int() of it, sign apart), a date alone.
_DECIMAL = re.compile(r"([-+]?)([0-9]{1,100})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class _Declined(Exception):
    """The block holds something this reader leaves to ruamel."""


def read_flat_yaml(block: str) -> dict[str, Any] | None:
    """The mapping ruamel's safe loader reads from ``block``, or None when
    ``block`` is not flat front matter this reader reads exactly."""
    if _DECLINED_CHARACTER.search(block):
        return None
    data: dict[str, Any] = {}
    open_key: str | None = None  # a key with no value: a nested block may follow
    nested: list[Any] | dict[str, Any] | None = None  # the nested block being read
    indent = 0  # of its first line
    try:
        for line in block.split("\n"):
            if line.endswith("\r"):
                line = line[:-1]
            key = _KEY.match(line)
            if key is None:
                if _COMMENT_LINE.fullmatch(line):
                    continue
                if open_key is None:
                    return None
                item = _ITEM.match(line) or _NESTED_KEY.match(line)
                if item is None:
                    return None
                kind = list if item.lastindex == 1 else dict
                if nested is None:
                    nested, indent = kind(), len(item.group(1))
                    data[open_key] = nested
                elif type(nested) is not kind or len(item.group(1)) != indent:
                    return None
                value = _value(line[item.end():].lstrip(" "))
                if kind is list:
                    nested.append(value)
                else:
                    _add_key(nested, item.group(2), value)
                continue
            text = line[key.end():].lstrip(" ")
            _add_key(data, key.group(1), _value(text))
            open_key = key.group(1) if not text or text[0] == "#" else None
            nested = None
    except _Declined:
        return None
    return data or None


def _add_key(mapping: dict[str, Any], name: str, value: Any) -> None:
    if name in mapping or _plain(name) != name:
        raise _Declined  # a repeated key (an error), or true, null...
    mapping[name] = value


def _value(text: str) -> Any:
    """The value written as ``text`` (after ``key: ``, with any comment)."""
    if not text or text[0] == "#":
        return None
    if text[0] == '"':
        return _whole(_DOUBLE_QUOTED, text).group(1)
    if text[0] == "'":
        return _whole(_SINGLE_QUOTED, text).group(1).replace("''", "'")
    if text[0] == "[":
        return _sequence(_whole(_FLOW_SEQUENCE, text).group(1))
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    text = text.rstrip(" ")
    if text[0] in _INDICATORS or ": " in text or text.endswith(":"):
        raise _Declined
    return _plain(text)


def _whole(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    match = pattern.fullmatch(text)
    if match is None:
        raise _Declined
    return match


def _sequence(items: str) -> list[Any]:
    """The items of a one-line flow sequence, ``[a, "b", 'c']``."""
    if not items.strip(" "):
        return []
    values = []
    for item in items.split(","):
        item = item.strip(" ")
        if not item:
            raise _Declined  # [a,,b], or a trailing comma
        if item[0] == '"':
            values.append(_whole(_DOUBLE_QUOTED_ITEM, item).group(1))
        elif item[0] == "'":
            values.append(_whole(_SINGLE_QUOTED_ITEM, item).group(1).replace("''", "'"))
        elif item[0] in _INDICATORS or _FLOW_PLAIN_DECLINED.search(item):
            raise _Declined
        else:
            values.append(_plain(item))
    return values


def _plain(text: str) -> Any:
    """A plain scalar's value, resolved as ruamel resolves YAML 1.2."""
    first = text[0]
    if first in "tTfF":
        return _BOOL.get(text, text)
    if first in "~nN":
        return None if text in _NULL else text
    if first in _NUMBER_START:
        if _FLOAT.match(text):
            raise _Declined
        if _INT.match(text):
            decimal = _DECIMAL.fullmatch(text)
            if decimal is None:
                raise _Declined  # 0x1f, 0o17, 1_000
            sign, digits = decimal.groups()
            return -int(digits) if sign == "-" else int(digits)
        if first in "0123456789" and _TIMESTAMP.match(text):
            date = _DATE.fullmatch(text)
            if date is None:
                raise _Declined  # a time too
            try:
                return datetime.date(*map(int, date.groups()))
            except ValueError:
                raise _Declined from None  # 2023-06-31: ruamel reports it
        return text
    if text in ("<<", "="):  # a merge key or a value key
        raise _Declined
    return text
