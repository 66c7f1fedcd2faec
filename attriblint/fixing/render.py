"""The words a fix writes: a rule's line, with the post's values, in the
post's own syntax.

A template's shape (``Template.shape``: its ``example:``, else its first
reading) is pieces of text, values (``{author}``, ``{year}``...) and links
(``[words]({article_url})``).  Every value must be known: a fix never
writes a guess.  When one is missing, :class:`NotFixable` says which
metadata field would make the finding fixable.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..document import Document
from ..identify import Applies
from ..kinds._base import publisher_links
from ..source import line_start
from ..urls import is_article

# A value the metadata lacks: the front-matter field that would make the
# fix possible.
_FIELDS = {
    "author": "original_author (the original article's author)",
    "year": "original_date (the original article's date)",
    "date": "original_date (the original article's date)",
    "title": "original_title (the original article's title)",
    "article_url": "source_url (the original article's address)",
}
_NEEDS = {
    "homepage": "the rule names no domain for the publisher's home page",
    "institution": "the author's institution is not in the metadata: write it by hand",
}


def needs(name: str, kind: str) -> str:
    """What would make value ``name`` known, in a post of ``kind``."""
    if name in _NEEDS:
        return _NEEDS[name]
    field = _FIELDS.get(name)
    if field is None:
        return f"the rule's {{{name}}} is not in the metadata"
    if kind == "markdown":
        return f"add {field} to the front matter"
    if kind == "html" and name == "article_url":
        return 'add <link rel="canonical" href="..."> with the original article\'s address'
    what = "a plain-text post has no metadata" if kind == "text" else "a page has no metadata"
    described = field.partition(" (")[2].rstrip(")") or field
    return f"{what} to give {described}: write it by hand"


class NotFixable(Exception):
    """No fix: the message says why (which metadata would make one)."""


@dataclass(frozen=True)
class Values:
    """What a fix may write, from the post's metadata (None: unknown)."""

    publisher: str
    author: str | None = None
    year: str | None = None
    date: str | None = None
    title: str | None = None
    article_url: str | None = None
    homepage: str | None = None
    kind: str = "markdown"  # the post's: which metadata it can have

    # Why the metadata's source address is no article address, when it is not.
    source_problem: str = ""

    def get(self, name: str) -> str:
        name = "article_url" if name == "url" else name
        value = getattr(self, name, None) if name in _VALUE_NAMES else None
        if not value:
            if name == "article_url" and self.source_problem:
                raise NotFixable(self.source_problem)
            raise NotFixable(needs(name, self.kind))
        if "\n" in value or "\r" in value:  # it would break the line (or the post) in two
            raise NotFixable(f"the metadata's {_FIELDS.get(name, name).split(' (')[0]} holds a "
                             f"line break: write the line by hand")
        return value


_VALUE_NAMES = frozenset({"publisher", "author", "year", "date", "title", "article_url",
                          "homepage"})


def values_for(document: Document, applies: Applies) -> Values:
    """The values of ``applies``: only the original's own author (an
    ``author:`` field may be the blogger), and the article's address from
    the metadata or, failing that, from a link to one of the publisher's
    articles in the post."""
    rule = applies.rule
    address = article_url(document, applies)
    return Values(
        publisher=rule.publisher,
        author=applies.author if applies.author_is_original else None,
        year=str(applies.original_year) if applies.original_year is not None else None,
        date=_written(applies.original_date) if applies.original_date else None,
        title=applies.original_title,  # the post's own title may be a new headline
        article_url=address,
        homepage=f"https://{rule.domains[0]}/" if rule.domains else None,
        kind=document.kind,
        source_problem=_source_problem(applies) if address is None else "",
    )


def _source_problem(applies: Applies) -> str:
    """Why the metadata's source address cannot be linked ("" if it has none)."""
    source = (applies.source_url or "").strip()
    if not source:
        return ""
    if not web_address(source):
        return (f"the source address {source[:80]!r} is not a plain http(s) address (no "
                f"spaces, quotes or brackets): correct it in the metadata")
    return (f"the source address {source[:80]} is not one of {applies.rule.publisher}'s "
            f"article addresses: link the original article by hand")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _written(day) -> str:
    """A date as prose writes it ("February 12, 2024"), as credit lines do."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def article_url(document: Document, applies: Applies) -> str | None:
    """The original article's address: the metadata's, else the first link
    in the post to one of the publisher's articles."""
    rule = applies.rule
    source = applies.source_url
    if source and web_address(source) and (not rule.domains or is_article(rule, source)):
        return source.strip()
    if not rule.domains:
        return None
    return next((link.href.strip() for link in publisher_links(document, rule, source)
                 if web_address(link.href) and is_article(rule, link.href)), None)


