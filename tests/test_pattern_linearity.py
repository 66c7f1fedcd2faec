"""Compiled templates contain no ambiguous repetition.

A backtracking engine such as ``re`` is slow only when it can split one run
of text between parts of a pattern in many ways and has to try them all.
That needs one of two shapes, and :func:`violations` finds both in a
pattern's syntax tree:

(a) *nested repetition*: a greedy or lazy quantifier whose body holds
    another unbounded or large quantifier (``(a+)+``), unless it is
    possessive or inside an atomic group;
(b) *adjacent overlapping repeats*: a repeat that can be followed, perhaps
    across optional or zero-width items, by another repeat that can consume
    a character the first one can (``[ ]+\\n?[ ]*``), unless the first is
    possessive or atomic (it then never gives a character back).

The checker rejects the old shape of a template space and the classic
``(a+)+$``, and accepts the shape compiled now:

>>> [v.rule for v in violations(re.compile(r"(?:[ ]+\\n?[ ]*|\\n[ ]*)x"))]
['adjacent']
>>> [v.rule for v in violations(re.compile(r"(a+)+$"))]
['nested']
>>> violations(re.compile(r"(?:[ ]++\\n?+|\\n)[ ]*+x"))
[]

Character sets are compared on a probe alphabet (Latin-1 and Latin
Extended, the characters the pattern names, and a few others), which is
exact for the classes templates compile to.
"""

from __future__ import annotations

import doctest
import re
import sys
from dataclasses import dataclass, replace

import pytest

from attriblint.rules import bundled_rules_dir, load_rules, rule_files
from attriblint.template import compile_template

from .test_template_docs import EXAMPLES

if sys.version_info >= (3, 11):
    from re import _constants as sre  # noqa: N813 - the engine's own names
    from re import _parser as sre_parse
else:  # pragma: no cover - the project needs 3.11, this keeps the checker honest
    import sre_constants as sre
    import sre_parse

