"""Suppressions: findings a post's author has silenced on purpose.

Two ways, both documented in ``docs/suppressions.md``:

* front matter, for the whole file::

      attriblint:
        ignore: [AL302, images]
        reason: "the author field names our own editor"

* HTML comments (in an HTML page, or raw HTML in Markdown), for a stretch
  of lines::

      <!-- attriblint-disable AL302 -- the author is our editor -->
      ...
      <!-- attriblint-enable AL302 -->
      <!-- attriblint-disable-next-line AL101 -- credited in the image -->
      <!-- attriblint-disable-file copyright -- licensed to us in writing -->

A suppression names codes (``AL302``, any case) or kind names
(``copyright``); naming none means every code.  A finding is silenced when
its code or kind is named and its line is inside the suppression's lines.
Input errors and the suppression findings themselves (AL0xx) are never
silenced: a file that could not be checked must not look clean.

A suppression should say why (after `` -- ``, or ``reason:``); one that does
not is AL010.  One that silenced nothing is AL011 when the run asks for it.
Anything attriblint cannot read as a suppression is AL012, so that a typo
never silences more, or less, than its author meant.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Any

from .document import Comment, Document, Span
from .findings import Code, Finding
from .identify import field_span
from .regexcode import compile_uncached
from .suggest import closest

CODES = (
    Code(
        "AL010", "suppression-without-reason", "A suppression does not say why",
        """Why it matters: a suppression hides a finding from everyone who runs
