"""Making file names and messages safe to print, whatever bytes they hold.

A file name is whatever bytes the file system holds: a newline in one must
not forge a finding line, a terminal escape must not reach the terminal,
and bytes that are not UTF-8 must not make a JSON or XML document invalid.
Paths read from the file system carry such bytes as lone surrogates
(``surrogateescape``).
"""

from __future__ import annotations

import os
import re

# Characters escaped in text output: C0 and C1 controls and DEL, the line and
# paragraph separators, the bidirectional overrides (which reorder what a
# terminal shows), and surrogates (bytes that were not UTF-8 in a file name).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """``text`` with every character that could forge or hide output escaped."""
    return _UNSAFE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    named = _NAMED.get(char)
    if named:
        return named
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def has_undecodable(text: str) -> bool:
    """Whether ``text`` holds bytes that were not UTF-8 (as surrogates)."""
    return _SURROGATE.search(text) is not None


def valid_unicode(text: str) -> str:
    """``text`` that encodes as strict UTF-8: U+FFFD for each undecodable byte."""
    return _SURROGATE.sub("\ufffd", text)


def path_bytes(path: str) -> bytes:
    """The bytes of a path read from the file system or the command line."""
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate that no file system byte decodes to
        return path.encode("utf-8", errors="surrogatepass")
