"""Suppressions (front matter and attriblint- comments) on realistic posts.

Each test lints a real post with every bundled rule, then passes the
findings through ``suppress.apply`` with the post's Document, as the
linter does after the kinds' checks.
"""

import re
import textwrap
from pathlib import Path

import pytest

import attriblint.lint
from hypothesis import given, settings
from hypothesis import strategies as st

from attriblint.findings import Finding
from attriblint.kinds import codes as all_codes
from attriblint.readers import read_document
from attriblint.suppress import CODES, apply

from .conftest import codes

URL = "https://www.globalresearch.ca/the-price-of-cheap-shipping/5790311"
# A Jekyll post whose author field names the blogger, not the original's
# author: the copyright line then gets AL302 (a warning) on line 12, and the
# post has no credit line (AL101) nor link (AL201), both at source_url, line 4.
FRONT = f"""\
---
title: "The Price of Cheap Shipping"
date: 2022-08-02
source_url: {URL}
author: Sam Whitaker
---
"""
BODY = """\
Freight rates tripled in a year and fell back as fast.

Ports paid for it.

"""
COPYRIGHT = "Copyright © Marta Kovač, Global Research, 2022\n"
BASELINE = [(4, 1, "AL101"), (4, 1, "AL201"), (12, 13, "AL302")]


@pytest.fixture
def lint(lint, monkeypatch):
    """The conftest linter's findings before any suppression: the tests here
    apply suppressions themselves (``test_the_linter_applies_suppressions``
    checks that the linter does)."""
    monkeypatch.setattr(attriblint.lint.suppress, "apply",
                        lambda document, findings, report_unused: findings)
    return lint


@pytest.fixture
def run(lint):
    """Lint ``text`` and apply its suppressions; returns the findings."""
    def run_(text: str, kind: str = "markdown", path: str = "post.md",
             report_unused: bool = False) -> list[Finding]:
        document = read_document(path, kind, text)
        return apply(document, lint(text, kind, path), report_unused)
    return run_


def test_the_linter_applies_suppressions(linter):
    text = FRONT + BODY + "<!-- attriblint-disable-file AL302 -->\n" + COPYRIGHT
    found = linter.lint_bytes("post.md", "markdown", text.encode("utf-8"))
    assert codes(found) == [(4, 1, "AL101"), (4, 1, "AL201"), (11, 1, "AL010")]


def test_the_post_has_the_findings_the_other_tests_silence(lint):
    assert codes(lint(FRONT + BODY + "\n" + COPYRIGHT)) == BASELINE


# -- disable ... enable ------------------------------------------------------

def test_a_disable_with_a_reason_silences_only_its_code_on_its_lines(run):
    text = (FRONT + BODY + "<!-- attriblint-disable AL302 -- Sam is our editor -->\n\n"
            + COPYRIGHT + "\n<!-- attriblint-enable AL302 -->\n")
    assert codes(run(text)) == [(4, 1, "AL101"), (4, 1, "AL201")]


def test_a_region_that_ends_before_the_finding_silences_nothing(run):
    text = (FRONT + "<!-- attriblint-disable AL302 -- Sam is our editor -->\n" + BODY
            + "<!-- attriblint-enable AL302 -->\n\n" + COPYRIGHT)
    assert codes(run(text)) == [(4, 1, "AL101"), (4, 1, "AL201"), (14, 13, "AL302")]


def test_a_disable_never_enabled_runs_to_the_end_of_the_file(run):
    text = FRONT + "<!-- attriblint-disable AL302 -- Sam is our editor -->\n" + BODY \
        + "\n" + COPYRIGHT
    assert codes(run(text)) == [(4, 1, "AL101"), (4, 1, "AL201")]


def test_a_disable_without_a_reason_still_silences_but_is_reported(run):
    text = FRONT + BODY + "<!-- attriblint-disable AL302 -->\n\n" + COPYRIGHT
    found = run(text)
    assert codes(found) == [(4, 1, "AL101"), (4, 1, "AL201"), (11, 1, "AL010")]
    problem = found[-1]
    assert (problem.end_line, problem.end_column) == (11, 34)
    assert (problem.rule, problem.kind, problem.severity) == \
        ("attriblint", "suppression", "warning")
    assert "no reason" in problem.message


