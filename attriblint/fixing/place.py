"""Where a new line goes, and the edits that put it there.

A line the terms want ``at: top`` goes just before the article's first body
paragraph (after the title and byline), else before its first paragraph;
any other line goes after the last paragraph, list, quote or table of the
body: before reference-link definitions and footnotes (which are no
blocks), and in a page inside ``<article>`` or ``<main>`` (the reader's
blocks are theirs).  In a Markdown post, raw HTML blocks are never the
place: a Markdown line inside them would not be Markdown.  Nothing else of
the file changes: the surrounding line breaks are the file's own.
"""

from __future__ import annotations

import re

from ..document import Block, Document
from .model import Edit
from .render import NotFixable, paragraph

# Blocks a new paragraph may stand next to.
_ANCHORS = frozenset({"paragraph", "heading", "list", "quote", "table"})
_CLOSING = re.compile(r"</(article|main|body)\s*>", re.IGNORECASE)


def newline_of(document: Document) -> str:
    """The file's line ending (its first one; "\\n" when it has none)."""
    match = re.search(r"\r\n|\r|\n", document.source)
    return match.group() if match else "\n"


def insert_paragraph(document: Document, line: str, syntax: str, at: str) -> Edit:
    """The edit that adds ``line`` (already in ``syntax``) as a paragraph of
    its own, at the ``top`` or else at the end of the body."""
    anchors = [b for b in document.blocks if b.kind in _ANCHORS and _native(document, b, syntax)]
    if at == "top" and anchors:
        lead = next((b for b in anchors if b.start >= document.lead_end), anchors[0])
        return _before(document, lead, paragraph(line, syntax))
    if anchors:
        return _after(document, anchors[-1], paragraph(line, syntax))
    return _at_end(document, paragraph(line, syntax))


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
    nl = newline_of(document)
    gap = nl if document.kind == "html" else nl + nl
    return edit(document, line_start, line_start, indent + text + gap)


def _after(document: Document, block: Block, text: str) -> Edit:
    source = document.source
    end = block.source.start + len(source[block.source.start:block.source.end].rstrip())
    if source[end:_line_end(source, end)].strip():  # the block does not end its line
        if document.kind != "html":
            raise NotFixable("the last paragraph does not end its line; add the line by hand")
        return edit(document, end, end, text)  # ...last</p><p>new</p>
    nl = newline_of(document)
    line_start = _line_start(source, block.source.start)
    indent = source[line_start:block.source.start]
    indent = indent if not indent.strip() else ""
    gap = nl if document.kind == "html" else nl + nl
    return edit(document, end, end, gap + indent + text)


def _at_end(document: Document, text: str) -> Edit:
    """No block to stand by: before ``</article>``, ``</main>`` or
    ``</body>`` in a page, else after the body's last character."""
    source, nl = document.source, newline_of(document)
    if document.kind == "html":
        closing = {m.group(1).lower(): m.start() for m in _CLOSING.finditer(source)}
        for tag in ("article", "main", "body"):
            if tag in closing:
                at = closing[tag]
                return edit(document, at, at, text + nl)
    end = len(source.rstrip())
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


def _line_start(source: str, offset: int) -> int:
    return max(source.rfind("\n", 0, offset), source.rfind("\r", 0, offset)) + 1


def _line_end(source: str, offset: int) -> int:
    ends = [i for i in (source.find("\n", offset), source.find("\r", offset)) if i >= 0]
    return min(ends) if ends else len(source)
