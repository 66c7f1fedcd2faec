"""Markdown (CommonMark + GFM tables, footnotes) with front matter.

Parsed by pyromark (pulldown-cmark), which gives the source range of every
event, text runs and character references included, so every character of
the prose maps back to its exact place.  Code spans and code blocks are not
prose; raw HTML blocks (and Hugo's ``{{< rawhtml >}}``) go through the HTML
reader's tokenizer; raw inline ``<a href>`` tags are links; Liquid and Hugo
template comments never reach the page, so they are not prose either.
"""

from __future__ import annotations

import html
import re
import sys
from bisect import bisect_left
from dataclasses import replace
from typing import Any, Iterator

import pyromark

from ..document import Comment, Document, Embed, Link, Span, StructureBuilder, TextBuilder
from ..source import Utf8Offsets
from .frontmatter import split_front_matter
from .links import find_bare_links

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)
_BLOCKS = frozenset(
    "Paragraph Heading BlockQuote Item List TableHead TableRow TableCell "
    "FootnoteDefinition DefinitionListTitle DefinitionListDefinition".split()
)
# Blocks whose text is not the post's running prose (see document.Region).
_REGIONS = {"BlockQuote": "quote", "TableCell": "table-cell", "FootnoteDefinition": "footnote",
            "Item": "list-item"}
_LINK_FORMS = {
    "Inline": "inline",
    "Autolink": "autolink",
    "Email": "autolink",
}
# Blocks that hold others or text; the outermost ones are the top-level blocks.
_NESTING = _BLOCKS | frozenset(
    "Table CodeBlock HtmlBlock MetadataBlock DefinitionList".split())
_TOP_KINDS = {"Paragraph": "paragraph", "Heading": "heading", "BlockQuote": "quote",
              "List": "list", "DefinitionList": "list", "Table": "table", "CodeBlock": "code",
              "FootnoteDefinition": "footnote"}
_NOT_NEWLINE = re.compile(r"[^\r\n]")
# Site-generator blocks, as opener and closer: each opener runs to the first
# closer of its kind after it (found by lookup, never by a lazy scan to the
# end of the post, which is quadratic when openers are never closed).
_RAW_HTML_OPEN = re.compile(r"\{\{<\s*+(rawhtml|raw|html|unsafe)\s*+>\}\}")
_RAW_HTML_CLOSE = re.compile(r"\{\{<\s*+/(rawhtml|raw|html|unsafe)\s*+>\}\}")
_COMMENT_OPEN = re.compile(r"\{%-?\s*+comment\s*+-?%\}|\{\{-?\s*+/\*|\{#")
_COMMENT_CLOSE = re.compile(r"\{%-?\s*+endcomment\s*+-?%\}|\*/\s*+-?\}\}|#\}")
# A link whose address is a template expression, [words]({{ page.source_url }}):
# CommonMark allows no spaces in an address, so they are read as "_".
_TEMPLATE_DESTINATION = re.compile(r"(?<=\]\()[ \t]*+\{\{[^{}\n]{1,200}+\}\}")
# The address such an expression stands for: a front-matter key, as Jekyll
# (page.key), Eleventy (key) and Hugo shortcodes (.Params.key) write it.
_TEMPLATE_ADDRESS = re.compile(
    r"\{\{[-\s_]*(?:page\.|\.Params\.|\.Page\.Params\.|post\.)?([A-Za-z][\w]*)[-\s_]*\}\}")
# MDX comments, {/* ... */}: only in .mdx (in Markdown they are text).
_MDX_COMMENT_OPEN = re.compile(r"\{\s*+/\*")
_MDX_COMMENT_CLOSE = re.compile(r"\*/\s*+\}")
_A_OPEN = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_BR = re.compile(r"<br\b", re.IGNORECASE)
# Inline raw HTML that loads an address, and the attribute holding it.
_EMBED_OPEN = re.compile(r"<(img|script|iframe|video|audio|source|embed|object)\b",
                         re.IGNORECASE)
