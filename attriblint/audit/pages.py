"""A page to audit, wherever it came from, and its text.

Sources (``sources.py``) turn WARC records, saved files and fetched URLs
into :class:`Page` values; the examiner (``examine.py``) turns each into a
result.  A page carries its own failure (``error``) instead of raising, so
one unreadable page is one line of the results, never the end of an audit.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass

from ..source import DecodeError, decode

# Media types read as pages, and the reader each goes to.  A page with no
# media type is read as HTML (saved pages and WARC resource records often
# have none, and the HTML reader copes with plain text).
PAGE_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}


@dataclass(frozen=True)
class Page:
    """One page of an audit.

    ``record`` is a stable key of where it came from ("crawl.warc.gz#17",
    the 18th page record of that file; "saved/post.html"; or the URL
    itself): an interrupted audit resumes by skipping the records already
    in its results.
    """

    record: str
    url: str
    body: bytes | None
    kind: str = "html"  # html, markdown or text
    charset: str | None = None  # as the server declared it
    date: str | None = None  # when it was captured or fetched (ISO 8601)
    error: str | None = None  # why there is no body


def kind_of(media_type: str | None) -> str | None:
    """The reader for a media type ("text/html; charset=..." too), or None
    when it is not a page (an image, a PDF, JSON...)."""
    if not media_type:
        return "html"
    return PAGE_KINDS.get(media_type.split(";", 1)[0].strip().lower())


def size_text(count: int) -> str:
    """A size as a message says it: "10 MiB", "2 KiB", "1000 bytes"."""
    for unit, size in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count} bytes"


def page_text(page: Page) -> str:
    """The page's bytes as text, never failing: a web page with a stray bad
    byte is still a page worth auditing (``attriblint check`` reports it;
    a publisher's audit reads past it).

    A byte-order mark or valid UTF-8 wins; then the server's charset; then
    the page's own ``<meta charset>``; then UTF-8 with replacement characters.
    """
    assert page.body is not None
    try:
        return decode(page.body, html=page.kind == "html").text
    except DecodeError:
        pass
    charset = _known_charset(page.charset)
    return page.body.decode(charset or "utf-8", errors="replace")


def _known_charset(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# Where markup that hides its content starts: a comment, or an element
# whose content is never prose.
_HIDDEN_START = re.compile(r"<!--|<(script|style|noscript|template|svg|math|textarea)\b",
                           re.IGNORECASE)
# A tag: ``[^<>]`` rather than ``[^>]`` so that a ``<`` never followed by
# ``>`` costs one scan to the next ``<``, not one to the end of the page.
_TAG = re.compile(r"<[^<>]*>")
# Inline elements join the text around them, as a browser shows it
# ("wa<wbr>ter", "<mark>wat</mark>er"); every other tag separates words.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|font|i|kbd|mark|q|s|samp|small|span|"
    r"strike|strong|sub|sup|time|tt|u|var|wbr)(?:[\s/][^<>]*)?>", re.IGNORECASE)


def rough_text(text: str, kind: str) -> str:
    """The words of a page, for comparing it with originals: its markup
    removed (tags, comments, scripts, styles), entities decoded.

    Cheaper than reading the page (a fraction of a millisecond against
    several for the HTML reader), so that an audit reads in full only the
    pages that name the publisher or hold an original's text.  Navigation
    and sidebars stay in: they only add words, and a page's similarity to an
    original counts the original's words found in it.  Linear in the page
    whatever its markup: every search starts where the last one ended.
    """
    if kind != "html":
        return text
    lower = text.lower()
    kept: list[str] = []
    unclosed: set[str] = set()  # no closing tag after here: never looked for again
    at = 0
    while (hidden := _HIDDEN_START.search(text, at)) is not None:
        kept.append(text[at:hidden.start()])
        if hidden.group(1) is None:  # a comment
            end = lower.find("-->", hidden.end())
            at = len(text) if end < 0 else end + 3
            continue
        tag_end = text.find(">", hidden.end())
        if tag_end < 0:
            break
        name = hidden.group(1).lower()
        close = -1 if text[tag_end - 1] == "/" or name in unclosed else \
            lower.find("</" + name, tag_end)
        if close < 0:  # self-closing, or never closed: it hides nothing after its tag
            if text[tag_end - 1] != "/":
                unclosed.add(name)
            at = tag_end + 1
        else:
            at = close
    kept.append(text[at:])
    return html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", " ".join(kept))))
