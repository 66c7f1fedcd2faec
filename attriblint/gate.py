"""The gate: which rules could possibly apply to a file, from its raw bytes.

Most posts in a blog are not reposts.  Before a file is decoded and
parsed, the gate asks a cheap question of its bytes: could any rule's
detection match here?  A rule applies only through its detection routes —
a source URL on one of its domains, or a detection phrase in the prose —
so the file must contain, *somewhere*, every word one of those routes
needs.  The gate must never change a result: a file it turns away would
have had no findings if fully checked.  So it over-approximates, on a
*projection* of the bytes that cannot hide a word the prose shows:

* letters are folded to lower case, including the few non-ASCII
  characters that case-insensitive matching treats as ASCII letters
  (``ſ`` is ``s``, the Kelvin sign is ``k``, dotted and dotless ``i``);
  other non-ASCII characters (a non-breaking space) are dropped;
* everything that is not a letter or digit is dropped, so spacing (a
  non-breaking space, ``&nbsp;``, a line break), punctuation and markup
  between or inside words (``**Global** Research``, ``Glo*bal*``) cannot
  split a word; where there are tags, the projection is taken twice, with
  the tags and without them (``Glo<b>bal</b>``), because a tag's
  attributes hold addresses (``<link rel=canonical href=...>``);
* numeric character references (``&#71;``) and the escapes of JSON, YAML
  and TOML strings (``\\u0067``) are decoded first; named references
  (``&nbsp;``) are dropped, since none stands for an ASCII letter or digit
  (but ``&fjlig;``, which is kept as "fj"); text in UTF-16 or UTF-32 (with
  or without a byte-order mark) is read as such.

A publisher's name or domain is then looked for in the projection as one
word, projected the same way: "Global Research" and ``globalresearch.ca``
are ``globalresearch`` and ``globalresearchca``.  None
of this depends on the file being valid UTF-8: a post in Latin-1 that
names a publisher passes the gate, and is then reported as undecodable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rules import Rule
from .settings import CANONICAL, LICENCE_FIELDS, Fields

# Non-ASCII characters that re.IGNORECASE matches with an ASCII letter.
_ASCII_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_ASCII_FOLD_BYTES = tuple((c.encode(), a.encode()) for c, a in _ASCII_FOLDS.items())
# Keep a-z and 0-9 (upper case folded); drop the rest, non-ASCII bytes too
# (names with non-ASCII letters are looked for in decoded text instead).
_KEEP = bytes(range(ord("a"), ord("z") + 1)) + bytes(range(ord("0"), ord("9") + 1))
_LOWER = bytes.maketrans(bytes(range(ord("A"), ord("Z") + 1)),
                         bytes(range(ord("a"), ord("z") + 1)))
_DROP = bytes(b for b in range(256) if b not in _KEEP and not (65 <= b <= 90))
_TAG = re.compile(rb"<[/!?a-zA-Z][^<>]*+>")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")
_NAMED_REF = re.compile(rb"&[a-zA-Z][a-zA-Z0-9]{1,31};?")
_ESCAPE = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2}))")
_TEXT_TAG = re.compile(r"<[/!?a-zA-Z][^<>]*+>")
_NOT_WORD = re.compile(r"[\W_]+")


def project_bytes(data: bytes) -> bytes:
    """The letters and digits of ``data`` in lower case, as described above."""
    if b"&#" in data:
        data = _CHAR_REF.sub(_char_ref, data)
    if b"\\" in data:
        data = _ESCAPE.sub(_escape, data)
    if b"&" in data:
        data = _NAMED_REF.sub(_named_ref, data)
    if not data.isascii():
        for special, ascii_letter in _ASCII_FOLD_BYTES:
            data = data.replace(special, ascii_letter)
    projected = data.translate(_LOWER, _DROP)
    if b"<" in data:
        projected += _TAG.sub(b"", data).translate(_LOWER, _DROP)
    return projected


def project_text(text: str) -> str:
    """The same projection for decoded text (wide encodings, non-ASCII words)."""
    if "&#" in text or "\\" in text:
        raw = text.encode("utf-8", "surrogatepass")
        raw = _ESCAPE.sub(_escape, _CHAR_REF.sub(_char_ref, raw))
        text = raw.decode("utf-8", "replace")
    if "&" in text:
        import html

        text = html.unescape(text)
    for special, ascii_letter in _ASCII_FOLDS.items():
        text = text.replace(special, ascii_letter)
    projected = _NOT_WORD.sub("", text.casefold())
    if "<" in text:
        projected += _NOT_WORD.sub("", _TEXT_TAG.sub("", text).casefold())
    return projected


def _codepoint(value: int) -> bytes:
    try:
        return chr(value).encode("utf-8", "surrogatepass")
    except (ValueError, OverflowError):
        return b""


def _char_ref(m: re.Match[bytes]) -> bytes:
    return _codepoint(int(m.group(1), 16) if m.group(1) else int(m.group(2)))


def _named_ref(m: re.Match[bytes]) -> bytes:
    return b"fj" if m.group().lower().startswith(b"&fjlig") else b""


def _escape(m: re.Match[bytes]) -> bytes:
    return _codepoint(int(next(g for g in m.groups() if g is not None), 16))


def _token(word: str) -> str:
    return _NOT_WORD.sub("", word.casefold())


# What a rule needs to find in a file before it can apply: each requirement
# is a tuple of alternatives (projected words), and every requirement must
# have one of them present.  None: the rule can apply to any file.
Requirements = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Gate:
    """For each rule, the projected words it needs (see ``Requirements``).

    All the rules' words are looked for in one pass over the projection
    (an Aho–Corasick automaton, so the cost does not grow with the number
    of rules); words with non-ASCII letters are looked for in the decoded
    text, which only files naming no rule in ASCII pay for.
    """

    rules: tuple[Rule, ...]
    routes: tuple[Requirements | None, ...]
    _matcher: "_Matcher | None" = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_rules(cls, rules: list[Rule] | tuple[Rule, ...],
                   fields: Fields | None = None) -> "Gate":
        fields = fields or Fields()
        return cls(tuple(rules), tuple(_requirements(rule, fields) for rule in rules))

    def __reduce__(self):  # the automaton is native: rebuilt where the gate is unpickled
        return (Gate, (self.rules, self.routes))

    def candidates(self, data: bytes) -> list[Rule]:
        """The rules that could apply to a file with these bytes."""
        matcher = self._matcher
        if matcher is None:
            matcher = _Matcher(self.rules, self.routes)
            object.__setattr__(self, "_matcher", matcher)
        wide = b"\x00" in data
        present = matcher.present(b"" if wide else project_bytes(data))
        if not present and not wide and not matcher.wider:
            return list(matcher.unconditional)  # most files: no rule's word at all
        text: str | None = None
        found = []
        for rule, requirements in zip(self.rules, self.routes):
            if requirements is not None:
                for alternatives in requirements:
                    if not present.isdisjoint(alternatives):
                        continue
                    wider = [word for word in alternatives if wide or not word.isascii()]
                    if not wider:
                        break
                    if text is None:
                        text = project_text(_decode_any(data))
                    if not any(word in text for word in wider):
                        break
                else:
                    found.append(rule)
            else:
                found.append(rule)
        return found


class _Matcher:
    """Which of the gate's ASCII words a projection contains, in one pass."""

    def __init__(self, rules: tuple[Rule, ...], routes: tuple[Requirements | None, ...]) -> None:
        words = sorted({word for requirements in routes if requirements
                        for alternatives in requirements for word in alternatives
                        if word.isascii()})
        self.words = words
        # Rules that need no word, and whether some word is looked for in
        # decoded text: a file with none of the words needs only these.
        self.unconditional = tuple(rule for rule, requirements in zip(rules, routes)
                                   if not requirements)
        self.wider = any(not word.isascii() for requirements in routes if requirements
                         for alternatives in requirements for word in alternatives)
        self.automaton = None
        if words:
            from ahocorasick_rs import BytesAhoCorasick

            self.automaton = BytesAhoCorasick([word.encode() for word in words])

    def present(self, projected: bytes) -> frozenset[str] | set[str]:
        if self.automaton is None or not projected:
            return frozenset()
        return {self.words[index] for index, _, _ in
                self.automaton.find_matches_as_indexes(projected, overlapping=True)}