_EMBED_ADDRESS = {"object": "data"}  # the others: "src"
# One attribute of a start tag: name, and its value quoted or not.
_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_CODE_OPEN = re.compile(r"<(?:code|kbd|samp|pre)\b", re.IGNORECASE)
_CODE_CLOSE = re.compile(r"</(?:code|kbd|samp|pre)\s*>", re.IGNORECASE)
# Site-generator image markup: Hugo's {{< figure src="..." >}} (and img,
# image shortcodes), Jekyll's {% include figure.html image="..." %}.  An
# attempt stops at the next "{", so unclosed ones cost linear time.
_SHORTCODE_IMAGE = re.compile(
    r"\{\{[<%]\s*+(?:figure|img|image)\b([^{}\n]{0,2000}?)[>%]\}\}"
    r"|\{%-?\s*+include\s++[\w./-]*?(?:figure|image|img)[\w.-]*+\s++([^{%\n]{0,2000}?)-?%\}",
    re.IGNORECASE)
_SHORTCODE_ADDRESS = ("src", "image", "url", "path", "file")


def _kind(m: re.Match[str]) -> str:
    """What closes the block ``m`` opens: its name, or its comment syntax."""
    if m.lastindex:
        return m.group(1)
    written = m.group()
    if written.startswith("{%"):
        return "liquid"
    if written in ("{#", "#}"):
        return "nunjucks"
    return "hugo"