@pytest.mark.parametrize("reason", ["--", "--   ", ""])
def test_an_empty_reason_is_no_reason(run, reason):
    text = FRONT + BODY + f"<!-- attriblint-disable AL302 {reason}-->\n\n" + COPYRIGHT
    assert [f.code for f in run(text)] == ["AL101", "AL201", "AL010"]


def test_kind_names_silence_every_code_of_their_kind(run):
    text = (FRONT + "<!-- attriblint-disable-file credit, copyright -- reviewed by legal -->\n"
            + BODY + COPYRIGHT)
    assert codes(run(text)) == [(4, 1, "AL201")]


def test_codes_and_kind_names_are_case_insensitive_and_space_or_comma_separated(run):
    text = (FRONT + "<!-- attriblint-disable-file al101 ,LINK  Copyright -- reviewed -->\n"
            + BODY + COPYRIGHT)
    assert run(text) == []


def test_a_disable_naming_no_codes_silences_every_code(run):
    text = FRONT + BODY + "<!-- attriblint-disable -- syndicated by agreement -->\n" + COPYRIGHT
    assert codes(run(text)) == [(4, 1, "AL101"), (4, 1, "AL201")]


def test_an_enable_closes_only_the_codes_it_names(run):
    text = (FRONT + BODY + "<!-- attriblint-disable AL302, AL301 -- our editor -->\n"
            "<!-- attriblint-enable AL302 -->\n" + COPYRIGHT)
    assert [f.code for f in run(text)] == ["AL101", "AL201", "AL302"]


def test_an_enable_naming_no_codes_closes_every_open_disable(run):
    text = (FRONT + BODY + "<!-- attriblint-disable AL302 -- our editor -->\n"
            "<!-- attriblint-disable copyright -- our editor -->\n"
            "<!-- attriblint-enable -->\n" + COPYRIGHT)
    assert [f.code for f in run(text)] == ["AL101", "AL201", "AL302"]


def test_overlapping_regions_each_silence_their_own_lines(run):
    text = (FRONT + BODY
            + "<!-- attriblint-disable AL302 -- Sam is our editor -->\n"  # line 11
            + "<!-- attriblint-disable copyright -- licensed in writing -->\n"  # 12
            + "<!-- attriblint-enable AL302 -->\n"  # 13
            + COPYRIGHT  # 14: silenced by the kind's region
            + "<!-- attriblint-enable copyright -->\n")
    assert [f.code for f in run(text)] == ["AL101", "AL201"]
    # The AL302 region ended before the copyright line: it silenced nothing.
    assert codes(run(text, report_unused=True)) == \
        [(4, 1, "AL101"), (4, 1, "AL201"), (11, 25, "AL011")]


# -- next line, file ----------------------------------------------------------

def test_disable_next_line_skips_blank_lines(run):
    text = (FRONT + BODY + "<!-- attriblint-disable-next-line AL302 -- Sam is our editor -->\n"
            "\n   \n" + COPYRIGHT)
    assert [f.code for f in run(text)] == ["AL101", "AL201"]


def test_disable_next_line_covers_one_line_only(run):
    text = (FRONT + "<!-- attriblint-disable-next-line AL302 -- Sam is our editor -->\n"
            + BODY + COPYRIGHT)
    assert codes(run(text)) == [(4, 1, "AL101"), (4, 1, "AL201"), (12, 13, "AL302")]


def test_disable_next_line_counts_from_the_end_of_a_comment_on_several_lines(run):
    text = (FRONT + BODY + "<!-- attriblint-disable-next-line AL302\n"
            "     -- Sam Whitaker is our editor, not the author -->\n" + COPYRIGHT)
    assert [f.code for f in run(text)] == ["AL101", "AL201"]


