"""Whether a detection phrase found in the prose is the post's own credit.

A template match says that words are there; a reader also asks *how*
they are there.  "The original source of this article is Global
Research" at the end of a post is a credit line; the same words in
quotation marks, a heading that asks "Originally published on Global
Research?", "Courtesy of Global Research, yet another conspiracy theory"
or "Reprinted from Global Research in Paediatrics" are not.  Detection
errs toward silence, so a match counts as evidence only when
:func:`is_own_credit` holds.  Pure functions of the Document (its text,
its lines as the source has them, its regions and links).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .document import BARRIER, Document

# Words that never make a name on their own: "copyright and Global
# Research" binds "and" as the author of a copyright line.
_NOT_NAMES = frozenset(
    "a an and or the of on in at for by with to from my our your their its his her this "
    "that these those notes note about policy policies terms".split())
_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"\b(?:1[89]|2\d)\d\d\b")
# "Prof. Dr. Hans-Jürgen Schmidt and Maria Müller-Lang" is seven; the
# words that join co-authors' names do not count.
_MAX_NAME_WORDS = 8
_NAME_JOINERS = frozenset({"and", "und", "et", "y", "e"})


def names_someone(match, capitalised: bool = False) -> bool:
    """Whether a match that binds ``{author}`` binds something like a name.

    As evidence that a post is a repost (``capitalised``), a name must have
    a capital letter: "copyright line does not name Global Research" in a
    table cell is no copyright line.
    """
    author = match.values.get("author")
    if author is None:
        return True
    if _YEAR.search(author[0]):
        return False  # "Jane Holloway, 2023. Republished by": a sentence ran on
    words = _WORD.findall(author[0])
    name_words = [word for word in words if word.lower() not in _NAME_JOINERS]
    if len(name_words) > _MAX_NAME_WORDS:
        return False
    if capitalised and not any(word[0].isupper() for word in words):
        return False
    return any(word.lower() not in _NOT_NAMES for word in words)


def is_own_credit(document: Document, match, text: str | None = None) -> bool:
    """Whether a detection phrase's match is the post's own credit line.

    ``text`` is what the phrase was matched against: ``Document.text``, or
    ``Document.line_text`` for a phrase about lines ("^", "$"), where the
    sentence around a byline block ends with its source line.
    """
    return (names_someone(match, capitalised=True)
            and stands_alone(document, match.start, match.end, text)
            and in_running_prose(document, match))


def in_running_prose(document: Document, match) -> bool:
    """Not in a table cell, a footnote or a caption (a line under an image
    counts as one); not in a quotation unless the post is mostly quotation
    (a forwarded or block-quoted article is a repost, a critique quoting the
    footer is not); and, if the phrase carries a link, not in a list item
    ("- Via Global Research: [title](...)" in a roundup), nor one of a
    list's items that all begin with the same label ("- Source: Global
    Research" / "- Source: Reuters": a list of sources), nor an item next
    to items that link (a reading list)."""
    kinds = document.regions_around(match.start, match.end)
    if kinds & {"table-cell", "footnote", "caption"} or _under_an_image(document, match.start):
        return False
    if "list-item" in kinds and (match.links or _one_label_of_many(document.text, match.start)
                                 or _next_to_a_linked_item(document, match.start)):
        return False
    return "quote" not in kinds or _mostly_quoted(document)


def _under_an_image(document: Document, start: int) -> bool:
    """Right after an image in the same paragraph, or in the paragraph
    after one that holds only an image (but a counter pixel is no figure:
    The Conversation's counter often stands just above the credit)."""
    text = document.text
    i = start - 1
    while i >= max(start - _NEAR, 0) and text[i] in " \t\n":
        i -= 1
    if i < 0 or text[i] != BARRIER or _a_counter_pixel_at(document, i):
        return False
    if "\n\n" not in text[i:start]:
        return True
    j = i - 1
    while j >= max(i - _NEAR, 0) and text[j] == " ":
        j -= 1
    return j < 0 or text[j] == "\n"


def _a_counter_pixel_at(document: Document, offset: int) -> bool:
    """Whether the image at text ``offset`` is a page-view counter: 1 pixel
    wide and high, or an address that says so (``count.gif``, ``pixel``)."""
    embeds = document.embeds  # in reading order: their offsets never decrease
    first = bisect_left(embeds, offset - 1, key=lambda embed: embed.text_offset)
    for embed in embeds[first:first + 8]:
        if embed.text_offset > offset + 1:
            break
        if embed.is_tracking_pixel or embed.loads_a_counter:
            return True
    return False


def _mostly_quoted(document: Document) -> bool:
    """Whether quotations hold at least half of the post's words."""
    return document.quoted_share >= 0.5


def stands_alone(document: Document, start: int, end: int, text: str | None = None) -> bool:
    """Whether ``text[start:end]`` reads as the post's own statement.

    * it begins a line or a sentence (after bullets, brackets and
      emphasis marks): "an essay first published on Global Research
      argued ..." is a citation;
    * it is not in quotation marks: a post *about* the credit line;
    * the publisher's name ends where the match ends: not a possessive
      ("Global Research's reposting policy"; but "Global Research's
      website" is the publisher still), not a longer name ("Global
      Research Partners LLC", "Global Research in Paediatrics");
    * the sentence does not go on as something else: a question, a title
      after a colon or a dash, a clause after a comma ("Originally
      published on X in 2004, Kessler's essay was ...", "Courtesy of X, yet
      another theory", "The original source ... is X, its footer says");
      a copyright line ends its sentence ("Copyright © X 2019 sits at the
      bottom" is prose);
    * a short line is not one field of a box of labelled lines ("Claim: ...
      / Source: Global Research / Verdict: False"), nor an example that the
      line before introduces ("..., for example:"), nor the attribution of
      an entry in a list of links (a line that is only a link to an article,
      then "Via Global Research" on the next), nor a byline under a title in
      one paragraph ("**The IMF's Quiet Rewrite** / by Michael Hudson / from
      Global Research Website": an entry of a reading list; a post's own
      byline block begins its paragraph).
    """
    text = document.text if text is None else text
    return (begins_line_or_sentence(text, start) and not _quoted(text, start, end)
            and not _name_goes_on(document, end)
            and not (_sentence_goes_on(text, start, end) and not _names_its_link(document, text, end))
            and not _a_field_among_fields(text, start, end)
            and not _shown_as_an_example(text, start)
            and not _under_a_link_line(document, text, start)
            and not _a_byline_under_a_title(text, start))


# How far the checks look around a match: each costs a bounded amount, so
# checking every match stays linear in the length of the text.
_NEAR = 200
_SENTENCE = 1000
_QUOTE_WINDOW = 4000
_LEADING = " \t-*+_~=|\u2022\u00b7>#(["
_SEPARATORS = re.compile(r" [|\u2022\u00b7] ")


def begins_line_or_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a line or a sentence, after bullets,
    brackets and emphasis marks (or a label: "Editor's note: ...", or a
    separator between items on one line: "Original article · Copyright")."""
    i = start - 1
    while i >= max(start - _NEAR, 0) and text[i] in _LEADING:
        i -= 1
    if i < 0 or text[i] in "\n" + BARRIER or _SEPARATORS.search(text, i + 1, start):
        return True
    # After a sentence (". This article was first published on ..."),
    # a label ("Editor's note: ...") or a closing bracket after them.
    stop = max(i - _NEAR, 0)
    while i >= stop and text[i] in ")]*_ ":
        i -= 1
    return i >= 0 and text[i] in ".!?:"


def _quoted(text: str, start: int, end: int) -> bool:
    """An odd number of double quotes before the match in its paragraph,
    with one after it.  (A match right after a single quote never begins a
    sentence, so apostrophes, which make counting single quotes unsafe,
    need no rule here.)"""
    window_start, window_end = max(start - _QUOTE_WINDOW, 0), end + _QUOTE_WINDOW
    block_start = max(text.rfind("\n\n", window_start, start) + 1, window_start)
    block_end = text.find("\n\n", end, window_end)
    block_end = min(len(text), window_end) if block_end < 0 else block_end
    return text.count('"', block_start, start) % 2 == 1 and '"' in text[end:block_end]


# What may follow the publisher's name and still be the publisher.
_OWN_PAGES = re.compile(r"'s?[ ]++(?:web[ ]?site|site|web[ ]page|pages?|archives?)\b",
                        re.IGNORECASE)
_STILL_THE_PUBLISHER = frozenset(
    "website web site online with on in at by for from and the a an is was via under "
    "reprinted reposted republished".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())
_NEXT_WORDS = re.compile(r"[ ]*+([^\W\d_][\w-]*+|&)(?:[ ]++([^\W\d_][\w-]*+))?")


def _name_goes_on(document: Document, end: int) -> bool:
    """Whether the name just before ``end`` is the start of a longer one.

    A possessive goes on ("Global Research's policy") unless it names the
    publisher's website or archive; so does a capitalised word that is not
    a function word ("Global Research Partners"), and "in", "of", "for",
    "and" or "&" before a capitalised word that is not a month ("Global
    Research in Paediatrics", but not "Global Research in March 2021").
    Only words on the same line of the source count: a Markdown line that
    ends with the name is followed by a soft break, not by more name.
    """
    text = document.text
    if text[end - 1:end] in (".", "!", "?"):
        return False  # the match took the full stop: the sentence ended
    if text.startswith("'", end):
        return _OWN_PAGES.match(text, end) is None
    m = _NEXT_WORDS.match(text, end)
    if m is None or text[end:end + 1] not in " ":
        return False
    if _line_break_between(document, end, m.start(1)):
        return False
    first, second = m.group(1), m.group(2)
    if first[0].isupper() and first.lower() not in _STILL_THE_PUBLISHER:
        return True
    return (first.lower() in ("in", "of", "for", "and", "&") and second is not None
            and second[0].isupper() and second.lower() not in _MONTHS)


def _line_break_between(document: Document, start: int, end: int) -> bool:
    """Whether the source has a line break between text offsets ``start``
    and ``end`` (a Markdown soft break is a space in the text)."""
    between = document.source[document.text_map.start(start):document.text_map.start(end)]
    return "\n" in between or "\r" in between


def begins_source_line(document: Document, start: int) -> bool:
    """Whether ``text[start:]`` begins a line of the source (after bullets,
    brackets and emphasis marks), even where the text joined that line to
    the one before (a Markdown soft break)."""
    i = start - 1
    while i >= max(start - _NEAR, 0) and document.text[i] in _LEADING:
        i -= 1
    return i < 0 or begins_line_or_sentence(document.text, start) or \
        _line_break_between(document, i, start)


_PARTICIPLE = re.compile(r"(?:originally|first|published|posted|re-?posted|re-?published|"
                         r"reprinted|reproduced|cross-?posted|written|produced|courtesy|via|"
                         r"from|source[s]?)\b", re.IGNORECASE)
_SENTENCE_REST = re.compile(r"[^\n.!?]*+[.!?]?")
_DATES_AND_ADDRESSES = re.compile(
    r"\b(?:on|in|at|the|of|\d+(?:st|nd|rd|th)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\b|(?:https?://|www\.)\S*+", re.IGNORECASE)


_A_YEAR = re.compile(r"[ ]*+\d{4}\b")
# After a comma, what a credit line may go on with ("..., where the author
# writes every week", "..., and is reproduced with permission", "..., a
# nonprofit newsroom that investigates abuses of power").
_CREDIT_GOES_ON = re.compile(r"[ ]*+(?:a|an|where|which|who|whose|and|with|under|as|by|in|on|at|"
                             r"for|from|via|reproduced|reprinted|reposted|republished|"
                             r"licensed|licenced|shared|used|distributed)\b",
                             re.IGNORECASE)
_COPYRIGHT_MARK = re.compile(r"copyright\b|\u00a9|\(c\)|&copy;", re.IGNORECASE)
_RIGHTS = re.compile(r"\ball rights reserved\b|\bsome rights reserved\b", re.IGNORECASE)


def _sentence_goes_on(text: str, start: int, end: int) -> bool:
    rest = _RIGHTS.sub(" ", _SENTENCE_REST.match(text, end, end + _SENTENCE).group())
    stripped = rest.lstrip(" \"')]*_")
    if stripped.startswith("?"):
        return True  # "Originally published on Global Research? Tracing a viral PDF"
    if stripped[:1] in (":", "-") and _words(stripped[1:]) >= 2:
        return True  # "Courtesy of Global Research: the hurricane machine"
    if _COPYRIGHT_MARK.match(text, start):
        return _words(rest) >= 2  # "Copyright © Global Research 2019 sits at ..."
    comma = rest.find(",")
    while comma >= 0 and _A_YEAR.match(rest, comma + 1):
        comma = rest.find(",", comma + 1)  # "on May 3, 2024": a date's comma
    if comma < 0 or _words(rest[comma + 1:]) < 3:
        return False
    return _PARTICIPLE.match(text, start) is not None or \
        not _CREDIT_GOES_ON.match(rest, comma + 1)


def _names_its_link(document: Document, text: str, end: int) -> bool:
    """After a colon or a dash, the rest of the line is one link: the credit
    names what it credits ("Originally answered on Super User: [How do I
    ...?](https://superuser.com/q/123)"), rather than going on as a title."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else min(line_end, end + _SENTENCE)
    rest = text[end:line_end]
    stripped = rest.lstrip(" \"')]*_")
    if stripped[:1] not in (":", "-"):
        return False
    first = end + len(rest) - len(stripped) + 1
    while first < line_end and text[first] in " *_":
        first += 1
    last = line_end
    while last > first and text[last - 1] in " .*_":
        last -= 1
    if last > first and text[last - 1] == ")":  # "... (CC BY-SA 4.0)" after the link
        opening = text.rfind("(", first, last)
        if opening > first:
            last = opening
            while last > first and text[last - 1] == " ":
                last -= 1
    return any(link.text_start <= first and link.text_end >= last
               for link in document.links_within(first, last))


# "Claim: ..." or "Verdict: False" next to "Source: Global Research": a box
# of labelled fields, not a credit line.
_FIELD = re.compile(r"[ \t]*+([^\W\d_][^\W\d_ ]*+(?: [^\W\d_]++){0,2}):[ ]")
_CREDIT_FIELDS = frozenset(
    "source original source article source credit credits via from url link original "
    "original article copyright author by date published".split())


def _a_field_among_fields(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", max(start - _NEAR, 0), start) + 1
    if not line_start and start > _NEAR or _FIELD.match(text, line_start) is None:
        return False  # a long line is no field
    for neighbour in (_line_before(text, line_start), _line_after(text, end)):
        field = _FIELD.match(neighbour.lstrip("*_"))
        if field is not None and field.group(1).lower() not in _CREDIT_FIELDS:
            return True
    return False


def _line_before(text: str, line_start: int) -> str:
    """The nearest line before the one at ``line_start`` that is not blank."""
    before = text[max(line_start - 400, 0):line_start].rstrip()
    return before[before.rfind("\n") + 1:]


def _line_after(text: str, end: int) -> str:
    """The nearest line after the one holding ``end`` that is not blank."""
    line_end = text.find("\n", end, end + 400)
    after = text[line_end:line_end + 400].lstrip() if line_end >= 0 else ""
    return after.split("\n", 1)[0]


_LABEL = re.compile(r"[ \t*_]*+([^\W\d_]++)[ \t]*+[:-]")


def _one_label_of_many(text: str, start: int) -> bool:
    """Whether the line at ``start`` and the list item before or after it
    begin with the same label ("Source:", "Via -")."""
    line_start = text.rfind("\n", 0, start) + 1
    label = _LABEL.match(text, line_start)
    if label is None:
        return False
    word = label.group(1).lower()
    for line in (_line_before(text, line_start), _line_after(text, start)):
        other = _LABEL.match(line)
        if other is not None and other.group(1).lower() == word:
            return True
    return False


def _next_to_a_linked_item(document: Document, start: int) -> bool:
    """Whether the nearest line before or after the one at ``start`` holds a
    link: the line is one entry of a list of links.  Looks at most
    ``_NEAR`` characters each way, so every match costs a bounded amount."""
    text = document.text
    line_start = text.rfind("\n", max(start - _SENTENCE, 0), start) + 1
    before_end = line_start
    while before_end > max(line_start - _NEAR, 0) and text[before_end - 1].isspace():
        before_end -= 1
    before_start = text.rfind("\n", max(before_end - _SENTENCE, 0), before_end) + 1
    line_end = text.find("\n", start, start + _SENTENCE)
    line_end = len(text) if line_end < 0 else line_end
    after_start = line_end
    while after_start < min(line_end + _NEAR, len(text)) and text[after_start].isspace():
        after_start += 1
    after_end = text.find("\n", after_start, after_start + _SENTENCE)
    after_end = min(len(text), after_start + _SENTENCE) if after_end < 0 else after_end
    return any(document.links_within(a, b) for a, b in ((before_start, before_end),
                                                         (after_start, after_end)) if a < b)


_BYLINE = re.compile(r"by\b", re.IGNORECASE)


def _a_byline_under_a_title(text: str, start: int) -> bool:
    if not _BYLINE.match(text, start):
        return False
    paragraph_start = text.rfind("\n\n", max(start - _SENTENCE, 0), start)
    before = text[paragraph_start + 2 if paragraph_start >= 0 else max(start - _SENTENCE, 0):start]
    return bool(before.strip(_LEADING + "\n" + BARRIER))


def _under_a_link_line(document: Document, text: str, start: int) -> bool:
    line_start = text.rfind("\n", max(start - _NEAR, 0), start) + 1
    if not line_start or text[line_start:start].strip(_LEADING) or \
            text[line_start - 2:line_start] == "\n\n":
        return False  # not at the start of a line that follows another one
    previous_start = max(text.rfind("\n", max(line_start - 1 - _SENTENCE, 0),
                                    line_start - 1) + 1, line_start - 1 - _SENTENCE)
    previous = text[previous_start:line_start - 1]
    words_start = previous_start + len(previous) - len(previous.lstrip(_LEADING))
    words_end = previous_start + len(previous.rstrip(" .,;:"))
    return words_end > words_start and any(
        link.text_start <= words_start and link.text_end >= words_end
        for link in document.links_within(words_start, words_end))


# "... asks for two lines at the end, for example:" and then the lines: an
# example shown, not the post's own credit.
_INTRODUCES_AN_EXAMPLE = re.compile(
    r"(?:for example|for instance|e\.g\.|such as|like this|as follows|reads?|says?|said|"
    r"wrote|footer|boilerplate|disclaimer|template)[ ]*+:[ \"'*_]*+$", re.IGNORECASE)


def _shown_as_an_example(text: str, start: int) -> bool:
    """Whether the line holding ``start``, or the two lines before it (an
    example of two lines: credit and copyright), follow "for example:"."""
    line_start = max(text.rfind("\n", max(start - _SENTENCE, 0), start) + 1,
                     start - _SENTENCE)
    if text[line_start:start].strip(_LEADING):
        return _INTRODUCES_AN_EXAMPLE.search(text, line_start, start) is not None
    for _ in range(2):
        before = _line_before(text, line_start)
        if _INTRODUCES_AN_EXAMPLE.search(before):
            return True
        line_start = text.rfind(before, max(line_start - 800, 0), line_start) \
            if before else 0
    return False


def _words(text: str) -> int:
    """Words other than dates, addresses and the prepositions around them."""
    return len(_WORD.findall(_DATES_AND_ADDRESSES.sub(" ", text)))