attriblint after you.  Without a reason, the next editor cannot tell a
considered exception ("the publisher allowed us to crop this photo, email
of 2 March") from a warning someone wanted out of the way, and nobody can
check whether the reason still holds.  The suppression still works; this
finding asks for the reason.

Fails:

    <!-- attriblint-disable-next-line AL302 -->

    ---
    attriblint:
      ignore: [AL302]
    ---

Passes:

    <!-- attriblint-disable-next-line AL302 -- the author is our own editor -->

    ---
    attriblint:
      ignore: [AL302]
      reason: "the author field names our own editor"
    ---

How to fix: write the reason after " -- " in the comment, or as reason: in
the front matter's attriblint mapping.  The finding points at the
suppression.""",
    ),
    Code(
        "AL011", "unused-suppression", "A suppression silenced nothing",
        """Why it matters: a suppression that no longer silences anything (the post
was fixed, the rule changed, the comment sits on the wrong line) is noise
at best; at worst it silences a real problem the day one appears on its
lines.  attriblint reports these only when asked, with
--report-unused-suppressions (or --extend-select AL011), so that they can
be cleaned up on purpose.

Fails (there is no AL101 finding on the next line):

    <!-- attriblint-disable-next-line AL101 -- credited in the caption -->
    Originally published by ProPublica.

Passes:

    Originally published by ProPublica.

How to fix: remove the code from the suppression, or the whole suppression
when it names nothing else.  If it was meant for another line, move it
there.  The finding points at the code in the suppression (at the whole
comment when it names no codes).""",
    ),
    Code(
        "AL012", "malformed-suppression", "A suppression cannot be read",
        """Why it matters: a suppression attriblint cannot read silences nothing, or
not what its author meant: a misspelt directive (attriblint-disabel), an
unknown code or kind name (AL3O2 with a letter O), an attriblint-enable with
no attriblint-disable of the same codes open before it, a code that can
never be silenced (the AL0xx codes: a file that was not checked must not
look clean), or an attriblint: front-matter value that is not a mapping of
ignore (a code or kind name, or a list of them) and reason (text).

Fails:

    <!-- attriblint-disabel AL302 -- our editor -->

    ---
    attriblint: [AL302]
    ---

Passes:

    <!-- attriblint-disable AL302 -- our editor -->

    ---
    attriblint:
      ignore: [AL302]
      reason: "the author field names our own editor"
    ---

How to fix: correct the suppression as the message says; "attriblint
explain CODE" documents a code, and the kind names are those of the
README's table of requirement kinds (credit, link, copyright ...).  The
directives are attriblint-disable, attriblint-enable,
attriblint-disable-next-line and attriblint-disable-file.""",
    ),
)

KEY = "attriblint"  # the front-matter key
DIRECTIVES = ("disable", "enable", "disable-next-line", "disable-file")
EVERY_CODE = "*"  # the name of a suppression that names no codes
_TO_THE_END = 1 << 62  # a line number past any file's last line
_FRONT_MATTER_KEYS = ("ignore", "reason")
_DIRECTIVE = re.compile(r"\s*attriblint-([\w-]*)", re.IGNORECASE)
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
_NAME = re.compile(r"[^\s,]+")
_CODE = re.compile(r"AL\d+", re.IGNORECASE)


@dataclass
class _Cover:
    """One name (a code, a kind, or every code) silenced on some lines.

    ``span`` is where the name is written (the whole comment for every
    code), for AL011.  ``last_line`` is None while a disable is open.
    """

    name: str
    first_line: int
    last_line: int | None
    span: Span
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        last = _TO_THE_END if self.last_line is None else self.last_line
        return self.first_line <= finding.line <= last and \
            self.name in (EVERY_CODE, finding.code, finding.kind)


@dataclass(frozen=True)
class _Names:
    """The codes and kind names a suppression may name."""

    codes: frozenset[str]
    kinds: frozenset[str]

    @classmethod
    def known(cls) -> "_Names":
        from .kinds import codes, kinds  # kinds' package lists these codes too

        return cls(frozenset(codes()) | {code.code for code in CODES}, frozenset(kinds()))

    def check(self, written: str, suggest: bool = True) -> tuple[str | None, str | None]:
        """``written`` as a name (a code upper-cased, a kind lower-cased),
        or None and what is wrong with it (with a "did you mean" when
        ``suggest``)."""
        if written.upper() in self.codes:
            code = written.upper()
            if code.startswith("AL0"):
                return None, (f"{code} cannot be suppressed (input errors and suppression "
                              "findings are always reported)")
            return code, None
        if written.lower() in self.kinds:
            return written.lower(), None
        what = "code" if _CODE.fullmatch(written) else "code or kind name"
        guess = suggest and _closest(written.upper() if written[:2].upper() == "AL"
                                     else written.lower(), self.codes | self.kinds)
        return None, f"unknown {what} {written!r}" + (f"; did you mean {guess}?"
                                                       if guess else "")


# Looking for a suggestion costs half a millisecond, and a comment can hold
# thousands of names: none after the first few problems in a file, and each
# name looked up once.
_SUGGESTIONS = 20
_closest = lru_cache(maxsize=256)(closest)


def apply(document: Document, findings: list[Finding], report_unused: bool) -> list[Finding]:
    """The findings no suppression silences, with the suppressions' own
    findings (AL010, AL012, and AL011 when ``report_unused``), sorted.

    A document with neither an ``attriblint`` front-matter key nor an
    ``attriblint-`` comment costs a dictionary lookup and a look at its
    comments: ``findings`` come back as they are.
    """
    comments = [c for c in document.comments if _DIRECTIVE.match(c.text)]
    if KEY not in document.meta and not comments:
        return findings
    names = _Names.known()
    covers: list[_Cover] = []
    problems: list[Finding] = []
    if KEY in document.meta:
        _front_matter(document, names, covers, problems)
    _comments(document, comments, names, covers, problems)
    kept = [f for f in findings if not _silenced(f, covers)]
    if report_unused:
        problems.extend(_problem(document, c.span, "AL011", _unused_message(c))
                        for c in covers if not c.used)
    return sorted(kept + problems)


def _silenced(finding: Finding, covers: list[_Cover]) -> bool:
    """Whether any cover silences ``finding``; every one that does is used."""
    if finding.code.startswith("AL0"):
        return False
    silenced = False
    for cover in covers:
        if cover.covers(finding):
            cover.used = silenced = True
    return silenced


# -- front matter -----------------------------------------------------------

def _front_matter(document: Document, names: _Names, covers: list[_Cover],
                  problems: list[Finding]) -> None:
    """The front matter's ``attriblint: {ignore: [...], reason: "..."}``."""
    value = document.meta[KEY]
    key = field_span(document, KEY)

    def report(code: str, span: Span, message: str) -> None:
        problems.append(_problem(document, span, code, message))

    if not isinstance(value, dict):
        report("AL012", key, f"front matter {KEY}: must be a mapping of ignore and reason "
                             f"({KEY}: {{ignore: [AL302], reason: \"...\"}}), not "
                             f"{_type_name(value)}")
        return
    for unknown in (k for k in value if k not in _FRONT_MATTER_KEYS):
        guess = closest(str(unknown), _FRONT_MATTER_KEYS)
        report("AL012", _written(document, key, str(unknown)),
               f"front matter {KEY}.{unknown}: unknown key" +
               (f"; did you mean {guess}?" if guess else " (only ignore and reason)"))
    items = _ignore_items(value.get("ignore"))
    if "ignore" not in value:
        report("AL012", key, f"front matter {KEY}: no ignore (the codes or kind names to "
                             "ignore)")
        return
    if items is None:
        report("AL012", key, f"front matter {KEY}: ignore must be a code or kind name, or a "
                             f"list of them, not {_type_name(value.get('ignore'))}")
        return
    reason = value.get("reason")
    if reason is not None and not isinstance(reason, str):
        report("AL012", _written(document, key, "reason"),
               f"front matter {KEY}.reason must be text, not {_type_name(reason)}")
    elif not (reason or "").strip():
        report("AL010", key, f"front matter {KEY}: ignores {', '.join(items)} without a "
                             "reason; add reason: \"...\"")
    for item in items:
        span = _written(document, key, item)
        name, problem = names.check(item)
        if problem:
            report("AL012", span, f"front matter {KEY}.ignore: {problem}")
        else:
            covers.append(_Cover(name, 1, _TO_THE_END, span))


def _ignore_items(value: Any) -> list[str] | None:
    """The names ``ignore:`` holds (a list, or one string of names
    separated by commas or spaces), or None if it holds something else."""
    if isinstance(value, str):
        return _NAME.findall(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [name for v in value for name in _NAME.findall(v)]
    return None


def _written(document: Document, key: Span, word: str) -> Span:
    """Where ``word`` is written in the front matter after ``key``; else the key."""
    pattern = compile_uncached(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")
    m = pattern.search(document.source, key.start, max(document.body_start, key.end))
    return Span(m.start(), m.end()) if m else key


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list" if value and all(isinstance(v, str) for v in value) else \
            "an empty list" if not value else "a list of other things than names"
    return {dict: "a mapping", bool: "true or false", str: "text"}.get(
        type(value), f"a {type(value).__name__}")


# -- comments ---------------------------------------------------------------

@dataclass(frozen=True)
class _Directive:
    """An ``attriblint-`` comment, read."""

    comment: Comment
    verb: str  # one of DIRECTIVES
    names: list[tuple[str, Span]]  # as written, and where
    reason: str


def _comments(document: Document, comments: list[Comment], names: _Names,
              covers: list[_Cover], problems: list[Finding]) -> None:
    """The covers the ``attriblint-`` comments make, in source order."""
    open_covers: list[_Cover] = []
    for comment in sorted(comments, key=lambda c: c.source.start):
        directive = _read(document, comment, problems)
        if directive is None:
            continue
        checked = _checked_names(document, directive, names, problems)
        if directive.verb == "enable":
            _enable(document, directive, checked, open_covers, problems)
            continue
        if not directive.reason:
            problems.append(_problem(document, comment.source, "AL010",
                                     f"attriblint-{directive.verb} has no reason; write it "
                                     "after ' -- ' in the comment"))
        if directive.names and not checked:
            continue  # every name was wrong: silence nothing rather than everything
        first, last = _lines(document, directive)
        made = [_Cover(name, first, last, span) for name, span in
                (checked or [(EVERY_CODE, comment.source)])]
        covers.extend(made)
        if directive.verb == "disable":
            open_covers.extend(made)


def _read(document: Document, comment: Comment, problems: list[Finding]) -> _Directive | None:
    """The directive a comment holds, or None (and AL012) if it is no directive."""
    m = _DIRECTIVE.match(comment.text)
    verb = m.group(1).lower()
    if verb not in DIRECTIVES:
        guess = closest(verb, DIRECTIVES)
        known = ", ".join(f"attriblint-{d}" for d in DIRECTIVES)
        problems.append(_problem(document, comment.source, "AL012",
                                 f"unknown directive attriblint-{m.group(1)}" +
                                 (f"; did you mean attriblint-{guess}?" if guess else
                                  f" (the directives are {known})")))
        return None
    rest_start = m.end()
    dash = _REASON.search(comment.text, rest_start)
    names_end = dash.start() if dash else len(comment.text)
    reason = comment.text[dash.end():].strip() if dash else ""
    base = _text_start(document, comment)
    written = [(n.group(), Span(base + n.start(), base + n.end()) if base is not None
                else comment.source)
               for n in _NAME.finditer(comment.text, rest_start, names_end)]
    return _Directive(comment, verb, written, reason)


def _text_start(document: Document, comment: Comment) -> int | None:
    """Where the comment's text starts in the source, when it stands there
    as written (an HTML reader may have decoded something in it)."""
    opener = document.source[comment.source.start:comment.source.start + 4]
    start = comment.source.start + (4 if opener == "<!--" else opener.index("*") + 1
                                    if opener.startswith("{") and "*" in opener else 4)
    return start if document.source.startswith(comment.text, start) else None


def _checked_names(document: Document, directive: _Directive, names: _Names,
                   problems: list[Finding]) -> list[tuple[str, Span]]:
    """The directive's valid names; AL012 for each of the others."""
    checked = []
    for written, span in directive.names:
        name, problem = names.check(written, suggest=len(problems) < _SUGGESTIONS)
        if problem:
            problems.append(_problem(document, span, "AL012",
                                     f"attriblint-{directive.verb}: {problem}"))
        else:
            checked.append((name, span))
    return checked


def _enable(document: Document, directive: _Directive, checked: list[tuple[str, Span]],
            open_covers: list[_Cover], problems: list[Finding]) -> None:
    """Close the open disables the enable names (all of them when it names none)."""
    line = document.position(directive.comment.source.start).line
    if not directive.names:
        if not open_covers:
            problems.append(_problem(document, directive.comment.source, "AL012",
                                     "attriblint-enable with no attriblint-disable open "
                                     "before it"))
        _close(open_covers, lambda cover: True, line)
        return
    for name, span in checked:
        if not _close(open_covers, lambda cover: cover.name == name, line):
            problems.append(_problem(document, span, "AL012",
                                     f"attriblint-enable {name} with no attriblint-disable "
                                     f"{name} open before it"))


def _close(open_covers: list[_Cover], which, line: int) -> bool:
    """End the open covers ``which`` picks at ``line``; whether there were any."""
    closing = [cover for cover in open_covers if which(cover)]
    for cover in closing:
        cover.last_line = line
        open_covers.remove(cover)
    return bool(closing)


def _lines(document: Document, directive: _Directive) -> tuple[int, int | None]:
    """The first and last line a disable covers (last None: until enabled)."""
    span = directive.comment.source
    if directive.verb == "disable-file":
        return 1, _TO_THE_END
    if directive.verb == "disable":
        return document.position(span.start).line, None
    after = _next_line(document, document.position(max(span.end - 1, span.start)).line)
    return (after, after) if after else (0, -1)


def _next_line(document: Document, line: int) -> int | None:
    """The first line after ``line`` with something other than spaces on it."""
    starts, source = document.lines.starts, document.source
    for following in range(line + 1, len(starts) + 1):
        end = starts[following] if following < len(starts) else len(source)
        if source[starts[following - 1]:end].strip():
            return following
    return None


# -- findings ---------------------------------------------------------------

def _problem(document: Document, span: Span, code: str, message: str) -> Finding:
    start = document.position(span.start)
    end = document.position(max(span.end, span.start))
    return Finding(document.path, start.line, start.column, code, "attriblint", "suppression",
                   "warning", message, end.line, end.column)


def _unused_message(cover: _Cover) -> str:
    what = "every code" if cover.name == EVERY_CODE else cover.name
    return f"this suppression of {what} silences no finding; remove it"
