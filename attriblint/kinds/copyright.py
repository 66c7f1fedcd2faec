"""``copyright``: the article's copyright line, kept.

Rule file::

    requires:
      - copyright: "Copyright © ({author}, )?Global Research((,)? {year})?"

``©``, ``(c)``, ``&copy;`` and the word "Copyright" are interchangeable.
When the line names a year and the metadata gives the original publication
date (``original_date``, ``source_date``...), they must agree, and the year
cannot be later than the post's own ``date``.  When the line names an author
and the metadata names the original author (``original_author``,
``source_author``), they must agree; a plain ``author`` field is compared too,
but only as a warning, because on many blogs it names whoever reposted.
"""

from __future__ import annotations

from typing import Iterator

from ..document import Document
from ..findings import Code, Finding
from ..evidence import begins_source_line, names_someone
from ..identify import Applies
from ..rules import BuildContext, Requirement
from ._base import EXAMPLE_OPTION, finding, same_people, template_requirement, why
from ._placement import PLACEMENT_OPTIONS, is_placed, misplaced, placed_words, placement_of

KIND = "copyright"
SUMMARY = "the original article's copyright line, kept"
OPTIONS = {
    "copyright": {"description": "Template of the copyright line (see docs/templates.md).",
                  "type": "string", "minLength": 1},
    "example": EXAMPLE_OPTION,
    **PLACEMENT_OPTIONS,
}

CODES = (
    Code(
        "AL301", "copyright-missing", "The article's copyright line is missing",
        """Why it matters: terms such as Global Research's ("as long the source and
copyright are acknowledged") require the original copyright notice to be
kept; dropping it is the most common slip when copying an article.

Fails: a repost that ends with the credit line but no copyright line.
Passes: Copyright © Stephen Lendman, Global Research, 2021

How to fix: copy the copyright line from the end of the original article.""",
        fix="attriblint fix adds the copyright line when the metadata gives every value it names, usually original_author and original_date (safe).",
    ),
    Code(
        "AL302", "copyright-author-mismatch", "The copyright line names another author than the metadata",
        """Why it matters: the copyright belongs to the article's author; a line that
names someone else misattributes the work, usually after copying the footer
of another article.  Compared with original_author / source_author (an
error) or with author (a warning, since that field often names the blogger).

Fails:  original_author: Stephen Lendman ... Copyright © Michel Chossudovsky, Global Research, 2021
Passes: original_author: Stephen Lendman ... Copyright © Stephen Lendman, Global Research, 2021

How to fix: give the original's author as original_author (or list the
blog's own authors as site.authors in the configuration, when author names
the blogger); otherwise correct the copyright line.""",
        fix="attriblint fix writes original_author's name in its place (unsafe: --unsafe-fixes); not from a plain author field, which may name the blogger.",
    ),
    Code(
        "AL303", "copyright-year-mismatch", "The copyright year disagrees with the dates in the metadata",
        """Why it matters: the copyright year is the original article's year; a
different year is usually a copying slip or a line taken from another
article.  Compared with original_date / source_date, and it can never be
later than the post's own date.

Fails:  original_date: 2021-03-18 ... Copyright © Stephen Lendman, Global Research, 2019
Passes: original_date: 2021-03-18 ... Copyright © Stephen Lendman, Global Research, 2021

How to fix: correct the year, or the metadata.""",
        fix="attriblint fix writes original_date's year in its place (unsafe: --unsafe-fixes).",
    ),
    Code(
        "AL304", "copyright-misplaced", "The copyright line is not where the terms ask",
        """Why it matters: where a publisher's terms say where the copyright notice
goes (for example "at the end of the article", as it stands on the
original), a notice kept but moved elsewhere does not meet them.

The rule says where with `at: top` or `at: bottom`, and `within: N`.  The
top is the byline area (title, byline, dateline and short lines before the
first body paragraph of 20 words or more) with that first paragraph, or the
first N blocks, whichever reaches further; the bottom is the last N blocks.  Blocks are the
paragraphs, headings, lists, quotes and tables of the body; images and
pixels do not count.  N is 3 unless the rule says otherwise.

Fails (rule: `copyright: "Copyright © {author}, Global Research, {year}"`, `at: bottom`):

    Copyright © Stephen Lendman, Global Research, 2021
    Russiagate was a fraud from the start ...
    ... ten more paragraphs ...

Passes:

    ... the last paragraph of the article.
    Copyright © Stephen Lendman, Global Research, 2021

How to fix: move the copyright line the message points at to where it
says.  The finding points at the line found and says in which block it
stands.""",
        not_fixable="attriblint does not move text: move the copyright line by hand",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    return template_requirement(KIND, item, context)


def describe(requirement: Requirement) -> str:
    example = requirement.templates[KIND].example
    return placed_words(f'the copyright line, such as "{example}"', requirement.options)


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    template = requirement.templates[KIND]
    # A copyright line begins a line or a sentence: "strip the copyright
    # notice, and readers think it came from Global Research" is prose.
    matches = [m for m in template.finditer(template.text_of(document))
               if names_someone(m) and begins_source_line(document, m.start)]
    if not matches:
        expected = template.example
        if applies.author and applies.author_is_original:
            expected = expected.replace("AUTHOR", applies.author)
        if applies.original_year is not None:
            expected = expected.replace("YEAR", str(applies.original_year))
        from ..fixing.repairs import add_line

        yield finding(document, applies.where, "AL301", KIND, applies, requirement.severity,
                      f'missing copyright line: expected "{expected}" ({why(applies)})',
                      **add_line(document, applies, template, requirement.options,
                                 "copyright line"))
        return
    placement = placement_of(requirement.options)
    placed = [m for m in matches if is_placed(document, m.start, m.end, placement)]
    if not placed:
        span, message = misplaced(document, matches, placement, "copyright line",
                                  applies.rule.publisher)
        yield finding(document, span, "AL304", KIND, applies, requirement.severity, message)
    matches = placed or matches
    # Several lines can match (a quoted footer, a second article); judge the
    # one that agrees best with the metadata.
    results = [list(_compare(document, requirement, applies, m)) for m in matches]
    yield from min(results, key=len)


def _compare(document, requirement, applies, match) -> Iterator[Finding]:
    from ..fixing.repairs import replace_text

    year = match.values.get("year")
    if year is not None:
        value, start, end = year
        span = document.text_span(start, end)
        if applies.original_year is not None and int(value) != applies.original_year:
            yield finding(document, span, "AL303", KIND, applies, requirement.severity,
                          f"copyright year is {value}, but {applies.original_year_field} says "
                          f"{applies.original_year}",
                          **replace_text(document, start, end, str(applies.original_year),
                                         "copyright year"))
        elif applies.post_year is not None and int(value) > applies.post_year:
            yield finding(document, span, "AL303", KIND, applies, requirement.severity,
                          f"copyright year {value} is later than the post's date "
                          f"({applies.post_year})",
                          fix_note="add original_date (the original article's date) to the "
                                   "front matter to have the year corrected")
    author = match.values.get("author")
    if author is not None and applies.author and not same_people(author[0], applies.author):
        value, start, end = author
        strict = applies.author_is_original
        repair = replace_text(document, start, end, applies.author, "copyright line's author") \
            if strict else {"fix_note": "the post's author field may name the blogger: add "
                                        "original_author to the front matter to have it "
                                        "corrected"}
        yield finding(document, document.text_span(start, end), "AL302", KIND, applies,
                      requirement.severity if strict else "warning",
                      f'copyright line names "{value}", but {applies.author_field} says '
                      f'"{applies.author}"', **repair)
