"""``credit``: the credit line the publisher asks for.

Rule file::

    requires:
      - credit: "The original source of this article is Global Research."

The value is a template (see ``attriblint/template.py``): words match
case-insensitively, with any spacing, curly or straight quotes.  A template
may demand that some words are a link, as in
``This story was originally published by [City Desk ABQ]({article_url}).``
"""

from __future__ import annotations

import re
from typing import Iterator

from ..document import Document
from ..findings import Code, Finding
from ..identify import Applies
from ..rules import BuildContext, Requirement
from ..urls import satisfies
from ._base import EXAMPLE_OPTION, finding, possessive, template_requirement, why
from ._placement import PLACEMENT_OPTIONS, is_placed, misplaced, placed_words, placement_of

KIND = "credit"
SUMMARY = "the publisher's credit line, in the words its terms ask for"
OPTIONS = {
    "credit": {"description": "Template of the credit line (see docs/templates.md).",
               "type": "string", "minLength": 1},
    "example": EXAMPLE_OPTION,
    **PLACEMENT_OPTIONS,
}

CODES = (
    Code(
        "AL101", "credit-missing", "The publisher's credit line is missing",
        """Why it matters: publishers allow reposting on condition that the repost
says where the article comes from, in their words.  Without the credit line
the repost breaks the terms.

Fails (a Global Research repost without its source line):

    ---
    source_url: https://www.globalresearch.ca/russia-againgate/5740210
    ---
    Russiagate was a fraud from the start ...

Passes:

    ... the end of the article.

    The original source of this article is [Global Research](https://www.globalresearch.ca/russia-againgate/5740210).

How to fix: add the credit line the message quotes (at the top or the bottom
of the post, as the publisher prefers).  The finding points at what shows
the post is a repost (the source field, or a credit phrase).""",
        fix="attriblint fix adds the credit line (where the rule places it, else at the end of the post) when the metadata gives every value it names (safe).",
    ),
    Code(
        "AL102", "credit-not-linked", "Words of the credit line are not the link the publisher asks for",
        """Why it matters: some publishers ask that particular words of the credit line
link to the original article (ProPublica-style "link the words 'City Desk
ABQ' to the original URL").  A credit with the words in plain text, or
linked elsewhere, does not meet the terms.

Fails:  This story was originally published by City Desk ABQ.
Passes: This story was originally published by [City Desk ABQ](https://citydesk.org/2024/03/story/).

How to fix: make the words the message names a link to the target it names.""",
        fix="attriblint fix links the words (safe); when they already link elsewhere, it points that link at the right address (unsafe: --unsafe-fixes).",
    ),
    Code(
        "AL103", "credit-misplaced", "The credit line is not where the terms ask",
        """Why it matters: some terms say where the credit goes, not only what it
says: CalMatters wants its line "at the top of the story's text",
Floodlight and City Desk ABQ a top line "This story was originally
published by ...", Undark to be named "at or near the top", Global Voices
its credit "at the top of the republished post".  A credit buried at the
end of a long post does not meet those terms.  (The Conversation only
*prefers* a credit at the top, so its rule does not ask for a place.)

The rule says where with `at: top` or `at: bottom`, and `within: N`.  The
top is the byline area (title, byline, dateline and short lines before the
first body paragraph of 20 words or more) with that first paragraph, or the
first N blocks, whichever reaches further; the bottom is the last N blocks.  Blocks are the
paragraphs, headings, lists, quotes and tables of the body; images and
pixels do not count.  N is 3 unless the rule says otherwise.

Fails (rule: `credit: "This story was originally published by CalMatters."`, `at: top`):

    Sacramento lawmakers on Monday approved a budget that ...
    ... nine more paragraphs ...
    This story was originally published by CalMatters.

Passes:

    By Ana B. Ibarra, CalMatters
    This story was originally published by CalMatters.
    Sacramento lawmakers on Monday approved a budget that ...

How to fix: move the credit line the message points at to where it says
(for `at: top`, above the first paragraph of the story).  The finding
points at the credit found and says in which block it stands.""",
        not_fixable="attriblint does not move text: move the credit line by hand",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    return template_requirement(KIND, item, context)


def describe(requirement: Requirement) -> str:
    example = requirement.templates[KIND].example
    return placed_words(f'a credit line such as "{example}"', requirement.options)


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    template = requirement.templates[KIND]
    matches = list(template.finditer(template.text_of(document)))
    if not matches:
        from ..fixing.repairs import add_line

        yield finding(document, applies.where, "AL101", KIND, applies, requirement.severity,
                      f'missing credit line: expected "{template.example}" ({why(applies)})',
                      **add_line(document, applies, template, requirement.options,
                                 "credit line", complete=True))
        return
    placement = placement_of(requirement.options)
    placed = [m for m in matches if is_placed(document, m.start, m.end, placement)]
    if not placed:
        yield _misplaced(document, requirement, applies, matches, placement)
    yield from _link_problems(document, requirement, applies, placed or matches)


def _misplaced(document, requirement, applies, matches, placement) -> Finding:
    span, message = misplaced(document, matches, placement, "credit line",
                              applies.rule.publisher)
    return finding(document, span, "AL103", KIND, applies, requirement.severity, message)


# Plain text cannot link words: an address just after them links them
# ("City Desk ABQ (https://...)", "City Desk ABQ: https://...").
_TEXT_LINK_GAP = re.compile(r"[ ]?[(:<][ ]?|[ ]")


def _links_of_words(document: Document, start: int, end: int) -> list:
    """The links of ``text[start:end]``: links over the words, and in plain
    text a bare address that follows them."""
    links = document.links_within(start, end)
    if document.kind == "text":
        gap = _TEXT_LINK_GAP.match(document.text, end)
        after = gap.end() if gap else end
        links += [link for link in document.links_within(after, after + 1)
                  if link.text_start == after]
    return links


def _link_problems(document, requirement, applies, matches) -> Iterator[Finding]:
    """AL102 when no credit line has its ``[words](target)`` linked right."""
    best_problem = None
    for match in matches:
        problems = [(start, end, target) for start, end, target in match.links
                    if not any(satisfies(applies.rule, applies.source_url, link, target)
                               for link in _links_of_words(document, start, end))]
        if not problems:
            return
        best_problem = best_problem or problems[0]
    from ..fixing.repairs import link_words

    start, end, target = best_problem
    words = document.text[start:end]
    linked = document.links_within(start, end)
    wanted = {
        "article_url": f"the original article ({applies.source_url})" if applies.source_url
        else f"the original {applies.rule.publisher} article",
        "homepage": f"{possessive(applies.rule.publisher)} site",
        "url": "a web page",
    }.get(target, target)
    yield finding(document, document.text_span(start, end), "AL102", KIND, applies,
                  requirement.severity,
                  f'credit line found, but "{words}" is not a link to {wanted}',
                  **link_words(document, applies, start, end, target,
                               replace=linked[0] if len(linked) == 1 else None))
