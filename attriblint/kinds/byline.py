"""``byline``: the original author(s) credited, as the publisher asks.

Rule file::

    targets:
      profile: '^https?://(www\\.)?stackoverflow\\.com/users/\\d+'
    requires:
      - byline: "^By {author}, CalMatters"
        at: top
      - byline: "^(Asked|Answered) by [{author}]({profile})"

The value is a template (see docs/templates.md) that binds ``{author}``; it
may bind ``{institution}`` too, and demand that the name is a link to one of
the rule's ``targets``.  Start it with ``^``: a byline begins a line, and a
template such as ``{author}, {publisher}`` without it would also find
"... told the legislature, CalMatters" in running prose.  (A match must
begin a line or a sentence in any case, and one in a caption or footnote
is a photo credit or a reference, not a byline.)

Every byline found counts: a Stack Exchange repost credits the question's
author and each answer's, and each name must be linked.  When the metadata
names the original author (``original_author``, ``source_author``), one of
the bylines must name them; a plain ``author`` field is never compared,
because on most blogs it names whoever reposted.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from ..document import Document
from ..evidence import begins_source_line, names_someone
from ..findings import Code, Finding
from ..identify import Applies
from ..rules import BuildContext, Requirement
from ..template import TemplateMatch
from ..urls import pattern_in_words, satisfies
from ._base import EXAMPLE_OPTION, finding, same_people, template_requirement, why
from ._placement import PLACEMENT_OPTIONS, is_placed, misplaced, placed_words, placement_of

KIND = "byline"
SUMMARY = "the original author(s) credited in a byline, in the form the terms ask for"
OPTIONS = {
    "byline": {"description": "Template of the byline; it must bind {author}, may bind "
                              "{institution}, and may link the name to a rule target "
                              "([{author}]({profile})). Start it with '^' (see "
                              "docs/templates.md).",
               "type": "string", "minLength": 1},
    "example": EXAMPLE_OPTION,
    **PLACEMENT_OPTIONS,
}

CODES = (
    Code(
        "AL401", "byline-missing", "No byline naming the original author",
        """Why it matters: republishing terms ask you to credit the people who wrote
the article, not only the publisher: "credit authors and their institutions,
ideally in the byline" (The Conversation), "the name of the author at the
top" (Global Voices), "all of the original author bylines" (Undark), "By
Author Name, CalMatters", "by Aman Batheja, The Texas Tribune".  A repost
that keeps the text but drops the byline presents the work as the blog's.

Fails (a CalMatters story without its byline):

    ---
    source_url: https://calmatters.org/environment/2024/05/water-rights/
    original_author: Rachel Becker
    ---
    California's water board voted on Tuesday ...

Passes:

    By Rachel Becker, CalMatters

    California's water board voted on Tuesday ...

How to fix: add the byline in the form the message quotes, with the
author's name as the original article gives it.  The finding points at
what shows the post is a repost.""",
        fix="attriblint fix adds the byline where the rule places it, else above the first paragraph, when the metadata gives every value it names; a name already there is completed in place (safe).",
    ),
    Code(
        "AL402", "byline-not-linked", "An author in the byline is not linked as the terms ask",
        """Why it matters: some terms ask that every author's name links to their
profile: Stack Exchange requires each question and answer author to be
"hyperlinked directly back to their user profile page" on the site.  A
name in plain text, or linked elsewhere, does not meet them.  Every byline
is checked: a repost of a question and its answers credits several people.