def test_disable_file_anywhere_covers_the_front_matter_too(run):
    text = FRONT + BODY + COPYRIGHT + "\n<!-- attriblint-disable-file AL101 -- credited in " \
        "the newsletter that links here -->\n"
    assert [f.code for f in run(text)] == ["AL201", "AL302"]


# -- front matter -----------------------------------------------------------

def front_post(attriblint: str) -> str:
    front = FRONT[:-4] + textwrap.dedent(attriblint) + "---\n"
    return front + BODY + COPYRIGHT


def test_front_matter_ignore_silences_the_whole_file(run):
    text = front_post("""\
        attriblint:
          ignore: [AL302, credit]
          reason: "Sam Whitaker is our editor; the credit is in the newsletter"
        """)
    assert codes(run(text)) == [(4, 1, "AL201")]


def test_front_matter_ignore_may_be_one_string(run):
    text = front_post('attriblint: {ignore: AL302, reason: "Sam is our editor"}\n')
    assert [f.code for f in run(text)] == ["AL101", "AL201"]


def test_front_matter_without_a_reason_points_at_its_key(run):
    text = front_post("attriblint:\n  ignore: [AL302]\n")
    found = run(text)
    assert codes(found) == [(4, 1, "AL101"), (4, 1, "AL201"), (6, 1, "AL010")]
    assert (found[-1].end_line, found[-1].end_column) == (6, 11)


@pytest.mark.parametrize("value, where, words", [
    ("attriblint: [AL302]\n", (6, 1), "must be a mapping"),
    ("attriblint: AL302\n", (6, 1), "must be a mapping"),
    ("attriblint:\n  ignore: {AL302: true}\n  reason: x\n", (6, 1), "ignore must be"),
    ("attriblint:\n  reason: our editor\n", (6, 1), "no ignore"),
    ("attriblint:\n  ignore: [AL302]\n  reasons: our editor\n", (8, 3), "did you mean reason"),
    ("attriblint:\n  ignore: [AL302]\n  reason: 2024\n", (8, 3), "must be text"),
])
def test_front_matter_of_the_wrong_shape_is_malformed(run, value, where, words):
    found = [f for f in run(front_post(value)) if f.code == "AL012"]
    assert [(f.line, f.column) for f in found] == [where]
    assert words in found[0].message


def test_an_unknown_name_in_front_matter_points_at_the_item(run):
    text = front_post('attriblint: {ignore: [AL302, imagez], reason: "our editor"}\n')
    found = run(text)
    assert codes(found) == [(4, 1, "AL101"), (4, 1, "AL201"), (6, 30, "AL012")]
    assert found[-1].message.endswith("'imagez'; did you mean images?")


def test_front_matter_in_toml_works_too(run):
    text = (f'+++\ntitle = "The Price of Cheap Shipping"\ndate = 2022-08-02\n'
            f'source_url = "{URL}"\nauthor = "Sam Whitaker"\n\n'
            '[attriblint]\nignore = ["AL302"]\nreason = "Sam is our editor"\n+++\n'
            + BODY + COPYRIGHT)
    assert [f.code for f in run(text)] == ["AL101", "AL201"]


# -- what is not a suppression -------------------------------------------------

def test_comments_in_code_are_not_suppressions(run):
    body = (BODY + "To silence it, write:\n\n```html\n"
            "<!-- attriblint-disable-file -- example -->\n```\n\n"
            "or `<!-- attriblint-disable-file -->` inline.\n\n"
            "    <!-- attriblint-disable-file -->\n\n")
    text = FRONT + body + COPYRIGHT
    assert read_document("post.md", "markdown", text).comments == []
    assert [f.code for f in run(text)] == ["AL101", "AL201", "AL302"]


def test_other_comments_are_left_alone(run):
    text = FRONT + BODY + "<!-- more -->\n<!-- attriblint is great -->\n" + COPYRIGHT
    assert [f.code for f in run(text, report_unused=True)] == ["AL101", "AL201", "AL302"]


