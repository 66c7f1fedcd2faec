"""Which rules apply to a document, and why.

A rule applies when the document's metadata names a source or canonical URL
on the publisher's domains, or when one of the rule's detection phrases
stands in the prose as a statement of its own.  Detection errs toward
silence: a post that only *talks about* a publisher is not a repost, so a
phrase counts only where a reader would take it as the post's own credit
line (see :func:`stands_alone`).  A link to the publisher inside running
text is a citation, and on its own never makes a rule apply.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .document import BARRIER, Document, Span
from .rules import Rule
from .urls import host_of, satisfies

# Metadata fields, by name with case, "_", "-" and ":" ignored
# ("source_url", "sourceURL" and "source-url" are one), at the top or one
# level down (Hugo's params, Zola's extra, seo).  Those that name the
# original of a repost (dev.to, jekyll-seo-tag, Hexo, Hugo themes, Zola,
# Astro, Medium, ProPublica's HTML), in order of preference:
SOURCE_FIELDS = (
    "sourceurl", "originalurl", "canonicalurl", "canonical", "canonicallink", "source",
    "original", "originalsource", "sourcelink", "originallink", "repostof",
    "syndicationsource", "ogurl",
)
# Fields that name the original author, and the original publication date.
ORIGINAL_AUTHOR_FIELDS = ("originalauthor", "sourceauthor")
AUTHOR_FIELDS = ("author", "authors")
ORIGINAL_DATE_FIELDS = ("originaldate", "sourcedate", "originallypublished", "firstpublished",
                        "originalpublished", "originalpublicationdate")
DATE_FIELDS = ("date", "published", "publishdate", "pubdate")
# Jekyll dates posts by their file name when front matter has no date.
_JEKYLL_NAME = re.compile(r"((?:19|20)\d\d)-\d\d-\d\d-")


@dataclass(frozen=True)
class Applies:
    """A rule applies to a document: the evidence, and what the metadata says."""

    rule: Rule
    reason: str
    where: Span
    source_url: str | None = None  # the original article, when the metadata names it
    author: str | None = None
    author_field: str | None = None
    author_is_original: bool = False  # from original_author, not a plain author field
    original_year: int | None = None
    original_year_field: str | None = None
    post_year: int | None = None


def fields(meta: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Metadata by normalised name: (the key as written, its value).

    Top-level keys first, then those of nested mappings (``params.x``).
    """
    found: dict[str, tuple[str, Any]] = {}
    nested = []
    for key, value in meta.items():
        found.setdefault(_normal(key), (str(key), value))
        if isinstance(value, dict):
            nested.append((key, value))
    for parent, mapping in nested:
        for key, value in mapping.items():
            found.setdefault(_normal(key), (f"{parent}.{key}", value))
    return found


def _normal(name: Any) -> str:
    return re.sub(r"[_\-:]", "", str(name)).lower()


def identify(document: Document, rule: Rule) -> Applies | None:
    meta = fields(document.meta)
    source_url = reason = where = None
    if rule.detect_source_domains:
        for normal in SOURCE_FIELDS:
            name, value = meta.get(normal, ("", None))
            if isinstance(value, str) and rule.owns(host_of(value)):
                source_url = value.strip()
                reason = f"its {name} is on {host_of(value)}"
                spans = document.meta_spans
                where = spans.get(name.split(".")[-1]) or spans.get(name.split(".")[0]) \
                    or Span(document.body_start, document.body_start)
                break
    if reason is None and not document.is_listing:
        match = _first_credit(document, rule)
        if match is not None:
            words = " ".join(document.text[match.start:match.end].split())
            reason = f'it says "{words}"'
            where = document.text_span(match.start, match.end)
    if reason is None or where is None:
        return None
    author, author_field = _first_text(meta, ORIGINAL_AUTHOR_FIELDS)
    author_is_original = author is not None
    if author is None:
        author, author_field = _first_text(meta, AUTHOR_FIELDS)
    year, year_field = _first_year(meta, ORIGINAL_DATE_FIELDS)
    post_year, _ = _first_year(meta, DATE_FIELDS)
    if post_year is None and (m := _JEKYLL_NAME.match(os.path.basename(document.path))):
        post_year = int(m.group(1))
    return Applies(rule, reason, where, source_url, author, author_field, author_is_original,
                   year, year_field, post_year)


