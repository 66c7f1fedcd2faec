"""One page of an audit: read it, decide whether it reposts the publisher,
check it.  The result is one line of the audit's JSON Lines output.

This is ``attriblint check``'s core (``Linter``: gate, reader, identify,
requirement kinds, suppressions), fed a page instead of a file, with one
addition: a page that is a near copy of one of the publisher's originals is
a repost even when nothing in it names the publisher, and is checked as one
(so a stripped copy gets a finding for each credit, link and copyright
line it lacks).  Every engine calls :meth:`Auditor.examine` on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..document import Document, Span
from ..identify import Applies
from ..lint import SUPPRESSION_MARK, Linter, internal_error_finding
from ..output.json_format import json_finding
from ..readers import ReadError, read_document
from ..rules import Rule
from ..urls import host_of, is_article
from .nearcopy import Match, NearCopyIndex
from .pages import Page, page_text, rough_text

# ``reason`` in the results: why a page counts as a repost.
BY_METADATA = "source metadata"
BY_CREDIT = "credit line"
BY_TEXT = "near copy"
OWN_SITE = "publisher's own site"


@dataclass(frozen=True)
class Auditor:
    """The audited rule, compiled, and the originals' signatures."""

    linter: Linter
    rule: Rule
    originals: NearCopyIndex | None = None

    def examine(self, page: Page) -> dict[str, Any]:
        """The result for one page; never raises (a failure is its ``error``)."""
        result = _result(page, self.rule.id)
        if page.error is not None or page.body is None:
            result["error"] = page.error or "no content"
            return result
        try:
            self._examine(page, result)
        except Exception as error:  # a bug in attriblint: this page's error, not the audit's end
            finding = internal_error_finding(page.url or page.record, error)
            result["error"] = finding.message
        return result

    def _examine(self, page: Page, result: dict[str, Any]) -> None:
        if self.rule.owns(host_of(page.url)):
            result["reason"] = OWN_SITE
            return
        named = bool(self.linter.gate.candidates(page.body)) or SUPPRESSION_MARK in page.body
        if not named and self.originals is None:
            return  # names neither the publisher nor its domains: not a repost
        text = page_text(page)
        match = self.originals.best(rough_text(text, page.kind)) if self.originals else None
        if not named and match is None:
            return  # and holds none of its articles
        try:
            document = read_document(page.url or page.record, page.kind, text)
        except ReadError as error:
            result["error"] = f"cannot read the page: {error}"
            return
        assumed = {self.rule.id: _near_copy(document, self.rule, match)} if match else None
        checked = self.linter.check_document(document, [self.rule], assumed)
        result["findings"] = [json_finding(f) for f in checked.findings]
        applies = next((a for a in checked.applied if a.rule.id == self.rule.id), None)
        if applies is None:
            return
        result["repost"] = True
        result["reason"] = _reason(applies, assumed)
        result["article"] = applies.source_url or (match.url if match else None) \
            or _linked_article(document, self.rule)
        result["similarity"] = match.similarity if match else None
        result["published"] = applies.post_date.isoformat() if applies.post_date else None
        result["compliant"] = not any(f.severity == "error" for f in checked.findings)


def _result(page: Page, rule: str) -> dict[str, Any]:
    """A page's result before it is examined: not a repost, no findings."""
    return {"record": page.record, "url": page.url, "site": site_of(page.url),
            "date": page.date, "repost": False, "rule": rule, "reason": None,
            "published": None, "article": None, "similarity": None, "compliant": None,
            "findings": [], "error": None}


def site_of(url: str) -> str:
    """The site a page is on: its host, lower case, without "www."."""
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


def _near_copy(document: Document, rule: Rule, match: Match) -> Applies:
    """How the rule applies to a copy found by its text alone."""
    where = document.blocks[0].source if document.blocks else Span(0, 0)
    percent = round(match.similarity * 100)
    return Applies(rule, f"its text is a near copy of {match.url} ({percent}% of the "
                         "original's text)", where, source_url=match.url)


def _linked_article(document: Document, rule: Rule) -> str | None:
    """The first link to one of the publisher's articles (a credit line's)."""
    for link in document.links:
        if rule.owns(host_of(link.href)) and is_article(rule, link.href):
            return link.href.strip()
    return None


def _reason(applies: Applies, assumed: dict[str, Applies] | None) -> str:
    if assumed and applies is assumed.get(applies.rule.id):
        return BY_TEXT
    return BY_METADATA if applies.source_url else BY_CREDIT