def _requirements(rule: Rule, fields: Fields) -> Requirements | None:
    """What a rule's detection routes need; None when a route needs nothing.

    Detection phrases name the publisher through ``{publisher}``, which
    matches one of its names or domains: one of those must be present.  A
    phrase that can match without ``{publisher}`` (none, or only in an
    optional part) could match anything, so such a rule is always a
    candidate.

    A licence rule applies only through the metadata: a field declaring
    the work's licence (its key), beside a source field that is not a
    canonical one (its key), whose value names the licence with its
    version (``CC BY-ND 4.0``, the deed's title or address: all write
    "4.0", projected "40").  All three must be present.
    """
    if not all(phrase.names_publisher for phrase in rule.detect_phrases):
        return None
    if rule.detect_licences:
        licence_keys = _minimal({_token(key) for key in (*fields.licence, *LICENCE_FIELDS)})
        source_keys = _minimal({_token(key) for key in fields.source_url
                                if key not in CANONICAL})
        identities = _minimal({word for licence in rule.detect_licences
                               for word in _licence_words(licence)})
        requirements = (licence_keys, source_keys, identities)
        return requirements if all(requirements) else None
    names = _minimal({_token(name) for name in (*rule.names, *rule.domains)})
    return (names,) if names else None


def _licence_words(licence: str) -> tuple[str, ...]:
    """Words every way of writing ``licence`` (an id) in metadata contains."""
    from .licences import parse

    parsed = parse(licence)
    if parsed is None:  # not a CC licence: only its own id matches it
        return (_token(licence),)
    if parsed.elements == ("zero",):
        return ("cc0", "zero")  # CC0, CC0 1.0, .../publicdomain/zero/1.0
    return (_token(parsed.version),)


def _minimal(words: set[str]) -> tuple[str, ...]:
    """The words no other word of the set contains: a word that contains
    another adds nothing ("globalresearchca" beside "globalresearch")."""
    words.discard("")
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def _decode_any(data: bytes) -> str:
    """Text for the wide or non-ASCII path, whatever the encoding.

    Bytes with NULs that are not text with a BOM may be UTF-16 or UTF-32
    in either byte order: every reading is kept (the gate may pass too
    much, never too little).
    """
    from .source import DecodeError, decode

    try:
        return decode(data).text
    except DecodeError:
        pass
    readings = [data.decode("utf-8", "replace")]
    if b"\x00" in data:
        readings += [data.decode(encoding, "replace") for encoding in
                     ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")]
    return "\n".join(readings)