def test_a_misspelt_directive_silences_nothing_and_is_reported(run):
    text = FRONT + BODY + "<!-- attriblint-disabel AL302 -- our editor -->\n" + COPYRIGHT
    found = run(text)
    assert codes(found) == BASELINE[:2] + [(11, 1, "AL012"), (12, 13, "AL302")]
    assert "did you mean attriblint-disable?" in found[2].message


def test_an_unknown_code_silences_nothing_and_is_reported_where_it_is_written(run):
    text = FRONT + BODY + "<!-- attriblint-disable AL3O2 -- our editor -->\n" + COPYRIGHT
    found = run(text)
    assert codes(found) == BASELINE[:2] + [(11, 25, "AL012"), (12, 13, "AL302")]
    assert (found[2].end_line, found[2].end_column) == (11, 30)
    assert found[2].message.endswith("'AL3O2'; did you mean AL302?")


def test_one_unknown_name_leaves_the_others_working(run):
    text = FRONT + BODY + "<!-- attriblint-disable AL302 imagez -- ours -->\n" + COPYRIGHT
    assert codes(run(text)) == BASELINE[:2] + [(11, 31, "AL012")]


def test_an_enable_with_no_open_disable_is_malformed(run):
    text = (FRONT + BODY + COPYRIGHT
            + "<!-- attriblint-enable AL302 -->\n<!-- attriblint-enable -->\n")
    assert codes(run(text)) == [(4, 1, "AL101"), (4, 1, "AL201"), (11, 13, "AL302"),
                                (12, 24, "AL012"), (13, 1, "AL012")]


def test_input_errors_are_never_suppressed(run, lint):
    text = FRONT + BODY + COPYRIGHT + "<!-- attriblint-disable-file -- nothing to see -->\n"
    document = read_document("post.md", "markdown", text)
    internal = Finding("post.md", 1, 1, "AL009", "attriblint", "input", "error", "a bug")
    assert apply(document, lint(text) + [internal], False) == [internal]
    naming = text.replace("disable-file --", "disable-file AL009 --")
    assert [f.code for f in run(naming)] == [c for _, _, c in BASELINE] + ["AL012"]


# -- unused -------------------------------------------------------------------

def test_unused_suppressions_are_reported_only_when_asked(run):
    text = (FRONT + "<!-- attriblint-disable-next-line AL101, AL302 -- credited below -->\n"
            + BODY + COPYRIGHT)
    assert codes(run(text)) == BASELINE
    found = run(text, report_unused=True)
    assert codes(found) == [(4, 1, "AL101"), (4, 1, "AL201"), (7, 35, "AL011"),
                            (7, 42, "AL011"), (12, 13, "AL302")]
    assert "AL101" in found[2].message and "AL302" in found[3].message


def test_a_used_suppression_is_not_reported_as_unused(run):
    text = front_post('attriblint: {ignore: [AL302, AL202], reason: "Sam is our editor"}\n')
    assert codes(run(text, report_unused=True)) == \
        [(4, 1, "AL101"), (4, 1, "AL201"), (6, 30, "AL011")]


def test_an_unused_suppression_of_every_code_points_at_the_comment(run):
    text = FRONT + "<!-- attriblint-disable-next-line -- nothing here -->\n\n" + BODY + COPYRIGHT
    found = [f for f in run(text, report_unused=True) if f.code == "AL011"]
    assert codes(found) == [(7, 1, "AL011")]
    assert "every code" in found[0].message


# -- HTML, CRLF, plain text ---------------------------------------------------

PAGE = f"""\
<!DOCTYPE html>
<html><head>
<link rel="canonical" href="{URL}">
<meta name="author" content="Sam Whitaker">
</head>
<body><article>
<p>Freight rates tripled in a year and fell back as fast.</p>
<p>The original source of this article is <a href="{URL}">Global Research</a>.</p>
<!-- SUPPRESSION -->
<p>Copyright © Marta Kovač, Global Research, 2022</p>
</article></body></html>
"""


