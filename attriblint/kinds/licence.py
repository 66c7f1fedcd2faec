"""``licence``: the work's Creative Commons licence, named and linked.

Rule file::

    requires:
      - licence: CC-BY-ND-4.0      # an SPDX id, or LicenseRef-CC-BY-NC-ND-3.0-US for a port
        linked: true               # the default: a link to the licence's deed too
        at: bottom                 # optional: top, bottom, any (the default)

CC 4.0 §3(a)(1)(C): "indicate the License, and include the text of, or the
URI or hyperlink to, this Public License".  The licence is *named* when the
prose says it ("CC BY-ND 4.0", "Creative Commons Attribution-NoDerivatives
4.0 International", "BY-NC-ND 4.0 Creative Commons license", the deed's
address) or when a link goes to its deed; it is *linked* when a link goes to
``creativecommons.org/licenses/<elements>/<version>/`` (http or https, www or
not, with or without the trailing slash, ``legalcode`` or ``deed.xx``).

Decisions:

* "a Creative Commons license" (The Conversation's button) says that a CC
  licence applies, not which: on its own it does not name the licence, but
  the same words linked to the deed do.  "CC BY-ND" without a version does
  not name a 4.0 licence either.  The Conversation's rule asks for its
  button's wording through a ``credit`` template, not through this kind.
* Ports (3.0 and earlier): ProPublica's CC BY-NC-ND 3.0 US has no SPDX id
  and is written ``LicenseRef-CC-BY-NC-ND-3.0-US``; its deed is
  ``/licenses/by-nc-nd/3.0/us/``.  Prose or a deed of the unported licence
  with the same elements and version ("CC BY-NC-ND 3.0", ``/by-nc-nd/3.0/``)
  names and links it too: readers find the same terms there.
* Another licence is *claimed* for the work (AL603) when the metadata
  declares one (``source_license:``, or ``license:`` beside ``original_author:``),
  or when the post does not name the work's licence but states another:
  a deed link, or a mention in a sentence such as "licensed under ..." or
  a "License: ..." line, outside quotations.  A post that names the right
  licence may mention others (a quoted snippet under CC BY-SA): silence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

from ..document import Document, Embed, Link, Span
from ..findings import Code, Finding
from ..identify import Applies, field_span
from ..licences import Licence, Mention, deed_of, mentions, parse
from ..rules import BuildContext, Requirement
from ._base import EXAMPLE_OPTION, finding, whose_work, why
from ._placement import (PLACEMENT_OPTIONS, found_place, is_placed, placed_words, placement_of,
                         wanted_place)

KIND = "licence"
SUMMARY = "the work's Creative Commons licence, named and linked to its deed"
OPTIONS = {
    "licence": {"description": "The work's licence: a Creative Commons SPDX id (CC-BY-ND-4.0, "
                               "CC-BY-SA-3.0, CC0-1.0) or, for a port without one, "
                               "LicenseRef-CC-<ELEMENTS>-<version>-<country> "
                               "(LicenseRef-CC-BY-NC-ND-3.0-US).",
                "type": "string",
                "pattern": r"^(LicenseRef-)?CC-BY(-NC)?(-ND|-SA)?-[1-4]\.[05](-[A-Z]{2}|-IGO)?$"
                           r"|^CC0-1\.0$"},
    "linked": {"description": "Whether the post must also link to the licence's deed "
                              "(default true).",
               "type": "boolean"},
    "example": EXAMPLE_OPTION,
    **PLACEMENT_OPTIONS,
}

CODES = (
    Code(
        "AL601", "licence-missing", "The work's licence is not named",
        """Why it matters: a Creative Commons licence lets you repost only if you
"indicate the License" (CC 4.0 §3(a)(1)(C)); readers must be able to tell
which terms the work comes with.  "A Creative Commons license" or "CC BY-ND"
without a version does not say which licence, unless the words link to its
deed.  With at: top or bottom, a licence named elsewhere does not count.