def _first_credit(document: Document, rule: Rule):
    """The earliest detection phrase in the prose that is the post's own
    credit (the finding points at it, so the one a reader meets first)."""
    first = None
    for phrase in rule.detect_phrases:
        for m in phrase.finditer(document.text):
            if first is not None and m.start >= first.start:
                break
            if (_links_hold(document, rule, m.links) and names_someone(m, capitalised=True)
                    and stands_alone(document.text, m.start, m.end)):
                first = m
                break
    return first


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` reads as the post's own statement.

    It must begin a line or a sentence (after list bullets), so "an essay
    first published on Global Research argued ..." is a citation; it must
    not stand in quotation marks (a post *about* the credit line); and the
    publisher's name must not go on as a possessive ("Global Research's
    reposting policy" is a topic, not a credit).
    """
    return (_begins_line_or_sentence(text, start) and not _quoted(text, start, end)
            and not _POSSESSIVE.match(text, end) and not _modifies_a_clause(text, start, end))


# A phrase without a subject ("Originally published on X in 2004, ...")
# that a comma and a clause follow describes that clause's subject.
_PARTICIPLE = re.compile(r"(?:originally|first|published|posted|re-?posted|re-?published|"
                         r"reprinted|reproduced|cross-?posted|written|produced)\b", re.IGNORECASE)
_SENTENCE_REST = re.compile(r"[^\n.!?]*+")
_DATE_WORDS = re.compile(
    r"\b(?:on|in|at|the|of|\d+(?:st|nd|rd|th)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|https?://\S*+)\b", re.IGNORECASE)


def _modifies_a_clause(text: str, start: int, end: int) -> bool:
    if not _PARTICIPLE.match(text, start):
        return False
    rest = _SENTENCE_REST.match(text, end).group()
    comma = rest.find(",")
    if comma < 0:
        return False
    clause = _DATE_WORDS.sub(" ", rest[comma + 1:])
    return len(re.findall(r"[^\W\d_]+", clause)) >= 3


# Words that never make a name on their own: "copyright and Global
# Research" binds "and" as the author of a copyright line.
_NOT_NAMES = frozenset(
    "a an and or the of on in at for by with to from my our your their its his her this "
    "that these those notes note about policy policies terms".split())


def names_someone(match, capitalised: bool = False) -> bool:
    """Whether a match that binds ``{author}`` binds something like a name.

    As evidence that a post is a repost (``capitalised``), a name must have
    a capital letter: "copyright line does not name Global Research" in a
    table cell is no copyright line.
    """
    author = match.values.get("author")
    if author is None:
        return True
    words = re.findall(r"[^\W\d_]+", author[0])
    if capitalised and not any(word[0].isupper() for word in words):
        return False
    return any(word.lower() not in _NOT_NAMES for word in words)


_POSSESSIVE = re.compile(r"'s?\b", re.IGNORECASE)
_BULLETS = " \t-*+\u2022>#"


def _begins_line_or_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _BULLETS:
        i -= 1
    if i < 0 or text[i] in "\n" + BARRIER:
        return True
    # After a sentence (". This article was first published on ..."),
    # a label ("Editor's note: ...") or a closing bracket after them.
    while i >= 0 and text[i] in ")]":
        i -= 1
    return i >= 0 and text[i] in ".!?:"


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands in quotation marks: an odd number
    of double quotes before it in its paragraph with one after it, or
    single quotes right around it (apostrophes make counting them unsafe)."""
    block_start = text.rfind("\n\n", 0, start) + 1
    block_end = text.find("\n\n", end)
    block_end = len(text) if block_end < 0 else block_end
    if text.count('"', block_start, start) % 2 == 1 and '"' in text[end:block_end]:
        return True
    before = text[max(start - 1, 0):start]
    after = text[end:end + 3].lstrip(".,;:!?")
    return before == "'" and after[:1] == "'"


def _links_hold(document: Document, rule: Rule, links) -> bool:
    """A detection phrase's ``[words](target)`` parts are links to the target."""
    return all(any(satisfies(rule, None, link, target)
                   for link in document.links_within(start, end))
               for start, end, target in links)


def _first_text(meta: dict[str, tuple[str, Any]], names: tuple[str, ...]
                ) -> tuple[str | None, str | None]:
    for normal in names:
        name, value = meta.get(normal, ("", None))
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return " and ".join(value), name
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            return value["name"], name
        if isinstance(value, str) and value.strip():
            return value.strip(), name
    return None, None


def _first_year(meta: dict[str, tuple[str, Any]], names: tuple[str, ...]
                ) -> tuple[int | None, str | None]:
    for normal in names:
        name, value = meta.get(normal, ("", None))
        if isinstance(value, (date, datetime)):
            return value.year, name
        if isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2999:
            return value, name  # original_date: 2021
        if isinstance(value, str):
            m = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", value)
            if m:
                return int(m.group(1)), name
    return None, None
