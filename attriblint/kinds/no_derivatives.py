"""``no-derivatives``: the work reposted as it was, headline included.

Rule file::

    requires:
      - no-derivatives:
          title: true     # the post's title must be the original's (default true)
          marked: true    # the post must not say it is edited or translated (default true)

"ND" licences and most newsrooms' terms forbid changing the work: "You
can't edit our material, except to reflect relative changes in time,
location and editorial style" (The Conversation, ProPublica); "Do not edit
the article, including the headline" (CalMatters).  Some allow a new
headline (Undark, Floodlight, Covering Climate Now: ``title: false``) or a
faithful translation (Undark: ``marked: false``).

What attriblint can check is what the post says about itself:

* the title: when the metadata gives the original's title
  (``original_title``, ``source_title``), the post's ``title`` must equal it,
  case, quotation marks, dashes, spaces and final punctuation aside.  A site
  name that an HTML page's ``<title>`` adds before or after a separator
  ("Title | My Blog") is ignored.  Without an original title, nothing;
* a post marked as edited or translated: front matter
  (``translated_from``, ``translation_of``, ``adapted_from``: any value;
  ``translated``, ``translation``, ``edited``, ``adapted``, ``modified``: only
  ``true``, since ``modified: 2024-05-01`` is a date on many blogs), or a
  short line of its own that says so ("Translated from the English by ...",
  "This article has been edited for length", "Adapted from ...",
  "Abridged").  "Edited for style" is allowed by every such term and is not
  reported; nor is an "Additional reporting by" note.

What it cannot check: edits to the body that the post does not declare
(cuts, rewritten paragraphs), for want of the original's text; and whether
a translation was approved.  A permission the site records (the post's
``permission:`` field, or the configuration's ``site.permissions``) waives
both checks (``_base.permitted``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Iterator

from ..document import Document, Span, normalise
from ..findings import Code, Finding
from ..identify import Applies, field_span, fields
from ..rules import BuildContext, Requirement
from ._base import PERMISSION_HOW, finding, permitted, why

KIND = "no-derivatives"
SUMMARY = "the work reposted unchanged: its title kept, not marked as edited or translated"
OPTIONS = {
    "no-derivatives": {
        "description": "What the terms forbid changing: title, the headline (false where the "
                       "terms allow a new one; default true); marked, a post that says it was "
                       "edited, abridged, adapted or translated (false where the terms allow "
                       "a faithful translation; default true).",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "title": {"description": "The post's title must equal the original's "
                                     "(original_title / source_title), case and punctuation "
                                     "aside (default true).",
                      "type": "boolean"},
            "marked": {"description": "The post must not be marked as edited or translated, "
                                      "in its front matter or in a line of its own "
                                      "(default true).",
                       "type": "boolean"},
        },
    },
}

CODES = (
    Code(
        "AL911", "title-changed", "The post's title is not the original's",
        """Why it matters: terms that forbid edits often name the headline ("Do not
edit the article, including the headline", CalMatters); a new headline
changes how readers take the work.  Compared when the metadata gives the
original title (original_title, source_title), ignoring case, quotation
marks, dashes, spaces and final punctuation.  Terms that allow a new
headline (Undark, Floodlight) set title: false.

Fails:  original_title: "Five solutions to California's climate crisis"
        title: Newsom must act now
Passes: original_title: "Five solutions to California's climate crisis"
        title: Five Solutions to California’s Climate Crisis

How to fix: use the original headline (or correct original_title), or
get the publisher's permission for the new one and record it.
""" + PERMISSION_HOW,
        not_fixable="restoring the original headline is an editorial choice: do it by hand",
    ),
    Code(
        "AL912", "marked-as-derivative", "The post says it was edited or translated",
        """Why it matters: under a NoDerivatives licence or terms such as "You can't
edit our material", a post that says it was translated, abridged, adapted
or "edited for length" shares a changed work the publisher did not allow.
Read from the front matter (translated_from, translation_of, adapted_from;
translated, translation, edited, adapted or modified set to true) and from
a short line of the post's own ("Translated from the English by ...",
"This article has been edited for length", "Adapted from ...",
"Abridged").  Edits for style are allowed and not reported.

