"""The repairs checks offer: add a missing line, link words already there,
replace a wrong value or link target.

Each returns the keyword arguments of ``kinds._base.finding`` (``fix`` and
``fix_note``), so that a check writes ``finding(..., **add_line(...))``:
a repair that cannot be made becomes the finding's note, never an error.
"""

from __future__ import annotations

import html
import re
from typing import Any, Callable

from ..document import Document, Link
from ..identify import Applies
from ..regexcode import compile_uncached
from ..template import Template
from .model import SAFE, UNSAFE, Fix
from .place import edit, insert_paragraph
from .render import (NotFixable, escape, link, render, syntax_at, values_for,
                     web_address)


def _offer(make: Callable[[], Fix]) -> dict[str, Any]:
    """A repair as a finding's keyword arguments.  A repair never costs the
    check: a bug in making one is a note, and the finding stands."""
    try:
        return {"fix": make()}
    except NotFixable as reason:
        return {"fix_note": str(reason)}
    except Exception as error:  # a bug in attriblint's fixes
        return {"fix_note": f"no automatic fix (internal error: {type(error).__name__}; "
                            f"please report it)"}


def add_line(document: Document, applies: Applies, template: Template | None,
             options: dict, what: str, shape: tuple[tuple[str, str], ...] = (),
             complete: bool = False) -> dict[str, Any]:
    """Add the rule's line (``what``: "credit line") where ``options`` place
    it (``at: top``, else the end of the body), from complete metadata; the
    line is ``template``'s shape, or ``shape``.  With ``complete``, a short
    paragraph that is part of the line is completed instead (a credit or
    byline half written; never a copyright line, which a byline's name
    would otherwise become)."""
    return _offer(lambda: _line_fix(document, applies, template, options, what, shape,
                                    complete))


def _line_fix(document: Document, applies: Applies, template: Template | None, options: dict,
              what: str, shape: tuple[tuple[str, str], ...] = (),
              complete: bool = False) -> Fix:
    """The fix of :func:`add_line`; raises :class:`NotFixable`."""
    at = options.get("at", "bottom")
    syntax = document.kind  # a new block is written in the post's own syntax
    values = values_for(document, applies)
    try:
        line = render(shape or template.shape, values, syntax)
    except NotFixable:
        if shape or template.reading in ((), template.shape) or \
                any(kind == "unknown" for kind, _ in template.shape):
            raise
        # The example asks for more than the terms (a date the rule's
        # template makes optional): the template's words will do.
        line = render(template.reading, values, syntax, lenient=True)
    completed = None
    if complete:  # the shortest reading that holds the words already there
        readings = [line] + [r for r in _bare_readings(template, shape, values, syntax)
                             if r != line]
        completed = _complete_in_place(document, readings, values, syntax)
    if completed is not None:
        return completed
    where = "at the top" if at == "top" else "at the end"
    return Fix((insert_paragraph(document, line, syntax, at),), SAFE,
               f'add the {what} "{_plain(line)}" {where}')


# A line that may be the start of the one the terms want: short, one line.
_PARTIAL_LIMIT = 120


def _bare_readings(template, shape, values, syntax: str) -> list[str]:
    try:
        return [render(shape or template.shape, values, syntax, lenient=True, bare=True)]
    except NotFixable:
        return []


def _complete_in_place(document: Document, readings: list[str], values,
                       syntax: str) -> Fix | None:
    """A short paragraph that is part of one of the ``readings`` of the line
    ("by Elena Marquez" of "by Elena Marquez, The Texas Tribune") and names
    the author or the publisher is completed where it stands, by inserting
    the words around it (the shortest completion), rather than written a
    second time.  Only where the post is written in ``syntax`` (not in raw
    HTML of a Markdown post)."""
    names = [v for v in (values.author, values.publisher) if v]
    for block in document.blocks:
        if block.kind != "paragraph" or block.end - block.start > _PARTIAL_LIMIT:
            continue
        words = document.text[block.start:block.end].strip().rstrip(".")
        if not words or "\n" in words or not any(n.lower() in words.lower() for n in names):
            continue
        found = [(len(line) - len(words), line) for line in readings
                 if words in line and line != words]
        if not found or len(words.split()) < 2:
            continue
        _, line = min(found)
        at = line.find(words)
        start = block.start + document.text[block.start:block.end].index(words)
        span = document.text_span(start, start + len(words))
        if document.source[span.start:span.end] != words or \
                document.links_within(start, start + len(words)) or \
                syntax_at(document, span.start) != syntax:
            continue
        before, after = line[:at], line[at + len(words):]
        edits = [edit(document, span.start, span.start, before)] if before else []
        if after:
            edits.append(edit(document, span.end, span.end, after))
        return Fix(tuple(edits), SAFE, f'complete "{words}" to "{_plain(line)}"')
    return None


def link_words(document: Document, applies: Applies, start: int, end: int, target: str,
               replace: Link | None = None) -> dict[str, Any]:
    """Make ``text[start:end]`` a link to ``target`` ("article_url",
    "homepage" or an address): safe when the words are no link yet; when
    they are one (``replace``), its target is replaced, which is unsafe."""
    return _offer(lambda: _linked(document, applies, start, end, target, replace))


