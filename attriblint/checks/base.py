"""Helpers shared by the checks: building findings and testing links."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from ..document import Document, Link, Span
from ..findings import Finding
from ..identify import Applies, host_of
from ..rules import Rule


def finding(document: Document, span: Span, code: str, kind: str, applies: Applies,
            severity: str, message: str) -> Finding:
    start = document.position(span.start)
    end = document.position(max(span.end, span.start))
    return Finding(document.path, start.line, start.column, code, applies.rule.id, kind,
                   severity, message, end.line, end.column)


def publisher_links(document: Document, rule: Rule) -> list[Link]:
    return [l for l in document.links if rule.owns(host_of(l.href))]


def is_article(rule: Rule, url: str) -> bool:
    """An article, rather than the homepage or a section page."""
    parts = urlsplit(url)
    where = parts.path + ("?" + parts.query if parts.query else "")
    if rule.article_urls:
        return any(p.search(where) for p in rule.article_urls)
    return parts.path.strip("/") != ""


def same_page(a: str, b: str) -> bool:
    """Same page, whatever the scheme, ``www.``, trailing slash or tracking."""
    return _page_key(a) == _page_key(b)


def _page_key(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_"))
    return host, parts.path.rstrip("/") or "/", urlencode(query)


def why(applies: Applies) -> str:
    return f"{applies.rule.publisher} terms apply because {applies.reason}"
