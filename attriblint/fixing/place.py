"""Where a new line goes, and the edits that put it there.

A line the terms want ``at: top`` goes just before the article's first body
paragraph (after the title and byline; without such a paragraph, after the
leading headings and "By ..." lines).  Any other line goes after the last
paragraph, list, quote, table or code block of the body: before
reference-link definitions and footnotes (which are no blocks), after what
closes the container the last block stands in (``</Callout>`` in MDX, a
Hugo ``{{% /notice %}}``, a WordPress ``<!-- /wp:paragraph -->``), and in a
page inside ``<article>`` or ``<main>`` (the reader's blocks are theirs):
inside the article that holds the story when ``<main>`` holds teasers too,
and before a site footer or sidebar of a page that has neither.  In a
Markdown post, raw HTML blocks are never the place: a Markdown line inside
them would not be Markdown.  Nothing else of the file changes: the line
breaks around the new line are the file's own.
"""

from __future__ import annotations

import re

from ..document import Block, Document
from ..source import line_end as _line_end
from ..source import line_start as _line_start
from ..source import newline_at as _newline_at
from .model import Edit
from .render import NotFixable, paragraph

# Blocks a new paragraph may stand next to (code: only after it).
_ANCHORS = frozenset({"paragraph", "heading", "list", "quote", "table"})
_ANCHORS_AFTER = _ANCHORS | {"code"}
_CLOSING = re.compile(r"</(article|main|body)\s*>", re.IGNORECASE)
# A line that closes a container: an HTML or JSX end tag, a Hugo shortcode's
# or a Liquid/Nunjucks block's end, an MDX comment.
_CLOSER_LINE = re.compile(r"[ \t]*(?:</[A-Za-z][\w.:-]*\s*>|\{\{[<%]-?\s*/[^}]*\}\}"
                          r"|\{%-?\s*end\w*[^%]*%\}|<!--\s*/[^>]*-->)[ \t]*(?:\r\n|\r|\n|$)")
_OPENER_LINE = re.compile(r"[ \t]*(?:<[A-Za-z][\w.:-]*(?:\s[^<>]*)?>|\{\{[<%]-?\s*[^/\s][^}]*\}\}"
                          r"|\{%-?\s*(?!end)\w+[^%]*%\})[ \t]*")
# In a page: a comment that closes a block (WordPress's "<!-- /wp:... -->").
_CLOSER_COMMENT = re.compile(r"\s*<!--\s*/[^>]*-->")
# Where a page without <article> or <main> leaves the story.
_CHROME = re.compile(r"<(?:div|section|aside|nav|footer)\b[^>]*(?:\b(?:class|id)\s*=\s*[\"']?[^\"'>]*"
                     r"\b(?:footer|sidebar|related|comments|share|more-stories)\b"
                     r"|role\s*=\s*[\"']?contentinfo)", re.IGNORECASE)
_BYLINE = re.compile(r"(?i)\s*by\b")
_ARTICLE_START = re.compile(r"<article\b", re.IGNORECASE)
_ARTICLE_END = re.compile(r"</article\s*>", re.IGNORECASE)
_MAIN_START = re.compile(r"<main\b", re.IGNORECASE)


def insert_paragraph(document: Document, line: str, syntax: str, at: str) -> Edit:
    """The edit that adds ``line`` (already in ``syntax``) as a paragraph of
    its own, at the ``top`` or else at the end of the body."""
    blocks = _story_blocks(document, [b for b in document.blocks if _native(document, b, syntax)])
    text = paragraph(line, syntax)
    if at == "top":
        anchors = [b for b in blocks if b.kind in _ANCHORS]
        if anchors:
            return _before(document, _top(document, anchors), text)
    anchors = [b for b in blocks if b.kind in _ANCHORS_AFTER]
    if anchors:
        return _after(document, anchors[-1], text)
    return _at_end(document, text)


def _top(document: Document, anchors: list[Block]) -> Block:
    """The block a top line goes before: the first body paragraph, else the
    first block after the leading headings and bylines."""
    lead = next((b for b in anchors if b.start >= document.lead_end), None)
    if lead is not None:
        return lead
    for block in anchors:
        if block.kind != "heading" and not _BYLINE.match(document.text, block.start):
            return block
    return anchors[0]