Fails:  This article is republished from The Conversation under a Creative Commons license.
Passes: This article is republished from The Conversation under CC BY-ND 4.0.
Passes: ... under a [Creative Commons license](https://creativecommons.org/licenses/by-nd/4.0/).

How to fix: name the licence (its short name, CC BY-ND 4.0, or its full
name), ideally as a link to its deed.""",
        fix="attriblint fix adds \"This work is licensed under\" and the licence, linked to its deed, when the licence is not named at all (safe).",
    ),
    Code(
        "AL602", "licence-not-linked", "The licence is named but not linked to its deed",
        """Why it matters: CC 4.0 §3(a)(1)(C) asks for "the text of, or the URI or
hyperlink to, this Public License"; online, that is a link to the deed
(creativecommons.org/licenses/by-nd/4.0/).  Rules that ask only for the
name say linked: false.

Fails:  This article is licensed under CC BY-ND 4.0.
Passes: This article is licensed under
        [CC BY-ND 4.0](https://creativecommons.org/licenses/by-nd/4.0/).

How to fix: link the licence's name to its deed (http or https, legalcode
or deed.xx are fine).""",
        fix="attriblint fix links the licence's name to its deed (safe).",
    ),
    Code(
        "AL603", "licence-contradicted", "The post claims another licence for the work",
        """Why it matters: a post that says the work is under another licence (CC
BY-SA for an article its publisher licenses CC BY-ND) tells readers they
may do what the publisher forbids.  Reported where the metadata declares
another licence (source_license:, or license: beside original_author:), and
where the post does not name the work's licence but states another (a link
to another deed, "licensed under CC BY-SA 4.0", "License: ...").

Fails:  This article by The Conversation is licensed under CC BY-SA 4.0.
Passes: This article by The Conversation is licensed under CC BY-ND 4.0.