def test_an_html_page_is_silenced_by_its_comments(run, lint):
    assert codes(lint(PAGE, "html", "page.html")) == [(10, 16, "AL302")]
    page = PAGE.replace("SUPPRESSION", "attriblint-disable-next-line AL302 -- Sam edits")
    assert run(page, "html", "page.html") == []
    unreasoned = PAGE.replace("SUPPRESSION", "attriblint-disable-next-line copyright")
    assert codes(run(unreasoned, "html", "page.html")) == [(9, 1, "AL010")]


def test_crlf_files_get_the_same_lines_and_columns(run):
    text = FRONT + BODY + "<!-- attriblint-disable AL302 -->\n\n" + COPYRIGHT \
        + "<!-- attriblint-disable-next-line AL999 -- x -->\n\n" + "Ports.\n"
    lf = run(text)
    crlf = run(text.replace("\n", "\r\n"))
    assert codes(crlf) == codes(lf) == \
        [(4, 1, "AL101"), (4, 1, "AL201"), (11, 1, "AL010"), (14, 35, "AL012")]
    assert [(f.end_line, f.end_column) for f in crlf] == [(f.end_line, f.end_column) for f in lf]


def test_plain_text_has_no_comments_to_suppress_with(run):
    text = ("The original source of this article is Global Research.\n\n"
            "<!-- attriblint-disable-file -- not in a text file -->\n\n"
            "Copyright © Marta Kovač, Global Research, 2021\n")
    document = read_document("post.txt", "text", text)
    assert document.comments == [] and document.meta == {}
    findings = [Finding("post.txt", 5, 1, "AL302", "globalresearch", "copyright", "warning", "x")]
    assert apply(document, findings, True) is findings


def test_a_document_without_suppressions_gets_its_findings_back_untouched(lint):
    text = FRONT + BODY + "<!-- more -->\n" + COPYRIGHT
    findings = lint(text)
    assert apply(read_document("post.md", "markdown", text), findings, True) is findings


# -- the codes ----------------------------------------------------------------

def test_the_codes_are_documented_in_the_house_style():
    assert [c.code for c in CODES] == ["AL010", "AL011", "AL012"]
    for code in CODES:
        assert code.code not in all_codes() or all_codes()[code.code] is code
        assert code.doc.startswith("Why it matters:")
        assert "Fails" in code.doc and "Passes:" in code.doc and "\nHow to fix: " in code.doc


DOCS = Path(__file__).parent.parent / "docs" / "suppressions.md"


def doc_examples() -> list[tuple[str, str]]:
    """The (language, text) of each markdown, toml and html block of the docs."""
    blocks = re.findall(r"^```(markdown|toml|html)\n(.*?)^```$", DOCS.read_text("utf-8"),
                        re.MULTILINE | re.DOTALL)
    return [(language, "+++\n" + text + "+++\n" if language == "toml" else text)
            for language, text in blocks]


def test_the_docs_have_examples_of_every_form():
    text = "".join(example for _, example in doc_examples())
    assert [language for language, _ in doc_examples()].count("html") >= 2
    for form in ("attriblint:", "[attriblint]", "attriblint-disable ", "attriblint-enable ",
                 "attriblint-disable-next-line ", "attriblint-disable-file "):
        assert form in text


@pytest.mark.parametrize("language, text", doc_examples())
def test_the_docs_examples_are_suppressions_with_reasons(language, text):
    kind = "html" if language == "html" else "markdown"
    document = read_document("example." + ("html" if kind == "html" else "md"), kind, text)
    reported = {f.code for f in apply(document, [], report_unused=True)}
    assert reported == {"AL011"}  # read as suppressions, none malformed or without reason


# -- any comment at all --------------------------------------------------------

WORDS = st.sampled_from(["attriblint-disable", "attriblint-enable", "attriblint-disable-file",
                         "attriblint-disable-next-line", "attriblint-", "AL302", "al101",
                         "AL009", "AL3O2", "copyright", "credit", "--", ",", " ", "\n", "\r\n",
                         "reason", "-", ">", "&amp;"])
