"""The "did you mean" of every error message: the known name closest to a
mistyped one (a code, a kind, a key, a rule id).

One place, so that every message suggests alike: a code typed in lower case
(``al3o2``) is compared upper-cased too, and a name far longer than any
known one is not compared at all (looking costs about half a millisecond,
and a hostile file can hold thousands of names).
"""

from __future__ import annotations

from collections.abc import Iterable

_LONGEST = 40


def closest(given: str, known: Iterable[str]) -> str | None:
    """The known name most like ``given``, or None when none is close."""
    import difflib  # only when there is a mistake to explain

    if len(given) > _LONGEST:
        return None
    names = sorted(known)
    close = difflib.get_close_matches(given, names, n=1) or \
        difflib.get_close_matches(given.upper(), names, n=1)
    return close[0] if close else None
