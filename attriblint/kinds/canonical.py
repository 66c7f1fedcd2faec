"""``canonical``: the post's canonical URL points at the original article.

Rule file::

    requires:
      - canonical: original
        severity: warning   # where the terms list it as one way among several

The canonical URL is read from the front matter (``canonical_url``,
``canonicalURL``, ``canonicalUrl``, ``canonical``, ``canonical_link``, also
one level down: ``seo.canonical``, ``extra.canonical_url``,
``params.canonicalURL``) or, in an HTML page, from ``<link
rel="canonical">`` wherever it stands (the HTML reader records the first
one).  It must be the original article: the same article as the source the
metadata names, or, when the metadata names none, an article of the
publisher.
"""

from __future__ import annotations

from typing import Iterator

from ..document import Document
from ..findings import Code, Finding
from ..identify import Applies, field_span, fields
from ..rules import BuildContext, Requirement
from ..urls import is_article, is_original_article
from ._base import finding, why

KIND = "canonical"
SUMMARY = "the post's canonical URL points at the original article"
OPTIONS = {
    "canonical": {"description": "Where the post's canonical URL (front matter canonical_url "
                                 "and the like, or <link rel=\"canonical\">) must point: "
                                 "original (the original article).",
                  "enum": ["original"]},
}
# Metadata names of the canonical URL, normalised as identify.fields does
# (case, "_", "-" and ":" ignored), in order of preference.
CANONICAL_FIELDS = ("canonicalurl", "canonical", "canonicallink")

_WHY = """Why it matters: a repost that declares the original as its canonical
URL tells search engines which copy is the original, so the repost does not
compete with it.  The CalMatters Network guidelines list it among the ways
to let Google identify the original: "do one or all of" linking to the
original story, "Set your publishing system to recognize the original URL
as the canonical URL", or a top line linking to it.  As the canonical is
one accepted way among several there, a rule for such terms asks for it
with `severity: warning`; ProPublica's republish HTML carries
`<link rel="canonical">` too, but whether its terms require it is not
verified.  Static-site conventions (dev.to, jekyll-seo-tag, Hexo, Hugo
themes, Zola) put it in the front matter: canonical_url, canonicalURL,
canonicalUrl, canonical, seo.canonical, extra.canonical_url,
params.canonicalURL; an HTML page carries `<link rel="canonical" href=...>`."""

CODES = (
    Code(
        "AL701", "canonical-missing", "The post declares no canonical URL",
        _WHY + """

Fails (front matter without a canonical URL):

    ---
    title: Five solutions to California's climate crisis
    source_url: https://calmatters.org/commentary/2020/09/five-solutions/
    ---

Passes:

    ---
    title: Five solutions to California's climate crisis
    canonical_url: https://calmatters.org/commentary/2020/09/five-solutions/
    ---

How to fix: set the canonical URL to the original article's address: in
the front matter field your site generator reads (canonical_url for
jekyll-seo-tag, Hexo and dev.to), or with `<link rel="canonical"
href="...">` in the page's head.  The finding points at what shows the
post is a repost.""",
        not_fixable="where the canonical address goes depends on your theme: set it by hand",
    ),
    Code(
        "AL702", "canonical-elsewhere", "The post's canonical URL is not the original article",
        _WHY + """

A canonical URL that is the post's own address (what most site generators
write by default), the publisher's home page or another article tells
search engines the wrong page is the original.

Fails:  canonical_url: https://myblog.example/2020/10/climate-solutions/
Fails:  <link rel="canonical" href="https://calmatters.org/">
Passes: canonical_url: https://calmatters.org/commentary/2020/09/five-solutions/

How to fix: point the canonical URL at the original article's address (the
message names it when the metadata gives it).  The finding points at the
canonical field or `<link>` element.""",
        not_fixable="where the canonical address goes depends on your theme: set it by hand",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    return Requirement(KIND, "error", item)


def describe(requirement: Requirement) -> str:
    return "a canonical URL (front matter or <link rel=\"canonical\">) that is the original article"


def canonical_of(document: Document) -> tuple[str, str] | None:
    """The canonical URL the post declares, and the metadata key as written
    (``seo.canonical``); None if it declares none."""
    meta = fields(document.meta)
    for normal in CANONICAL_FIELDS:
        name, value = meta.get(normal, ("", None))
        if isinstance(value, str) and value.strip():
            return value.strip(), name
    return None


def is_original(applies: Applies, url: str) -> bool:
    """``url`` is the original article: the source the metadata names, or
    any article of the publisher when it names none."""
    return is_original_article(applies.rule, applies.source_url, url)


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    rule = applies.rule
    wanted = applies.source_url if applies.source_url and is_article(rule, applies.source_url) \
        else f"the original {rule.publisher} article"
    declared = canonical_of(document)
    if declared is None:
        yield finding(document, applies.where, "AL701", KIND, applies, requirement.severity,
                      f"no canonical URL; {rule.publisher} asks that it be the original article"
                      f" ({wanted}): set canonical_url in the front matter or "
                      f'<link rel="canonical"> ({why(applies)})')
        return
    url, name = declared
    if not is_original(applies, url):
        yield finding(document, field_span(document, name, applies.where), "AL702", KIND, applies,
                      requirement.severity,
                      f"canonical URL {url} ({name}) is not the original article; expected "
                      f"{wanted}")



