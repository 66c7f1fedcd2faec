"""Bare URLs in prose ("see https://example.org/a."), linked as GitHub does."""

from __future__ import annotations

import re

from ..document import BARRIER, Link, Span, TextMap, normalise

# A bare URL: http://, https:// or www. in any case, not right after a word
# character, "/" or "@", up to a space, a quote, "<", ">" or a barrier.
# That is (?<![\w/@])(?:https?://|www\.)[^...]+ with IGNORECASE, written so
# that the engine skips ahead to the next h or w: the first letter is
# matched case-sensitively (no other character folds to h or w) and the
# look-behind is checked after it.  Four times faster on prose; the same
# matches (tests/test_readers.py compares the two).
_BARE_URL = re.compile(r"(?-i:[hHwW])(?<![\w/@].)(?:(?<=[hH])ttps?://|(?<=[wW])ww\.)"
                       r"[^\s<>\"'`" + BARRIER + r"]+", re.IGNORECASE)
_TRAILING = ".,:;!?*_~'\""


def find_bare_links(text: str, text_map: TextMap, source: str, links: list[Link]) -> list[Link]:
    """Links for URLs written out in prose, outside any other link.

    A URL counts only where the source has it verbatim, so a URL put
    together from pieces of markup is never invented.
    """
    found = []
    # URLs are found left to right, so the links that start before one
    # only grow in number: one pass over them, keeping the furthest end.
    by_start = sorted(links, key=lambda link: link.text_start)
    next_link, furthest_end = 0, -1
    for m in _BARE_URL.finditer(text):
        url = _trim(m.group())
        start, end = m.start(), m.start() + len(url)
        if "." not in url.split("//", 1)[-1]:
            continue
        while next_link < len(by_start) and by_start[next_link].text_start < end:
            furthest_end = max(furthest_end, by_start[next_link].text_end)
            next_link += 1
        if furthest_end > start:  # inside (or across) another link
            continue
        span = Span(text_map.start(start), text_map.end(end))
        if normalise(source[span.start: span.end]) != url:
            continue
        href = url if "://" in url else "http://" + url
        found.append(Link(href, start, end, span, "bare"))
    return found


def _trim(url: str) -> str:
    """The URL without trailing punctuation.

    A closing parenthesis ends the URL unless the URL opened one.
    """
    url = url.rstrip(_TRAILING)
    unmatched = url.count(")") - url.count("(")
    while unmatched > 0 and url.endswith(")"):
        url = url[:-1].rstrip(_TRAILING)
        unmatched -= 1
    return url