def _linked(document: Document, applies: Applies, start: int, end: int, target: str,
            replace: Link | None = None) -> Fix:
    url = _url(document, applies, target)
    if replace is not None:
        return replace_href(document, replace, url)
    span = document.text_span(start, end)
    words = document.source[span.start:span.end]
    if document.links_within(start, end) or not _same_words(words, document.text[start:end]):
        raise NotFixable("the words are formatted or partly linked; link them by hand")
    syntax = syntax_at(document, span.start)
    return Fix((edit(document, span.start, span.end, link(words, url, syntax)),), SAFE,
               f'link "{document.text[start:end]}" to {url}')


def replace_text(document: Document, start: int, end: int, value: str,
                 what: str) -> dict[str, Any]:
    """Replace ``text[start:end]`` (a year, a name) with ``value``: unsafe."""
    def make() -> Fix:
        span = document.text_span(start, end)
        words = document.source[span.start:span.end]
        if not _same_words(words, document.text[start:end]):
            raise NotFixable(f"the {what} is formatted; correct it by hand")
        syntax = syntax_at(document, span.start)
        return Fix((edit(document, span.start, span.end, escape(value, syntax)),), UNSAFE,
                   f'replace the {what} "{document.text[start:end]}" with "{value}"')
    return _offer(make)


def repoint(document: Document, applies: Applies, found: Link, target: str) -> dict[str, Any]:
    """Point ``found`` at ``target`` ("article_url", "homepage" or an
    address) instead: unsafe, it replaces what the author linked."""
    return _offer(lambda: replace_href(document, found, _url(document, applies, target)))


def replace_href(document: Document, found: Link, url: str) -> Fix:
    """Point an inline Markdown or HTML link at ``url`` (unsafe: it replaces
    what the author linked)."""
    if found.form not in ("inline", "html"):
        raise NotFixable(f"the link is a {found.form} link; change its address by hand")
    source = document.source[found.source.start:found.source.end]
    written = [m.start() for m in compile_uncached(re.escape(found.href)).finditer(source)]
    if len(written) != 1:
        raise NotFixable("the link's address is not written as such; change it by hand")
    start = found.source.start + written[0]
    syntax = "html" if found.form == "html" else "markdown"
    new = html.escape(url, quote=True) if syntax == "html" else url.replace("|", "%7C")
    if syntax == "markdown" and re.search(r"[\s()<>]", url):
        raise NotFixable("the new address needs brackets; change the link by hand")
    return Fix((edit(document, start, start + len(found.href), new),), UNSAFE,
               f"point the link at {url} instead of {found.href}")


def _url(document: Document, applies: Applies, target: str) -> str:
    if target.startswith(("http://", "https://")):
        if not web_address(target):
            raise NotFixable(f"{target!r} is not an address a fix writes; link it by hand")
        return target
    return values_for(document, applies).get({"url": "article_url"}.get(target, target))


def _same_words(source: str, text: str) -> bool:
    """Whether the source of some words is the words themselves (no markup,
    no entity: wrapping or replacing it cannot break anything)."""
    from ..document import normalise

    return normalise(source) == text


def _plain(line: str) -> str:
    """A line as people read it, for descriptions: no tags, no link
    markup, no escapes."""
    text = re.sub(r"<[^>]+>", "", line)
    text = re.sub(r"\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^()\s]*)\)", r"\1", text)
    text = re.sub(r"\\([\\`*_\[\]<>|#.+-])", r"\1", text)
    return " ".join(html.unescape(text).split())


def link_publisher_name(document: Document, applies: Applies, target: str) -> dict[str, Any]:
    """Mend a post with no link to the publisher: make the publisher's name
    in its credit line (else its copyright line, else its byline) a link to
    ``target``.  A rule that asks for no credit line (a licence's) gets a
    line of its own, "Read the original article", linked."""
    def make() -> Fix:
        for start, end in _attribution_lines(document, applies):
            name = _publisher_name_in(document.text, start, end, applies)
            if name is not None:
                return _linked(document, applies, *name, target)
        if not any(r.kind == "credit" for r in applies.rule.requirements):
            return _line_fix(document, applies, None, {}, "link to the original",
                             shape=_READ_THE_ORIGINAL)
        raise NotFixable("there is no credit line whose publisher name could be linked; "
                         "add the credit line first")
    return _offer(make)


_READ_THE_ORIGINAL = (("open", "article_url"), ("text", "Read the original article"),
                      ("close", ""), ("text", "."))


def _attribution_lines(document: Document, applies: Applies):
    """The lines (of ``Document.line_text``) that hold the rule's credit
    lines, copyright lines and bylines, in that order: a byline's match may
    end before the publisher's name ("By AUTHOR, KFF Health News")."""
    lines = document.line_text
    for kind in ("credit", "copyright", "byline"):
        for requirement in applies.rule.requirements:
            template = requirement.templates.get(kind) if requirement.kind == kind else None
            if template is not None:
                for match in template.finditer(template.text_of(document)):
                    end = lines.find("\n", match.end)
                    yield lines.rfind("\n", 0, match.start) + 1, len(lines) if end < 0 else end


def _publisher_name_in(text: str, start: int, end: int,
                       applies: Applies) -> tuple[int, int] | None:
    """The first of the publisher's names (longest first) standing as a
    whole name in ``text[start:end]``."""
    rule = applies.rule
    names = sorted({rule.publisher, *rule.names, *rule.domains}, key=len, reverse=True)
    spaced = (r"\s+".join(map(re.escape, name.split())) for name in names)
    # Made of the rule's names, so one per rule: re's cache keeps it.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w|\.\w)", re.IGNORECASE)
    match = pattern.search(text, start, end)
    return (match.start(), match.end()) if match else None
