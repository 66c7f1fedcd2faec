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
from dataclasses import replace
import re
from bisect import bisect_left, bisect_right
from typing import Any

import pyromark

from ..document import Comment, Document, Embed, Link, Span, StructureBuilder, TextBuilder
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


# Characters per step of the byte-to-character table.
_STEP = 256


def _byte_to_char(body: str):
    """A function from UTF-8 byte offsets in ``body`` to character offsets
    (None when they are the same: ASCII).

    The table holds the byte offset of every 256th character; an offset in
    between is found by decoding at most 256 characters' bytes.  Building
    it costs one encode per step, whatever the mix of scripts.
    """
    if body.isascii():
        return None
    data = body.encode()
    byte_starts = [0]  # of characters 0, 256, 512...
    for start in range(_STEP, len(body), _STEP):
        byte_starts.append(byte_starts[-1] + len(body[start - _STEP: start].encode()))

    def to_char(offset: int) -> int:
        step = bisect_right(byte_starts, offset) - 1
        return step * _STEP + len(data[byte_starts[step]: offset].decode())
    return to_char


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
    char = _byte_to_char(body)
    builder = TextBuilder()
    structure = StructureBuilder()
    links: list[Link] = []
    depth = 0  # blocks open: a block that starts at depth 0 is a top-level block
    image: dict[str, Any] | None = None  # the image being read: its detail, alt, where
    open_links: list[tuple[str, str, int]] = []  # href, form, text start
    html_link: tuple[str, int, int, str] | None = None  # href, text start, source start, tag
    skip = 0  # inside a code block or an image (alt text is not prose)
    inline_code = 0  # inside raw <code>...</code>
    next_raw = 0  # raw_html regions before it are read
    shortcodes = _shortcode_images(body, base)  # images of {{< figure >}} and the like
    next_shortcode = 0

    for event, where in pyromark.events_with_range(body, options=_OPTIONS):
        if char is None:
            start, end = base + where["start"], base + where["end"]
        else:
            start, end = base + char(where["start"]), base + char(where["end"])
        while next_raw < len(raw_html) and base + raw_html[next_raw][0] < start:
            _add_html(source, base + raw_html[next_raw][0], base + raw_html[next_raw][1],
                      builder, links, structure, depth == 0)
            next_raw += 1
        text = event.get("Text") if type(event) is dict else None
        if text is not None:  # the commonest event first
            while next_shortcode < len(shortcodes) and shortcodes[next_shortcode].source.start < end:
                if not (skip or inline_code):  # a shortcode in code is shown, not run
                    structure.embed(replace(shortcodes[next_shortcode],
                                            text_offset=builder.length))
                next_shortcode += 1
            if not (skip or inline_code):
                builder.add(text, start, end)
            elif image is not None:
                image["alt"].append(text)
            continue
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            if event == "Rule" and depth == 0:
                structure.open_block("rule", start, builder.length)
                structure.close_block(end, builder.length)
            if skip or inline_code:
                continue
            if event == "SoftBreak":
                builder.space(start, end)
            elif event == "HardBreak":
                builder.break_line(start)
            else:
                builder.break_block(start)
            continue
        ((name, value),) = event.items()
        if name == "Start":
            tag, detail = _tag(value)
            if tag in _NESTING:
                if depth == 0 and tag in _TOP_KINDS:
                    level = int(detail["level"][1:]) if tag == "Heading" else 0
                    structure.open_block(_TOP_KINDS[tag], start, builder.length, level)
                depth += 1
            if tag == "Image" and not skip:
                image = {"detail": detail, "alt": [], "start": start, "end": end,
                         "offset": builder.length}
            if tag in ("CodeBlock", "Image", "MetadataBlock"):
                skip += 1
            elif tag == "Link" and not skip:
                form = _LINK_FORMS.get(detail["link_type"], "reference")
                open_links.append((detail["dest_url"], form, builder.length))
            elif tag == "HtmlBlock" and not skip:
                _add_html(source, start, end, builder, links, structure, depth == 1)
                skip += 1
            elif tag in _REGIONS and not skip:
                builder.open_region(_REGIONS[tag])
        elif name == "End":
            tag, _ = _tag(value)
            if tag in _NESTING:
                depth -= 1
                if depth == 0:
                    structure.close_block(end, builder.length)
            if tag == "Image" and skip == 1 and image is not None:
                structure.embed(_image(image))
                image = None
            if tag in ("CodeBlock", "Image", "MetadataBlock", "HtmlBlock"):
                skip -= 1
                if tag == "CodeBlock" or (tag == "Image" and not skip):
                    # Words on either side are not one phrase (and a line
                    # right after an image is its caption).
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
                if tag in _REGIONS:
                    builder.close_region(_REGIONS[tag])
        elif skip:
            continue
        elif name in ("Code", "InlineMath", "DisplayMath"):
            builder.barrier(start, end)
        elif name == "InlineHtml":
            if value.startswith("<!--"):
                structure.comment(Comment(_comment_text(value), Span(start, end), builder.length))
            elif (embed := _EMBED_OPEN.match(value)) and not inline_code:
                _inline_embed(embed.group(1).lower(), value, Span(start, end), builder.length,
                              structure)
            elif _CODE_OPEN.match(value):
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
                    html_link = (html.unescape(raw).strip(), builder.length, start, m.group())
            elif _A_CLOSE.match(value) and html_link is not None:
                href, text_start, link_start, tag_text = html_link
                attributes = dict(_attributes(tag_text))
                links.append(Link(href, text_start, builder.length, Span(link_start, end), "html",
                                  tuple(attributes.get("rel", "").lower().split()),
                                  attributes.get("target", "").strip()))
                html_link = None
            elif _BR.match(value):
                builder.break_line(start)

    for region_start, region_end in raw_html[next_raw:]:
        _add_html(source, base + region_start, base + region_end, builder, links, structure,
                  True)
    structure.close_block(len(source), builder.length)  # a block never ended (no End event)
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


def _tag(value: Any) -> tuple[str, Any]:
    """pyromark writes a tag as "Name" or {"Name": detail}."""
    if isinstance(value, str):
        return value, None
    ((tag, detail),) = value.items()
    return tag, detail
