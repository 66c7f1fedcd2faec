import functools
import re

import pytest

from attriblint.template import TemplateError, compile_template

COPYRIGHT = "Copyright © ({author}, )?Global Research((,)? {year})?"


def spans(template, text):
    return [(m.start, m.end) for m in compile_template(template).finditer(text)]


@pytest.mark.parametrize("line", [
    "Copyright © Stephen Lendman, Global Research, 2021",
    "Copyright (c) Stephen Lendman, Global Research, 2021",
    "(c) Stephen Lendman, Global Research 2021",
    "© Stephen Lendman , Global Research, 2021.",
    "Copyright Stephen Lendman, Global Research, 2021",
    "COPYRIGHT © STEPHEN LENDMAN, GLOBAL RESEARCH, 2021",
    "Copyright ©   Stephen Lendman,\nGlobal Research, 2021",
])
def test_copyright_variants_match_and_bind(line):
    (match,) = compile_template(COPYRIGHT).finditer(line)
    assert match.values["author"][0].upper() == "STEPHEN LENDMAN"
    assert match.values["year"][0] == "2021"


def test_placeholders_do_not_cross_paragraphs_and_words_keep_boundaries():
    assert spans(COPYRIGHT, "Copyright © Stephen\n\nLendman, Global Research, 2021") == []
    assert spans("Global Research", "GlobalResearchers") == []
    assert spans("Global Research", "the Global Researchers") == []


def test_final_full_stop_is_optional_and_quotes_and_dashes_are_plain():
    template = "Read \u201cthe original\u201d \u2014 on Global Research."
    assert spans(template, 'read "the original" - on global research') == [(0, 40)]
    assert spans(template, "Read \u2018the original\u2019 on Global Research") == []


def test_choices_and_optional_parts():
    template = "(This article was )?(originally|first) published (on|by) Global Research"
    assert spans(template, "First published by Global Research") == [(0, 34)]
    assert spans(template, "This article was originally published on Global Research") == [(0, 56)]
    assert spans(template, "Published on Global Research") == []


def test_link_constraints_are_reported_with_their_words():
    template = compile_template("This story was originally published by [City Desk ABQ]({article_url}).")
    (match,) = template.finditer("This story was originally published by City Desk ABQ.")
    assert match.links == [(39, 52, "article_url")]
    assert template.example == "This story was originally published by City Desk ABQ."


def test_escaped_specials_are_literal():
    assert spans(r"Source \(print edition\)", "Source (print edition)") == [(0, 22)]


@pytest.mark.parametrize("template, offset, message", [
    ("The (original source", 4, "'(' is never closed"),
    ("a ) b", 2, "unexpected ')'"),
    ("Copyright {Author}", 11, "placeholder name in lower case"),
    ("by {writer}", 3, "unknown placeholder {writer}"),
    ("[Global Research](homepage)", 18, "expected a link target"),
    ("[Global Research]({home})", 0, "unknown link target {home}"),
    ("(a|)", 2, "empty choice"),
    ("   ", 0, "empty"),
])
def test_template_errors_say_where_and_what(template, offset, message):
    with pytest.raises(TemplateError) as error:
        compile_template(template)
    assert error.value.offset == offset
    assert message in str(error.value)


def test_matching_is_linear_on_hostile_text():
    """A long line with many near-misses must not blow up (bounded captures)."""
    import time

    template = compile_template(COPYRIGHT)
    text = ("Copyright © " + "word, " * 5000 + "\n") * 3
    started = time.perf_counter()
    assert list(template.finditer(text)) == []
    # Generous bound: catastrophic backtracking would take minutes, not seconds.
    assert time.perf_counter() - started < 5


def test_a_question_mark_outside_a_group_is_an_error_not_a_literal():
    with pytest.raises(TemplateError) as error:
        compile_template("Global Research,? {year}")
    assert error.value.offset == 16
    assert "optional" in str(error.value)
    assert spans(r"Why repost\?", "why repost?") == [(0, 11)]


