"""Bytes to text, and text offsets to line and column.

A post is decoded once.  The decoded text (without its BOM) is what every
reader works on; offsets into it are turned into 1-based line and column
numbers by :class:`LineIndex`, which treats ``\\r\\n``, ``\\r`` and ``\\n``
alike so that positions are right whatever the line endings.  What is needed
to write the file back unchanged (encoding, BOM, newline style) is kept
beside the text for fixes.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field

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


@dataclass
class LineIndex:
    """Maps offsets in a text to :class:`Position`."""

    text: str
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)


@dataclass(frozen=True)
class SourceText:
    """A decoded file: its text and how to encode it back."""

    text: str
    encoding: str
    bom: bytes
    newline: str  # the first line ending seen, "\n" when there is none

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode(data: bytes) -> SourceText:
    """Decode a file's bytes: a BOM decides the encoding, else UTF-8.

    Raises :class:`DecodeError` with the position of the first byte that is
    not UTF-8, counted in the text that decodes before it.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            break
    else:
        bom, encoding, body = b"", "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        good = body[: error.start].decode(encoding, errors="replace")
        where = LineIndex(good).position(len(good))
        raise DecodeError(
            f"cannot decode as {encoding}: byte 0x{body[error.start]:02x} "
            f"is not valid {encoding} (save the file as UTF-8)",
            where.line,
            where.column,
        ) from None
    match = _NEWLINE.search(text)
    return SourceText(text, encoding, bom, match.group() if match else "\n")
