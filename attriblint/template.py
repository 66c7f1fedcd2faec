"""The template language for credit and copyright lines.

A template such as ``Copyright © ({author}, )?{publisher}((,)? {year})?`` is
parsed once, with pyparsing, when a rule file is loaded, and compiled to
one regular expression over ``Document.text``; matching never touches
pyparsing.  docs/templates.md is the specification (every example in it is
a test); in short:

* words match case-insensitively; a space matches any run of spaces, one
  line break, or both; quotes and dashes were made plain in both template
  and text; a final full stop is optional, and one just after the match is
  part of it;
* ``©`` or "Copyright" in a template matches ``©``, ``(c)``, ``&copy;`` and
  the word "Copyright" in the text, alone or together, followed by spaces
  and at most one line break (write ``©``, not ``(c)``, which is a group);
* ``{name}`` captures text and binds it to ``name`` (see ``PLACEHOLDERS``);
  ``{publisher}``, compiled for a rule, matches one of the publisher's names
  as a whole name;
* ``[words]({target})`` or ``[words](https://...)`` requires ``words`` to be
  a link to that target;
* ``(a|b)`` is a choice, ``(...)?`` an optional part; spaces the author
  wrote are kept everywhere, but whitespace holding a line break next to
  ``|``, ``(`` or ``)`` is layout (one choice per line in a YAML block);
* ``^`` at the start of a template (or of a choice) makes the match begin a
  line: "Reposted from X" as a credit line, not inside a sentence; ``$``
  at the end makes it end a line (a full stop, spaces and one web address,
  in brackets or not, may follow): "Source: X" alone, not "Sources: X, Y
  and Z";
* a comma stands for any separator people put between name, publisher and
  year: ``,`` ``;`` ``/`` ``|`` or a dash;
* ``\\`` makes the next special character literal: ``\\(``, ``\\[``,
  ``\\{``, ``\\|``, ``\\?``, ``\\$``, ``\\*``.

Mistakes are :class:`TemplateError` with the offset of the offending
character, never another exception: syntax errors, and templates that would
silently misbehave (matching empty text, fewer literal words than
placeholders, regex-looking ``*`` ``+`` ``.*`` ``[a-z]`` ``\\d``, nesting
deeper than ``MAX_NESTING``, longer than ``MAX_TEMPLATE_LENGTH``).

Matching is linear in the length of the text by construction: every run
the pattern matches (spaces, separators, copyright markers) is possessive,
so no run can be split between neighbours in several ways; placeholders
capture at most ``MAX_CAPTURE`` characters (twice that for a title) within
one line and never start or end with a space.  tests/test_pattern_linearity.py
checks the shape of every bundled and documented template.  Only the
paragraphs that hold one of the template's anchor words are searched at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterator, Union

from .document import BARRIER, Document, normalise
from .regexcode import compile_uncached

MAX_CAPTURE = 120
MAX_TEMPLATE_LENGTH = 4000  # characters, after surrounding whitespace is stripped
MAX_NESTING = 12  # '(' and '[' open at once
_REGEX_HINT = ("templates are not regular expressions: use a placeholder such as {{title}} "
               "for any text, or write \\{char} for the character itself")


@dataclass(frozen=True)
class _Capture:
    """What a capturing placeholder matches: ``limit`` characters at most,
    each a ``step``, the first and last an ``edge`` (never a space, so that
    the spaces around the value belong to the template's spaces alone)."""

    step: str
    edge: str
    limit: int
    guard: str = ""  # a zero-width test at the start


_MARKS = r"copyright\b|©|\(c\)|&copy;"  # what "Copyright" or "©" matches in the text
_NOT_MARK = rf"(?!{_MARKS})"
_CAPTURES = {
    # A name: not a year, and never across another "Copyright"/"©"/"(c)",
    # so "... copyright notice kept. Copyright © A, ..." binds "A".
    "author": _Capture(rf"(?:{_NOT_MARK}[^\n{BARRIER}])", rf"(?:{_NOT_MARK}[^\s{BARRIER}])",
                       MAX_CAPTURE, guard=r"(?!\d)"),
    "publisher": _Capture(rf"[^\n{BARRIER}]", rf"[^\s{BARRIER}]", MAX_CAPTURE),
    # The author's university or employer, in a byline ("Jane Doe, Professor
    # of History, University of Leeds").
    "institution": _Capture(rf"[^\n{BARRIER}]", rf"[^\s{BARRIER}]", MAX_CAPTURE * 2),
    "title": _Capture(rf"[^\n{BARRIER}]", rf"[^\s{BARRIER}]", MAX_CAPTURE * 2),
}
_FIXED = {
    "year": r"(?:1[89]|2[0-9])\d\d",
    "date": (
        r"(?:\d{4}-\d{1,2}-\d{1,2}|[a-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
        r"|\d{1,2}(?:st|nd|rd|th)? [a-z]{3,9}\.?,? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}"
        r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?"
        r"(?:-(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?)?,? \d{4})"
    ),
    "article_url": r"(?:https?://|www\.)\S{1,500}",
    "url": r"(?:https?://|www\.)\S{1,500}",
}
PLACEHOLDERS = (*_CAPTURES, *_FIXED)
# Link targets a template may name besides a literal URL.
LINK_TARGETS = ("article_url", "homepage", "url")

# Every repetition below is possessive (or its neighbours cannot share a
# character with it), so the engine never tries two ways of splitting one
# run of text: see tests/test_pattern_linearity.py.
#
# A space in a template: a run of spaces, one line break, or both.
_SPACE = r"(?:[ ]++\n?+|\n)[ ]*+"
# Around copyright markers: spaces, and at most one line break.
_GAP = r"[ ]*+\n?+[ ]*+"
_LINE_START = rf"(?:(?<=[\n{BARRIER}])|(?<![\s\S]))"
# "$": a full stop, then only spaces and perhaps one web address (in
# brackets or not) before the end of the line ("Source: Global Research
# https://...", "Source: Global Research (www.globalresearch.ca)").
_LINE_END = (rf"\.?+(?=[ ]*+(?:\(?+(?:https?://|www\.)[^\s(){BARRIER}]++\)?+\.?+[ ]*+)?"
             rf"(?:\n|{BARRIER}|(?![\s\S])))")
_COPYRIGHT = rf"(?:{_MARKS})(?:{_GAP}(?:{_MARKS}))*+{_GAP}"
# After a publisher's name: not the start of a longer name ("Global Research
# Institute", "globalresearch.ca.example.net", "GlobalResearch.com").
_NAME_END = (rf"(?![\w@]|[.-]\w|{_SPACE}(?:institute|centre|center|council|foundation|group|"
             r"network|society|association|agency|press|inc|ltd|llc|corp)\b)")
_COPYRIGHT_WORDS = ("copyright", "©", "(c)", "&copy;")


class TemplateError(ValueError):
    """A template does not follow the syntax; ``offset`` is where, 0-based."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


# -- syntax tree ---------------------------------------------------------
@dataclass(frozen=True)
class Words:
    """Literal words of a template."""

    text: str


@dataclass(frozen=True)
class Space:
    """Whitespace the author wrote; ``line_break``: it holds one (layout)."""

    line_break: bool = field(default=False, compare=False)
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True)
class LineStart:
    """``^``: the match begins a line (after leading spaces, images, code)."""


@dataclass(frozen=True)
class Placeholder:
    """A value of a template (AUTHOR, YEAR, TITLE...), at its offset in the template."""

    name: str
    offset: int


@dataclass(frozen=True)
class Group:
    """Alternatives of a template, in parentheses; optional when marked so."""

    choices: tuple[tuple["Node", ...], ...]
    optional: bool
    whole_name: bool = False  # the publisher's names: "Global Research", not "... Institute"
    offset: int = field(default=0, compare=False)  # of its '('


@dataclass(frozen=True)
class LinkSpan:
    """Words of a template that must be a link, and to what."""

    body: tuple["Node", ...]
    target: str  # a LINK_TARGETS name, or a URL
    offset: int


@dataclass(frozen=True)
class LineEnd:
    """``$``: the match ends a line (a full stop, spaces or a web address may
    follow it on that line, nothing else)."""


Node = Union[Words, Space, LineStart, LineEnd, Placeholder, Group, LinkSpan]


def parse(template: str, targets: tuple[str, ...] = ()) -> tuple[tuple[Node, ...], ...]:
    """Parse ``template`` into its top-level choices (usually just one).

    ``targets`` are link-target names the rule defines (``{profile}``)
    besides ``LINK_TARGETS``.  Every failure is a :class:`TemplateError`;
    nothing else escapes.
    """
    if not template.strip():
        raise TemplateError("the template is empty", 0)
    _check_size(template)
    _reject_regex_syntax(template)
    import pyparsing as pp

    try:
        result = _grammar().parse_string(template, parse_all=True)
    except pp.ParseBaseException as error:
        raise TemplateError(*_explain(template, error)) from None
    except RecursionError:  # _check_size keeps nesting shallow; this is a last resort
        raise TemplateError("the template is nested too deeply", 0) from None
    tree = _layout(tuple(tuple(choice) for choice in result), 0)
    _validate(tree, targets)
    return tree


@lru_cache(maxsize=1)
def _grammar():
    """The template grammar, built once per process (it costs more than a parse).

    Spaces are tokens here, so pyparsing's skipping of them is off while the
    grammar's elements are made (the setting is read at creation).
    """
    import pyparsing as pp

    pp.ParserElement.set_default_whitespace_chars("")
    try:
        space = pp.Regex(r"\s+").set_parse_action(
            lambda s, loc, t: Space("\n" in t[0], loc))
        words = pp.Regex(r"(?:[^\s()\[\]{}|?^$\\]|\\.)+").set_parse_action(
            lambda t: Words(re.sub(r"\\(.)", r"\1", t[0])))
        name = pp.Regex(r"[a-z_][a-z0-9_]*")
        placeholder = (pp.Suppress("{") - name + pp.Suppress("}")).set_parse_action(
            lambda s, loc, t: Placeholder(t[0], loc))
        sequence = pp.Forward()
        choices = pp.Group(sequence) + pp.ZeroOrMore(pp.Suppress("|") + pp.Group(sequence))
        group = (pp.Suppress("(") + choices + pp.Suppress(")") + pp.Opt("?")).set_parse_action(
            lambda s, loc, t: _make_group(t, loc))
        target = (pp.Suppress("{") - name + pp.Suppress("}")) | pp.Regex(r"https?://[^\s()]+")
        link = (pp.Suppress("[") + pp.Group(sequence) + pp.Suppress("]")
                - pp.Suppress("(") + target + pp.Suppress(")")).set_parse_action(
            lambda s, loc, t: LinkSpan(tuple(t[0]), t[1], loc))
        line_start = pp.Literal("^").set_parse_action(lambda: LineStart())
        line_end = pp.Literal("$").set_parse_action(lambda: LineEnd())
        sequence <<= (pp.Opt(pp.Opt(space) + line_start)
                      + pp.OneOrMore(group | link | placeholder | words | space)
                      + pp.Opt(line_end + pp.Opt(space)))
        return choices + pp.StringEnd()
    finally:
        pp.ParserElement.set_default_whitespace_chars(" \n\t\r")


def _make_group(tokens, offset: int) -> Group:
    items = list(tokens)
    optional = bool(items) and items[-1] == "?"
    if optional:
        items.pop()
    return Group(tuple(tuple(choice) for choice in items), optional, offset=offset)


def _check_size(template: str) -> None:
    """Length and nesting caps: a clear error rather than a parser's crash."""
    if len(template) > MAX_TEMPLATE_LENGTH:
        raise TemplateError(f"the template is longer than {MAX_TEMPLATE_LENGTH} characters; "
                            "split it into several requirements or phrases",
                            MAX_TEMPLATE_LENGTH)
    depth = 0
    for i, char in _unescaped(template):
        if char in "([":
            depth += 1
            if depth > MAX_NESTING:
                raise TemplateError(f"groups are nested more than {MAX_NESTING} deep", i)
        elif char in ")]":
            depth = max(depth - 1, 0)


def _unescaped(template: str) -> Iterator[tuple[int, str]]:
    """Offsets and characters of the template that no backslash escapes."""
    escaped = False
    for i, char in enumerate(template):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            yield i, char


def _reject_regex_syntax(template: str) -> None:
    """Characters that mean something in a regular expression and nothing
    (or something else) here: an error rather than a silent literal."""
    i = 0
    while i < len(template):
        char = template[i]
        if char == "\\":
            if template[i + 1: i + 2].isalnum():
                raise TemplateError(f"'\\{template[i + 1]}' is not an escape here: templates "
                                    "are not regular expressions; use a placeholder such as "
                                    "{title} for any text, and '\\' only before a special "
                                    "character", i)
            i += 2
            continue
        if char in "*+" or (char == "." and _regex_dot(template, i)):
            raise TemplateError(f"'{char}' is not allowed; " + _REGEX_HINT.format(char=char), i)
        if char == "[" and not _opens_link(template, i):
            raise TemplateError("'[' starts a link, as in [words]({article_url}); "
                                + _REGEX_HINT.format(char=char), i)
        i += 1


def _regex_dot(template: str, i: int) -> bool:
    """Whether the '.' at ``i`` reads as regex: not attached to the end of a
    word, abbreviation, domain or placeholder ("U.S.", "example.org",
    "{publisher}."), or followed by something that repeats it (".*", ".+", ".?", ".{")."""
    before = template[i - 1] if i else " "
    after = template[i + 1] if i + 1 < len(template) else ""
    attached = before.isalnum() or before in "_})\"'."
    return not attached or after in ("?", "{", "*", "+")


def _opens_link(template: str, i: int) -> bool:
    """Whether the '[' at ``i`` begins ``[words](target)``."""
    for j, char in _unescaped(template[i + 1:]):
        if char in "[]":
            return char == "]" and template[i + 2 + j: i + 3 + j] == "("
    return False


def _layout(choices, offset: int) -> tuple[tuple[Node, ...], ...]:
    """Drop layout: whitespace holding a line break next to '|', '(' or ')'.

    Rule files write long templates one choice per line; those line breaks
    (and the indentation around them) are not spaces to match.  Any other
    whitespace is one space.  Applied to every group, inside out.
    """
    out = []
    for choice in choices:
        nodes = [_layout_node(node) for node in choice]
        kept = [node for i, node in enumerate(nodes) if not _is_layout(nodes, i)]
        if not kept:
            where = choice[0].offset if choice and isinstance(choice[0], Space) else offset
            raise TemplateError("an empty choice: each side of '|' and each '( )' needs "
                                "some text", where)
        out.append(tuple(kept))
    return tuple(out)


def _layout_node(node):
    if isinstance(node, Group):
        return Group(_layout(node.choices, node.offset), node.optional, node.whole_name,
                     node.offset)
    if isinstance(node, LinkSpan):
        (body,) = _layout((node.body,), node.offset)
        return LinkSpan(body, node.target, node.offset)
    return node


def _is_layout(nodes, i: int) -> bool:
    node = nodes[i]
    if not (isinstance(node, Space) and node.line_break):
        return False
    return (i == 0 or i == len(nodes) - 1 or isinstance(nodes[i - 1], Group)
            or isinstance(nodes[i + 1], Group))


def _explain(template: str, error) -> tuple[str, int]:
    """A message for a syntax error, and the offset it is about."""
    stack: list[int] = []
    closers = {")": "(", "]": "[", "}": "{"}
    for i, char in _unescaped(template):
        if char in "([{":
            stack.append(i)
        elif char in closers:
            if not stack or template[stack[-1]] != closers[char]:
                return f"unexpected '{char}' (write '\\{char}' for the character itself)", i
            stack.pop()
    if stack:
        opener = template[stack[-1]]
        closer = {"(": ")", "[": "]", "{": "}"}[opener]
        return f"'{opener}' is never closed: expected '{closer}'", stack[-1]
    empty = re.search(r"\((?=\||\))|\|(?=\||\))|^\||\|$", template)
    if empty:
        return "an empty choice: each side of '|' and each '( )' needs some text", empty.start()
    at = min(error.loc, len(template) - 1)
    if template[at] == "?":
        return ("'?' makes the '( )' group just before it optional; write '\\?' for a "
                "question mark"), at
    if template[at] == "^" and (not template[at + 1:].strip() or template[at + 1] in "|)"):
        return "'^' needs some text after it: the words that begin the line", at
    if at and template[at - 1] == "^" and template[at] in "|)":
        return "'^' needs some text after it: the words that begin the line", at - 1
    if template[at] == "^":
        return "'^' may only begin a template or a choice; write '\\^' for the character", at
    before = template[:at].rstrip()
    if template[at] == "$" or (before.endswith("$") and not before.endswith("\\$")):
        where = at if template[at] == "$" else len(before) - 1
        return "'$' may only end a template or a choice; write '\\$' for the character", where
    opened = template.rfind("{", 0, at + 1)
    if template[at] == "{" or (opened >= 0 and "}" not in template[opened:at]):
        return "expected a placeholder name in lower case, as in {author}", at
    if template[at - 2: at] == "](" or template[at - 1: at + 1] == "](":
        return ("expected a link target after '](': {article_url}, {homepage}, {url} "
                "or an http(s) URL"), at
    return f"unexpected '{template[at]}'", at


def _validate(tree, targets: tuple[str, ...] = ()) -> None:
    """Names that exist, and a template that cannot match just anything."""
    for node in _walk(tree):
        if isinstance(node, Placeholder) and node.name not in PLACEHOLDERS:
            known = ", ".join("{" + n + "}" for n in PLACEHOLDERS)
            raise TemplateError(f"unknown placeholder {{{node.name}}}; expected one of {known}",
                                node.offset)
        if (isinstance(node, LinkSpan) and "://" not in node.target
                and node.target not in LINK_TARGETS and node.target not in targets):
            known = ", ".join("{" + n + "}" for n in (*LINK_TARGETS, *targets))
            raise TemplateError(f"unknown link target {{{node.target}}}; expected {known} or a URL",
                                node.offset)
    _reject_adjacent_placeholders(tree)
    _reject_empty_match(tree)
    _reject_too_few_words(tree)


def _reject_adjacent_placeholders(choices) -> None:
    """``{author}{year}``: nothing says where one value ends."""
    for choice in choices:
        for first, second in zip(choice, choice[1:]):
            if isinstance(first, Placeholder) and isinstance(second, Placeholder):
                raise TemplateError(f"{{{first.name}}} and {{{second.name}}} need some text "
                                    "between them", second.offset)
        for node in choice:
            if isinstance(node, Group):
                _reject_adjacent_placeholders(node.choices)
            elif isinstance(node, LinkSpan):
                _reject_adjacent_placeholders((node.body,))


def _reject_empty_match(choices) -> None:
    """A template that matches empty text would make its check always pass."""
    for choice in choices:
        if all(_nullable(node) for node in choice):
            groups = [node for node in choice if isinstance(node, Group)]
            raise TemplateError("the template can match empty text, so its check would always "
                                "pass: make some of its words required (not inside '( )?')",
                                groups[0].offset if groups else 0)


def _nullable(node) -> bool:
    """Whether ``node`` can match no text at all."""
    if isinstance(node, (LineStart, LineEnd)):
        return True
    if isinstance(node, Group):
        return node.optional or any(all(map(_nullable, c)) for c in node.choices)
    if isinstance(node, LinkSpan):
        return all(map(_nullable, node.body))
    return False


def _reject_too_few_words(choices) -> None:
    """Fewer literal words than placeholders: it would match nearly any text.

    Counted on the template's worst reading (each choice, each optional part
    in or out): a whitespace-separated piece of literal text with a letter
    or digit in it is a word; "Copyright", "©", "(c)" and "&copy;" in a row
    are one word; ``{publisher}`` is a word (it stands for fixed names);
    so are ``^`` and ``$`` (a whole line is a narrow thing to match: a
    byline "^{author}, {institution}$") and a link (``[{author}]({profile})``
    matches only words that link there); other placeholders are
    placeholders.
    """
    words, placeholders = _worst_reading(choices)
    if words < placeholders:
        first = next(n for n in _walk(choices) if isinstance(n, Placeholder))
        raise TemplateError(f"too little literal text: a reading of this template has "
                            f"{placeholders} placeholder(s) and {words} literal word(s), so it "
                            "would match almost any text; add the words around the values",
                            first.offset)


def _worst_reading(choices) -> tuple[int, int]:
    """(words, placeholders) of the reading with the fewest words per placeholder."""
    readings = [_sequence_count(choice) for choice in choices]
    return min(readings, key=lambda wp: wp[0] - wp[1])


def _sequence_count(nodes) -> tuple[int, int]:
    words = placeholders = 0
    for token in _Compiler.tokens(nodes):
        if token == "COPYRIGHT" or (isinstance(token, Words) and re.search(r"\w", token.text)) \
                or isinstance(token, (LineStart, LineEnd)):
            words += 1
        elif isinstance(token, Placeholder):
            words, placeholders = (words + 1, placeholders) if token.name == "publisher" \
                else (words, placeholders + 1)
        elif isinstance(token, Group):
            w, p = _worst_reading(token.choices)
            if token.optional and w - p > 0:
                w, p = 0, 0
            words, placeholders = words + w, placeholders + p
        elif isinstance(token, LinkSpan):
            w, p = _sequence_count(token.body)
            words, placeholders = words + w + 1, placeholders + p
    return words, placeholders


def _walk(nodes):
    for node in nodes:
        if isinstance(node, tuple):
            yield from _walk(node)
        elif isinstance(node, Group):
            for choice in node.choices:
                yield from _walk(choice)
        elif isinstance(node, LinkSpan):
            yield node
            yield from _walk(node.body)
        else:
            yield node


# -- compiled form -------------------------------------------------------
@dataclass(frozen=True)
class TemplateMatch:
    """Where a template matched in ``Document.text``, and what it bound."""

    start: int
    end: int
    values: dict[str, tuple[str, int, int]]  # name -> (text, start, end)
    links: list[tuple[int, int, str]]  # (start, end, target) of each [words](target)


@dataclass(frozen=True)
class Template:
    """A compiled template: plain data, cheap to store and to match.

    ``anchor`` is a word every match contains.  Scanning the whole text with
    the template's pattern is slow when it begins with choices or optional
    parts (the engine tries every position); finding the anchor is fast, and
    the pattern then runs only near each occurrence.  ``names_publisher``:
    every match contains one of the publisher's names or domains (the gate
    relies on it).
    """

    source: str
    pattern: re.Pattern[str]
    example: str  # the template's first reading, for messages
    anchor: re.Pattern[str] | None = None
    # The anchor without IGNORECASE, to search the lower-cased text (see
    # ``_lowered``); None where lower-casing cannot stand in for it.
    lower_anchor: re.Pattern[str] | None = None
    anchor_folds: str = ""  # where the lower-cased text holds one, lower_anchor is not used
    names: dict[str, str] = field(default_factory=dict)  # regex group -> placeholder
    targets: dict[str, str] = field(default_factory=dict)  # regex group -> link target
    names_publisher: bool = False
    uses_lines: bool = False  # has "^" or "$": match it against Document.line_text
    # The line ``attriblint fix`` writes: the example's (else the first
    # reading's) pieces, see :func:`shape_of` and ``fixing/render.py``;
    # ``reading`` is the first reading, written when the example needs a
    # value the metadata lacks.
    shape: tuple[tuple[str, str], ...] = ()
    reading: tuple[tuple[str, str], ...] = ()

    def text_of(self, document: Document) -> str:
        """What to match in ``document``: its text, or for a template with
        "^" or "$" its text with the source's line breaks kept (a byline
        block written as one Markdown paragraph is still lines)."""
        return document.line_text if self.uses_lines else document.text

    def finditer(self, text: str) -> Iterator[TemplateMatch]:
        for m in self._matches(text):
            values = {}
            for group, name in self.names.items():
                if m.group(group) is not None and name not in values:
                    value = m.group(group).rstrip(" .")
                    start = m.start(group) + len(value) - len(value.lstrip())
                    values[name] = (value.strip(), start, start + len(value.strip()))
            links = [(m.start(g), m.end(g), t) for g, t in self.targets.items()
                     if m.group(g) is not None]
            yield TemplateMatch(m.start(), m.end(), values, links)

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        """The pattern's matches, searched only in paragraphs with the anchor.

        No match spans a blank line (spaces match at most one line break;
        words and placeholders match none), so each paragraph that holds
        the anchor word can be searched on its own: same matches as a full
        scan, a fraction of the work.
        """
        if self.anchor is None:
            yield from self.pattern.finditer(text)
            return
        lowered = _lowered(text) if self.lower_anchor is not None else None
        if lowered is not None and any(fold in lowered for fold in self.anchor_folds):
            lowered = None
        hits = self.lower_anchor.finditer(lowered) if lowered is not None \
            else self.anchor.finditer(text)
        end = 0
        for hit in hits:
            if hit.start() < end:
                continue  # this paragraph was searched already
            start = text.rfind("\n\n", 0, hit.start()) + 1
            end = text.find("\n\n", hit.end())
            end = len(text) if end < 0 else end
            yield from self.pattern.finditer(text, start, end)


def compile_template(template: str, publisher: tuple[str, ...] = (),
                     targets: tuple[str, ...] = (), example: str = "") -> Template:
    """Parse and compile; raises :class:`TemplateError` and nothing else.

    With ``publisher`` names, ``{publisher}`` matches any one of them rather
    than capturing any text.  ``targets`` are the rule's named link targets
    (``[{author}]({profile})``); ``example``, when given, is what messages
    show instead of the template's first reading.
    """
    text = normalise(template.strip())
    tree = parse(text, targets)
    try:
        compiled = _compile(template, tree, publisher)
    except (RecursionError, re.error, OverflowError) as error:
        raise TemplateError(f"the template is too complex to compile ({error})", 0) from None
    first_reading = shape_of(tree[0])
    compiled = replace(compiled, shape=first_reading, reading=first_reading)
    if example.strip():
        compiled = replace(compiled, example=" ".join(example.split()))
        shape = example_shape(example, publisher)
        # An example that writes a value out ("by Aman Batheja, The Texas
        # Tribune") illustrates; a fix writes the template's own reading.
        # One that names a part in words ("[the originating outlet,
        # linked]") says that no fix can write the line.
        unknown = any(kind == "unknown" for kind, _ in shape)
        if unknown or required_values(first_reading) <= required_values(shape):
            compiled = replace(compiled, shape=shape)
    return compiled


def required_values(shape: tuple[tuple[str, str], ...]) -> set[str]:
    """The values a shape needs (not those of its optional parts)."""
    found, depth = set(), 0
    for kind, value in shape:
        depth += {"optional": 1, "end": -1}.get(kind, 0)
        if kind == "value" and depth == 0:
            found.add(value)
    return found


def _compile(template: str, tree, publisher: tuple[str, ...]) -> Template:
    if publisher:
        names = tuple(_words_and_spaces(normalise(name)) for name in publisher)
        tree = _expand_publisher(tree, Group(names, optional=False, whole_name=True))
    compiler = _Compiler()
    body = "|".join(compiler.sequence(choice) for choice in tree)
    body = f"(?:{body})" if len(tree) > 1 else body
    # A leading \b rather than (?<!\w): re scans twice as fast with it.  A
    # full stop just after the match is part of it, written or not.
    pattern = (r"\b" if _starts_with_word(tree) else "") + body + r"\.?(?!\w)"
    anchors = _anchors(tree)
    anchor = compile_uncached("|".join(map(re.escape, sorted(anchors))), re.IGNORECASE) \
        if anchors else None
    folds = _anchor_folds(anchors) if anchors else None
    lower_anchor = compile_uncached("|".join(map(re.escape, sorted(anchors)))) \
        if folds is not None else None
    return Template(template, compile_uncached(pattern, re.IGNORECASE), _example(tree[0]), anchor,
                    lower_anchor, folds or "", compiler.names, compiler.targets,
                    names_publisher=bool(publisher) and _always_names(tree),
                    uses_lines=any(isinstance(node, (LineStart, LineEnd)) for node in _walk(tree)))


# re.IGNORECASE matches some letters with characters of another lower case
# as well: "i" with the dotless "ı", "s" with the long "ſ", the micro sign
# with mu... (``re._casefix``, the table ``re`` compiles with; without it,
# lower-casing is never used).
try:
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - a Python whose re works otherwise
    _EXTRA_CASES = None


@lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """``text`` in lower case, character for character; None when
    lower-casing changes its length ("İ" becomes two characters).

    Every rule's templates look for their anchor words in the same
    document text, so it is lower-cased once: a case-sensitive scan costs a
    fraction of a case-insensitive one.
    """
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def _anchor_folds(words: set[str]) -> str | None:
    """The characters that re.IGNORECASE matches with a letter of
    ``words`` although their lower case is another letter ("ı" for "i");
    a lower-cased text holding none of them can be searched for the words
    case-sensitively.  None: these words cannot be searched that way.

    Lower-casing gives each character the lower case re compares, but for
    "İ" (see ``_lowered``) and the final sigma, which lower-cases to "ς" or
    "σ" by context: both are folds of each other, so a text holding one is
    searched case-insensitively when the words hold the other.
    """
    if _EXTRA_CASES is None or any(word != word.lower() for word in words):
        return None
    folds = {chr(extra) for word in words for letter in word
             for extra in _EXTRA_CASES.get(ord(letter), ())}
    if any(fold.isascii() for fold in folds):
        return None  # a word with "ı" or "ſ": "i" and "s" are everywhere
    return "".join(sorted(folds))


def _always_names(choices) -> bool:
    """Whether every reading of ``choices`` takes a publisher's name."""
    def required(node) -> bool:
        if isinstance(node, Group):
            return node.whole_name or (not node.optional and _always_names(node.choices))
        return isinstance(node, LinkSpan) and _always_names((node.body,))
    return all(any(map(required, choice)) for choice in choices)


def _anchors(choices) -> set[str] | None:
    """Words such that every match contains one of them (None: no such set).

    One word per choice: the longest the choice always contains, else the
    anchors of a choice it must make.
    """
    anchors: set[str] = set()
    for choice in choices:
        words = _required_words((choice,))
        if words:
            anchors.add(max(sorted(words), key=len))  # sorted: the same every run
            continue
        groups = [node for node in choice if isinstance(node, Group) and not node.optional]
        inner = _anchors(groups[0].choices) if groups else None
        if not inner:
            return None
        anchors |= inner
    return anchors or None


def _required_words(choices) -> set[str]:
    """Strings (of 4 or more word characters, lower case) that every match
    of any of ``choices`` contains."""
    found: list[set[str]] = []
    for choice in choices:
        words: set[str] = set()
        for node in choice:
            if isinstance(node, Words):
                words.update(w.lower() for w in re.findall(r"\w{4,}", node.text)
                             if w.lower() not in ("copyright", "copy"))
            elif isinstance(node, Group) and not node.optional:
                words |= _required_words(node.choices)
            elif isinstance(node, LinkSpan):
                words |= _required_words((node.body,))
        found.append(words)
    # A string every choice contains, as a word or within one of its words
    # ("research" is in "Global Research" and in "GlobalResearch.ca").
    return {w for w in found[0] if all(any(w in v for v in other) for other in found[1:])}


def _example(nodes) -> str:
    """The template read with each first choice, optional parts included."""
    return re.sub(r" +", " ", _read(nodes)).strip()


def _read(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Words):
            out.append(node.text)
        elif isinstance(node, Space):
            out.append(" ")
        elif isinstance(node, Placeholder):
            out.append(node.name.upper())
        elif isinstance(node, Group):
            out.append(_read(node.choices[0]))
        elif isinstance(node, LinkSpan):
            out.append(_read(node.body))
    return "".join(out)


# -- the shape a fix writes ---------------------------------------------------
# A shape is a flat tuple of pieces: ("text", words), ("value", placeholder
# name), ("open", link target) ... ("close", ""), ("optional", "") ...
# ("end", "") around an optional part (written when its values are known),
# and ("unknown", what) for a part no fix can write (the example names
# something in words).
_EXAMPLE_VALUES = {"AUTHOR": "author", "YEAR": "year", "DATE": "date", "TITLE": "title",
                   "INSTITUTION": "institution", "PUBLISHER": "publisher", "URL": "url"}
_EXAMPLE_PIECE = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)|\b(" + "|".join(_EXAMPLE_VALUES) + r")\b|[\[\]]")


