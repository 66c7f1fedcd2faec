"""Bytes to text, and text offsets to line and column.

A post is decoded once.  The decoded text (without its BOM) is what every
reader works on; offsets into it are turned into 1-based line and column
numbers by :class:`LineIndex`, which treats ``\\r\\n``, ``\\r`` and ``\\n``
alike so that positions are right whatever the line endings.  What is needed
to write the file back unchanged (encoding, BOM) is kept beside the text
for fixes; the text keeps the file's own line endings.
"""

from __future__ import annotations

import codecs
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINE = re.compile(r"\r\n|\r|\n")


class DecodeError(ValueError):
    """The bytes are not text in a supported encoding."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Position:
    """A 1-based line and column (columns count characters, not bytes)."""

    line: int
    column: int


def newline_at(text: str, offset: int) -> str:
    """The line ending of the lines just before ``offset`` (the first one
    after it when none comes before): a file may mix them, LF front matter
    over a CRLF body, and what is inserted takes its neighbours' ending."""
    before = None
    for before in _NEWLINE.finditer(text, max(0, offset - 4096), offset):
        pass
    if before is not None:
        return before.group()
    after = _NEWLINE.search(text, offset)
    return after.group() if after else "\n"


def line_start(text: str, offset: int) -> int:
    """Where the line holding ``text[offset]`` begins (any line ending)."""
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def line_end(text: str, offset: int) -> int:
    """Where the line holding ``text[offset]`` ends, before its line break."""
    match = _NEWLINE.search(text, offset)
    return match.start() if match else len(text)


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings, broken at \\r\\n, \\r and
    \\n only (``str.splitlines`` also breaks at form feeds and U+2028)."""
    return [m.group() for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


@dataclass
class LineIndex:
    """Maps offsets in a text to :class:`Position`."""

    text: str
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        if "\r" in self.text:
            self.starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        else:  # the usual case, faster: each line's length, summed
            lines = self.text.split("\n")
            self.starts = [0, *accumulate(map((1).__add__, map(len, lines[:-1])))]

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Characters per step of the table for offsets inside a run of non-ASCII text.
_STEP = 256


class Utf8Offsets:
    """Character offsets in ``text`` for offsets into its UTF-8 encoding
    (pyromark's ranges), on character boundaries.

    Built once per text, with one entry per run of non-ASCII characters.
    Between two runs, in a *stretch* of ASCII, a byte offset is the
    character offset plus the extra bytes of the runs before it: a
    constant.  :meth:`stretch` gives that constant and where it holds, so
    a reader converts most offsets with one comparison and one subtraction
    instead of a lookup per offset.  An offset inside a run (between two
    non-ASCII characters, which markup rarely splits) is found by decoding
    at most ``_STEP`` characters' bytes.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._run_starts: list[int] = []  # byte offset of each run
        self._run_ends: list[int] = []  # byte offset just after it
        self._extra: list[int] = []  # extra bytes of the runs up to its end
        extra = 0
        if not text.isascii():
            for run in _NON_ASCII.finditer(text):
                start, end = run.span()
                self._run_starts.append(start + extra)
                extra += len(run.group().encode()) - (end - start)
                self._run_ends.append(end + extra)
                self._extra.append(extra)
        self._steps: list[int] | None = None  # byte offsets of characters 0, 256, 512...

    def stretch(self, offset: int) -> tuple[int, int, int]:
        """``(lo, hi, extra)``: every byte offset from ``lo`` to ``hi``
        (both included) is the character offset ``offset - extra``.  When
        ``offset`` is inside a run, ``hi < offset``."""
        i = bisect_right(self._run_ends, offset)  # runs that end at or before it
        lo, extra = (self._run_ends[i - 1], self._extra[i - 1]) if i else (0, 0)
        hi = self._run_starts[i] if i < len(self._run_starts) else sys.maxsize
        return lo, hi, extra

    def char(self, offset: int) -> int:
        """The character offset of byte ``offset``."""
        _, hi, extra = self.stretch(offset)
        return offset - extra if offset <= hi else self._inside_run(offset)

    def _inside_run(self, offset: int) -> int:
        if self._steps is None:
            self._steps = steps = [0]
            text = self._text
            for start in range(_STEP, len(text), _STEP):
                steps.append(steps[-1] + len(text[start - _STEP: start].encode()))
        step = bisect_right(self._steps, offset) - 1
        start = step * _STEP
        chars = self._text[start: start + _STEP].encode()[: offset - self._steps[step]]
        return start + len(chars.decode())


@dataclass(frozen=True)
class SourceText:
    """A decoded file: its text and how to encode it back."""

    text: str
    encoding: str
    bom: bytes

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


# How many bytes the look for BOM-less UTF-16/32 examines.
_SAMPLE = 4096


def detect_encoding(data: bytes) -> tuple[bytes, str]:
    """The BOM (possibly empty) and the encoding of a file's bytes.

    A BOM decides.  Without one, text saved as UTF-16 or UTF-32 still
    shows itself: most characters of a post are ASCII, whose wide forms are
    the ASCII byte padded with NULs, so NULs fill the same byte positions
    of each unit.  Anything else is taken to be UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    sample = data[: _SAMPLE]
    if b"\0" not in sample:
        return b"", "utf-8"
    return b"", _wide_encoding(sample[: len(sample) - len(sample) % 4]) or "utf-8"


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-16/32 (LE or BE) when NULs sit where that encoding pads ASCII.

    For each byte position within a 4-byte unit, the share of NULs there;
    a position counts as padding when at least 3 in 5 of its bytes are NUL,
    and as content when at most 1 in 10 are.
    """
    units = len(sample) // 4
    if units < 2:
        return None
    padding = []
    content = []
    for position in range(4):
        nuls = sample[position::4].count(0)
        padding.append(nuls * 5 >= units * 3)
        content.append(nuls * 10 <= units)
    if content[0] and all(padding[1:]):
        return "utf-32-le"
    if content[3] and all(padding[:3]):
        return "utf-32-be"
    if content[0] and content[2] and padding[1] and padding[3]:
        return "utf-16-le"
    if content[1] and content[3] and padding[0] and padding[2]:
        return "utf-16-be"
    return None


def decode(data: bytes, html: bool = False) -> SourceText:
    """Decode a file's bytes in the encoding :func:`detect_encoding` finds.

    BOM-less UTF-16 and UTF-32 are decoded as such (``encoding`` says which,
    ``bom`` is empty).  An HTML page that is not UTF-8 but declares its
    charset (``<meta charset=windows-1252>``, as saved pages often do) is
    read in that charset.  Raises :class:`DecodeError` with the position of
    the first byte that is not valid in that encoding, counted in the text
    that decodes before it.
    """
    bom, encoding = detect_encoding(data)
    body = data[len(bom):]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        declared = declared_charset(body) if html and not bom and encoding == "utf-8" else None
        if declared is not None:
            return SourceText(body.decode(declared, errors="replace"), declared, b"")
        good = body[: error.start].decode(encoding, errors="replace")
        where = LineIndex(good).position(len(good))
        advice = "save the file as UTF-8" if encoding == "utf-8" else \
            f"it looks like {encoding.upper()} without a BOM; save the file as UTF-8"
        raise DecodeError(
            f"cannot decode as {encoding}: byte 0x{body[error.start]:02x} "
            f"is not valid {encoding} ({advice})",
            where.line,
            where.column,
        ) from None
    return SourceText(text, encoding, bom)


_CHARSET = re.compile(rb"""<meta\b[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""",
                      re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB, if Python knows
    it and it is not a form of UTF-8, UTF-16 or UTF-32 (those were tried)."""
    match = _CHARSET.search(data, 0, 4096)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name.startswith(("utf-8", "utf-16", "utf-32")) else name