LARGE = 10  # a bounded quantifier above this counts as a run (a placeholder's {0,119})
_REPEATS = {sre.MAX_REPEAT: "greedy", sre.MIN_REPEAT: "lazy"}
_POSSESSIVE = getattr(sre, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(sre, "ATOMIC_GROUP", None)
_PROBES = ("".join(map(chr, range(0x250))) + "\ufffc\u2028\u3000\u212a\u017f\u0660"
           "\u0130\u0131")


@dataclass(frozen=True)
class Violation:
    rule: str  # "nested" or "adjacent"
    detail: str


@dataclass(frozen=True)
class _Repeat:
    """A repeat that can run long, and the characters it can consume."""

    chars: frozenset[str]
    text: str  # for messages
    yields: bool  # gives characters back on failure (greedy or lazy, not atomic)


@dataclass(frozen=True)
class _Info:
    nullable: bool
    lead: tuple[_Repeat, ...]  # long repeats that can start the item's match
    trail: tuple[_Repeat, ...]  # yielding long repeats that can end it
    char: frozenset[str] | None = None  # the item is exactly one character of these
    zero_width: bool = False


def _through(repeat: _Repeat, info: _Info) -> _Repeat | None:
    """``repeat`` seen past ``info``: still at a boundary it could share?

    Past an optional item, unchanged.  Past one required character it is
    still ambiguous where the characters both could take are concerned
    (``[^\n]{0,119}?[^\n][ ]+``: the middle character may be a space).
    """
    if info.nullable:
        return repeat
    if info.char is not None and repeat.chars & info.char:
        return replace(repeat, chars=repeat.chars & info.char)
    return None


def violations(pattern: re.Pattern[str]) -> list[Violation]:
    """The ambiguous repetitions in ``pattern`` (empty: linear by shape)."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    checker = _Checker(bool(pattern.flags & re.IGNORECASE),
                       _PROBES + "".join(set(pattern.pattern)))
    checker.sequence(list(tree), atomic=False)
    return checker.found


class _Checker:
    def __init__(self, ignorecase: bool, probes: str) -> None:
        self.ignorecase = ignorecase
        self.probes = probes
        self.found: list[Violation] = []
        self._known: dict[str, frozenset[str]] = {}  # a character item's set, by its repr

    def sequence(self, items, atomic: bool) -> _Info:
        infos = [self.item(op, av, atomic) for op, av in items]
        for i, left in enumerate(infos):
            alive = list(left.trail)
            for right in infos[i + 1:]:
                if not alive:
                    break
                self._adjacent(alive, right.lead)
                alive = [r for r in (_through(r, right) for r in alive) if r is not None]
        lead = []
        for info in infos:
            lead.extend(info.lead)
            if not info.nullable:
                break
        trail: list[_Repeat] = []
        for info in infos:
            trail = [r for r in (_through(r, info) for r in trail) if r is not None]
            trail.extend(info.trail)
        solid = [i for i in infos if not i.zero_width]
        char = solid[0].char if len(solid) == 1 else None
        return _Info(all(i.nullable for i in infos), tuple(lead), tuple(trail), char,
                     zero_width=not solid)

    def _adjacent(self, trail, lead) -> None:
        for first in trail:
            for second in lead:
                if first.yields and first.chars & second.chars:
                    shared = "".join(sorted(first.chars & second.chars))[:10]
                    self.found.append(Violation("adjacent", f"{first.text} then {second.text} "
                                                            f"share {shared!r}"))

    def item(self, op, av, atomic: bool) -> _Info:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
            return _Info(False, (), (), frozenset(self._chars([(op, av)])))
        if op == sre.GROUPREF:
            return _Info(False, (), ())
        if op == sre.AT:
            return _Info(True, (), (), zero_width=True)
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            self.sequence(list(av[1]), atomic)
            return _Info(True, (), (), zero_width=True)
        if op == sre.SUBPATTERN:
            return self.sequence(list(av[-1]), atomic)
        if op == _ATOMIC:
            inner = self.sequence(list(av), atomic=True)
            return _Info(inner.nullable, inner.lead, ())
        if op == sre.BRANCH:
            return self._branch([self.sequence(list(b), atomic) for b in av[1]])
        if op == sre.GROUPREF_EXISTS:
            return self._branch([self.sequence(list(b), atomic) for b in av[1:] if b])
        if op in _REPEATS or op == _POSSESSIVE:
            return self._repeat(op, av, atomic)
        raise AssertionError(f"the checker does not know {op}")

    @staticmethod
    def _branch(infos) -> _Info:
        return _Info(any(i.nullable for i in infos), sum((i.lead for i in infos), ()),
                     sum((i.trail for i in infos), ()))

    def _repeat(self, op, av, atomic: bool) -> _Info:
        low, high, body = av
        body_items = list(body)
        inner = self.sequence(body_items, atomic)
        possessive = op == _POSSESSIVE
        long = high == sre.MAXREPEAT or high > LARGE
        if high > 1 and not possessive and not atomic and self._has_long_repeat(body_items):
            self.found.append(Violation("nested", f"a {_REPEATS[op]} repeat {{{low},{high}}} "
                                                  "holds another long repeat"))
        nullable = low == 0 or inner.nullable
        if not long:
            return _Info(nullable, inner.lead, () if possessive else inner.trail)
        label = f"{'possessive' if possessive else _REPEATS[op]} {{{low},{high}}}"
        me = _Repeat(frozenset(self._chars(body_items)), label, not possessive)
        return _Info(nullable, (me, *inner.lead), () if possessive else (me, *inner.trail))

    def _has_long_repeat(self, items) -> bool:
        for op, av in items:
            if op in _REPEATS or op == _POSSESSIVE:
                if av[1] == sre.MAXREPEAT or av[1] > LARGE or self._has_long_repeat(av[2]):
                    return True
            elif op == sre.SUBPATTERN and self._has_long_repeat(av[-1]):
                return True
            elif op == _ATOMIC and self._has_long_repeat(av):
                return True
            elif op == sre.BRANCH and any(self._has_long_repeat(b) for b in av[1]):
                return True
        return False

    def _chars(self, items) -> set[str]:
        """Every probe character some item of ``items`` can consume."""
        out: set[str] = set()
        for op, av in items:
            if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
                key = f"{op} {av!r}"
                if key not in self._known:
                    self._known[key] = frozenset(c for c in self.probes
                                                 if self._member(op, av, c))
                out |= self._known[key]
            elif op == sre.SUBPATTERN:
                out |= self._chars(av[-1])
            elif op == _ATOMIC:
                out |= self._chars(av)
            elif op == sre.BRANCH:
                for branch in av[1]:
                    out |= self._chars(branch)
            elif op in _REPEATS or op == _POSSESSIVE:
                out |= self._chars(av[2])
        return out

    def _member(self, op, av, char: str) -> bool:
        forms = {char, char.lower(), char.upper()} if self.ignorecase else {char}
        return any(self._member_exact(op, av, c) for c in forms if len(c) == 1)

    @staticmethod
    def _member_exact(op, av, char: str) -> bool:
        if op == sre.LITERAL:
            return ord(char) == av
        if op == sre.NOT_LITERAL:
            return ord(char) != av
        if op == sre.ANY:
            return char != "\n"
        negate, hit = False, False
        for kind, value in av:  # IN
            if kind == sre.NEGATE:
                negate = True
            elif kind == sre.LITERAL:
                hit |= ord(char) == value
            elif kind == sre.RANGE:
                hit |= value[0] <= ord(char) <= value[1]
            elif kind == sre.CATEGORY:
                hit |= _category(value, char)
        return hit != negate


def _category(category, char: str) -> bool:
    name = str(category).upper()
    test = {"DIGIT": r"\d", "SPACE": r"\s", "WORD": r"\w", "LINEBREAK": r"\n"}
    for key, expression in test.items():
        if name.endswith(key):
            return bool(re.fullmatch(expression, char)) != ("NOT" in name)
    raise AssertionError(f"unknown category {category}")


# -- the checker itself --------------------------------------------------
def test_the_docstring_examples_hold():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(sys.modules[__name__], globs={"re": re, "violations": violations}):
        runner.run(test)
    assert runner.failures == 0 and runner.tries >= 3


@pytest.mark.parametrize("pattern, rule", [
    (r"(a+)+$", "nested"),
    (r"(?:[ ]+\n?[ ]*|\n[ ]*)x", "adjacent"),
    (r"\w+\s*\w+!", "adjacent"),
    (r"(?:,[ ]*)?[ ]+x", "adjacent"),  # a separator then a space, the old way
    (r"(?:x[^\n]{1,120}?)(?:[ ]+y)", "adjacent"),  # a placeholder that may end in spaces
    (r"(?:(?:copyright|©)[ ]*)+x", "nested"),  # the old copyright marker
    (r"(?:ab*)*c", "nested"),
])
def test_ambiguous_shapes_are_found(pattern, rule):
    assert rule in [v.rule for v in violations(re.compile(pattern, re.IGNORECASE))]


@pytest.mark.parametrize("pattern", [
    r"(?:[ ]++\n?+|\n)[ ]*+x",
    r"[a-z]+[0-9]+",
    r"(?>(a+)+)",
    r"(?:ab)+c",
    r"x[^\s]{0,119}?[^\s][ ]++y",
    r"\d{1,2}/\d{1,2}/\d{2,4}",
])
def test_unambiguous_shapes_pass(pattern):
    assert violations(re.compile(pattern, re.IGNORECASE)) == []


# -- every template we ship or document ----------------------------------
def _bundled_templates():
    rules = load_rules(rule_files([str(bundled_rules_dir())]))
    for rule in rules:
        for requirement in rule.requirements:
            if requirement.template is not None:
                yield pytest.param(requirement.template, id=f"{rule.id}-{requirement.kind}")
        for i, phrase in enumerate(rule.detect_phrases):
            yield pytest.param(phrase, id=f"{rule.id}-phrase{i}")


@pytest.mark.parametrize("template", list(_bundled_templates()))
def test_bundled_templates_compile_to_unambiguous_patterns(template):
    assert violations(template.pattern) == []


def _documented_templates():
    seen = set()
    for example in EXAMPLES:
        if example.error is None and example.template not in seen:
            seen.add(example.template)
            yield example.template, example.publisher, example.targets


@pytest.mark.parametrize("source, publisher, targets", list(_documented_templates()))
def test_documented_templates_compile_to_unambiguous_patterns(source, publisher, targets):
    assert violations(compile_template(source, publisher, targets).pattern) == []


# -- the inputs that used to take seconds or minutes ---------------------
def _bundled(kind: str):
    (rule,) = [r for r in load_rules(rule_files([str(bundled_rules_dir())]))
               if r.id == "globalresearch"]
    return next(r.template for r in rule.requirements if r.kind == kind)


def test_a_long_run_of_spaces_after_credit_words_is_a_quick_miss():
    """16,000 spaces: about 30 s with the old space pattern."""
    credit = _bundled("credit")
    text = "The original" + " " * 16_000 + "source, reposted by a friend"
    assert list(credit.finditer(text)) == []
    assert list(credit.pattern.finditer(text)) == []
    text = "The original" + " " * 16_000 + "source of this article is Global Research."
    assert [(m.start, m.end) for m in credit.finditer(text)] == [(0, len(text))]


def test_a_long_run_of_spaces_after_a_copyright_author_is_a_quick_miss():
    """8,000 spaces: about 24 s with the old space and separator patterns."""
    copyright = _bundled("copyright")
    miss = "Copyright © A," + " " * 8_000 + "Global Researchers"
    assert list(copyright.finditer(miss)) == []
    assert list(copyright.pattern.finditer(miss)) == []
    hit = "Copyright © A," + " " * 8_000 + "Global Research, 2021"
    (match,) = copyright.finditer(hit)
    assert match.values["author"][0] == "A" and match.values["year"][0] == "2021"


def test_many_near_misses_on_one_line_stay_cheap():
    copyright = _bundled("copyright")
    text = "Copyright © " + "word, " * 20_000 + "Global Researchers"
    assert list(copyright.finditer(text)) == []