How to fix: name the licence the publisher gives (see its terms), and
correct the metadata.""",
        not_fixable="which licence is right is for you to decide: correct the claim by hand",
    ),
)

# A sentence that states a licence: "is licensed under", "republished
# under", "available under the terms of", or a "License:" label.
_STATEMENT = re.compile(
    r"\b(?:licen[cs]ed|released|published|republished|reproduced|reprinted|available|"
    r"distributed|shared|reposted)\b[^.!?\n]{0,120}\bunder\b|\bunder (?:a|an|the)\b"
    r"|^[ *_#>-]*licen[cs]e\s*:", re.IGNORECASE | re.MULTILINE)
# How far back quotation marks are counted: checking each mention costs a
# bounded amount, so a post full of mentions is still read in linear time.
_QUOTE_WINDOW = 4000
_SENTENCE_START = re.compile(r"[.!?\n][^.!?\n]*$")


def build(item: dict, context: BuildContext) -> Requirement:
    if parse(item[KIND]) is None:
        raise context.error(f"{item[KIND]!r} is not a Creative Commons licence; expected an "
                            f"SPDX id such as CC-BY-ND-4.0 (or LicenseRef-CC-BY-NC-ND-3.0-US "
                            f"for a port)", KIND)
    return Requirement(KIND, "error", item)


def describe(requirement: Requirement) -> str:
    licence = _licence(requirement)
    words = f"the licence {licence.short_name} named"
    if requirement.options.get("linked", True):
        words += f" and linked to its deed (https://{licence.deed})"
    return placed_words(words, requirement.options)


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    licence = _licence(requirement)
    severity = requirement.severity
    yield from _declared_elsewhere(document, licence, applies, severity)
    placement = placement_of(requirement.options)
    captions = _Captions(document)
    found = [m for m in mentions(document.text) if not captions.holds(m.start)]
    deed_links = [l for l in document.links
                  if licence.named_by(deed_of(l.href)) and not captions.holds(l.text_start)]
    placed = [m for m in found if is_placed(document, m.start, m.end, placement)]
    placed_links = [l for l in deed_links
                    if is_placed(document, l.text_start, l.text_end, placement)]
    naming = [m for m in placed if licence.named_by(m.licence)]
    if not naming and not placed_links:
        yield _not_named(document, requirement, applies, licence, found, deed_links) \
            or _named_in_caption(document, requirement, applies, licence, captions) \
            or _missing(document, requirement, applies, licence)
        return
    if requirement.options.get("linked", True) and not placed_links:
        from ..fixing.repairs import link_words

        first = naming[0]
        yield finding(document, document.text_span(first.start, first.end), "AL602", KIND,
                      applies, severity,
                      f"{licence.short_name} is named but not linked to its deed; link it to "
                      f"https://{licence.deed} ({why(applies)})",
                      **link_words(document, applies, first.start, first.end,
                                   f"https://{licence.deed}"))


def _licence(requirement: Requirement) -> Licence:
    licence = parse(requirement.value)
    assert licence is not None  # build() refused anything else
    return licence


def _not_named(document: Document, requirement: Requirement, applies: Applies,
               licence: Licence, found: list[Mention], deed_links: list[Link]
               ) -> Finding | None:
    """AL603 at a claim of another licence, AL601 at a licence named out of
    place or too vaguely; None if the post says nothing of the kind."""
    severity = requirement.severity
    claim = _first_claim(document, licence, found)
    if claim is not None:
        span, other = claim
        return finding(document, span, "AL603", KIND, applies, severity,
                       f"says the work is under {other}, but {whose_work(applies)} is "
                       f"under {licence.short_name} ({why(applies)})")
    placement = placement_of(requirement.options)
    elsewhere = [(m.start, m.end) for m in found if licence.named_by(m.licence)] \
        + [(l.text_start, l.text_end) for l in deed_links]
    if elsewhere:
        start, end = min(elsewhere)
        return finding(document, document.text_span(start, end), "AL601", KIND, applies,
                       severity,
                       f"{licence.short_name} is named {found_place(document, start)}, but the "
                       f"terms ask for it {wanted_place(placement)}")
    vague = [m for m in found if m.licence is None or
             (m.licence.elements == licence.elements and not m.licence.version)]
    vague = [m for m in vague if is_placed(document, m.start, m.end, placement)]
    if vague:
        words = " ".join(document.text[vague[0].start:vague[0].end].split())
        return finding(document, document.text_span(vague[0].start, vague[0].end), "AL601",
                       KIND, applies, severity,
                       f'"{words}" does not say which licence: name {licence.short_name}, or '
                       f"link the words to https://{licence.deed}")
    return None


def _named_in_caption(document: Document, requirement: Requirement, applies: Applies,
                      licence: Licence, captions: "_Captions") -> Finding | None:
    """AL601 at the first caption that names the licence: a photo's credit
    line licenses the photo, not the work."""
    in_captions = [(m.start, m.end) for m in mentions(document.text)
                   if licence.named_by(m.licence) and captions.holds(m.start)]
    in_captions += [(l.text_start, l.text_end) for l in document.links
                    if licence.named_by(deed_of(l.href)) and captions.holds(l.text_start)]
    if not in_captions:
        return None
    start, end = min(in_captions)
    return finding(document, document.text_span(start, end), "AL601", KIND, applies,
                   requirement.severity,
                   f"{licence.short_name} is named only in an image caption, which licenses "
                   f"the image, not the work: name it for the work ({why(applies)})")


def _missing(document: Document, requirement: Requirement, applies: Applies,
             licence: Licence) -> Finding:
    """AL601 at the evidence: the post does not name the licence at all."""
    from ..fixing.repairs import add_line

    expected = requirement.options.get("example") or licence.short_name
    shape = (("text", "This work is licensed under "), ("open", f"https://{licence.deed}"),
             ("text", licence.short_name), ("close", ""), ("text", "."))
    return finding(document, applies.where, "AL601", KIND, applies, requirement.severity,
                   f'the licence is not named: expected "{expected}" '
                   f"{wanted_place(placement_of(requirement.options))} ({why(applies)})",
                   **add_line(document, applies, None, requirement.options, "licence line",
                              shape=shape))


def _first_claim(document: Document, licence: Licence, found: list[Mention]
                 ) -> tuple[Span, str] | None:
    """The first statement that the work is under another licence: a link
    to another deed, or a mention in a licence statement, not quoted."""
    claims: list[tuple[int, Span, str]] = []
    captions = _Captions(document)
    for link in document.links:
        other = deed_of(link.href)
        if licence.contradicted_by(other) and not _quoted(document, link.text_start) \
                and not captions.holds(link.text_start):
            claims.append((link.text_start, link.source, other.short_name))
    for mention in found:
        if licence.contradicted_by(mention.licence) and _states(document, mention):
            claims.append((mention.start, document.text_span(mention.start, mention.end),
                           mention.licence.short_name))
    if not claims:
        return None
    _, span, name = min(claims, key=lambda claim: claim[0])
    return span, name


class _Captions:
    """Where a document's image captions are: a licence named there is the
    image's ("*Photo: Ann Poe, CC BY-ND 4.0*"), not the work's.

    A caption is a <figcaption> (or another "caption" region), the words
    after an image that opens their paragraph, or the paragraph right under
    a block holding only an image.  Counters, scripts and licence badges
    are no figures (see ``_is_figure``).
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.figures = sorted(embed.text_offset for embed in document.embeds
                              if _is_figure(embed))

    def holds(self, offset: int) -> bool:
        """Whether ``text[offset]`` is in a caption."""
        document = self.document
        if "caption" in document.regions_around(offset, offset):
            return True
        index = document.block_index(offset)
        if index is None or document.blocks[index].kind != "paragraph":
            return False
        opening = _SPACES.match(document.text, document.blocks[index].start, offset).end()
        if opening < offset and self._figure_at(opening):
            return True
        previous = document.blocks[index - 1] if index > 0 else None
        return previous is not None and previous.start == previous.end and \
            self._figure_at(previous.start)

    def _figure_at(self, offset: int) -> bool:
        i = bisect_left(self.figures, offset)
        return i < len(self.figures) and self.figures[i] == offset


