"""``link``: a hyperlink to the original article (or the publisher's site).

Rule file::

    article_urls: ['/\\d{4,}/?$']   # how an article address differs from a section page
    requires:
      - link: article    # article | homepage | any

``article`` asks for a link to the article itself: when the metadata names
the source (``source_url``, ``canonical_url``...), a link to that very page;
otherwise a link to any article address of the publisher.  ``homepage`` and
``any`` are met by any link to the publisher's domains.  Links count in
every form: inline, reference-style, autolinks, bare URLs and ``<a href>``;
a URL inside code is not a link.
"""

from __future__ import annotations

from typing import Iterator

from ..document import Document
from ..findings import Code, Finding
from ..rules import BuildContext, Requirement
from ..identify import Applies
from ..urls import is_article, same_article
from ._base import finding, publisher_links, why

KIND = "link"
SUMMARY = "a hyperlink to the original article or to the publisher's site"
TARGETS = ("article", "homepage", "any")
OPTIONS = {
    "link": {
        "description": "What the link must point at: article (the original article), "
                       "homepage (the publisher's home page itself) or any (any page of the "
                       "publisher); a list means any one of them.",
        "oneOf": [{"enum": list(TARGETS)},
                  {"type": "array", "minItems": 1, "uniqueItems": True,
                   "items": {"enum": list(TARGETS)}}],
    },
}

CODES = (
    Code(
        "AL201", "link-missing", "No link to the original article",
        """Why it matters: most reposting terms ask for a hyperlink to the original
article ("together with a hyperlink to the original Global Research
article"), so readers and search engines find the source.

Fails: a repost that names Global Research but links nowhere.
Passes: The original source of this article is [Global Research](https://www.globalresearch.ca/russia-againgate/5740210).

How to fix: link to the original article's address, for example on the
publisher's name in the credit line.""",
    ),
    Code(
        "AL202", "link-not-article", "Links only to the publisher's homepage or a section page",
        """Why it matters: "a hyperlink to the original article" is not met by a link
to the publisher's homepage or to a topic page: the reader cannot get from
there to the article.

Fails:  The original source of this article is [Global Research](https://www.globalresearch.ca/).
Passes: The original source of this article is [Global Research](https://www.globalresearch.ca/russia-againgate/5740210).

How to fix: point the link at the article's own address.""",
    ),
    Code(
        "AL203", "link-wrong-article", "Links to a different article than the source named in the metadata",
        """Why it matters: the post's metadata (source_url, canonical_url...) names the
article it reposts, but no link goes to that article; the links that do go
to the publisher point at other articles, usually a copy-and-paste slip.

Fails:  source_url: https://www.globalresearch.ca/a/5740210, but the credit links .../b/5831584
Passes: the credit links https://www.globalresearch.ca/a/5740210

How to fix: link to the address in the metadata (or correct the metadata).""",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    return Requirement(KIND, "error", item)


def describe(requirement: Requirement) -> str:
    return {"article": "a link to the original article",
            "homepage": "a link to the publisher's home page",
            "any": "a link to the publisher's site"}[requirement.value]


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    rule = applies.rule
    links = publisher_links(document, rule)
    severity = requirement.severity
    if requirement.value in ("homepage", "any"):
        if not links:
            yield finding(document, applies.where, "AL201", KIND, applies, severity,
                          f"no link to {rule.publisher} ({', '.join(rule.domains)}); "
                          f"{why(applies)}")
        return
    source = applies.source_url if applies.source_url and is_article(rule, applies.source_url) \
        else None
    if source is not None:
        if any(same_article(rule, l.href, source) for l in links):
            return
        others = [l for l in links if is_article(rule, l.href)]
        if others:
            yield finding(document, others[0].source, "AL203", KIND, applies, severity,
                          f"links to {others[0].href} but the post reposts {source}; "
                          f"expected a link to the original article")
            return
    elif any(is_article(rule, l.href) for l in links):
        return
    expected = source or f"the original {rule.publisher} article"
    if links:
        yield finding(document, links[0].source, "AL202", KIND, applies, severity,
                      f"link to {links[0].href} is not an article; expected a link to "
                      f"{expected}")
    else:
        yield finding(document, applies.where, "AL201", KIND, applies, severity,
                      f"no link to the original article; expected a link to {expected} "
                      f"({why(applies)})")
