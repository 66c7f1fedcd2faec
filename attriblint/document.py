"""The one intermediate representation every reader produces.

Readers turn a file into a :class:`Document`; checks see nothing else.  The
``text`` is the visible prose, with markup removed and entities decoded, and
normalised one character for one character (curly quotes, dashes and odd
spaces become their plain forms) so that templates can match it while every
character still maps back to the exact place in the source it came from.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Any, Sequence

from .source import LineIndex, Position

# One character for one character, so offsets survive normalisation.
_PLAIN = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
        "\u2008\u2009\u200a\u202f\u205f\u3000\u2028\u2029\t\f\v\r",
        " ",
    ),
}
# re.sub visits only the characters to replace: ten times faster than
# str.translate on prose, where they are few.
_TO_PLAIN = re.compile("[" + re.escape("".join(_PLAIN)) + "]")

BARRIER = "\ufffc"
# What makes an image a tracking pixel (see Embed).
_PIXEL_SIZE = re.compile(r"^\s*[01](?:\.0*)?\s*(?:px)?\s*$", re.IGNORECASE)
_STYLE_SIZE = re.compile(r"(?:^|;)\s*(width|height)\s*:\s*([^;]*)", re.IGNORECASE)
_COUNTER_ADDRESS = re.compile(r"count(?:er)?\.gif|pixel|beacon|tracker", re.IGNORECASE)


def normalise(text: str) -> str:
    """Plain forms of quotes, dashes and spaces; same length as ``text``."""
    return _TO_PLAIN.sub(lambda m: _PLAIN[m.group()], text)


@dataclass(frozen=True)
class Span:
    """A half-open range of offsets into a document's source text."""

    start: int
    end: int


@dataclass(frozen=True)
class Link:
    """A hyperlink: where its words are in ``Document.text``, and its target.

    ``source`` covers the whole link in the source (for an inline Markdown
    link, from ``[`` to ``)``).
    """

    href: str
    text_start: int
    text_end: int
    source: Span
    form: str  # inline, reference, autolink, bare, html
    rel: tuple[str, ...] = ()  # lower-cased rel tokens ("nofollow", "ugc"); () in Markdown links
    target: str = ""  # the target attribute ("_blank"), "" if none


