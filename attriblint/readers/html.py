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

from ..document import (Comment, Document, Embed, Link, Span, StructureBuilder,
                        TextBuilder)

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
# Elements that load something, and the attribute holding its address.
_EMBED_ADDRESS = {"img": "src", "script": "src", "iframe": "src", "video": "src",
                  "audio": "src", "source": "src", "embed": "src", "object": "data",
                  "amp-img": "src", "amp-pixel": "src", "amp-iframe": "src"}
# AMP pages cannot use <img>: their images and pixels are what <img> is elsewhere.
_EMBED_AS = {"amp-img": "img", "amp-pixel": "img", "amp-iframe": "iframe"}
# Block elements that are a top-level block of their own (document.Block);
# the other block elements (div, section, article...) only group blocks.
_BLOCK_KINDS = {
    "p": "paragraph", "address": "paragraph", "figcaption": "paragraph",
    **dict.fromkeys("h1 h2 h3 h4 h5 h6".split(), "heading"),
    "blockquote": "quote",
    **dict.fromkeys("ul ol dl li dt dd".split(), "list"),
    **dict.fromkeys("table tr td th".split(), "table"),
    "figure": "figure", "pre": "code", "hr": "rule",
}
_COMMENT_END = re.compile(r"--!?>")
_COMMENT_CLOSE = re.compile(r"--!?\s*>")
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
    data: Any = None  # open: (rel, target); embed: (tag, attributes, visible)


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
    _position: int = 0  # how far html.parser has read: see updatepos
    _title: list[str] | None = None
    # Text runs that follow one another in the source (html.parser hands
    # over "<<<" one "<" at a time) become one piece: see _emit.
    _run: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=False)

    # -- where are we --------------------------------------------------
    def updatepos(self, i: int, j: int) -> int:
        """html.parser's record of how far it has read, kept as one offset.

        html.parser moves from ``i`` to ``j`` in its buffer, always from
        where it stopped last, and counts the lines in between for
        ``getpos``; an offset needs only the difference (the counting
        took some 6% of reading a page).
        """
        if i < j:
            self._position += j - i
        return j

    def source_offset(self) -> int:
        """Where in the source the construct being handled starts."""
        return self._position

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

    # Comments as browsers (and html.parser from Python 3.13.4 on) end them:
    # "<!-->" and "<!--->" are empty comments, and "--!>" closes one.  The
    # html.parser of older Pythons would read on to the next "-->", hiding
    # the page's text in between.
    def parse_comment(self, i: int, report: int = 1) -> int:
        rawdata = self.rawdata
        for empty in ("<!-->", "<!--->"):
            if rawdata.startswith(empty, i):
                if report:
                    self.handle_comment("")
                return i + len(empty)
        close = _COMMENT_END.search(rawdata, i + 4)
        if close is None:
            return -1
        if report:
            self.handle_comment(rawdata[i + 4:close.start()])
        return close.end()

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
        if tag in _EMBED_ADDRESS:
            self._embed(tag, attrs, start, end)
        if self._skipping() or self._in_code():
            if tag not in _VOID:
                self._push(tag, attributes)
            return
        if tag in _CODE:
            if tag == "pre":  # its block first: the barrier is the code block's
                self._emit("struct", start, end, tag)
            self._emit("barrier", start, end)
        elif tag == "br":
            self._emit("line", start, end)
        elif tag in _BLOCK:
            self._emit("block", start, end, tag)
        elif tag == "a":
            self._emit("open", start, end, attributes.get("href", ""))
            self.pieces[-1].data = (tuple(attributes.get("rel", "").lower().split()),
                                    attributes.get("target", "").strip())
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
            self._emit("block", end, end, "/" + tag)
        elif tag == "pre":
            self._emit("struct", end, end, "/pre")
        if tag in _REGION_TAGS:
            if tag == "q":
                self._emit("text", start, end, '"')
            self._emit("end-region", end, end, _REGION_TAGS[tag])

    def _embed(self, tag: str, attrs: list[tuple[str, str | None]], start: int, end: int) -> None:
        """An element that loads an address: anywhere in the page but ``<head>``
        (a tracking pixel may be hidden, or outside the article)."""
        if self._open("head") or self._open("template"):
            return
        written = tuple((name, (value or "").replace(_AMPERSAND, "&")) for name, value in attrs)
        address = next((value for name, value in written if name == _EMBED_ADDRESS[tag]), "")
        if address.strip():
            self._emit("embed", start, end, address.strip())
            self.pieces[-1].data = (_EMBED_AS.get(tag, tag), written, not self._skipping())

    def handle_comment(self, data: str) -> None:
        start = self.source_offset()
        if not self.source.startswith("<!--", start):
            return  # a bogus comment ("<!x>", "</ x>"), not one written as such
        empty = next((len(e) for e in ("<!-->", "<!--->") if self.source.startswith(e, start)), 0)
        close = _COMMENT_CLOSE.match(self.source, start + 4 + len(data))
        end = (start + empty if empty and not data else close.end() if close
               else min(start + 4 + len(data), len(self.source)))
        self._emit("comment", start, end, data.replace(_AMPERSAND, "&"))

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


