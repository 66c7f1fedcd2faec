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
from collections import Counter
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
# Elements whose text is not the post's running prose (see document.Region);
# <q> is also shown in quotation marks, as browsers do.
_REGION_TAGS = {"blockquote": "quote", "q": "quote", "cite": "quote",
                "td": "table-cell", "th": "table-cell",
                "figcaption": "caption", "li": "list-item"}
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
# Open elements tracked at most; a real page nests a few dozen deep.  What is
# opened deeper is not tracked: its content is read in the state of the
# element at this depth (so a <code> or <nav> down there does not hide its
# text), and each end tag down there closes one untracked element.
MAX_DEPTH = 1000
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

    what: str  # text, block, line, barrier, open, close, region, end-region
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
    # Open elements: (tag, not prose, chrome).  html.parser builds no tree,
    # so this is the tree as far as the checks need it.  The counts below
    # summarise the stack so that every question about it is O(1).
    _stack: list[tuple[str, bool, bool]] = field(default_factory=list)
    _open_counts: Counter[str] = field(default_factory=Counter)
    _not_prose_depth: int = 0  # open elements whose content is not prose
    _code_depth: int = 0
    _chrome_depth: int = 0  # open <header>, <footer>, <aside>
    _overflow: int = 0  # elements opened beyond MAX_DEPTH, not on the stack
    top_level_articles: int = 0
    base_href: str | None = None  # <base href>: what relative links are relative to
    _line_starts: list[int] = field(default_factory=list)
    _title: list[str] | None = None
    # Text runs that follow one another in the source (html.parser hands
    # over "<<<" one "<" at a time) become one piece: see _emit.
    _run: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]

    # -- where are we --------------------------------------------------
    def source_offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _open(self, tag: str) -> bool:
        return self._open_counts[tag] > 0

    def _region(self) -> str:
        if self._open_counts["main"]:
            return "main"
        if self._open_counts["article"]:
            return "article"
        if self._chrome_depth:
            return "chrome"
        return "body"

    def _skipping(self) -> bool:
        return self._not_prose_depth > 0

    def _in_code(self) -> bool:
        return self._code_depth > 0

    def _push(self, tag: str, attributes: dict[str, str]) -> None:
        if len(self._stack) >= MAX_DEPTH:
            self._overflow += 1
            return
        if tag == "article" and not self._open("article") and not self._skipping():
            self.top_level_articles += 1
        not_prose = tag in _NOT_PROSE or (bool(attributes) and self._hides(tag, attributes))
        self._stack.append((tag, not_prose, tag in _CHROME))
        self._count(tag, not_prose, tag in _CHROME, +1)

    @staticmethod
    def _hides(tag: str, attributes: dict[str, str]) -> bool:
        """Whether the attributes make the element page chrome or hidden."""
        names = f"{attributes.get('class', '')} {attributes.get('id', '')}".lower().split()
        chrome = tag not in _CONTENT and not _CHROME_NAMES.isdisjoint(names)
        return chrome or "hidden" in attributes or bool(
            _HIDDEN_STYLE.search(attributes.get("style", "")))

    def _pop(self) -> str:
        """Close the innermost open element; returns its tag."""
        tag, not_prose, chrome = self._stack.pop()
        self._count(tag, not_prose, chrome, -1)
        return tag

    def _count(self, tag: str, not_prose: bool, chrome: bool, step: int) -> None:
        self._open_counts[tag] += step
        self._not_prose_depth += step if not_prose else 0
        self._code_depth += step if tag in _CODE else 0
        self._chrome_depth += step if chrome else 0

    def _close(self, tag: str) -> bool:
        """Close ``tag`` and every element opened inside it.

        False when no ``tag`` is open (a stray end tag).  Beyond MAX_DEPTH,
        any end tag closes one of the untracked elements.
        """
        if self._overflow:
            self._overflow -= 1
            return True
        if not self._open(tag):
            return False
        while self._pop() != tag:
            pass
        return True

    def end_of_input(self) -> None:
        """Finish the page in linear time.

        ``feed`` stops for good at the first construct left open at the end (a tag,
        comment, ``<?``, ``<![CDATA[`` or ``<script>`` never closed).  Given
        the end, html.parser reads such a construct as text up to the next
        "<" and parses again from there, scanning to the end once per "<":
        quadratic.  Browsers instead let an unclosed construct swallow the
        rest of the page, so it is not prose: that is what happens here
        when more markup follows it.  A lone trailing "<" or an unfinished
        character reference is still handed to html.parser.
        """
        while self.rawdata:  # feed stops early on some bad input ("&#<p>")
            left = len(self.rawdata)
            self.feed("")
            if len(self.rawdata) == left:
                break
        rest = self.rawdata
        if self.cdata_elem or (rest.startswith("<") and rest.find("<", 1) != -1):
            self.rawdata = ""
        self.close()

    # html.parser gives up (AssertionError) on marked sections it does not
    # know, like "<![foo[ x ]]>"; browsers read those as bogus comments.
    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i, report)

    def _emit(self, what: str, start: int, end: int, value: str = "") -> None:
        start, end, region = self.base + start, self.base + end, self._region()
        last = self.pieces[-1] if self.pieces else None
        if (what == "text" and len(value) == end - start and last is not None
                and last.what == "text" and self._run and last.end == start
                and last.region == region):
            self._run.append(value)  # joined once, in flush_text
            last.end = end
            return
        self.flush_text()
        self.pieces.append(_Piece(what, start, end, value, region))
        if what == "text" and len(value) == end - start:
            self._run.append(value)

    def flush_text(self) -> None:
        """Join the run of text pieces being gathered into its piece."""
        if len(self._run) > 1:
            self.pieces[-1].value = "".join(self._run)
        self._run.clear()

    # -- tokenizer callbacks --------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.source_offset()
        end = start + len(self.get_starttag_text() or "")
        attributes = {name: (value or "").replace(_AMPERSAND, "&") for name, value in attrs} \
            if attrs else {}
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
        if tag in _REGION_TAGS:
            self._emit("region", start, start, _REGION_TAGS[tag])
            if tag == "q":
                self._emit("text", start, end, '"')
        if tag not in _VOID:
            self._push(tag, attributes)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = len(self._stack), self._overflow
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and (len(self._stack), self._overflow) != depth:
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        start = self.source_offset()
        end = self.source.find(">", start) + 1 or len(self.source)
        if tag == "title" and self._title is not None:
            self.meta.setdefault("title", " ".join("".join(self._title).split()))
            self._title = None
        if not self._close(tag):
            return
        if self._skipping() or self._in_code():
            return
        if tag == "a":
            self._emit("close", start, end)
        elif tag in _BLOCK:
            self._emit("block", end, end)
        if tag in _REGION_TAGS:
            if tag == "q":
                self._emit("text", start, end, '"')
            self._emit("end-region", end, end, _REGION_TAGS[tag])

    def handle_data(self, data: str) -> None:
        data = data.replace(_AMPERSAND, "&")
        if self._title is not None:
            self._title.append(data)
        if self._skipping() or self._in_code():
            return
        start = self.source_offset()
        self._emit("text", start, start + len(data), data.replace("\n", " "))

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))  # &name;

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))  # &#123; or &#x7b;

    def _reference(self, length: int) -> None:
        """A character reference of ``length`` characters before its ``;``."""
        start = self.source_offset()
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
    try:
        tokenizer.feed(_without_bad_charrefs(source))
        tokenizer.end_of_input()
        tokenizer.flush_text()
    except AssertionError as error:  # html.parser's way of giving up
        from . import ReadError

        raise ReadError(f"HTML cannot be read: {error}", base + tokenizer.source_offset()) from None
    return tokenizer


# "&#" that starts no character reference.  html.parser treats it as text,
# but only after searching the rest of the page for a ";" and starting over
# (quadratic in a page full of them), so it is fed a stand-in character of
# the same length, which the tokenizer turns back into "&".
_BAD_CHARREF = re.compile(r"&(?=#(?![0-9]|[xX][0-9a-fA-F]))")
_AMPERSAND = "\uffff"  # a noncharacter: never in text that means anything


def _without_bad_charrefs(source: str) -> str:
    if _AMPERSAND in source or "&#" not in source:
        return source
    return _BAD_CHARREF.sub(_AMPERSAND, source)


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
        elif piece.what == "region":
            builder.open_region(piece.value)
        elif piece.what == "end-region":
            builder.close_region(piece.value)
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
        links = [replace(link, href=_resolve(tokenizer.base_href, link.href)) for link in links]
    text, text_map = builder.build()
    return Document(path, "html", source, tokenizer.meta, tokenizer.meta_spans,
                    text, text_map, links, body_start=0,
                    is_listing=tokenizer.top_level_articles > 1, regions=builder.regions)


def _resolve(base: str, href: str) -> str:
    """``href`` against ``<base href>``; as written when either is no URL
    (``http://[oops``): a bad address is never a match, never an error."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href