@dataclass(frozen=True)
class Embed:
    """Something the page loads from an address: an image, a script, an iframe.

    ``tag`` is the HTML element ("img", "script", "iframe", "video", "audio",
    "source", "embed", "object"); a Markdown image is an "img".  ``src`` is
    its address (``data`` for an ``<object>``), decoded and stripped; in an
    HTML page, resolved against ``<base href>``.  ``attrs`` are the
    attributes as written (names lower-cased, values decoded), in order; a
    Markdown image has ``alt`` and ``title`` when they are not empty.
    ``source`` covers ``![..](..)`` or the element's start tag, and
    ``text_offset`` is where it stands in ``Document.text``.

    ``caption`` is the credit or caption shown with it, best effort: the
    ``<figcaption>`` of its ``<figure>``, else a Markdown image's title,
    else the other text of the paragraph it begins or ends, when that
    paragraph holds no other image and under 300 characters of text.
    """

    tag: str
    src: str
    attrs: tuple[tuple[str, str], ...]
    source: Span
    text_offset: int
    caption: str = ""

    def attr(self, name: str) -> str | None:
        """The value of the first attribute called ``name``, if any."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    @property
    def is_tracking_pixel(self) -> bool:
        """A 1x1 (or 0x0) image, by its width and height attributes or style."""
        sizes = {"width": self.attr("width"), "height": self.attr("height")}
        for name, value in _STYLE_SIZE.findall(self.attr("style") or ""):
            sizes[name.lower()] = value
        return all(value is not None and _PIXEL_SIZE.match(value) for value in sizes.values())

    @property
    def loads_a_counter(self) -> bool:
        """Its address says it counts page views (count.gif, pixel, beacon)."""
        return _COUNTER_ADDRESS.search(self.src) is not None


@dataclass(frozen=True)
class Comment:
    """An HTML comment (in HTML, or raw HTML in Markdown): ``text`` is what
    stands between ``<!--`` and ``-->``."""

    text: str
    source: Span
    text_offset: int


@dataclass(frozen=True)
class Block:
    """A top-level block of the article body, in reading order.

    ``kind`` is one of ``BLOCK_KINDS``.  ``start`` and ``end`` are offsets
    in ``Document.text``; a block with no prose (an image on its own, a
    pixel, a code block, a rule) has ``start == end`` where it stands.
    Blocks nested in another (a paragraph in a quotation, a list in a list)
    belong to their top-level block.  ``level`` is a heading's level.
    """

    kind: str
    start: int
    end: int
    source: Span
    level: int = 0


BLOCK_KINDS = ("paragraph", "heading", "quote", "list", "table", "code", "image", "html",
               "rule", "footnote")


@dataclass(frozen=True)
class Region:
    """A stretch of ``Document.text`` that is not the post's running prose.

    ``kind`` is one of ``REGION_KINDS``: a quotation (a blockquote, an
    inline ``<q>``, email-quoted ``>`` lines), a table cell, a footnote, a
    caption, or a list item.  Readers mark them; detection asks whether a credit line
    stands inside one.
    """

    kind: str
    start: int
    end: int


REGION_KINDS = ("quote", "table-cell", "footnote", "caption", "list-item")


# A paragraph whose first this many words make it body text, not a byline,
# dateline or credit line (see Document.lead_end).
LEAD_WORDS = 20
# Other text of a paragraph that can still be its image's caption.
CAPTION_LIMIT = 300
_WORD = re.compile(r"\w+")
_IMAGE_TAGS = frozenset({"img"})
_ALWAYS_KEPT = frozenset({"code", "rule"})  # blocks that stand even with no text


def _has_words(text: str, start: int, end: int, count: int) -> bool:
    """Whether ``text[start:end]`` holds ``count`` words (stops at the ``count``-th)."""
    return sum(1 for _ in islice(_WORD.finditer(text, start, end), count)) >= count


def _caption_text(text: str) -> str:
    return " ".join(text.replace(BARRIER, " ").split())


@dataclass(slots=True)
class _PendingBlock:
    """A top-level block as a reader sees it, before the text exists."""

    kind: str  # a BLOCK_KINDS kind, or "figure" (an image block if it holds an image)
    source_start: int
    text_start: int
    level: int = 0
    source_end: int = 0
    text_end: int = 0
    embeds: list[int] | None = None  # indices of the embeds in it
    caption: tuple[int, int] | None = None  # text range of a <figcaption>


@dataclass
class StructureBuilder:
    """Collects a document's embeds, comments and top-level blocks while a
    reader builds its text.

    Readers say where things are; :meth:`build` decides, once the text
    exists, what depends on it: a paragraph with no words but an image is
    an "image" block, a block with no words has ``start == end``, an empty
    block (a spacer paragraph) is no block, and captions are taken from the
    text.
    """

    embeds: list[Embed] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    _blocks: list[_PendingBlock] = field(default_factory=list)
    _open: _PendingBlock | None = None

    @property
    def in_block(self) -> bool:
        """Whether a top-level block is open (what comes now belongs to it)."""
        return self._open is not None

    def embed(self, embed: Embed, in_block: bool = True) -> None:
        """Record ``embed``; unless ``in_block`` is False (it is hidden, or
        outside the article), it belongs to the open block."""
        block = self._open
        if in_block and block is not None:
            if block.embeds is None:
                block.embeds = []
            block.embeds.append(len(self.embeds))
        self.embeds.append(embed)

    def comment(self, comment: Comment) -> None:
        self.comments.append(comment)

    def open_block(self, kind: str, source_start: int, text_start: int, level: int = 0) -> None:
        """A top-level block starts (closing the open one, if any, there)."""
        if self._open is not None:
            self.close_block(source_start, text_start)
        self._open = _PendingBlock(kind, source_start, text_start, level)

    def close_block(self, source_end: int, text_end: int) -> None:
        block = self._open
        if block is not None:
            block.source_end, block.text_end = max(source_end, block.source_start), text_end
            self._blocks.append(block)
            self._open = None

    def figure_caption(self, text_start: int, text_end: int) -> None:
        """``text[text_start:text_end]`` is the caption of the open block's images."""
        if self._open is not None and self._open.caption is None:
            self._open.caption = (text_start, text_end)

    def build(self, text: str) -> tuple[list[Embed], list[Comment], list[Block]]:
        blocks = []
        for pending in self._blocks:
            block = self._finish(pending, text)
            if block is not None:
                blocks.append(block)
        return self.embeds, self.comments, blocks

    def _finish(self, pending: _PendingBlock, text: str) -> Block | None:
        start, end, kind = pending.text_start, pending.text_end, pending.kind
        if end < start:
            end = start
        elif text[end - 1:end].isspace():  # the line break closing its last inner block
            end = start + len(text[start:end].rstrip())
        prose = _WORD.search(text, start, end) is not None
        images = [] if pending.embeds is None else \
            [i for i in pending.embeds if self.embeds[i].tag in _IMAGE_TAGS]
        if kind == "figure":
            kind = "image" if images else "html"
        elif kind == "paragraph" and not prose and pending.embeds:
            kind = "image" if images else "html"
        if not prose:
            if not (kind in _ALWAYS_KEPT or pending.embeds or text[start:end].strip()):
                return None  # nothing shows: a spacer
            end = start
        if images:
            self._caption(pending, images, text, start, end)
        return Block(kind, start, end, Span(pending.source_start, pending.source_end),
                     pending.level)

    def _caption(self, pending: _PendingBlock, images: list[int], text: str,
                 start: int, end: int) -> None:
        """Give the block's images their caption (see Embed.caption)."""
        if pending.caption is not None:
            caption = _caption_text(text[pending.caption[0]:pending.caption[1]])
            for i in images:
                self._set_caption(i, caption)
            return
        if len(images) != 1 or end == start:
            return
        offset = min(max(self.embeds[images[0]].text_offset, start), end)
        after = offset + 1 if text.startswith(BARRIER, offset) else offset
        if (offset - start) + (end - after) > CAPTION_LIMIT:
            return
        before, rest = text[start:offset], text[after:end]
        if before.strip() and rest.strip():
            return  # the image stands inside a sentence
        self._set_caption(images[0], _caption_text(before + " " + rest))

    def _set_caption(self, index: int, caption: str) -> None:
        """A caption for the embed at ``index``, unless it has one (a title)."""
        embed = self.embeds[index]
        if not embed.caption and caption:
            self.embeds[index] = Embed(embed.tag, embed.src, embed.attrs, embed.source,
                                       embed.text_offset, caption)