def _paired(body: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> list[tuple[int, int, int, int]]:
    """Blocks from each opener to the first closer of its kind after it.

    Returns (start, content start, content end, end) for each.  An opener
    with no closer is no block; openers inside a block are content.
    """
    closers: dict[str, list[re.Match[str]]] = {}
    for m in closer.finditer(body):
        closers.setdefault(_kind(m), []).append(m)
    if not closers:
        return []
    blocks = []
    done = 0  # end of the last block
    for m in opener.finditer(body):
        if m.start() < done:
            continue
        candidates = closers.get(_kind(m), [])
        i = bisect_left(candidates, m.end(), key=lambda c: c.start())
        if i < len(candidates):
            close = candidates[i]
            blocks.append((m.start(), m.end(), close.start(), close.end()))
            done = close.end()
    return blocks


def _without_spaces(match: re.Match[str]) -> str:
    return match.group().replace(" ", "_").replace("\t", "_")


def _resolved(link: Link, meta: dict[str, Any]) -> Link:
    """``link`` with a template address (``{{ page.source_url }}``) replaced
    by the front-matter value it stands for, when the front matter has it."""
    if "{{" not in link.href:
        return link
    m = _TEMPLATE_ADDRESS.fullmatch(link.href.strip())
    if m is None:
        return link
    value = meta.get(m.group(1).strip("_"))
    return replace(link, href=value.strip()) if isinstance(value, str) and value.strip() \
        else link


def _site_generator_markup(body: str, mdx: bool = False
                           ) -> tuple[str, list[tuple[int, int]], list[tuple[int, int, int, int]]]:
    """``body`` with site-generator markup blanked out, its raw-HTML parts,
    and its MDX comments (start, content start, content end, end).

    What stands between Hugo's ``{{< rawhtml >}}`` and ``{{< /rawhtml >}}``
    reaches the page as HTML, indented or not, so it is read as HTML, not
    Markdown.  Template comments (Liquid's ``{% comment %}``, Hugo's
    ``{{/* */}}``, Nunjucks' ``{# #}``, MDX's ``{/* */}``) never reach the
    page.  Blanking keeps every other character where it was.
    """
    if "{" not in body:
        return body, [], []
    body = _TEMPLATE_DESTINATION.sub(_without_spaces, body)
    comments = _paired(body, _COMMENT_OPEN, _COMMENT_CLOSE)
    mdx_comments = _paired(body, _MDX_COMMENT_OPEN, _MDX_COMMENT_CLOSE) if mdx else []
    comments += mdx_comments
    raw = _paired(body, _RAW_HTML_OPEN, _RAW_HTML_CLOSE)
    if not comments and not raw:
        return body, [], []
    parts = []
    done = 0
    for start, _, _, end in sorted(comments + raw):
        start = max(start, done)  # blocks of the two kinds may overlap
        if start < end:
            parts.append(body[done:start])
            parts.append(_NOT_NEWLINE.sub(" ", body[start:end]))
            done = end
    parts.append(body[done:])
    return ("".join(parts), [(content_start, content_end) for _, content_start, content_end, _ in raw],
            mdx_comments)


def read_markdown(path: str, source: str) -> Document:
    front = split_front_matter(source)
    base = front.body_start
    body, raw_html, mdx_comments = _site_generator_markup(source[base:],
                                                          mdx=path.lower().endswith(".mdx"))
    reader = _EventReader(source, base, raw_html, _shortcode_images(body, base))
    reader.read(pyromark.events_with_range(body, options=_OPTIONS), Utf8Offsets(body))
    reader.finish()
    builder, structure, links = reader.builder, reader.structure, reader.links
    text, text_map = builder.build()
    embeds, comments, blocks = structure.build(text)
    if mdx_comments:  # MDX has no HTML comments: {/* ... */} is where suppressions go
        comments = sorted(comments + [
            Comment(source[base + inner:base + inner_end], Span(base + start, base + end), 0)
            for start, inner, inner_end, end in mdx_comments],
            key=lambda comment: comment.source.start)
    links.extend(find_bare_links(text, text_map, source, links))
    links = [_resolved(link, front.meta) for link in links]
    links.sort(key=lambda link: link.text_start)
    return Document(path, "markdown", source, front.meta, front.spans, text, text_map,
                    links, body_start=base, regions=builder.regions,
                    soft_breaks=builder.soft_breaks, embeds=embeds, comments=comments,
                    blocks=blocks)


# Blocks whose contents are not prose: a code block, an image's alt text.
_HIDING = frozenset(("CodeBlock", "Image", "MetadataBlock"))
# Blocks read apart (raw HTML goes through the HTML reader), and the above.
_HIDDEN = _HIDING | {"HtmlBlock"}


class _EventReader:
    """Reads pyromark's events into a document's text, links, embeds,
    comments and blocks.

    A post has some 300 events, two thirds of them text runs and soft line
    breaks.  Those two are handled in :meth:`read`'s loop itself, in a few
    steps each; the others (block, link and image boundaries, inline HTML,
    code) go to a method each.  Offsets are converted from UTF-8 bytes to
    characters with one subtraction while they stay in one stretch of ASCII
    (see :class:`Utf8Offsets`).
    """

    def __init__(self, source: str, base: int, raw_html: list[tuple[int, int]],
                 shortcodes: list[Embed]) -> None:
        self.source = source
        self.base = base  # where the body (what pyromark reads) starts in the source
        self.builder = TextBuilder()
        self.structure = StructureBuilder()
        self.links: list[Link] = []
        self.depth = 0  # blocks open: a block that starts at depth 0 is a top-level block
        self.image: dict[str, Any] | None = None  # the image being read: its detail, alt, where
        self.open_links: list[tuple[str, str, int]] = []  # href, form, text start
        self.html_link: tuple[str, int, int, str] | None = None  # href, text start, source start, tag
        self.skip = 0  # inside a code block or an image (alt text is not prose)
        self.inline_code = 0  # inside raw <code>...</code>
        self._raw_html = raw_html  # parts of the body read as HTML (Hugo's rawhtml)
        self._next_raw = 0  # raw_html parts before it are read
        self._shortcodes = shortcodes  # images of {{< figure >}} and the like
        self._next_shortcode = 0

    def read(self, events: Iterator[tuple[Any, dict[str, int]]], offsets: Utf8Offsets) -> None:
        builder = self.builder
        base = self.base
        raw_at = self._raw_html_at()
        shortcode_at = self._shortcode_at()
        # The ASCII stretch of the body where the last offset was found:
        # byte offsets lo..hi are source offsets at byte + shift.  Empty at first.
        lo, hi, shift = 0, -1, 0
        for event, where in events:
            start_byte, end_byte = where["start"], where["end"]
            if lo <= start_byte and end_byte <= hi:
                start, end = start_byte + shift, end_byte + shift
            else:
                lo, hi, extra = offsets.stretch(end_byte)
                shift = base - extra
                end = end_byte + shift if end_byte <= hi else base + offsets.char(end_byte)
                start = start_byte + shift if lo <= start_byte <= hi \
                    else base + offsets.char(start_byte)
            if raw_at < start:
                self._raw_html_before(start)
                raw_at = self._raw_html_at()
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                if event == "SoftBreak":
                    if not (self.skip or self.inline_code):
                        builder.space(start, end)
                else:
                    self._unit(event, start, end)
                continue
            text = event.get("Text")
            if text is not None:
                if shortcode_at < end:
                    self._shortcodes_before(end)
                    shortcode_at = self._shortcode_at()
                if not (self.skip or self.inline_code):
                    builder.add(text, start, end)
                elif self.image is not None:
                    self.image["alt"].append(text)
                continue
            ((name, value),) = event.items()
            if name == "Start":
                self._start(value, start, end)
            elif name == "End":
                self._end(value, start, end)
            elif self.skip:
                continue
            elif name == "InlineHtml":
                self._inline_html(value, start, end)
            elif name in ("Code", "InlineMath", "DisplayMath"):
                builder.barrier(start, end)

    def finish(self) -> None:
        """What follows the last event: raw HTML at the end, the open block."""
        for region_start, region_end in self._raw_html[self._next_raw:]:
            _add_html(self.source, self.base + region_start, self.base + region_end,
                      self.builder, self.links, self.structure, True)
        self._next_raw = len(self._raw_html)
        # A block never ended (no End event).
        self.structure.close_block(len(self.source), self.builder.length)

    def _raw_html_at(self) -> int:
        """Where the next raw-HTML part starts in the source (never: maxsize)."""
        if self._next_raw < len(self._raw_html):
            return self.base + self._raw_html[self._next_raw][0]
        return sys.maxsize

    def _raw_html_before(self, start: int) -> None:
        """Read the raw-HTML parts that start before ``start``."""
        raw_html, base = self._raw_html, self.base
        while self._next_raw < len(raw_html) and base + raw_html[self._next_raw][0] < start:
            region_start, region_end = raw_html[self._next_raw]
            _add_html(self.source, base + region_start, base + region_end, self.builder,
                      self.links, self.structure, self.depth == 0)
            self._next_raw += 1

    def _shortcode_at(self) -> int:
        """Where the next shortcode image starts in the source (never: maxsize)."""
        if self._next_shortcode < len(self._shortcodes):
            return self._shortcodes[self._next_shortcode].source.start
        return sys.maxsize

    def _shortcodes_before(self, end: int) -> None:
        """Embed the shortcode images that start before ``end`` (a text run's
        end), unless they stand in code, which shows them and does not run them."""
        shortcodes = self._shortcodes
        while self._next_shortcode < len(shortcodes) and \
                shortcodes[self._next_shortcode].source.start < end:
            if not (self.skip or self.inline_code):
                self.structure.embed(replace(shortcodes[self._next_shortcode],
                                             text_offset=self.builder.length))
            self._next_shortcode += 1

    def _unit(self, event: str, start: int, end: int) -> None:
        """HardBreak or Rule (a SoftBreak is read in the loop)."""
        if event == "Rule" and self.depth == 0:
            self.structure.open_block("rule", start, self.builder.length)
            self.structure.close_block(end, self.builder.length)
        if self.skip or self.inline_code:
            return
        if event == "HardBreak":
            self.builder.break_line(start)
        else:
            self.builder.break_block(start)

    def _start(self, value: Any, start: int, end: int) -> None:
        """A block, link, image or emphasis starts ("Name" or {"Name": detail})."""
        if type(value) is str:
            tag, detail = value, None
        else:
            ((tag, detail),) = value.items()
        builder = self.builder
        if tag in _NESTING:
            if self.depth == 0 and tag in _TOP_KINDS:
                level = int(detail["level"][1:]) if tag == "Heading" else 0
                self.structure.open_block(_TOP_KINDS[tag], start, builder.length, level)
            self.depth += 1
        skip = self.skip
        if tag == "Image" and not skip:
            self.image = {"detail": detail, "alt": [], "start": start, "end": end,
                          "offset": builder.length}
        if tag in _HIDING:
            self.skip += 1
        elif skip:
            return
        elif tag == "Link":
            form = _LINK_FORMS.get(detail["link_type"], "reference")
            self.open_links.append((detail["dest_url"], form, builder.length))
        elif tag == "HtmlBlock":
            _add_html(self.source, start, end, builder, self.links, self.structure,
                      self.depth == 1)
            self.skip += 1
        elif tag in _REGIONS:
            builder.open_region(_REGIONS[tag])

    def _end(self, value: Any, start: int, end: int) -> None:
        """What :meth:`_start` opened ends."""
        tag = value if type(value) is str else next(iter(value))
        builder = self.builder
        if tag in _NESTING:
            self.depth -= 1
            if self.depth == 0:
                self.structure.close_block(end, builder.length)
        if tag == "Image" and self.skip == 1 and self.image is not None:
            self.structure.embed(_image(self.image))
            self.image = None
        if tag in _HIDDEN:
            self.skip -= 1
            if tag == "CodeBlock" or (tag == "Image" and not self.skip):
                # Words on either side are not one phrase (and a line
                # right after an image is its caption).
                builder.barrier(start, end)
            if tag != "Image":
                builder.break_block(end)
        elif self.skip:
            return
        elif tag == "Link":
            if self.open_links:
                href, form, text_start = self.open_links.pop()
                self.links.append(Link(href, text_start, builder.length, Span(start, end),
                                       form))
        elif tag in _BLOCKS:
            builder.break_block(end)
            if tag in _REGIONS:
                builder.close_region(_REGIONS[tag])

    def _inline_html(self, value: str, start: int, end: int) -> None:
        """A comment, an embed, <code>, <a> or <br> written in the prose."""
        builder = self.builder
        if value.startswith("<!--"):
            self.structure.comment(Comment(_comment_text(value), Span(start, end),
                                           builder.length))
        elif (embed := _EMBED_OPEN.match(value)) and not self.inline_code:
            _inline_embed(embed.group(1).lower(), value, Span(start, end), builder.length,
                          self.structure)
        elif _CODE_OPEN.match(value):
            self.inline_code += 1
            builder.barrier(start, end)
        elif _CODE_CLOSE.match(value):
            self.inline_code = max(self.inline_code - 1, 0)
        elif self.inline_code:
            return
        elif m := _A_OPEN.match(value):
            href = _HREF.search(m.group())
            if href:
                raw = next(g for g in href.groups() if g is not None)
                self.html_link = (html.unescape(raw).strip(), builder.length, start, m.group())
        elif _A_CLOSE.match(value) and self.html_link is not None:
            href, text_start, link_start, tag_text = self.html_link
            attributes = dict(_attributes(tag_text))
            self.links.append(Link(href, text_start, builder.length, Span(link_start, end),
                                   "html", tuple(attributes.get("rel", "").lower().split()),
                                   attributes.get("target", "").strip()))
            self.html_link = None
        elif _BR.match(value):
            builder.break_line(start)


def _add_html(source: str, start: int, end: int, builder: TextBuilder, links: list[Link],
              structure: StructureBuilder, top_level: bool) -> None:
    """Raw HTML: its prose, links, embeds and comments, and its blocks
    when it stands at the top level of the post."""
    from .html import replay, tokenize  # most posts have no raw HTML: import on first use

    builder.break_block(start)
    replay(tokenize(source[start:end], start).pieces, builder, links, structure, top_level)
    builder.break_block(end)


def _image(image: dict[str, Any]) -> Embed:
    """The Embed of a Markdown image (``![alt](src "title")``, or by reference)."""
    detail = image["detail"]
    alt, title = "".join(image["alt"]), detail.get("title") or ""
    attrs: tuple[tuple[str, str], ...] = (("alt", alt),) if alt else ()
    if title:
        attrs += (("title", title),)
    return Embed("img", detail["dest_url"].strip(), attrs, Span(image["start"], image["end"]),
                 image["offset"], caption=title)


def _attributes(tag_text: str) -> list[tuple[str, str]]:
    """A start tag's attributes, as written: names lower-cased, values decoded."""
    name_end = re.match(r"<[^\s/>]*", tag_text).end()
    return [(m.group(1).lower(),
             html.unescape(next((g for g in m.groups()[1:] if g is not None), "")))
            for m in _ATTRIBUTE.finditer(tag_text, name_end, len(tag_text) - 1)]


def _shortcode_images(body: str, base: int) -> list[Embed]:
    """The images that site-generator shortcodes and includes put on the
    page, each an img Embed (its text offset set when it is reached)."""
    if "{" not in body:
        return []
    found = []
    for m in _SHORTCODE_IMAGE.finditer(body):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        attrs = tuple((a.group(1).lower(), html.unescape(next(
            (g for g in a.groups()[1:] if g is not None), "")))
            for a in _ATTRIBUTE.finditer(inner))
        values = dict(attrs)
        address = next((values[k] for k in _SHORTCODE_ADDRESS if values.get(k)), "").strip()
        if address:
            found.append(Embed("img", address, attrs, Span(base + m.start(), base + m.end()), 0,
                               caption=values.get("caption") or values.get("title") or ""))
    return found


def _inline_embed(tag: str, tag_text: str, span: Span, text_offset: int,
                  structure: StructureBuilder) -> None:
    attrs = tuple(_attributes(tag_text))
    address = dict(attrs).get(_EMBED_ADDRESS.get(tag, "src"), "").strip()
    if address:
        structure.embed(Embed(tag, address, attrs, span, text_offset))


def _comment_text(comment: str) -> str:
    """What stands between ``<!--`` and ``-->``."""
    inner = comment[4:]
    close = re.search(r"--!?\s*>$", inner)
    return inner[:close.start()] if close else inner