def replay(pieces: list[_Piece], builder: TextBuilder, links: list[Link],
           structure: StructureBuilder | None = None, top_level: bool = False,
           keep: frozenset[str] | set[str] | None = None) -> None:
    """Add the pieces' prose and links to a document being built.

    With ``structure``, embeds and comments are recorded too, and with
    ``top_level`` the pieces' top-level blocks (they stand at the top level
    of the article, not inside a Markdown list or quotation).  Only pieces
    of the regions in ``keep`` (all when None) are prose; embeds and
    comments count wherever they are.
    """
    tracker = _TopBlocks(structure, builder) if structure is not None and top_level else None
    open_link: _Piece | None = None
    link_text_start = 0
    for piece in pieces:
        what = piece.what
        kept = keep is None or piece.region in keep
        if what == "embed" or what == "comment":
            if structure is not None:
                # Inside the article, an embed belongs to the block it stands in.
                _record(piece, builder, structure, kept and (tracker is not None or not top_level),
                        tracker if kept else None)
            continue
        if not kept:
            continue
        if what == "text":
            if tracker is not None and piece.value and not piece.value.isspace():
                tracker.text(piece)
            builder.add(piece.value, piece.start, piece.end)
        elif what == "block":
            if tracker is not None:
                tracker.before_break(piece)
            builder.break_block(piece.start)
            if tracker is not None:
                tracker.after_break(piece)
        elif what == "line":
            builder.break_line(piece.start)
        elif what == "barrier":
            if tracker is not None:
                tracker.content(piece.start, piece.end)
            builder.barrier(piece.start, piece.end)
        elif what == "region":
            builder.open_region(piece.value)
            if tracker is not None and piece.value == "caption":
                tracker.caption_start = builder.length
        elif what == "end-region":
            builder.close_region(piece.value)
            if tracker is not None and piece.value == "caption":
                tracker.caption_end()
        elif what == "struct":
            if tracker is not None:
                tracker.before_break(piece)
                tracker.after_break(piece)
        elif what == "open":
            open_link, link_text_start = piece, builder.length
        elif what == "close" and open_link is not None:
            if open_link.value:
                rel, target = open_link.data or ((), "")
                links.append(Link(html.unescape(open_link.value).strip(), link_text_start,
                                  builder.length, Span(open_link.start, piece.end), "html",
                                  rel, target))
            open_link = None
    if tracker is not None:
        tracker.finish()


def _record(piece: _Piece, builder: TextBuilder, structure: StructureBuilder, in_article: bool,
            tracker: "_TopBlocks | None") -> None:
    """An embed or a comment, where the text being built has got to.

    A visible embed in the article belongs to its block (with ``tracker``,
    it may start one); a hidden one, or one outside the article, to none.
    """
    span = Span(piece.start, piece.end)
    if piece.what == "comment":
        structure.comment(Comment(piece.value, span, builder.length))
        return
    tag, attributes, visible = piece.data
    if tracker is not None and visible:
        tracker.content(piece.start, piece.end)
    structure.embed(Embed(tag, piece.value, attributes, span, builder.length),
                    in_block=in_article and visible)


