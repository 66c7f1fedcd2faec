"""``noncommercial``: terms that allow reposting on non-commercial sites only.

Rule file::

    requires:
      - noncommercial: true   # CC BY-NC licences; Global Research: "community internet sites"

Whether a site is commercial cannot be read from a post (ads, a paywall,
a company's blog: a judgement, not a pattern), so the site says it in its
configuration: ``site: {commercial: true}`` in ``.attriblint.yaml`` (or
``[tool.attriblint.site]`` in ``pyproject.toml``).  Only then is a repost
under such terms a finding; when ``commercial`` is false or not given,
nothing is reported.  A permission from the publisher, recorded in the
post's front matter (``permission:``) or in the configuration's
``site.permissions``, waives the requirement.
"""

from __future__ import annotations

from typing import Iterator

from ..document import Document
from ..findings import Code, Finding
from ..identify import Applies
from ..rules import BuildContext, Requirement, Rule
from ._base import PERMISSION_HOW, finding, permitted, possessive

KIND = "noncommercial"
SUMMARY = "the terms allow non-commercial sites only (checked when the site says it is commercial)"
OPTIONS = {
    "noncommercial": {
        "description": "true: the terms allow reposting on non-commercial sites only (CC BY-NC "
                       "licences, 'community sites only'). Reported only for a site whose "
                       "attriblint configuration sets site.commercial: true, unless a "
                       "permission is recorded.",
        "enum": [True],
    },
}

CODES = (
    Code(
        "AL921", "commercial-site", "A commercial site reposts a work allowed on non-commercial "
                                    "sites only",
        """Why it matters: some terms grant reposting to non-commercial sites only.
Every Creative Commons licence with NC ("NonCommercial") excludes uses
primarily intended for commercial advantage or payment; Global Research
grants permission to cross-post "on community internet sites", while
"print or other forms including commercial internet sites" must ask.  A
company's blog, a shop, or a for-profit publication that reposts such a
work without the publisher's permission has no licence to do so.

attriblint cannot tell a commercial site from its posts, so the site
says what it is in its configuration; without that, or with
site.commercial: false, nothing is reported.

Fails (.attriblint.yaml with `site: {commercial: true}`):

    ---
    title: Seed banks and the farmers who keep them
    source_url: https://www.globalresearch.ca/seed-banks-farmers/5831584
    ---

Passes: the same post on a site whose configuration says
`site: {commercial: false}` (or says nothing), or with a recorded
permission:

    permission: "email from Global Research's publications desk, 2024-03-02"

How to fix: ask the publisher for permission to repost on a commercial
site and record it, or link to the original instead of reposting it.  If
the site is not commercial, set site.commercial: false in the
configuration.
""" + PERMISSION_HOW,
        not_fixable="a permission or a non-commercial site is needed: nothing to write",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    return Requirement(KIND, "error", item)


def describe(requirement: Requirement) -> str:
    return ("reposted on non-commercial sites only (reported when the configuration says "
            "site.commercial: true and no permission is recorded)")


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    if applies.site.commercial is not True or permitted(applies, KIND):
        return
    yield finding(document, applies.where, "AL921", KIND, applies, requirement.severity,
                  f"{_terms_allow(applies.rule)} reposting on non-commercial sites only, and "
                  f"this site is configured as commercial (site.commercial: true in the "
                  f"attriblint configuration) with no permission recorded")


def _terms_allow(rule: Rule) -> str:
    """Whose terms: "Global Research's terms allow", or for a licence rule
    (whose publisher is the licence) "the work's licence (Creative Commons
    Attribution-NonCommercial 4.0 International) allows"."""
    if rule.detect_licences:
        return f"the work's licence ({rule.publisher}) allows"
    return f"{possessive(rule.publisher)} terms allow"