@dataclass
class TextBuilder:
    """Builds ``Document.text`` together with its map back to the source.

    The map is a list of segments.  An *exact* segment is text copied from
    the source character for character; any other segment (an entity, an
    escape, a separator) maps every one of its characters to the whole
    source range it stands for.  Exact segments that follow one another in
    the source too are one segment, and the columns are arrays of machine
    integers: a large post costs a few bytes of map per segment, not a
    tuple of Python objects.
    """

    _parts: list[str] = field(default_factory=list)
    _text_starts: array = field(default_factory=lambda: array("q"))
    _source_starts: array = field(default_factory=lambda: array("q"))
    _source_ends: array = field(default_factory=lambda: array("q"))
    _exact: bytearray = field(default_factory=bytearray)
    length: int = 0  # of the text so far
    regions: list[Region] = field(default_factory=list)
    soft_breaks: list[int] = field(default_factory=list)  # see Document.line_text
    # Where each open region starts, by kind: closing one never searches
    # past regions of other kinds left open by broken markup.
    _open_regions: dict[str, list[int]] = field(default_factory=dict)
    # The last part added ("" before the first): what comes next depends
    # on how it ends.  Parts are never empty.
    _last: str = ""
    # Where the last segment ends in the source if it is exact, else None:
    # exact text that starts there extends it.
    _exact_end: int | None = None

    def open_region(self, kind: str) -> None:
        """A :class:`Region` of ``kind`` starts at the end of the text so far."""
        self._open_regions.setdefault(kind, []).append(self.length)

    def close_region(self, kind: str) -> None:
        """The innermost open region of ``kind`` ends here (if one is open)."""
        starts = self._open_regions.get(kind)
        if starts:
            start = starts.pop()
            if self.length > start:
                self.regions.append(Region(kind, start, self.length))

    def add(self, text: str, source_start: int, source_end: int) -> None:
        """Append ``text`` that stands for ``source[source_start:source_end]``.

        Spaces that would begin a line are dropped (HTML indentation), so a
        line's text starts with its first word.
        """
        if text[:1] == " " and self._last[-1:] in ("", "\n"):
            stripped = text.lstrip(" ")
            if source_end - source_start == len(text):
                source_start += len(text) - len(stripped)
            text = stripped
            if not text:
                return
        elif not text:
            return
        if source_end - source_start == len(text):  # exact
            if self._exact_end == source_start:
                self._source_ends[-1] = source_end  # the same run of the source
            else:
                self._text_starts.append(self.length)
                self._source_starts.append(source_start)
                self._source_ends.append(source_end)
                self._exact.append(1)
            self._exact_end = source_end
        else:
            self._text_starts.append(self.length)
            self._source_starts.append(source_start)
            self._source_ends.append(source_end)
            self._exact.append(0)
            self._exact_end = None
        self._parts.append(text)
        self._last = text
        self.length += len(text)

    def break_block(self, source_offset: int) -> None:
        """End a block of prose: templates never match across a blank line."""
        tail = self._last[-2:] if self._last else "\n\n"
        if tail != "\n\n":
            self.add("\n" if tail[-1] == "\n" else "\n\n", source_offset, source_offset)

    def break_line(self, source_offset: int) -> None:
        """A hard line break (``<br>``, a Markdown hard break)."""
        if self._last and self._last[-1] != "\n":
            self.add("\n", source_offset, source_offset)

    def space(self, source_start: int, source_end: int | None = None) -> None:
        """Words on either side are apart (a soft line break, which stands
        for ``source[source_start:source_end]`` when it is given)."""
        if self._last and not self._last[-1].isspace():
            if source_end is not None and source_end > source_start:
                self.soft_breaks.append(self.length)
            self.add(" ", source_start, source_start if source_end is None else source_end)

    def barrier(self, source_start: int, source_end: int) -> None:
        """Something that is not prose (a code span) stands here.

        The replacement character keeps words on either side from joining
        into a phrase, so a credit quoted in code is never taken as prose.
        """
        self.add(BARRIER, source_start, source_end)

    def build(self) -> tuple[str, "TextMap"]:
        for kind, starts in self._open_regions.items():  # never closed: to the end
            while starts:
                self.close_region(kind)
        text = normalise("".join(self._parts))
        return text, TextMap(self._text_starts, self._source_starts, self._source_ends,
                             self._exact)


