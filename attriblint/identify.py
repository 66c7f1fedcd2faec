"""Which rules apply to a document, and why.

A rule applies when the document's metadata names a source or canonical URL
on the publisher's domains, or when one of the rule's detection phrases
stands in the prose as a statement of its own.  Detection errs toward
silence: a post that only *talks about* a publisher is not a repost, so a
phrase counts only where a reader would take it as the post's own credit
line (see ``evidence.py``).  A link to the publisher inside running
text is a citation, and on its own never makes a rule apply.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .document import Document, Span
from .evidence import is_own_credit
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
        text = phrase.text_of(document)
        for m in phrase.finditer(text):
            if first is not None and m.start >= first.start:
                break
            if _links_hold(document, rule, m.links) and is_own_credit(document, m, text):
                first = m
                break
    return first


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
