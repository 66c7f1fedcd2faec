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
from bisect import bisect_left
from typing import Any

import pyromark

from ..document import Document, Link, Span, TextBuilder
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
_LINK_FORMS = {
    "Inline": "inline",
    "Autolink": "autolink",
    "Email": "autolink",
}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_RAW_HTML_SHORTCODE = re.compile(
    r"\{\{<\s*(rawhtml|raw|html|unsafe)\s*>\}\}(.*?)\{\{<\s*/\1\s*>\}\}", re.S)
_TEMPLATE_COMMENT = re.compile(
    r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{\{-?\s*/\*.*?\*/\s*-?\}\}", re.S)
_A_OPEN = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_BR = re.compile(r"<br\b", re.IGNORECASE)
_CODE_OPEN = re.compile(r"<(?:code|kbd|samp|pre)\b", re.IGNORECASE)
_CODE_CLOSE = re.compile(r"</(?:code|kbd|samp|pre)\s*>", re.IGNORECASE)


def _byte_to_char(body: str):
    """A function from UTF-8 byte offsets in ``body`` to character offsets
    (None when they are the same: ASCII).

    Only the non-ASCII characters are indexed (each adds 1 to 3 bytes), so
    a long post with one "©" costs next to nothing.
    """
    if body.isascii():
        return None
    byte_starts: list[int] = []  # byte offset of each non-ASCII character
    extra_before: list[int] = [0]  # bytes beyond one per character, before it
    extra = 0
    for m in _NON_ASCII.finditer(body):
        byte_starts.append(m.start() + extra)
        extra += len(m.group().encode()) - 1
        extra_before.append(extra)
    return lambda offset: offset - extra_before[bisect_left(byte_starts, offset)]


def _site_generator_markup(body: str) -> tuple[str, list[tuple[int, int]]]:
    """``body`` with site-generator markup blanked out, and its raw-HTML parts.

    What stands between Hugo's ``{{< rawhtml >}}`` and ``{{< /rawhtml >}}``
    reaches the page as HTML, indented or not, so it is read as HTML, not
    Markdown.  Template comments (Liquid's ``{% comment %}``, Hugo's
    ``{{/* */}}``) never reach the page.  Blanking keeps every other
    character where it was.
    """
    spans = [(m.start(), m.end()) for m in _TEMPLATE_COMMENT.finditer(body)]
    raw = list(_RAW_HTML_SHORTCODE.finditer(body))
    if not spans and not raw:
        return body, []
    chars = list(body)
    for start, end in spans + [m.span() for m in raw]:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars), [m.span(2) for m in raw]


def read_markdown(path: str, source: str) -> Document:
    front = split_front_matter(source)
    base = front.body_start
    body, raw_html = _site_generator_markup(source[base:])
    char = _byte_to_char(body)
    builder = TextBuilder()
    links: list[Link] = []
    open_links: list[tuple[str, str, int]] = []  # href, form, text start
    html_link: tuple[str, int, int] | None = None  # href, text start, source start
    skip = 0  # inside a code block or an image (alt text is not prose)
    inline_code = 0  # inside raw <code>...</code>

    for event, where in pyromark.events_with_range(body, options=_OPTIONS):
        if char is None:
            start, end = base + where["start"], base + where["end"]
        else:
            start, end = base + char(where["start"]), base + char(where["end"])
        while raw_html and base + raw_html[0][0] < start:
            _add_html(source, base + raw_html[0][0], base + raw_html.pop(0)[1], builder, links)
        text = event.get("Text") if type(event) is dict else None
        if text is not None:  # the commonest event first
            if not (skip or inline_code):
                builder.add(text, start, end)
            continue
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            if skip or inline_code:
                continue
            if event == "SoftBreak":
                builder.space(start)
            elif event == "HardBreak":
                builder.break_line(start)
            else:
                builder.break_block(start)
            continue
        ((name, value),) = event.items()
        if name == "Start":
            tag, detail = _tag(value)
            if tag in ("CodeBlock", "Image", "MetadataBlock"):
                skip += 1
            elif tag == "Link" and not skip:
                form = _LINK_FORMS.get(detail["link_type"], "reference")
                open_links.append((detail["dest_url"], form, builder.length))
            elif tag == "HtmlBlock" and not skip:
                _add_html(source, start, end, builder, links)
                skip += 1
        elif name == "End":
            tag, _ = _tag(value)
            if tag in ("CodeBlock", "Image", "MetadataBlock", "HtmlBlock"):
                skip -= 1
                if tag == "CodeBlock":
                    builder.barrier(start, end)
                if tag != "Image":
                    builder.break_block(end)
            elif skip:
                continue
            elif tag == "Link" and open_links:
                href, form, text_start = open_links.pop()
                links.append(Link(href, text_start, builder.length, Span(start, end), form))
            elif tag in _BLOCKS:
                builder.break_block(end)
        elif skip:
            continue
        elif name in ("Code", "InlineMath", "DisplayMath"):
            builder.barrier(start, end)
        elif name == "InlineHtml":
            if _CODE_OPEN.match(value):
                inline_code += 1
                builder.barrier(start, end)
            elif _CODE_CLOSE.match(value):
                inline_code = max(inline_code - 1, 0)
            elif inline_code:
                continue
            elif m := _A_OPEN.match(value):
                href = _HREF.search(m.group())
                if href:
                    raw = next(g for g in href.groups() if g is not None)
                    html_link = (html.unescape(raw).strip(), builder.length, start)
            elif _A_CLOSE.match(value) and html_link is not None:
                href, text_start, link_start = html_link
                links.append(Link(href, text_start, builder.length, Span(link_start, end), "html"))
                html_link = None
            elif _BR.match(value):
                builder.break_line(start)

    for region_start, region_end in raw_html:
        _add_html(source, base + region_start, base + region_end, builder, links)
    text, text_map = builder.build()
    links.extend(find_bare_links(text, text_map, source, links))
    links.sort(key=lambda link: link.text_start)
    return Document(path, "markdown", source, front.meta, front.spans, text, text_map,
                    links, body_start=base)


def _add_html(source: str, start: int, end: int, builder: TextBuilder, links: list[Link]) -> None:
    from .html import replay, tokenize  # most posts have no raw HTML: import on first use

    builder.break_block(start)
    replay(tokenize(source[start:end], start).pieces, builder, links)
    builder.break_block(end)


def _tag(value: Any) -> tuple[str, Any]:
    """pyromark writes a tag as "Name" or {"Name": detail}."""
    if isinstance(value, str):
        return value, None
    ((tag, detail),) = value.items()
    return tag, detail