def web_address(url: str) -> bool:
    """An http(s) address with a host and nothing that could break out of
    a link (a fix never writes ``javascript:`` or a line break into one)."""
    url = url.strip()
    return re.match(r"https?://[^\s/?#]+", url, re.IGNORECASE) is not None and \
        not re.search(r"[\s<>\"'`\\]", url)


def syntax_at(document: Document, offset: int) -> str:
    """How to write at source ``offset``: "html" in a page or in raw HTML of
    a Markdown post (a line that begins with a tag), else the document's
    kind ("markdown" or "text")."""
    if document.kind != "markdown":
        return document.kind
    start = line_start(document.source, offset)
    return "html" if document.source[start:offset + 1].lstrip().startswith("<") \
        else "markdown"


def render(shape: tuple[tuple[str, str], ...], values: Values, syntax: str,
           lenient: bool = False, bare: bool = False) -> str:
    """The shape's line in ``syntax`` ("markdown", "html" or "text"),
    without the paragraph around it: all of it (the publisher's full form:
    every value known), or with ``lenient`` without the optional parts
    whose values are unknown; ``bare`` leaves out the optional parts that
    hold no value ("Story " of "(Story )?by {author}").  Raises
    :class:`NotFixable`."""
    pieces = _without_bare_options(list(shape)) if bare else list(shape)
    line = re.sub(r" {2,}", " ", _render(pieces, values, syntax, lenient)).strip()
    return _escape_line_start(line) if syntax == "markdown" else line


def _render(pieces: list[tuple[str, str]], values: Values, syntax: str, lenient: bool) -> str:
    out: list[str] = []
    link_start: list[tuple[int, str]] = []
    i = 0
    while i < len(pieces):
        kind, value = pieces[i]
        if kind == "optional":
            end = _matching_end(pieces, i)
            try:
                out.append(_render(pieces[i + 1:end], values, syntax, lenient))
            except NotFixable:
                if not lenient:
                    raise
                # a value it needs is unknown: the terms do without it
            i = end
        elif kind == "text":
            out.append(escape(value, syntax))
        elif kind == "value":
            out.append(escape(values.get(value), syntax))
        elif kind == "open":
            link_start.append((len(out), _target(value, values)))
        elif kind == "close":
            start, url = link_start.pop()
            words = "".join(out[start:])
            del out[start:]
            out.append(link(words, url, syntax))
        elif kind == "unknown":
            raise NotFixable(f'the rule\'s example names "{value}" in words; write it by hand')
        i += 1
    return "".join(out)


def _without_bare_options(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    kept: list[tuple[str, str]] = []
    i = 0
    while i < len(pieces):
        if pieces[i][0] == "optional":
            end = _matching_end(pieces, i)
            inner = pieces[i + 1:end]
            if any(kind == "value" for kind, _ in inner):
                kept += [pieces[i], *_without_bare_options(inner), pieces[end]]
            i = end + 1
        else:
            kept.append(pieces[i])
            i += 1
    return kept


def _matching_end(pieces: list[tuple[str, str]], start: int) -> int:
    depth = 0
    for i in range(start, len(pieces)):
        depth += {"optional": 1, "end": -1}.get(pieces[i][0], 0)
        if depth == 0:
            return i
    return len(pieces)


def _target(name: str, values: Values) -> str:
    if name.startswith(("http://", "https://")):
        if not web_address(name):
            raise NotFixable(f"{name!r} is not an address a fix writes; link it by hand")
        return name
    if name in ("article_url", "url", "homepage"):
        return values.get(name)
    raise NotFixable(f"the link target {{{name}}} is not in the metadata; write the link "
                     f"by hand")


def link(words: str, url: str, syntax: str) -> str:
    """``words`` (already in ``syntax``) as a link to ``url``."""
    if syntax == "html":
        return f'<a href="{html.escape(url, quote=True)}">{words}</a>'
    if syntax == "markdown":
        url = url.replace("|", "%7C")  # a | would end a table's cell
        target = f"<{url}>" if re.search(r"[\s()<>]", url) else url
        return f"[{words}]({target})"
    return f"{words} ({url})"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str, syntax: str) -> str:
    """Text as itself in ``syntax`` (no markup, no entity)."""
    if syntax == "html":
        return html.escape(text, quote=False)
    if syntax == "markdown":
        return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text


def _escape_line_start(line: str) -> str:
    """A Markdown line that would begin a heading, a list or a quote does not."""
    if re.match(r"(#|>|[-+*] |\d{1,9}[.)](\s|$))", line):
        match = re.match(r"\d*", line)
        cut = match.end() if match and match.end() else 0
        return line[:cut] + "\\" + line[cut:]
    return line


def paragraph(line: str, syntax: str) -> str:
    """A line as a paragraph of its own in ``syntax``."""
    return f"<p>{line}</p>" if syntax == "html" else line
