"""Compiled regular expressions as data, so that a cached rule's patterns
are not parsed and compiled again in every run.

``re.compile`` parses a pattern and compiles it, in Python, to a list of
integers that its C engine runs.  For the long case-insensitive
alternations that templates become, that costs milliseconds per pattern:
the bundled rules' 148 patterns take some 400 ms, and a pre-commit run
that uses a dozen of them spends a third of its linting time there.  The
engine builds a pattern from that list alone (``_sre.compile``, the step
``re.compile`` itself ends with, which validates the list), so the rule
cache stores the list beside the pattern's source, packed as 32-bit
integers; rebuilding all 148 takes about 12 ms.

The list is the engine's private format.  It is used only by the Python
that made it (the cache key holds ``sys.version``; the data holds
``_sre.MAGIC`` and the code size), and anything unexpected falls back to
``re.compile``: a wrong guess costs time, never a different match.
"""

from __future__ import annotations

import re
from array import array
from typing import Any

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - a Python without CPython's engine
    _sre = None

_PACKING = "I"  # unsigned int: the engine's code words when it is 4 bytes


def code_of(pattern: re.Pattern[str]) -> tuple[dict[str, Any], bytes] | None:
    """What :func:`rebuild` needs to make ``pattern`` again without
    compiling it: a description (JSON data) and the engine code (bytes);
    None where this Python's engine offers no such form."""
    if _sre is None or _sre.CODESIZE != array(_PACKING).itemsize:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        code = _compiler._code(parsed, pattern.flags)
        about = {"magic": _sre.MAGIC, "size": _sre.CODESIZE,
                 "flags": pattern.flags | parsed.state.flags,
                 "groups": parsed.state.groups - 1, "groupindex": dict(parsed.state.groupdict)}
        return about, array(_PACKING, code).tobytes()
    except Exception:  # a private API that changed shape: the cache compiles as usual
        return None


def rebuild(source: str, flags: int, about: Any, code_bytes: bytes | None) -> re.Pattern[str]:
    """The pattern ``re.compile(source, flags)`` gives, built from what
    :func:`code_of` gave when this engine made it, else compiled."""
    if _sre is not None and isinstance(about, dict) and code_bytes is not None \
            and about.get("magic") == _sre.MAGIC \
            and about.get("size") == _sre.CODESIZE == array(_PACKING).itemsize:
        try:
            code = array(_PACKING)
            code.frombytes(code_bytes)
            groups, groupindex = about["groups"], about["groupindex"]
            # Each group takes code words to mark it: more groups than
            # words is data no compiler made (and would cost memory here).
            if not (type(groups) is int and 0 <= groups <= len(code)
                    and isinstance(groupindex, dict)
                    and all(isinstance(name, str) and type(index) is int and 1 <= index <= groups
                            for name, index in groupindex.items())):
                raise ValueError("groups that the code cannot have")
            indexgroup: list[str | None] = [None] * (groups + 1)
            for name, index in groupindex.items():
                indexgroup[index] = name
            pattern = _sre.compile(source, about["flags"], code.tolist(), groups, groupindex,
                                   tuple(indexgroup))
            if pattern.flags & flags == flags:  # made for these flags (and inline ones)
                return pattern
        except (KeyError, TypeError, ValueError, IndexError, OverflowError, RuntimeError,
                MemoryError):
            pass  # damaged or foreign data: compile as usual
    return re.compile(source, flags)


def compile_uncached(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)`` without ``re``'s cache.

    For the patterns a rule file's templates become (long alternations,
    which the rule cache keeps with the rules) and those made of a post's
    own words (a suppression's, a fix's): in ``re``'s cache of 512 they
    would crowd out attriblint's own patterns, and out of the store of
    those (``patterncache.py``), which would keep a post's words.
    """
    if _sre is not None:
        try:
            return _compiler.compile(source, int(flags))
        except AttributeError:  # pragma: no cover - a compiler without compile()
            pass
    return re.compile(source, flags)