COMMENTS = st.lists(st.lists(WORDS, max_size=8).map("".join), max_size=6)


@given(comments=COMMENTS, lines=st.lists(st.integers(1, 40), max_size=5),
       report_unused=st.booleans())
@settings(max_examples=300, deadline=None)
def test_any_comments_give_a_subset_of_the_findings_and_suppression_findings(
        comments, lines, report_unused):
    for kind in ("markdown", "html"):
        text = "".join(f"Line {i}.\n\n<!--{c}-->\n\n" for i, c in enumerate(comments))
        document = read_document("post." + ("md" if kind == "markdown" else "html"), kind, text)
        findings = sorted([Finding(document.path, line, 1, "AL302", "globalresearch",
                                   "copyright", "warning", "m") for line in lines]
                          + [Finding(document.path, 1, 1, "AL001", "attriblint", "input",
                                     "error", "m")])
        result = apply(document, findings, report_unused)
        assert result == sorted(result)
        assert findings[0] in result  # the input error is never silenced
        for finding in result:
            if finding not in findings:
                assert finding.kind == "suppression"
                assert finding.code in ("AL010", "AL011", "AL012")
                assert 1 <= finding.line <= text.count("\n") + 1
        if not report_unused:
            assert "AL011" not in {f.code for f in result}


MDX_POST = FRONT + """\
import Note from '../components/Note.astro';

Freight rates tripled in a year and fell back as fast.

{/* attriblint-disable-next-line AL302 -- the copyright line is the original's */}
""" + COPYRIGHT


def test_mdx_comments_hold_suppressions(linter):
    """MDX has no HTML comments (<!-- --> does not compile): {/* */} is where
    a suppression goes in an .mdx post, and only there."""
    found = linter.lint_bytes("post.mdx", "markdown", MDX_POST.encode("utf-8"))
    assert "AL302" not in [f.code for f in found]
    as_markdown = linter.lint_bytes("post.md", "markdown", MDX_POST.encode("utf-8"))
    assert "AL302" in [f.code for f in as_markdown]  # in Markdown it is text


@pytest.mark.parametrize("path, hidden", [
    ("post.mdx", "{/* TODO <!-- attriblint-disable-file -- draft --> */}"),
    ("post.md", "{# <!-- attriblint-disable-file -- draft --> #}"),  # Nunjucks (Eleventy)
    ("post.md", "{% comment %}<!-- attriblint-disable-file -- draft -->{% endcomment %}"),
    ("post.md", "{{/* <!-- attriblint-disable-file -- draft --> */}}"),  # Hugo
])
def test_a_suppression_inside_a_template_comment_is_commented_out(linter, path, hidden):
    text = FRONT + BODY + hidden + "\n\n" + COPYRIGHT
    found = linter.lint_bytes(path, "markdown", text.encode("utf-8"))
    assert [f.code for f in found] == ["AL101", "AL201", "AL302"]


OWN_POST = """\
---
title: Notes from the allotment
---

The beans came up at last.

<!-- attriblint-disabel AL302 -- the footer is the original's -->
<!-- attriblint-disable AL101 -- was a repost once -->
"""


def test_suppressions_are_checked_in_posts_no_rule_applies_to(tmp_path):
    """A post that names no publisher is not parsed for the rules, but its
    suppressions are still read: a typo or a stale one is reported."""
    from attriblint.lint import Linter
    from attriblint.rules import bundled_rules_dir, load_rules, rule_files
    from attriblint.settings import Settings

    rules = load_rules(rule_files([str(bundled_rules_dir())]))
    data = OWN_POST.encode("utf-8")
    found = Linter.from_rules(rules).lint_bytes("own.md", "markdown", data)
    assert codes(found) == [(7, 1, "AL012")]
    unused = Settings(select=("AL010", "AL011", "AL012"))  # as --report-unused-suppressions
    found = Linter.from_rules(rules, settings=unused).lint_bytes("own.md", "markdown", data)
    assert codes(found) == [(7, 1, "AL012"), (8, 25, "AL011")]