Fails:  Answered by bob
Passes: Answered by [bob](https://stackoverflow.com/users/4567/bob)

How to fix: link each name the message quotes to the address it names
(the author's profile on the original site).  A name linked in one of its
bylines counts as linked.""",
        fix="attriblint fix links the name when the target is the original article or the publisher's site (safe); a profile address must be added by hand.",
    ),
    Code(
        "AL403", "byline-misplaced", "The byline is not where the terms ask",
        """Why it matters: terms such as Global Voices' ("the name of the author at
the top of the republished post") and CalMatters' ("credit authors at the
top of the article") say where the byline goes; a name only at the end, in
an author box, does not meet them.

Fails:  a post whose only byline "By Rachel Becker, CalMatters" is its last paragraph.
Passes: the same line before the first paragraph of the article.

How to fix: move the byline to the place the message names (the top: the
lines before the first paragraph of the article, or its first blocks).""",
        not_fixable="attriblint does not move text: move the byline by hand",
    ),
    Code(
        "AL404", "byline-author-mismatch", "The byline names another author than the metadata",
        """Why it matters: a byline that names someone else misattributes the work,
usually because it was copied from another article or a template.
Compared with original_author / source_author only: a plain author field
often names the blogger who reposted, so it is never compared.  A repost
with several bylines (a question and its answers) passes when one of them
names the original author.

Fails:  original_author: Rachel Becker ... By Dan Walters, CalMatters
Passes: original_author: Rachel Becker ... By Rachel Becker, CalMatters

How to fix: correct the byline, or the metadata.""",
        fix="attriblint fix writes original_author's name in its place (unsafe: --unsafe-fixes).",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    requirement = template_requirement(KIND, item, context)
    if "author" not in requirement.templates[KIND].names.values():
        raise context.error("a byline template must name the author: use {author}", KIND)
    return requirement


def describe(requirement: Requirement) -> str:
    return placed_words(f'a byline such as "{requirement.templates[KIND].example}"',
                        requirement.options)


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    template = requirement.templates[KIND]
    text = template.text_of(document)
    bylines = [b for b in (_narrowed(document, m) for m in template.finditer(text))
               if _is_byline(document, b)]
    if not bylines:
        expected = template.example
        if applies.author and applies.author_is_original:
            expected = expected.replace("AUTHOR", applies.author)
        from ..fixing.repairs import add_line

        yield finding(document, applies.where, "AL401", KIND, applies, requirement.severity,
                      f'missing byline: expected "{expected}" ({why(applies)})',
                      **add_line(document, applies, template,
                                 {"at": "top", **requirement.options}, "byline", complete=True))
        return
    yield from _unlinked(document, requirement, applies, bylines)
    yield from _misplaced(document, requirement, applies, bylines)
    yield from _other_author(document, requirement, applies, bylines)


def _is_byline(document: Document, match: TemplateMatch) -> bool:
    """A match that reads as a byline: it binds names (each word
    capitalised, unless the template links the name: user names are often
    lower case), begins a line or sentence, and is no heading, photo credit
    (caption) or reference (footnote).  "We spoke to Jane Doe, Floodlight"
    is a sentence, and "## What, exactly, is a bot?" a heading, not a
    byline."""
    author = match.values.get("author")
    if author is not None and not match.links and \
            not _written_as_names(author[0], _is_link_text(document, *author[1:])):
        return False
    return (names_someone(match)
            and begins_source_line(document, match.start)
            and not _in_heading(document, match.start)
            and not document.regions_around(match.start, match.end) & {"caption", "footnote"})


def _in_heading(document: Document, offset: int) -> bool:
    index = document.block_index(offset)
    return index is not None and document.blocks[index].kind == "heading"


def _is_link_text(document: Document, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the words of a link (a name linked to
    a profile, as The Conversation's button writes it)."""
    return any(link.text_start == start and link.text_end == end
               for link in document.links_within(start, end))


def _narrowed(document: Document, match: TemplateMatch) -> TemplateMatch:
    """The match with each name cut to the name alone.

    A placeholder that ends a template takes the rest of its line ("Answered
    by [{author}]({profile})" binds "bob on Mar 3, 2020"), and one before a
    comma may take several names.  A name that is a link is the link's
    words; another ends before a comma, a bracket, a dash or "on"/"at"/"in"
    (a date or a place following it).
    """
    links = [(start, _name_end(document, start, end), target)
             for start, end, target in match.links]
    values = dict(match.values)
    if "author" in values:
        _, start, end = values["author"]
        start = _after_by(document.text, start, end)
        if end == match.end:
            end = _name_run_end(document, start, end)
        end = _name_end(document, start, end)
        values["author"] = (document.text[start:end], start, end)
    return replace(match, values=values, links=links)


def _name_run_end(document: Document, start: int, end: int) -> int:
    """Where a name that ends a match may really end.

    A capture followed by optional words is lazy: "^By {author}((,| of)
    {publisher})?" binds only "Corinne" in "By Corinne Whitaker, KFF Health
    News".  The name goes on over a link beginning with it and over the
    capitalised words (and particles between them) that follow on its line.
    """
    for link in document.links_within(start, start + 1):
        if link.text_start == start and link.text_end > end and \
                "\n" not in document.text[start:link.text_end]:
            return link.text_end
    for _ in range(_MAX_MORE_WORDS):  # bounded: a line of capitals costs no more
        more = _NEXT_NAME_WORD.match(document.text, end)
        if not (more and more.group(1)[0].isupper()):
            break
        end = more.end()
    return end


# Words a name may go on with after a lazy capture (several names joined by
# "and" included); a longer run is no byline anyway.
_MAX_MORE_WORDS = 12


_BY = re.compile(r"by\s+(?=\S)", re.IGNORECASE)


def _after_by(text: str, start: int, end: int) -> int:
    """Where the name begins: after a leading "by"/"By"/"BY", which
    belongs to no name ("by [Deepak Kumar](...), *University of Illinois*"
    with a template "^{author}, {institution}$")."""
    by = _BY.match(text, start, end)
    return by.end() if by else start


_AFTER_NAME = re.compile(r"\s*(?:[,;(|\[]|\s[-\u2013\u2014]\s|\s(?:on|at|in|from|via|for)\s)",
                         re.IGNORECASE)


def _name_end(document: Document, start: int, end: int) -> int:
    """Where the name beginning at ``text[start]`` ends, at most ``end``."""
    for link in document.links_within(start, end):
        if link.text_start == start and start < link.text_end <= end:
            return link.text_end
    cut = _AFTER_NAME.search(document.text, start, end)
    return cut.start() if cut and cut.start() > start else end


# Lower-case words that stand in names and lists of names.
_NAME_PARTICLES = frozenset(
    "and with de del della degli dei der di da das dos du la le van von ter ten den bin "
    "binti bint ibn al el zu d l y e st".split())

# One word that is a handle, not an ordinary word: "@rbecker", "jdoe42", "j_doe".
_HANDLE = re.compile(r"@[\w.-]+|(?=[\w.-]*[^\W\d_])(?=[\w.-]*[\d_])[\w.-]+")

# The next word of a name on its line, after any particles ("de la Cruz").
# Longest first, and in a fixed order (a set's varies from run to run, which
# would make this a new pattern, compiled afresh, in every run).
_PARTICLE_WORDS = "|".join(sorted(_NAME_PARTICLES, key=lambda word: (-len(word), word)))
_NEXT_NAME_WORD = re.compile(rf"(?:[ \t]++(?:{_PARTICLE_WORDS})\b)*+[ \t]++([^\W\d_][\w'\u2019.-]*)")


def _written_as_names(value: str, linked: bool = False) -> bool:
    """Whether ``value`` is written as names, not as a clause ("We spoke to
    Jane Doe") or a sentence's first word ("Sadly for history buffs, ...").

    Several words: each capitalised or a particle of names ("Ana de la
    Cruz and Li Wei"); one lower-case word ("Long-running", "ongoing")
    disqualifies them.  One word: a name only when it is a link (to a
    profile) or a handle ("@rbecker", "jdoe42"); a capitalised word alone
    ("What", "Sadly") begins many sentences.
    """
    words = value.split()
    if len(words) == 1:
        return linked or _HANDLE.fullmatch(words[0]) is not None
    return all(word[0].isupper() or word in _NAME_PARTICLES
               for word in re.findall(r"[^\W\d_]+", value))


def _unlinked(document, requirement, applies, bylines) -> Iterator[Finding]:
    """AL402 once per name that none of its bylines links where asked."""
    linked, unlinked = set(), {}
    for match in bylines:
        for start, end, target in match.links:
            key = _name_key(document.text[start:end])
            if any(satisfies(applies.rule, applies.source_url, link, target)
                   for link in document.links_within(start, end)):
                linked.add(key)
            else:
                unlinked.setdefault(key, (start, end, target))
    for key, (start, end, target) in unlinked.items():
        if key in linked:
            continue
        from ..fixing.repairs import link_words

        words, wanted = document.text[start:end], _target_words(applies, target)
        yield finding(document, document.text_span(start, end), "AL402", KIND, applies,
                      requirement.severity,
                      f'byline found, but "{words}" is not a link to {wanted}',
                      **link_words(document, applies, start, end, target))


def _target_words(applies: Applies, target: str) -> str:
    rule = applies.rule
    if target in rule.targets:
        pattern = rule.targets[target].pattern
        words = pattern_in_words(pattern)
        return f"their {target} ({words})" if words else \
            f"their {target} (an address matching {pattern})"
    return {
        "article_url": f"the original article ({applies.source_url})" if applies.source_url
        else f"the original {rule.publisher} article",
        "homepage": f"the site of {rule.publisher}",
        "url": "a web page",
    }.get(target, target)


def _misplaced(document, requirement, applies, bylines) -> Iterator[Finding]:
    placement = placement_of(requirement.options)
    if placement.anywhere or any(is_placed(document, m.start, m.end, placement)
                                 for m in bylines):
        return
    span, message = misplaced(document, bylines, placement, "byline", applies.rule.publisher)
    yield finding(document, span, "AL403", KIND, applies, requirement.severity, message)


def _other_author(document, requirement, applies, bylines) -> Iterator[Finding]:
    """AL404 when the metadata names the original author and no byline does."""
    if not (applies.author and applies.author_is_original):
        return
    named = [m.values["author"] for m in bylines if "author" in m.values]
    if not named or any(same_people(value, applies.author) for value, _, _ in named):
        return
    from ..fixing.repairs import replace_text

    value, start, end = named[0]
    yield finding(document, document.text_span(start, end), "AL404", KIND, applies,
                  requirement.severity,
                  f'byline names "{value}", but {applies.author_field} says "{applies.author}"',
                  **replace_text(document, start, end, applies.author, "byline's author"))


def _name_key(words: str) -> str:
    return " ".join(words.lower().split())