@dataclass
class _TopBlocks:
    """Finds the top-level blocks among the pieces being replayed.

    Block elements that only group others (``div``, ``section``,
    ``article``...) are looked through: their children are the blocks.
    Content outside any block element (text, an image, a script) is a
    block of its own up to the next block element's start or end tag, as
    browsers make an anonymous block of it.  A ``<p>`` ends where another
    block element starts, as in browsers.
    """

    structure: StructureBuilder
    builder: TextBuilder
    # Block elements open, as the pieces show them, and how many of each.
    _open: list[str] = field(default_factory=list)
    _counts: Counter[str] = field(default_factory=Counter)
    _top: str | None = None  # element of the open top-level block; "" for loose content
    _top_depth: int = 0  # len(_open) before that element
    _last_end: int = 0  # source end of the last content seen
    caption_start: int = 0  # text offset where the last <figcaption> began

    def text(self, piece: _Piece) -> None:
        """Words: they belong to the open block, or start one where they start."""
        start, value = piece.start, piece.value
        if self._top is None and len(value) == piece.end - start:  # not a reference
            start += len(value) - len(value.lstrip())
        self.content(start, piece.end)

    def content(self, start: int, end: int) -> None:
        """Something shows at ``source[start:end]``: it belongs to the open
        block, or starts one."""
        if self._top is None:
            self._top = ""
            self.structure.open_block("paragraph", start, self.builder.length)
        self._last_end = end

    def before_break(self, piece: _Piece) -> None:
        """A block element's tag: close what it ends (before its line break)."""
        tag = piece.value
        if self._top == "":
            self._close(self._last_end)
        if tag.startswith("/"):
            self._end_tag(tag[1:], piece)
        elif self._top == "p":  # a block element ends an open paragraph
            for inside in self._open[self._top_depth:]:
                self._counts[inside] -= 1
            del self._open[self._top_depth:]
            self._close(self._last_end)

    def after_break(self, piece: _Piece) -> None:
        """A block element's start tag: open its block if it is a top-level one."""
        tag = piece.value
        if tag.startswith("/"):
            return
        kind = _BLOCK_KINDS.get(tag)
        if self._top is None and kind is not None:
            self._top, self._top_depth = tag, len(self._open)
            level = int(tag[1]) if kind == "heading" else 0
            self.structure.open_block(kind, piece.start, self.builder.length, level)
            self._last_end = piece.end
        if tag in _VOID:
            if self._top == tag:
                self._close(piece.end)
        else:
            self._open.append(tag)
            self._counts[tag] += 1

    def _end_tag(self, tag: str, piece: _Piece) -> None:
        if not self._counts[tag]:
            return  # stray, or its paragraph was ended by a block element
        while True:
            popped = self._open.pop()
            self._counts[popped] -= 1
            if popped == tag:
                break
        if self._top and len(self._open) <= self._top_depth:
            self._close(piece.end)

    def caption_end(self) -> None:
        if self._top == "figure":
            self.structure.figure_caption(self.caption_start, self.builder.length)

    def _close(self, source_end: int) -> None:
        self.structure.close_block(source_end, self.builder.length)
        self._top = None

    def finish(self) -> None:
        if self._top is not None:
            self._close(self._last_end)


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
    structure = StructureBuilder()
    replay(tokenizer.pieces, builder, links, structure, top_level=True, keep=keep)
    text, text_map = builder.build()
    embeds, comments, blocks = structure.build(text)
    if tokenizer.base_href:
        links = [replace(link, href=_resolve(tokenizer.base_href, link.href)) for link in links]
        embeds = [replace(embed, src=_resolve(tokenizer.base_href, embed.src))
                  for embed in embeds]
    return Document(path, "html", source, tokenizer.meta, tokenizer.meta_spans,
                    text, text_map, links, body_start=0,
                    is_listing=tokenizer.top_level_articles > 1, regions=builder.regions,
                    embeds=embeds, comments=comments, blocks=blocks)


def _resolve(base: str, href: str) -> str:
    """``href`` against ``<base href>``; as written when either is no URL
    (``http://[oops``): a bad address is never a match, never an error."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href