def test_anchored_search_finds_what_a_full_scan_finds():
    """Matching only near the anchor word must change nothing."""
    import random

    template = compile_template("(The )?original source of this article is Global Research")
    assert template.anchor is not None
    rng = random.Random(7)
    words = ["the", "original", "source", "of", "this", "article", "is", "Global",
             "Research", "\n", "x" * 1500, "©"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        text += " The original source of this article is Global Research" * rng.randint(0, 2)
        anchored = [(m.start, m.end) for m in template.finditer(text)]
        full = [(m.start(), m.end()) for m in template.pattern.finditer(text)]
        assert anchored == full


def test_copyright_symbol_words_are_never_the_anchor():
    template = compile_template("&copy; {author}, Global Research")
    assert template.anchor.pattern == "research"
    (match,) = template.finditer("© Jane Doe, Global Research")
    assert match.values["author"][0] == "Jane Doe"


def test_publisher_placeholder_matches_the_publishers_names():
    names = ("Global Research", "Centre for Research on Globalization", "globalresearch.ca",
             "www.globalresearch.ca")
    template = compile_template("The original source of this article is {publisher}.", names)
    assert template.example == "The original source of this article is Global Research."
    assert template.anchor.pattern == "original"  # the longest word, first in order
    for name in ("Global Research", "www.GlobalResearch.ca", "Centre for Research on Globalization"):
        assert len(list(template.finditer(f"The original source of this article is {name}."))) == 1
    assert list(template.finditer("The original source of this article is my uncle.")) == []
    # Without names, {publisher} captures.
    (match,) = compile_template("Published by {publisher}").finditer("Published by Acme Press")
    assert match.values["publisher"][0] == "Acme Press"


GR_NAMES = ("Global Research", "GlobalResearch.ca", "globalresearch.ca", "www.globalresearch.ca")
GR_COPYRIGHT = ("Copyright © (({author}(,| and| &) )?{publisher}((,)? {year})?\n"
                "|{year} ({author}(,| and| &) )?{publisher})")


def test_spaces_next_to_a_bar_are_kept():
    """'(,| and| &)': "and" is a word of its own, not the end of a name."""
    template = compile_template(GR_COPYRIGHT, GR_NAMES)
    assert list(template.finditer("Copyright © Kate Holland Global Research")) == []
    (match,) = template.finditer("Copyright © Kate Holland and Global Research, 2020")
    assert match.values["author"][0] == "Kate Holland"
    assert spans("(a| b) c", "a c") == [(0, 3)]
    assert spans("(a| b) c", "b c") == []


def test_line_breaks_next_to_bars_and_brackets_are_layout():
    layout = "(\n  Reposted from\n  |Reprinted from\n) Global Research"
    assert spans(layout, "Reprinted from Global Research") == [(0, 30)]
    assert spans("Reposted\n   from Global Research", "Reposted from Global Research") == [(0, 29)]
    assert spans("Reposted\n(from)\nGlobal Research", "Reposted from Global Research") == []


def test_a_line_break_that_leaves_a_choice_empty_is_an_empty_choice():
    with pytest.raises(TemplateError) as error:
        compile_template("(Via\n|\n) Global Research")
    assert "empty choice" in str(error.value) and error.value.offset == 6


def test_copyright_entity_left_in_the_text_counts_as_the_sign():
    template = compile_template(GR_COPYRIGHT, GR_NAMES)
    (match,) = template.finditer("&copy; Stephen Lendman, Global Research, 2021")
    assert match.values["author"][0] == "Stephen Lendman"
    (match,) = template.finditer("Copyright &COPY; 2021 Stephen Lendman, Global Research")
    assert match.values["year"][0] == "2021"


def test_a_wrapped_line_after_the_copyright_sign_still_matches():
    template = compile_template(GR_COPYRIGHT, GR_NAMES)
    (match,) = template.finditer("Copyright ©\nStephen Lendman, Global Research, 2021")
    assert match.values["author"][0] == "Stephen Lendman"
    assert list(template.finditer("Copyright ©\n\nStephen Lendman, Global Research, 2021")) == []


@pytest.mark.parametrize("template", [
    "(Source: {publisher})?",
    "(a)?(b)?",
    "^",
    "{author} {title}",
    "Global Research .*",
    "Global Research+",
    "[A-Z] Global Research",
    "Global \\w Research",
    "(" * 80 + "Global Research" + ")?" * 80,
    "(" * 2000 + "a" + ")" * 2000,
    "Global Research " * 300,
    "{author}{year} Global Research",
])
def test_templates_that_would_misbehave_are_errors(template):
    with pytest.raises(TemplateError) as error:
        compile_template(template, GR_NAMES)
    assert 0 <= error.value.offset <= len(template)


def test_deep_nesting_and_length_are_clean_errors_with_offsets():
    with pytest.raises(TemplateError) as error:
        compile_template("(a " * 80 + "b" + ")?" * 80)
    assert "nested more than 12" in str(error.value) and error.value.offset == 36
    with pytest.raises(TemplateError) as error:
        compile_template("word " * 1000)
    assert "longer than 4000" in str(error.value)


def test_the_bundled_rules_wordiest_templates_still_compile():
    compile_template(GR_COPYRIGHT, GR_NAMES)
    compile_template("(Written|Published|Posted|Produced) (by {author} )?for {publisher}", GR_NAMES)
    compile_template("Copyright © ({author}, )?{publisher}((,)? {year})?")


def test_dots_of_words_domains_and_final_stops_are_not_regex():
    assert spans("Via U.S. Global Research.", "via U.S. Global Research") == [(0, 24)]
    assert spans("Source: globalresearch.ca", "Source: globalresearch.ca") == [(0, 25)]
    assert spans(r"Source \. Global Research", "Source . Global Research") == [(0, 24)]


def test_whatever_the_template_only_template_errors_escape():
    """Seeded random templates: each compiles or is a TemplateError."""
    import random

    pieces = list("ab ()[]{}|?^\\*+.,;:-©\n") + [
        "{author}", "{year}", "{publisher}", "Copyright", "(c)", "&copy;", "](", "({url})"]
    rng = random.Random(5)
    for _ in range(3000):
        template = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        try:
            compile_template(template, GR_NAMES)
        except TemplateError as error:
            assert 0 <= error.offset <= len(template.strip()), template


# -- anchors searched in the lower-cased text ----------------------------------

@functools.cache
def _bundled_templates():
    from attriblint.rules import bundled_rules_dir, load_rules, rule_files

    return [template for rule in load_rules(rule_files([str(bundled_rules_dir())]))
            for template in (*rule.detect_phrases,
                             *(t for r in rule.requirements for t in r.templates.values()))]


def test_words_with_an_ascii_fold_are_never_searched_lower_cased():
    from attriblint.template import _anchor_folds

    assert _anchor_folds({"research", "original"}) == "ıſ"
    assert _anchor_folds({"ſeal"}) is None  # "ſ" folds with "s", which is everywhere
    assert _anchor_folds({"Research"}) is None


def test_lower_casing_finds_what_a_case_insensitive_search_finds_for_every_character():
    """Wherever the fast path is taken (the lower-cased text holds none of
    the template's folds), a character of the text matches a letter of an
    anchor word case-insensitively exactly when its lower case is that
    letter: checked for every character of the BMP against every letter of
    every bundled anchor word."""
    from attriblint.template import _lowered

    templates = [t for t in _bundled_templates() if t.lower_anchor is not None]
    assert len(templates) > 20
    cases = {(ch, t.anchor_folds) for t in templates for ch in t.lower_anchor.pattern
             if ch.isalnum()}
    assert ("e", "ıſ") in cases
    every = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF)
    lower = {ch: _lowered(ch) for ch in every}
    by_lower: dict[str, set[str]] = {}
    for ch, lowered in lower.items():
        by_lower.setdefault(lowered, set()).add(ch)
    for letter, folds in cases:
        def fast(ch: str) -> bool:
            return lower[ch] is not None and not any(fold in lower[ch] for fold in folds)
        matched = set(re.findall(re.escape(letter), every, re.IGNORECASE))
        assert {ch for ch in matched if fast(ch)} == \
            {ch for ch in by_lower.get(letter, ()) if fast(ch)}, letter


@pytest.mark.parametrize("text", [
    "The original source of this article is Global Research.",
    "THE ORIGINAL SOURCE OF THIS ARTICLE IS GLOBAL RESEARCH.",
    "The original ſource of this article is Global Reſearch.",  # long s
    "The orıgınal source of thıs artıcle ıs Global Research.",  # dotless i
    "The orİgİnal source of thİs artİcle İs Global Research.",  # dotted capital I
    "The original source of this article is Global Research (\u212a).",  # Kelvin sign
    "Σ before: the original source of this article is Global Research.",
    "µ and the original source of this article is Global Research.",
])
def test_anchored_search_finds_every_match_a_full_scan_finds(text):
    checked = 0
    for template in _bundled_templates():
        if template.anchor is None:
            continue
        expected = [m.span() for m in template.pattern.finditer(text)]
        assert [m.span() for m in template._matches(text)] == expected, template.source
        checked += 1
    assert checked > 20
