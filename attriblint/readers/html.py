"""HTML pages (and raw HTML inside Markdown) to a Document.

Uses the standard library's HTML tokenizer because it reports the line and
column of every tag, text run and character reference, which is what exact
finding positions need (lxml and lexbor report lines at best).  Character
references are handled one by one (``convert_charrefs=False``) so each
decoded character maps back to its own place in the source.

For a whole page, the prose is taken from ``<main>`` when there is one, else
from the ``<article>`` elements, else from ``<body>`` without its top-level
``<header>``, ``<footer>`` and ``<aside>``.  Never prose: navigation,
scripts, styles, code (``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``), hidden
elements, and page chrome named by class or id (sidebars, related posts,
comments, share buttons).  A page of several top-level ``<article>``
elements is a listing.  Relative links resolve against ``<base href>``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import urljoin
from typing import Any

from ..document import Document, Link, Span, TextBuilder

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_BLOCK = frozenset(
    "address article aside blockquote dd details div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hr li main ol p section summary table td th tr ul".split()
)
_NOT_PROSE = frozenset("script style template noscript svg math nav head select button".split())
_CODE = frozenset("code pre kbd samp".split())
_CHROME = frozenset("header footer aside".split())
# Class or id values of page chrome in layouts without <nav>/<aside>, as
# whole words: "sidebar" or "jp-relatedposts", never "ast-right-sidebar" (a
# theme's body class) or "category-sharing" (a post's category).
_CHROME_NAMES = frozenset(
    "sidebar secondary widget widget-area related related-posts relatedposts jp-relatedposts "
    "yarpp-related comments comments-area comment-respond respond sharedaddy share-buttons "
    "social-share breadcrumb breadcrumbs navbar menu site-footer".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Never chrome, whatever their class: they hold the page's content.
_CONTENT = frozenset("html body main article".split())
_META_NAMES = {
    "author": "author",
    "article:author": "author",
    "og:url": "og:url",
    "syndication-source": "syndication-source",
    "original-source": "original-source",
    "article:published_time": "date",
    "dc.source": "source",
}


@dataclass
class _Piece:
    """One thing seen in the page, in order, with where it sits."""

    what: str  # text, block, line, barrier, open, close
    start: int
    end: int
    value: str = ""
    region: str = "body"  # main, article, body, chrome


@dataclass
class _Tokenizer(HTMLParser):
    source: str
    base: int
    pieces: list[_Piece] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    meta_spans: dict[str, Span] = field(default_factory=dict)
    # Open elements: (tag, not prose).  html.parser builds no tree, so this
    # is the tree as far as the checks need it.
    _stack: list[tuple[str, bool]] = field(default_factory=list)
    top_level_articles: int = 0
    base_href: str | None = None  # <base href>: what relative links are relative to
    _line_starts: list[int] = field(default_factory=list)
    _title: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]

    # -- where are we --------------------------------------------------
    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _open(self, tag: str) -> bool:
        return any(open_tag == tag for open_tag, _ in self._stack)

    def _region(self) -> str:
        if self._open("main"):
            return "main"
        if self._open("article"):
            return "article"
        if any(tag in _CHROME for tag, _ in self._stack):
            return "chrome"
        return "body"

    def _skipping(self) -> bool:
        return any(not_prose for _, not_prose in self._stack)

    def _in_code(self) -> bool:
        return any(tag in _CODE for tag, _ in self._stack)

    def _push(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "article" and not self._open("article") and not self._skipping():
            self.top_level_articles += 1
        names = f"{attributes.get('class', '')} {attributes.get('id', '')}".lower().split()
        chrome = tag not in _CONTENT and not _CHROME_NAMES.isdisjoint(names)
        hidden = "hidden" in attributes or bool(_HIDDEN_STYLE.search(attributes.get("style", "")))
        self._stack.append((tag, tag in _NOT_PROSE or chrome or hidden))

    def _emit(self, what: str, start: int, end: int, value: str = "") -> None:
        self.pieces.append(_Piece(what, self.base + start, self.base + end, value, self._region()))

    # -- tokenizer callbacks --------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        attributes = {name: value or "" for name, value in attrs}
        if tag in ("meta", "link", "base") or (tag == "title" and self._open("head")):
            self._head_fact(tag, attributes, start, end)
        if tag == "title":
            self._title = []
        if self._skipping() or self._in_code():
            if tag not in _VOID:
                self._push(tag, attributes)
            return
        if tag in _CODE:
            self._emit("barrier", start, end)
        elif tag == "br":
            self._emit("line", start, end)
        elif tag in _BLOCK:
            self._emit("block", start, start)
        elif tag == "a":
            self._emit("open", start, end, attributes.get("href", ""))
        elif tag == "img":
            self._emit("barrier", start, end)
        if tag not in _VOID:
            self._push(tag, attributes)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        end = self.source.find(">", start) + 1 or len(self.source)
        if tag == "title" and self._title is not None:
            self.meta.setdefault("title", " ".join("".join(self._title).split()))
            self._title = None
        if not self._open(tag):
            return
        while self._stack:
            if self._stack.pop()[0] == tag:
                break
        if self._skipping() or self._in_code():
            return
        if tag == "a":
            self._emit("close", start, end)
        elif tag in _BLOCK:
            self._emit("block", end, end)

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        if self._skipping() or self._in_code():
            return
        start = self._offset()
        self._emit("text", start, start + len(data), data.replace("\n", " "))

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))  # &name;

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))  # &#123; or &#x7b;

    def _reference(self, length: int) -> None:
        """A character reference of ``length`` characters before its ``;``."""
        start = self._offset()
        end = start + length + (1 if self.source.startswith(";", start + length) else 0)
        raw = self.source[start:end]
        text = html.unescape(raw if raw.endswith(";") else raw + ";")
        if self._title is not None:
            self._title.append(text)
        if not (self._skipping() or self._in_code()):
            self._emit("text", start, end, text)

    # -- <head> facts -----------------------------------------------------
    def _head_fact(self, tag: str, attrs: dict[str, str], start: int, end: int) -> None:
        span = Span(self.base + start, self.base + end)
        if tag == "link":
            if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
                self._fact("canonical", attrs["href"], span)
        elif tag == "base" and attrs.get("href") and self.base_href is None:
            self.base_href = attrs["href"].strip()
        elif tag == "meta":
            name = (attrs.get("name") or attrs.get("property") or "").lower()
            if name in _META_NAMES and attrs.get("content"):
                self._fact(_META_NAMES[name], attrs["content"], span)

    def _fact(self, key: str, value: str, span: Span) -> None:
        if key not in self.meta:
            self.meta[key] = value.strip()
            self.meta_spans[key] = span


def tokenize(source: str, base: int = 0) -> _Tokenizer:
    """Run the tokenizer over ``source``; offsets are shifted by ``base``."""
    tokenizer = _Tokenizer(source, base)
    tokenizer.feed(source)
    tokenizer.close()
    return tokenizer


def replay(pieces: list[_Piece], builder: TextBuilder, links: list[Link]) -> None:
    """Add the pieces' prose and links to a document being built."""
    open_link: _Piece | None = None
    link_text_start = 0
    for piece in pieces:
        if piece.what == "text":
            builder.add(piece.value, piece.start, piece.end)
        elif piece.what == "block":
            builder.break_block(piece.start)
        elif piece.what == "line":
            builder.break_line(piece.start)
        elif piece.what == "barrier":
            builder.barrier(piece.start, piece.end)
        elif piece.what == "open":
            open_link, link_text_start = piece, builder.length
        elif piece.what == "close" and open_link is not None:
            if open_link.value:
                links.append(Link(html.unescape(open_link.value).strip(), link_text_start,
                                  builder.length, Span(open_link.start, piece.end), "html"))
            open_link = None


def read_html(path: str, source: str) -> Document:
    tokenizer = tokenize(source)
    regions = {piece.region for piece in tokenizer.pieces if piece.what == "text"}
    if "main" in regions:
        keep = {"main"}
    elif "article" in regions:
        keep = {"article"}
    else:
        keep = {"body"}
    builder = TextBuilder()
    links: list[Link] = []
    replay([p for p in tokenizer.pieces if p.region in keep], builder, links)
    if tokenizer.base_href:
        links = [replace(link, href=urljoin(tokenizer.base_href, link.href)) for link in links]
    text, text_map = builder.build()
    return Document(path, "html", source, tokenizer.meta, tokenizer.meta_spans,
                    text, text_map, links, body_start=0,
                    is_listing=tokenizer.top_level_articles > 1)
