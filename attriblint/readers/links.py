"""Bare URLs in prose ("see https://example.org/a."), linked as GitHub does."""

from __future__ import annotations

import re

from ..document import BARRIER, Link, Span, TextMap, normalise

_BARE_URL = re.compile(r"(?<![\w/@])(?:https?://|www\.)[^\s<>\"'`" + BARRIER + r"]+",
                       re.IGNORECASE)
_TRAILING = ".,:;!?*_~'\""


def find_bare_links(text: str, text_map: TextMap, source: str, links: list[Link]) -> list[Link]:
    """Links for URLs written out in prose, outside any other link.

    A URL counts only where the source has it verbatim, so a URL put
    together from pieces of markup is never invented.
    """
    found = []
    for m in _BARE_URL.finditer(text):
        url = m.group().rstrip(_TRAILING)
        # A closing parenthesis ends the URL unless the URL opened one.
        while url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1].rstrip(_TRAILING)
        start, end = m.start(), m.start() + len(url)
        if "." not in url.split("//", 1)[-1]:
            continue
        if any(l.text_start < end and l.text_end > start for l in links):
            continue
        span = Span(text_map.start(start), text_map.end(end))
        if normalise(source[span.start: span.end]) != url:
            continue
        href = url if "://" in url else "http://" + url
        found.append(Link(href, start, end, span, "bare"))
    return found