_SPACES = re.compile(r"\s*")
_LICENCE_BADGE = re.compile(r"creativecommons\.org/|licensebuttons\.net/", re.IGNORECASE)


def _is_figure(embed: Embed) -> bool:
    """Something a caption may credit (a picture, a video), not a script,
    a page-view counter or a licence badge (the CC chooser's 88x31 button
    opens the very paragraph that licenses the work)."""
    return not (embed.tag == "script" or embed.is_tracking_pixel or embed.loads_a_counter
                or _LICENCE_BADGE.search(embed.src))


def _states(document: Document, mention: Mention) -> bool:
    """Whether the sentence up to the mention states a licence."""
    text = document.text
    before = text[max(0, mention.start - 300):mention.start]
    m = _SENTENCE_START.search(before)
    sentence = before[m.start() + 1:] if m else before
    return bool(_STATEMENT.search(sentence)) and not _quoted(document, mention.start)


def _quoted(document: Document, start: int) -> bool:
    """In a block quotation, or after an odd number of double quotes in
    its paragraph (in the last few thousand characters of it)."""
    if "quote" in document.regions_around(start, start):
        return True
    window = max(0, start - _QUOTE_WINDOW)
    paragraph = document.text.rfind("\n\n", window, start)
    return document.text.count('"', max(paragraph + 1, window), start) % 2 == 1


def _declared_elsewhere(document: Document, licence: Licence, applies: Applies,
                        severity: str) -> Iterator[Finding]:
    """AL603 at the metadata key that declares another licence for the work."""
    declared = parse(applies.declared_licence) if applies.declared_licence else None
    if not licence.contradicted_by(declared):
        return
    yield finding(document, _licence_key_span(document, applies), "AL603", KIND, applies,
                  severity,
                  f"the metadata says the work is under {declared.short_name}, but "
                  f"{whose_work(applies)} is under {licence.short_name}")


def _licence_key_span(document: Document, applies: Applies) -> Span:
    """Where the metadata key declaring the work's licence is written."""
    if applies.declared_licence_field is None:
        return applies.where
    return field_span(document, applies.declared_licence_field, applies.where)