def _story_blocks(document: Document, blocks: list[Block]) -> list[Block]:
    """In a page, the blocks of the story: those of the <article> that holds
    its first paragraph; in a page with neither <article> nor <main>, none
    past a site footer or sidebar (inside an article, a "related" box is
    the article's)."""
    if document.kind != "html" or not blocks:
        return blocks
    source = document.source
    first = next((b for b in blocks if b.start >= document.lead_end), blocks[0])
    opened = [m.start() for m in _ARTICLE_START.finditer(source, 0, first.source.start)]
    closed = _ARTICLE_END.search(source, first.source.end)
    if opened and closed is not None:
        blocks = [b for b in blocks
                  if opened[-1] < b.source.start and b.source.end <= closed.start()]
    if not opened and _MAIN_START.search(source) is None:  # the reader kept all of <body>
        chrome = _CHROME.search(source, first.source.end)
        if chrome is not None:
            blocks = [b for b in blocks if b.source.end <= chrome.start()]
    return blocks


def _native(document: Document, block: Block, syntax: str) -> bool:
    """Whether ``block`` is written in ``syntax`` (not raw HTML in Markdown)."""
    starts_with_tag = document.source.startswith("<", block.source.start)
    return starts_with_tag == (syntax == "html") or document.kind != "markdown"


def _before(document: Document, block: Block, text: str) -> Edit:
    source, start = document.source, block.source.start
    line_start = _line_start(source, start)
    indent = source[line_start:start]
    if indent.strip():  # the block does not begin its line
        if document.kind != "html":
            raise NotFixable("the first paragraph does not begin a line; add the line by hand")
        return edit(document, start, start, text)  # <p>new</p><p>first...
    if document.kind != "html":
        line_start = _before_openers(source, line_start)
    nl = _newline_at(source, line_start)
    gap = nl if document.kind == "html" else nl + nl
    return edit(document, line_start, line_start, indent + text + gap)


def _after(document: Document, block: Block, text: str) -> Edit:
    source = document.source
    end = block.source.start + len(source[block.source.start:block.source.end].rstrip())
    if document.kind == "html":
        while (closer := _CLOSER_COMMENT.match(source, end)) is not None:
            end = closer.end()
    if source[end:_line_end(source, end)].strip():  # the block does not end its line
        if document.kind != "html":
            raise NotFixable("the last paragraph does not end its line; add the line by hand")
        return edit(document, end, end, text)  # ...last</p><p>new</p>
    end = _line_end(source, end)  # after trailing spaces (a Markdown hard break is theirs)
    if document.kind != "html":
        end = _past_closers(source, end)
    nl = _newline_at(source, end)
    line_start = _line_start(source, block.source.start)
    indent = source[line_start:block.source.start]
    indent = indent if not indent.strip() else ""
    gap = nl if document.kind == "html" else nl + nl
    return edit(document, end, end, gap + indent + text)


def _before_openers(source: str, line_start: int) -> int:
    """Before the lines that open the container a block begins (a Hugo
    ``{{< lead >}}``, ``<Callout>``; blank lines between them allowed), so
    that a line for the top is not styled as the lead; ``line_start`` if none
    precedes it."""
    start = line_start
    while True:
        at = start
        while at > 0 and source[at - 1] in "\r\n \t":
            at -= 1
        opener = _OPENER_LINE.fullmatch(source, _line_start(source, at), at) if at else None
        if opener is None:
            return line_start
        start = line_start = _line_start(source, at)


def _past_closers(source: str, end: int) -> int:
    """After the lines that close the container a block ends (blank lines
    between them allowed); ``end`` if none follows."""
    position = end
    while True:
        at = position
        while at < len(source) and source[at] in "\r\n \t":
            at += 1
        closer = _CLOSER_LINE.match(source, _line_start(source, at)) if at < len(source) else None
        if closer is None or _line_start(source, at) < position:
            return end
        position = end = closer.end()
        end = len(source[:end].rstrip("\r\n")) if source[:end].endswith(("\n", "\r")) else end


def _at_end(document: Document, text: str) -> Edit:
    """No block to stand by: before ``</article>``, ``</main>`` or
    ``</body>`` in a page, else after the body's last character."""
    source = document.source
    if document.kind == "html":
        closing = {m.group(1).lower(): m.start() for m in _CLOSING.finditer(source)}
        for tag in ("article", "main", "body"):
            if tag in closing:
                at = closing[tag]
                return edit(document, at, at, text + _newline_at(source, at))
    end = len(source.rstrip())
    nl = _newline_at(source, end)
    if end > document.body_start:
        return edit(document, end, end, nl + nl + text)
    # An empty body: the line is all of it (the final line break kept as it was).
    ends_line = source.endswith(("\n", "\r"))
    before = "" if ends_line or not source else nl
    return edit(document, len(source), len(source), before + text + (nl if ends_line else ""))


def edit(document: Document, start: int, end: int, text: str) -> Edit:
    """An :class:`Edit` of ``document.source`` with its positions."""
    first, last = document.position(start), document.position(end)
    return Edit(start, end, text, first.line, first.column, last.line, last.column)


