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
from .settings import CANONICAL, LICENCE_FIELDS, Fields, Settings, Site, normal_key
from .urls import host_of, satisfies

# Metadata fields, by name with case, "_", "-" and ":" ignored
# ("source_url", "sourceURL" and "source-url" are one), at the top or one
# level down (Hugo's params, Zola's extra, seo).  Those a repository can
# configure (source, original author and date, licence, permission) are in
# ``settings.Fields``; these are not:
AUTHOR_FIELDS = ("author", "authors")
DATE_FIELDS = ("date", "published", "publishdate", "pubdate")
ORIGINAL_TITLE_FIELDS = ("originaltitle", "sourcetitle")
TITLE_FIELDS = ("title",)
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
    site: Site = Site()  # the blog reposting it, as its configuration says
    permission: str | None = None  # a permission recorded in the post's metadata
    declared_licence_field: str | None = None  # the key declaring it, as written


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


_normal = normal_key


_DEFAULT = Settings()


def identify(document: Document, rule: Rule, settings: Settings = _DEFAULT,
             meta: dict[str, tuple[str, Any]] | None = None) -> Applies | None:
    """Whether ``rule`` applies to ``document``, and what its metadata says
    about the original (read through the configured ``settings.fields``).

    ``meta`` is ``fields(document.meta)``, when the caller has it already
    (it asks about several rules)."""
    if meta is None:
        meta = fields(document.meta)
    keys = settings.fields
    if rule.detect_licences:
        licence, licence_field = _declared_licence(meta, keys)
        found = _licence_evidence(document, rule, meta, licence, keys)
    else:
        found = _publisher_evidence(document, rule, meta, keys)
    if found is None:
        return None
    if not rule.detect_licences:
        licence, licence_field = _declared_licence(meta, keys)
    reason, where, source_url = found
    author, author_field = _first_text(meta, keys.original_author)
    author_is_original = author is not None
    if author is None:
        author, author_field = _first_text(meta, AUTHOR_FIELDS)
        if author is not None and all(settings.site.is_own_author(name)
                                      for name in author.split(" and ")):
            author, author_field = None, None  # the blogger, not the original's author
    original_date, _ = _first_date(meta, keys.original_date)
    year, year_field = _first_year(meta, keys.original_date)
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
    permission, _ = _first_text(meta, keys.permission)
    return Applies(rule, reason, where, source_url, author, author_field, author_is_original,
                   year, year_field, post_year, original_date, post_date, original_title, title,
                   licence, settings.site, permission, licence_field)


def _publisher_evidence(document: Document, rule: Rule, meta, keys: Fields
                        ) -> tuple[str, Span, str | None] | None:
    """Source metadata on the publisher's domains, or its credit line."""
    if rule.detect_source_domains:
        for normal in keys.source_url:
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


def _licence_evidence(document: Document, rule: Rule, meta, licence: str | None, keys: Fields
                      ) -> tuple[str, Span, str | None] | None:
    """A licence rule applies to a copy of a work (an explicit source URL in
    the metadata) whose declared licence is one of the rule's."""
    source = _licensed_source(rule, meta, licence, keys)
    if source is None:
        return None
    name, value = source
    return (f"its {name} names a work under {licence}", field_span(document, name),
            value.strip())


def _licensed_source(rule: Rule, meta, licence: str | None, keys: Fields
                     ) -> tuple[str, str] | None:
    """The source field (key as written, value) that makes a licence rule
    apply, when the declared ``licence`` is one of the rule's."""
    from .licences import same_licence

    if licence is None or not any(same_licence(licence, l) for l in rule.detect_licences):
        return None
    for normal in keys.source_url:
        if normal in CANONICAL:  # a blogger moving their own post points it home
            continue
        name, value = meta.get(normal, ("", None))
        if isinstance(value, str) and host_of(value):
            return name, value
    return None


def applies_by_metadata(meta: dict[str, Any], rule: Rule, settings: Settings = _DEFAULT) -> bool:
    """For a rule that applies only through metadata (a licence rule):
    whether ``meta`` makes it apply, as :func:`identify` would say for any
    document with this metadata.  Lets the linter skip reading a post's
    body when the front matter alone rules every candidate out."""
    if not rule.detect_licences:
        raise ValueError(f"rule {rule.id} applies through its prose too, not only metadata")
    found = fields(meta)
    licence, _ = _declared_licence(found, settings.fields)
    return _licensed_source(rule, found, licence, settings.fields) is not None


def field_span(document: Document, name: str, default: Span | None = None) -> Span:
    """Where the metadata key ``name`` (as ``fields`` gives it: perhaps
    ``params.canonicalURL``) is written; else ``default``, else the start of
    the body."""
    spans = document.meta_spans
    return spans.get(name) or spans.get(name.split(".")[-1]) or spans.get(name.split(".")[0]) \
        or default or Span(document.body_start, document.body_start)


def _declared_licence(meta, keys: Fields) -> tuple[str | None, str | None]:
    """The SPDX id of the reposted work's licence, if the metadata gives it.

    ``source_license`` (or ``original_license``) is the work's.  A plain
    ``license`` field is usually the blog's own licence, even beside a
    source field (a blogger moving their own post keeps ``original_url``),
    so it counts only when the metadata also names the work's author
    (``original_author``, ``source_author``).
    """
    from .licences import spdx_id

    by_another = _first_text(meta, keys.original_author)[0] is not None
    names = keys.licence + (LICENCE_FIELDS if by_another else ())
    value, name = _first_text(meta, names)
    return (spdx_id(value), name) if value else (None, None)


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