@dataclass(frozen=True)
class TextMap:
    """Maps offsets in ``Document.text`` to offsets in the source."""

    text_starts: Sequence[int]
    source_starts: Sequence[int]
    source_ends: Sequence[int]
    exact: Sequence[int]  # 1 for an exact segment

    def start(self, offset: int) -> int:
        """Source offset where the character at text ``offset`` begins."""
        i = max(bisect_right(self.text_starts, offset) - 1, 0)
        if not self.text_starts:
            return 0
        if self.exact[i]:
            return self.source_starts[i] + (offset - self.text_starts[i])
        return self.source_starts[i]

    def end(self, offset: int) -> int:
        """Source offset just after the character at text ``offset - 1``."""
        if offset <= 0 or not self.text_starts:
            return self.start(0)
        i = bisect_right(self.text_starts, offset - 1) - 1
        if self.exact[i]:
            return self.source_starts[i] + (offset - self.text_starts[i])
        return self.source_ends[i]


@dataclass
class Document:
    """A post or page, as checks see it.

    ``meta`` holds front matter (Markdown) or ``<meta>``/``<link>`` facts
    (HTML) as plain values; ``meta_spans`` gives the source span of each
    top-level key.  ``body_start`` is where the content after front matter
    begins in the source.
    """

    path: str
    kind: str  # markdown, html, text
    source: str
    meta: dict[str, Any]
    meta_spans: dict[str, Span]
    text: str
    text_map: TextMap
    links: list[Link]
    body_start: int = 0
    # An index page of several posts' excerpts: a credit line in an excerpt
    # does not make the page a repost (each post's own page is checked).
    is_listing: bool = False
    # Quotations, table cells, footnotes, captions, list items (text offsets).
    regions: list[Region] = field(default_factory=list)
    # Offsets of spaces in ``text`` that stand for a line break of the source.
    soft_breaks: list[int] = field(default_factory=list)
    # Images, scripts, iframes... the page loads (see Embed), in source order.
    embeds: list[Embed] = field(default_factory=list)
    # HTML comments, in source order.
    comments: list[Comment] = field(default_factory=list)
    # Top-level blocks of the article body, in reading order (see Block).
    blocks: list[Block] = field(default_factory=list)

    @cached_property
    def line_text(self) -> str:
        """``text`` with each space that stands for a line break of the
        source (a Markdown soft break) made a line break again: what "^"
        and "$" in templates see, so that the lines of a byline block
        ("by AUTHOR" / a date / "from X Website") are lines though the
        paragraph's text joins them.  Same length as ``text``."""
        if not self.soft_breaks:
            return self.text
        chars = list(self.text)
        for offset in self.soft_breaks:
            chars[offset] = "\n"
        return "".join(chars)

    @cached_property
    def lines(self) -> LineIndex:
        """Built on the first finding: most documents have none."""
        return LineIndex(self.source)

    def position(self, source_offset: int) -> Position:
        return self.lines.position(source_offset)

    def text_span(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]``."""
        return Span(self.text_map.start(start), self.text_map.end(end))

    def regions_around(self, start: int, end: int) -> set[str]:
        """The kinds of region that hold all of ``text[start:end]``."""
        kinds = set()
        for kind, (starts, ends) in self._region_index.items():
            i = bisect_right(starts, start) - 1
            if i >= 0 and end <= ends[i]:
                kinds.add(kind)
        return kinds

    @cached_property
    def quoted_share(self) -> float:
        """The share of the prose's words that stand in quotations."""
        words = re.compile(r"[^\W\d_]+")
        starts, ends = self._region_index.get("quote", ([], []))
        quoted = sum(len(words.findall(self.text, a, b)) for a, b in zip(starts, ends))
        total = len(words.findall(self.text))
        return quoted / total if total else 0.0

    @cached_property
    def _region_index(self) -> dict[str, tuple[list[int], list[int]]]:
        """Per kind, the regions merged where they overlap or nest, sorted:
        a lookup is a binary search, however many regions a page has."""
        index: dict[str, tuple[list[int], list[int]]] = {}
        for region in sorted(self.regions, key=lambda r: (r.kind, r.start)):
            starts, ends = index.setdefault(region.kind, ([], []))
            if ends and region.start <= ends[-1]:
                ends[-1] = max(ends[-1], region.end)
            else:
                starts.append(region.start)
                ends.append(region.end)
        return index

    def links_within(self, start: int, end: int) -> list[Link]:
        """Links whose words overlap ``text[start:end]``."""
        starts, ordered, longest = self._link_index
        first = bisect_right(starts, start - longest - 1)
        last = bisect_right(starts, end - 1)
        return [l for l in ordered[first:last] if l.text_start < end and l.text_end > start]

    @cached_property
    def _link_index(self) -> tuple[list[int], list[Link], int]:
        """Links by where their words start, and the longest link's length:
        a lookup is a binary search, however many links a page has."""
        ordered = sorted(self.links, key=lambda l: l.text_start)
        longest = max((l.text_end - l.text_start for l in ordered), default=0)
        return [l.text_start for l in ordered], ordered, longest

    # -- blocks ------------------------------------------------------------
    def block_index(self, text_offset: int) -> int | None:
        """The index in ``blocks`` of the block holding ``text[text_offset]``
        (a block with no prose holds only the offset where it stands), or
        None between blocks."""
        i = bisect_right(self._block_starts, text_offset) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        if text_offset < block.end or block.start == block.end == text_offset:
            return i
        return None

    def blocks_from_top(self, text_offset: int) -> int | None:
        """How many blocks of prose come before the one holding
        ``text[text_offset]`` (0: it is in the first); None if no block of
        prose holds it.  Blocks with no prose (an image, a pixel) do not
        count."""
        return self._prose_rank(text_offset)

    def blocks_from_bottom(self, text_offset: int) -> int | None:
        """How many blocks of prose come after the one holding
        ``text[text_offset]`` (0: it is in the last); None as for
        :meth:`blocks_from_top`."""
        rank = self._prose_rank(text_offset)
        return None if rank is None else len(self._prose_blocks[0]) - 1 - rank

    @cached_property
    def lead_end(self) -> int:
        """Where the first body paragraph begins in ``text``: the first
        paragraph block of ``LEAD_WORDS`` words or more.  What comes
        before it (title, byline, dateline, a credit or "originally
        published by" line) is the top of the article.  ``len(text)`` if
        there is no such paragraph."""
        for block in self.blocks:
            if block.kind == "paragraph" and _has_words(self.text, block.start, block.end,
                                                        LEAD_WORDS):
                return block.start
        return len(self.text)

    def _prose_rank(self, text_offset: int) -> int | None:
        starts, ends = self._prose_blocks
        i = bisect_right(starts, text_offset) - 1
        return i if i >= 0 and text_offset < ends[i] else None

    @cached_property
    def _block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    @cached_property
    def _prose_blocks(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the blocks with prose, in order."""
        prose = [block for block in self.blocks if block.end > block.start]
        return [block.start for block in prose], [block.end for block in prose]
