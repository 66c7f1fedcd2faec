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
ORIGINAL_TITLE_FIELDS = ("originaltitle", "sourcetitle")
TITLE_FIELDS = ("title",)
# The licence of the reposted work: its own field first; a plain license
# field only beside the work's author (see _declared_licence).
WORK_LICENCE_FIELDS = ("sourcelicense", "sourcelicence", "originallicense", "originallicence")
LICENCE_FIELDS = ("license", "licence")
# Fields that say "this is a copy of that work": canonical fields are left
# out, because a blogger cross-posting their own article points them home.
EXPLICIT_SOURCE_FIELDS = ("sourceurl", "originalurl", "source", "original", "originalsource",
                          "sourcelink", "originallink", "repostof", "syndicationsource")
# Jekyll dates posts by their file name when front matter has no date.
_JEKYLL_NAME = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)-")


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
    original_date: date | None = None  # the original's publication date, when known
    post_date: date | None = None  # the post's own date (front matter or Jekyll file name)
    original_title: str | None = None
    title: str | None = None
    declared_licence: str | None = None  # SPDX id of the work's licence, from the metadata


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
    licence = _declared_licence(meta)
    if rule.detect_licences:
        found = _licence_evidence(document, rule, meta, licence)
    else:
        found = _publisher_evidence(document, rule, meta)
    if found is None:
        return None
    reason, where, source_url = found
    author, author_field = _first_text(meta, ORIGINAL_AUTHOR_FIELDS)
    author_is_original = author is not None
    if author is None:
        author, author_field = _first_text(meta, AUTHOR_FIELDS)
    original_date, _ = _first_date(meta, ORIGINAL_DATE_FIELDS)
    year, year_field = _first_year(meta, ORIGINAL_DATE_FIELDS)
    post_date, _ = _first_date(meta, DATE_FIELDS)
    post_year, _ = _first_year(meta, DATE_FIELDS)
    if (m := _JEKYLL_NAME.match(os.path.basename(document.path))):
        if post_date is None:
            try:
                post_date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
        if post_year is None:
            post_year = int(m.group(1))
    original_title, _ = _first_text(meta, ORIGINAL_TITLE_FIELDS)
    title, _ = _first_text(meta, TITLE_FIELDS)
    return Applies(rule, reason, where, source_url, author, author_field, author_is_original,
                   year, year_field, post_year, original_date, post_date, original_title, title,
                   licence)


def _publisher_evidence(document: Document, rule: Rule, meta) -> tuple[str, Span, str | None] | None:
    """Source metadata on the publisher's domains, or its credit line."""
    if rule.detect_source_domains:
        for normal in SOURCE_FIELDS:
            name, value = meta.get(normal, ("", None))
            if isinstance(value, str) and rule.owns(host_of(value)):
                return (f"its {name} is on {host_of(value)}", field_span(document, name),
                        value.strip())
    if not document.is_listing:
        match = _first_credit(document, rule)
        if match is not None:
            words = " ".join(document.text[match.start:match.end].split())
            return f'it says "{words}"', document.text_span(match.start, match.end), None
    return None


def _licence_evidence(document: Document, rule: Rule, meta, licence: str | None
                      ) -> tuple[str, Span, str | None] | None:
    """A licence rule applies to a copy of a work (an explicit source URL in
    the metadata) whose declared licence is one of the rule's."""
    from .licences import same_licence

    if licence is None or not any(same_licence(licence, l) for l in rule.detect_licences):
        return None
    for normal in EXPLICIT_SOURCE_FIELDS:
        name, value = meta.get(normal, ("", None))
        if isinstance(value, str) and host_of(value):
            return (f"its {name} names a work under {licence}", field_span(document, name),
                    value.strip())
    return None


def field_span(document: Document, name: str, default: Span | None = None) -> Span:
    """Where the metadata key ``name`` (as ``fields`` gives it: perhaps
    ``params.canonicalURL``) is written; else ``default``, else the start of
    the body."""
    spans = document.meta_spans
    return spans.get(name) or spans.get(name.split(".")[-1]) or spans.get(name.split(".")[0]) \
        or default or Span(document.body_start, document.body_start)


def _declared_licence(meta) -> str | None:
    """The SPDX id of the reposted work's licence, if the metadata gives it.

    ``source_license`` (or ``original_license``) is the work's.  A plain
    ``license`` field is usually the blog's own licence, even beside a
    source field (a blogger moving their own post keeps ``original_url``),
    so it counts only when the metadata also names the work's author
    (``original_author``, ``source_author``).
    """
    from .licences import spdx_id

    by_another = _first_text(meta, ORIGINAL_AUTHOR_FIELDS)[0] is not None
    names = WORK_LICENCE_FIELDS + (LICENCE_FIELDS if by_another else ())
    value, _ = _first_text(meta, names)
    return spdx_id(value) if value else None


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


_MONTHS = {name: i for i, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"),
    start=1) for name in names.split()}
# 2025-06-17, 2025/06/17 (a time may follow); June 17, 2025; 17 June 2025.
_ISO_DATE = re.compile(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_MONTH_FIRST = re.compile(r"\s*(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
                          re.IGNORECASE)
_DAY_FIRST = re.compile(r"\s*(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b",
                        re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """A date as front matter writes it (the forms Jekyll and Hugo accept,
    and the month-name forms people type), or None."""
    try:
        if m := _ISO_DATE.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if (m := _MONTH_FIRST.match(text)) and m.group(1).lower() in _MONTHS:
            return date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
        if (m := _DAY_FIRST.match(text)) and m.group(2).lower() in _MONTHS:
            return date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:  # a 30th of February
        return None
    return None


def _first_date(meta: dict[str, tuple[str, Any]], names: tuple[str, ...]
                ) -> tuple[date | None, str | None]:
    """The first of ``names`` that holds a date, and its key.

    A date with a time is its calendar day where it was written: terms
    count days ("at least two days after"), not hours.
    """
    for normal in names:
        name, value = meta.get(normal, ("", None))
        if isinstance(value, datetime):
            return value.date(), name
        if isinstance(value, date):
            return value, name
        if isinstance(value, str) and (parsed := parse_date(value)) is not None:
            return parsed, name
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