def shape_of(nodes) -> tuple[tuple[str, str], ...]:
    """The first reading of a template (each group's first choice, optional
    parts included), as pieces; ``{publisher}`` stays a value."""
    pieces: list[tuple[str, str]] = []
    for node in nodes:
        if isinstance(node, Words):
            pieces.append(("text", node.text))
        elif isinstance(node, Space):
            pieces.append(("text", " "))
        elif isinstance(node, Placeholder):
            pieces.append(("value", node.name))
        elif isinstance(node, Group):
            if node.whole_name:  # the publisher's names, expanded
                pieces.append(("value", "publisher"))
            elif node.optional:
                pieces += [("optional", ""), *shape_of(node.choices[0]), ("end", "")]
            else:
                pieces.extend(shape_of(node.choices[0]))
        elif isinstance(node, LinkSpan):
            pieces.append(("open", node.target))
            pieces.extend(shape_of(node.body))
            pieces.append(("close", ""))
    return _merged(pieces)


def example_shape(example: str, names: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """The pieces of a rule's ``example:`` line: AUTHOR, YEAR, DATE... are
    values, ``[words](https://...)`` a link; a link target that holds a
    value ("/users/ID/") or brackets that are no link ("[the originating
    outlet, linked]") are unknown.  One of the publisher's ``names`` is the
    publisher ("From Stack Overflow" is "From {publisher}")."""
    text = " ".join(example.split())
    if names:
        alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        text = compile_uncached(rf"(?<![\w.])(?:{alternatives})(?![\w]|\.\w)").sub("PUBLISHER", text)
    pieces: list[tuple[str, str]] = []
    end = 0
    for match in _EXAMPLE_PIECE.finditer(text):
        pieces.append(("text", text[end:match.start()]))
        end = match.end()
        words, target, value = match.group(1), match.group(2), match.group(3)
        if value:
            pieces.append(("value", _EXAMPLE_VALUES[value]))
        elif target is None or not re.match(r"https?://", target) or \
                re.search(r"\b[A-Z]{2,}\b", target):
            pieces.append(("unknown", match.group()))
        else:
            pieces.append(("open", target))
            pieces.extend(example_shape(words, names))
            pieces.append(("close", ""))
    pieces.append(("text", text[end:]))
    return _merged(pieces)


def _merged(pieces: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Adjacent texts joined, runs of spaces made one, empty texts dropped."""
    merged: list[tuple[str, str]] = []
    for kind, value in pieces:
        if kind == "text":
            if merged and merged[-1][0] == "text":
                value = merged.pop()[1] + value
            value = re.sub(r" {2,}", " ", value)
            if value:
                merged.append(("text", value))
        else:
            merged.append((kind, value))
    return tuple(merged)


def _words_and_spaces(text: str) -> tuple[Node, ...]:
    nodes: list[Node] = []
    for i, word in enumerate(text.split()):
        nodes.extend(([Space()] if i else []) + [Words(word)])
    return tuple(nodes)


def _expand_publisher(choices, names: Group):
    """Replace each ``{publisher}`` in the tree with the choice of ``names``."""
    def expand(node):
        if isinstance(node, Placeholder) and node.name == "publisher":
            return names
        if isinstance(node, Group):
            return Group(_expand_publisher(node.choices, names), node.optional,
                         offset=node.offset)
        if isinstance(node, LinkSpan):
            return LinkSpan(tuple(expand(n) for n in node.body), node.target, node.offset)
        return node
    return tuple(tuple(expand(node) for node in choice) for choice in choices)


def _starts_with_word(tree) -> bool:
    """Whether every choice starts with a word character.

    Not so for "Copyright", which also matches "©" and "(c)".
    """
    def first(nodes) -> str:
        return nodes[0].text if nodes and isinstance(nodes[0], Words) else ""
    return all(re.match(r"\w", first(c)) and not re.match("copyright", first(c), re.I)
               for c in tree)


@dataclass
class _Compiler:
    """Turns a template's parsed nodes into one regular expression."""

    names: dict[str, str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)

    def sequence(self, nodes, final: bool = True) -> str:
        tokens = self.tokens(nodes)
        out = []
        for i, node in enumerate(tokens):
            last = final and i == len(tokens) - 1
            if node == "COPYRIGHT":
                out.append(_COPYRIGHT)
            elif isinstance(node, LineStart):
                out.append(_LINE_START)
            elif isinstance(node, LineEnd):
                out.append(_LINE_END)
            elif isinstance(node, Space):
                # "Copyright © " already swallows its trailing spaces.
                out.append(_SPACE if not (out and out[-1] == _COPYRIGHT) else "")
            elif isinstance(node, Words):
                out.append(_words(node.text, last))
            elif isinstance(node, Placeholder):
                group = f"p{len(self.names)}"
                self.names[group] = node.name
                out.append(f"(?P<{group}>{_placeholder(node.name, last)})")
            elif isinstance(node, Group):
                choices = node.choices
                if node.whole_name:
                    # Longest name first ("Centre for Research on Globalization
                    # (CRG)" before its prefix), so that an optional part after
                    # the name cannot take the rest of a longer one.
                    choices = sorted(choices, key=lambda c: len(_read(c)), reverse=True)
                inner = "|".join(self.sequence(c, final=False) for c in choices)
                out.append(f"(?:{inner})" + ("?" if node.optional else "")
                           + (_NAME_END if node.whole_name else ""))
            elif isinstance(node, LinkSpan):
                group = f"l{len(self.targets)}"
                self.targets[group] = node.target
                # A link that ends the template ends it as its last word would.
                out.append(f"(?P<{group}>{self.sequence(node.body, final=last)})")
        return "".join(out)

    @staticmethod
    def tokens(nodes) -> list:
        """Split words so that copyright markers stand alone, merged."""
        tokens: list = []
        for node in nodes:
            if not isinstance(node, Words):
                tokens.append(node)
                continue
            for piece in re.split(r"(copyright|©|\(c\)|&copy;)", node.text, flags=re.I):
                if piece.lower() in _COPYRIGHT_WORDS:
                    if tokens and isinstance(tokens[-1], Space) and len(tokens) > 1 \
                            and tokens[-2] == "COPYRIGHT":
                        tokens.pop()
                    if not (tokens and tokens[-1] == "COPYRIGHT"):
                        tokens.append("COPYRIGHT")
                elif piece:
                    tokens.append(Words(piece))
        return tokens


def _placeholder(name: str, last: bool) -> str:
    """The expression for ``{name}``.

    A capture is lazy (the shortest value that lets the rest match), except
    at the very end of a template, where it takes the rest of the line.  Its
    first and last characters are never spaces, so a space run next to it
    belongs to the template's space alone: no two parts of the pattern can
    share a run, and the work per start position stays bounded.
    """
    if name in _FIXED:
        return _FIXED[name]
    capture = _CAPTURES[name]
    lazy = "" if last else "?"
    return (f"{capture.guard}(?={capture.edge})"
            f"{capture.step}{{0,{capture.limit - 1}}}{lazy}{capture.edge}")


def _words(text: str, last: bool) -> str:
    """Literal text; a comma, colon, semicolon or dash may follow spaces."""
    if last and text.endswith("."):
        text = text[:-1]
    out = []
    for char in text:
        if char == ",":
            # Between name, publisher and year people write ", " " - " " / " " | ".
            out.append(r"[ ]*+[,;/|-]")
        elif char in ";:":
            out.append("[ ]*+" + re.escape(char))
        elif char == "-":
            out.append("[ ]*+-")
        else:
            out.append(re.escape(char))
    return "".join(out)