Fails:  *This article has been edited for length and clarity.*
Passes: a repost without such a line; a post with the publisher's
        approval recorded (permission: "who, when" in its front matter);
        terms that allow translations say so in the rule (marked: false).

How to fix: repost the article whole and unchanged, or ask the publisher
(and the author) for permission to publish the changed version and
record it.
""" + PERMISSION_HOW,
        not_fixable="undoing an edit or a translation cannot be done from the metadata",
    ),
)

# Front matter that marks a post as a changed version: any value for these,
_MARKED_BY_VALUE = ("translatedfrom", "translationof", "adaptedfrom")
# only true for these ("modified: 2024-05-01" is a last-modified date).
_MARKED_IF_TRUE = ("translated", "translation", "edited", "adapted", "modified")

# A line of the post's own that says it was changed.
_CHANGED = re.compile(
    r"(?:(?:this|the) (?:article|story|piece|post|interview|essay|text|column|report|"
    r"commentary|op-ed|version|transcript)(?: above| below)? (?:has been|was|is|have been|were)"
    r"|it has been)"
    r" (?:\w+ )?(?:and \w+ )?(?:edited|condensed|abridged|shortened|adapted|translated|"
    r"trimmed|cut)\b"
    r"|(?:lightly |slightly )?(?:edited|condensed|abridged|shortened|trimmed)"
    r"(?: and (?:edited|condensed|abridged|shortened|trimmed))? for (?:length|clarity|brevity|"
    r"space|readability|concision|publication)\b"
    r"|translated (?:from|by|into)\b|translation(?: by\b|:)|adapted (?:from|by|for)\b"
    r"|abridged(?=[ .)\]*_]*$| (?:from|by|and|for|version)\b)|condensed from\b",
    re.IGNORECASE | re.MULTILINE)
# "Adapted from the novel by Toni Morrison, the film ...": the words open
# a sentence about something else.
_GOES_ON = re.compile(r"[^.!?\n]*?, (?:the|a|an|this|that|these|it|he|she|they|we|its|his|her|"
                      r"their|our)\b", re.IGNORECASE)
# Edits for style only are allowed by the terms that forbid the others.
_STYLE_ONLY = re.compile(r"\bedited (?:only )?(?:for|to match) (?:\w+ )?style\b"
                         r"(?! and| or|,)", re.IGNORECASE)
_MAX_MARK_WORDS = 30
_MAX_MARK_CHARS = 400
_LEADING = " \t-*+_~=|>#(["
# "Editor's note:", "Note:", "Translation note -"
_LABEL = re.compile(r"[\w' ]{1,30}(?::|\s-)\s*")
_SITE_SEPARATOR = re.compile(r" (?:\||-|::|\u00b7|\u2013|\u2014|\u2022) ")
# Quotation marks, and Markdown emphasis some themes allow in titles.
_QUOTES = re.compile(r"[\"'`*_]")


def build(item: dict, context: BuildContext) -> Requirement:
    return Requirement(KIND, "error", item)


def describe(requirement: Requirement) -> str:
    parts = []
    if _option(requirement, "title"):
        parts.append("the original title kept")
    if _option(requirement, "marked"):
        parts.append("the post not marked as edited or translated")
    return "the work reposted unchanged: " + (" and ".join(parts) or "nothing checked")


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    if permitted(applies, KIND):
        return
    severity = requirement.severity
    if _option(requirement, "title"):
        yield from _title_changed(document, applies, severity)
    if _option(requirement, "marked"):
        yield from _marked(document, applies, severity)


def _option(requirement: Requirement, name: str) -> bool:
    spec = requirement.value or {}
    return bool(spec.get(name, True))


def same_title(original: str, title: str) -> bool:
    """Whether ``title`` is the original headline (see :func:`title_key`), or
    it with a site name before or after a separator ("... | My Blog")."""
    wanted = title_key(original)
    if title_key(title) == wanted:
        return True
    parts = _SITE_SEPARATOR.split(normalise(title))
    return len(parts) > 1 and wanted in (title_key(" - ".join(parts[:-1])),
                                         title_key(" - ".join(parts[1:])))


def title_key(title: str) -> str:
    """A headline with case, quotation marks, emphasis marks, entities,
    dashes, spaces and final punctuation made irrelevant."""
    text = normalise(unicodedata.normalize("NFKC", html.unescape(title))).casefold()
    text = _QUOTES.sub("", text)
    text = re.sub(r"\s*-+\s*", " ", text)
    text = " ".join(text.split())
    return text.rstrip(".!?,;: ")


def _title_changed(document: Document, applies: Applies, severity: str) -> Iterator[Finding]:
    original, title = applies.original_title, applies.title
    if not original or not title or same_title(original, title):
        return
    yield finding(document, _key_span(document, "title", applies.where), "AL911", KIND, applies,
                  severity,
                  f'the title "{title}" is not the original\'s, "{original}"; '
                  f"{applies.rule.publisher} terms do not allow a new headline")


def _key_span(document: Document, normal: str, default: Span) -> Span:
    """Where the metadata key (by normalised name) is written."""
    name, _ = fields(document.meta).get(normal, ("", None))
    return field_span(document, name, default) if name else default


def _marked(document: Document, applies: Applies, severity: str) -> Iterator[Finding]:
    marked = _marked_in_metadata(document.meta)
    if marked is not None:
        normal, name, value = marked
        yield finding(document, _key_span(document, normal, applies.where), "AL912", KIND,
                      applies, severity,
                      f"the metadata marks the post as a changed version ({name}: {value}); "
                      f"{applies.rule.publisher} terms do not allow edits or translations "
                      f"({why(applies)})")
        return
    line = _marking_line(document)
    if line is not None:
        start, end = line
        words = " ".join(document.text[start:end].split())
        yield finding(document, document.text_span(start, end), "AL912", KIND, applies,
                      severity,
                      f'the post says "{words}"; {applies.rule.publisher} terms do not allow '
                      f"edits or translations ({why(applies)})")


def _marked_in_metadata(meta: dict[str, Any]) -> tuple[str, str, str] | None:
    """The front matter key that marks a changed version: its normalised
    name, its name as written, and its value."""
    found = fields(meta)
    for normal in _MARKED_BY_VALUE:
        name, value = found.get(normal, ("", None))
        if isinstance(value, str) and value.strip():
            return normal, name, value.strip()
    for normal in _MARKED_IF_TRUE:
        name, value = found.get(normal, ("", None))
        if value is True:
            return normal, name, "true"
    return None


def _marking_line(document: Document) -> tuple[int, int] | None:
    """The first short line of the post's own that says it was changed:
    the words begin a line of the source (after emphasis, brackets, or a
    label such as "Editor's note:"; not a quotation mark), the line is
    short, not in a block quotation.  Only short lines are read, once each."""
    text = document.line_text  # lines as the source has them
    for start, end in _short_lines(text):
        line = text[start:end]
        if _STYLE_ONLY.search(line):
            continue
        for begin in _statement_starts(line):
            m = _CHANGED.match(text, start + begin, end)
            if m is None or _GOES_ON.match(text, m.end(), end) \
                    or "quote" in document.regions_around(m.start(), m.end()):
                continue
            return m.start(), _line_end(text, start, end)
    return None


_SENTENCE_END = re.compile(r"[.!?][*_)\]]*+ ++(?=[*_(\[]*+[A-Z])")


def _statement_starts(line: str) -> list[int]:
    """Where a statement may begin in a line: after bullets, emphasis and
    brackets, again after a label ("Editor's note: *..."), and after each
    sentence of the line ("... published by The 19th. It has been edited
    for length.")."""
    lead = len(line) - len(line.lstrip(_LEADING))
    starts = [lead]
    label = _LABEL.match(line, lead)
    if label is not None:
        rest = line[label.end():]
        starts.append(label.end() + len(rest) - len(rest.lstrip(_LEADING)))
    for end in _SENTENCE_END.finditer(line, lead):
        rest = line[end.end():]
        starts.append(end.end() + len(rest) - len(rest.lstrip(_LEADING)))
    return starts


def _short_lines(text: str) -> Iterator[tuple[int, int]]:
    """The lines of at most ``_MAX_MARK_WORDS`` words, as offsets."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start <= _MAX_MARK_CHARS and len(text[start:end].split()) <= _MAX_MARK_WORDS:
            yield start, end
        start = end + 1


def _line_end(text: str, start: int, end: int) -> int:
    """The end of a line, without closing emphasis or brackets."""
    while end > start and text[end - 1] in " *_)]":
        end -= 1
    return end
