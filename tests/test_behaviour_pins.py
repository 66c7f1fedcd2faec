"""Behaviour that users rely on, pinned so that a change to it fails a test.

Each test here was written against a mutant that the rest of the suite let
through (see benchmarks/mutation.md): a change to the code that alters what
a user sees, yet broke no test.  They are grouped by the behaviour they pin:
which rule's requirements are errors and which warnings, which of several
matching lines is judged, what makes a detection phrase count, and what a
missing or wrong link reports.
"""

import textwrap

import pytest

from attriblint.cli import main
from attriblint.lint import Linter
from attriblint.rules import load_rules

from .conftest import codes

URL = "https://www.globalresearch.ca/the-price-of-cheap-shipping/5790311"
OTHER_ARTICLE = "https://www.globalresearch.ca/ports-and-power/5812004"
STORY = "https://citydesk.org/2024/03/water-rights/"

# A ProPublica-style publisher: the credit must *link* the publisher's name
# to the original story, and a line saying so is how a repost is recognised.
CITYDESK = """\
id: citydesk
publisher: City Desk ABQ
terms: https://citydesk.org/about/republishing-our-work/
domains: [citydesk.org]
article_urls: ['/\\d{4}/\\d\\d/[\\w-]+/?$']
detect:
  phrases:
    - "^This story was originally published by [City Desk ABQ]({article_url})"
requires:
  - credit: "This story was originally published by [City Desk ABQ]({article_url})."
  - link: article
  - copyright: "Copyright © {year} City Desk ABQ"
"""


def post(front: str, body: str) -> str:
    """A Markdown post with YAML front matter."""
    return "---\n" + textwrap.dedent(front).strip() + "\n---\n" + textwrap.dedent(body)


FRONT = f"""\
title: "The Price of Cheap Shipping"
date: 2022-08-02
source_url: {URL}
original_date: 2022-07-29
original_author: Marta Kovač
"""
BODY = "Freight rates tripled in a year and fell back as fast.\n"
CREDIT = f"\nThe original source of this article is [Global Research]({URL}).\n"
COPYRIGHT = "\nCopyright © Marta Kovač, Global Research, 2022\n"


@pytest.fixture
def lint_with_rule(tmp_path):
    """Lint Markdown text against one rule file's text (no bundled rules)."""
    def run(rule_text: str, text: str):
        rule = tmp_path / "rule.yaml"
        rule.write_text(rule_text, encoding="utf-8")
        linter = Linter.from_rules(load_rules([rule]))
        return linter.lint_bytes("post.md", "markdown", text.encode("utf-8"))
    return run


# --- Severity: a requirement's "severity:" decides error or warning --------

def with_severity(rule_text: str, kind: str, severity: str) -> str:
    """The rule with ``severity:`` added to its requirement of ``kind``."""
    lines = []
    for line in rule_text.splitlines():
        lines.append(line)
        if line.startswith(f"  - {kind}:"):
            lines.append(f"    severity: {severity}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind, code", [("credit", "AL101"), ("link", "AL201"),
                                        ("copyright", "AL301")])
def test_a_requirement_marked_warning_reports_warnings(lint_with_rule, kind, code):
    """A publisher who only *asks* for part of the credit marks that
    requirement ``severity: warning``; only that part's finding is a warning."""
    front = f"source_url: {STORY}"
    found = lint_with_rule(with_severity(CITYDESK, kind, "warning"),
                           post(front, "Farmers along the Rio Grande ...\n"))
    assert [(f.code, f.severity) for f in found] == [
        (c, "warning" if c == code else "error") for c in ("AL101", "AL201", "AL301")]


def test_a_copyright_mismatch_under_a_warning_requirement_is_a_warning(lint_with_rule):
    """The year check inherits the requirement's severity, not a fixed one."""
    rule = with_severity(CITYDESK, "copyright", "warning")
    text = post(f"source_url: {STORY}\noriginal_date: 2024-03-02",
                f"This story was originally published by [City Desk ABQ]({STORY}).\n\n"
                "Copyright © 2023 City Desk ABQ\n")
    (finding,) = lint_with_rule(rule, text)
    assert (finding.line, finding.column, finding.code, finding.severity) == \
        (7, 13, "AL303", "warning")
    assert finding.message == "copyright year is 2023, but original_date says 2024"


def test_warnings_alone_exit_zero_and_are_printed(tmp_path, capsys):
    """Warnings are shown but never fail a commit."""
    rule = tmp_path / "citydesk.yaml"
    warnings_only = CITYDESK
    for kind in ("credit", "link", "copyright"):
        warnings_only = with_severity(warnings_only, kind, "warning")
    rule.write_text(warnings_only, encoding="utf-8")
    page = tmp_path / "post.md"
    page.write_text(post(f"source_url: {STORY}", "Farmers along the Rio Grande ...\n"),
                    encoding="utf-8")
    assert main(["check", "--no-bundled-rules", "--rules", str(rule), str(page)]) == 0
    out = capsys.readouterr().out
    assert out.count(" AL") == 3 and "AL101" in out and "AL301" in out


# --- Copyright: of several matching lines, the one that agrees best --------

def test_a_quoted_footer_of_another_article_before_the_own_line_is_fine(lint):
    """Reposts often quote a related article's footer; the post's own
    copyright line, later on, is the one that agrees with the metadata."""
    other = "\nCopyright © Ivan Petrović, Global Research, 2019\n"
    assert lint(post(FRONT, BODY + other + CREDIT + COPYRIGHT)) == []
    assert lint(post(FRONT, BODY + CREDIT + COPYRIGHT + other)) == []


def test_when_no_line_agrees_the_closest_one_is_reported(lint):
    """Two wrong lines: the one with fewer disagreements is reported, at its
    own position (wrong author *and* year on line 10, only the year on 14)."""
    worse = "\nCopyright © Ivan Petrović, Global Research, 2019\n"
    closer = "\nCopyright © Marta Kovač, Global Research, 2021\n"
    found = lint(post(FRONT, BODY + worse + CREDIT + closer))
    assert [(f.line, f.column, f.code, f.message) for f in found] == [
        (14, 43, "AL303", "copyright year is 2021, but original_date says 2022")]


# --- Credit: of several matching lines, a linked one satisfies the terms ---

LINKED = f"This story was originally published by [City Desk ABQ]({STORY}).\n"
UNLINKED = "This story was originally published by City Desk ABQ.\n"


@pytest.mark.parametrize("first, second", [(LINKED, UNLINKED), (UNLINKED, LINKED)])
def test_one_properly_linked_credit_line_is_enough(lint_with_rule, first, second):
    """A post carrying the credit twice (top and bottom) meets the terms if
    either carries the link, whichever comes first."""
    text = post(f"source_url: {STORY}",
                first + "\nFarmers along the Rio Grande ...\n\n" + second
                + "\nCopyright © 2024 City Desk ABQ\n")
    assert lint_with_rule(CITYDESK, text) == []


def test_of_several_unlinked_credit_lines_the_first_is_reported(lint_with_rule):
    """One finding, at the first credit line a reader meets (the post links
    to the story elsewhere, so the link requirement itself is met)."""
    text = post(f"source_url: {STORY}",
                UNLINKED + f"\nFarmers along the Rio Grande ([full story]({STORY})).\n\n"
                + UNLINKED + "\nCopyright © 2024 City Desk ABQ\n")
    (finding,) = lint_with_rule(CITYDESK, text)
    assert (finding.line, finding.column, finding.end_column, finding.code) == \
        (4, 40, 53, "AL102")
    assert finding.message == (f'credit line found, but "City Desk ABQ" is not a link to '
                               f'the original article ({STORY})')


# --- Detection: a phrase's [words](target) parts must really be links -----

def test_a_detection_phrase_with_a_link_part_needs_the_link(lint_with_rule):
    """Without metadata, "originally published by [City Desk ABQ](story)"
    marks a repost only when the words link to a story: the same words in
    plain text, or linked to another site, are a mention."""
    body = "Farmers along the Rio Grande ...\n\n{credit}\n"
    linked = post("title: Water", body.format(credit=LINKED))
    (finding,) = lint_with_rule(CITYDESK, linked)
    assert (finding.line, finding.column, finding.code) == (6, 1, "AL301")
    assert finding.message.endswith(
        'because it says "This story was originally published by City Desk ABQ.")')
    assert lint_with_rule(CITYDESK, post("title: Water", body.format(credit=UNLINKED))) == []
    elsewhere = LINKED.replace(STORY, "https://abqjournal.example/2024/03/water-rights/")
    assert lint_with_rule(CITYDESK, post("title: Water", body.format(credit=elsewhere))) == []


# --- Detection: quotation marks --------------------------------------------

def test_an_unclosed_inch_mark_does_not_hide_a_credit_line(lint):
    """A stray double quote (an inch mark) earlier in the paragraph opens no
    quotation: the credit line after it is still the post's own."""
    body = ('Rates for a 40" container tripled in a year.\n'
            f"The original source of this article is [Global Research]({URL}).\n")
    assert codes(lint(post("title: Shipping", body))) == [(5, 1, "AL301")]


def test_a_credit_line_in_quotation_marks_is_talked_about_not_carried(lint):
    """Closed quotation marks around the line: a post about reposting."""
    body = ('Reposts must end with "The original source of this article is '
            'Global Research" and a copyright line.\n')
    assert lint(post("title: Reposting", body)) == []


# --- Links: what each link problem reports ---------------------------------

def test_a_link_to_the_homepage_is_not_a_link_to_the_article(lint):
    """The finding points at the homepage link and names the article wanted."""
    found = lint(post(FRONT, BODY + CREDIT.replace(URL, "https://www.globalresearch.ca/")
                      + COPYRIGHT))
    assert [(f.line, f.column, f.code, f.message) for f in found] == [
        (10, 40, "AL202", "link to https://www.globalresearch.ca/ is not an article; "
                          f"expected a link to {URL}")]


def test_a_link_to_another_article_names_both(lint):
    found = lint(post(FRONT, BODY + CREDIT.replace(URL, OTHER_ARTICLE) + COPYRIGHT))
    assert [(f.line, f.column, f.code, f.message) for f in found] == [
        (10, 40, "AL203", f"links to {OTHER_ARTICLE} but the post reposts {URL}; "
                          "expected a link to the original article")]


def test_without_source_metadata_any_article_link_will_do(lint):
    """Recognised by its credit line alone, the post must link to *an*
    article of the publisher; the homepage is not one."""
    body = BODY + CREDIT.replace(URL, OTHER_ARTICLE) + COPYRIGHT
    assert lint(post("title: Shipping", body)) == []
    homepage = lint(post("title: Shipping", body.replace(OTHER_ARTICLE,
                                                         "https://www.globalresearch.ca/")))
    assert [(f.code, f.message) for f in homepage] == [
        ("AL202", "link to https://www.globalresearch.ca/ is not an article; expected a "
                  "link to the original Global Research article")]


@pytest.mark.parametrize("target", ["homepage", "any"])
def test_a_homepage_requirement_is_met_by_any_link_to_the_site(lint_with_rule, target):
    """``link: homepage`` / ``link: any``: a link to the publisher's front
    page will do; no link to the publisher at all is AL201, with the reason."""
    rule = CITYDESK.replace("link: article", f"link: {target}")
    text = post(f"source_url: {STORY}",
                "This story was originally published by [City Desk ABQ]"
                f"({STORY}).\n\nFarmers ... [our partners](https://citydesk.org/).\n\n"
                "Copyright © 2024 City Desk ABQ\n")
    assert lint_with_rule(rule, text) == []
    unlinked = text.replace(f"[City Desk ABQ]({STORY})", "City Desk ABQ").replace(
        "[our partners](https://citydesk.org/)", "our partners")
    assert [(f.code, f.message) for f in lint_with_rule(rule, unlinked)] == [
        ("AL201", "no link to City Desk ABQ (citydesk.org); City Desk ABQ terms apply "
                  "because its source_url is on citydesk.org"),
        ("AL102", 'credit line found, but "City Desk ABQ" is not a link to the original '
                  f'article ({STORY})')]


# --- Findings carry their kind (JSON consumers group by it) ----------------

def test_every_finding_names_its_kind(lint):
    """``kind`` is credit, link or copyright, as the README's table says."""
    kinds = {f.code: f.kind for f in lint(post(FRONT, BODY))}
    wrong_year = post(FRONT, BODY + CREDIT + COPYRIGHT.replace("2022", "2019"))
    wrong_author = post(FRONT, BODY + CREDIT + COPYRIGHT.replace("Marta Kovač", "Ivan Petrović"))
    homepage = post(FRONT, BODY + CREDIT.replace(URL, "https://www.globalresearch.ca/")
                    + COPYRIGHT)
    other = post(FRONT, BODY + CREDIT.replace(URL, OTHER_ARTICLE) + COPYRIGHT)
    for text in (wrong_year, wrong_author, homepage, other):
        kinds.update({f.code: f.kind for f in lint(text)})
    assert kinds == {"AL101": "credit", "AL201": "link", "AL202": "link", "AL203": "link",
                     "AL301": "copyright", "AL302": "copyright", "AL303": "copyright"}


def test_an_unlinked_credit_finding_is_of_kind_credit(lint_with_rule):
    text = post(f"source_url: {STORY}", UNLINKED + f"\nMore: [story]({STORY}).\n\n"
                "Copyright © 2024 City Desk ABQ\n")
    assert [(f.code, f.kind) for f in lint_with_rule(CITYDESK, text)] == [("AL102", "credit")]


# --- Copyright: what the metadata says, and how it is read -----------------

def test_a_missing_copyright_line_never_suggests_the_blogger_as_author(lint):
    """A plain ``author`` field often names whoever reposted, so the
    expected line keeps the AUTHOR placeholder rather than that name."""
    front = FRONT.replace("original_author: Marta Kovač", "author: Sam Whitaker")
    (finding,) = lint(post(front, BODY + CREDIT))
    assert finding.code == "AL301"
    assert finding.message.startswith(
        'missing copyright line: expected "Copyright © AUTHOR, Global Research, 2022"')


@pytest.mark.parametrize("field, says", [
    ("original_author: [Ivan Petrović, Ana Horvat]", "Ivan Petrović and Ana Horvat"),
    ("original_author:\n  name: Ivan Petrović\n  url: https://petrovic.example",
     "Ivan Petrović"),
])
def test_authors_written_as_a_list_or_a_mapping(lint, field, says):
    """Front matter names authors as a list, or as a mapping with a name
    (Jekyll and Hugo themes): both are compared with the copyright line."""
    front = FRONT.replace("original_author: Marta Kovač", field)
    (finding,) = lint(post(front, BODY + CREDIT + COPYRIGHT))
    assert (finding.code, finding.severity) == ("AL302", "error")
    assert finding.message == f'copyright line names "Marta Kovač", but original_author says "{says}"'


def test_one_of_several_authors_with_a_middle_name_is_the_same_author(lint):
    """The metadata lists co-authors; the copyright line names the first,
    with her middle name: the surname matches, so nothing is reported."""
    front = FRONT.replace("original_author: Marta Kovač",
                          "original_author: [Marta Kovač, Ivan Petrović]")
    copyright = COPYRIGHT.replace("Marta Kovač", "Marta Ana Kovač")
    assert lint(post(front, BODY + CREDIT + copyright)) == []


def test_an_author_in_another_script_is_not_judged(lint):
    """Names that share no Latin letters cannot be compared: no finding,
    rather than a false alarm (or a crash)."""
    front = FRONT.replace("original_author: Marta Kovač", "original_author: Анна Петрова")
    copyright = COPYRIGHT.replace("Marta Kovač", "Anna Petrova")
    assert lint(post(front, BODY + CREDIT + copyright)) == []


def test_an_original_date_written_out_in_words(lint):
    """``original_date: "29 July 2021"`` (a string, not a YAML date) still
    gives the year the copyright line must carry."""
    front = FRONT.replace("original_date: 2022-07-29", 'original_date: "29 July 2021"')
    (finding,) = lint(post(front, BODY + CREDIT + COPYRIGHT))
    assert (finding.line, finding.column, finding.code) == (12, 43, "AL303")
    assert finding.message == "copyright year is 2022, but original_date says 2021"


def test_of_several_wrong_article_links_the_first_is_reported(lint):
    """The finding points at the first link a reader would follow."""
    third = "https://www.globalresearch.ca/shipping-lanes/5820077"
    body = BODY + f"\nSee also [shipping lanes]({third}).\n" + \
        CREDIT.replace(URL, OTHER_ARTICLE) + COPYRIGHT
    assert [(f.line, f.column, f.code) for f in lint(post(FRONT, body))] == [
        (10, 10, "AL203")]


def test_a_credit_linked_to_another_story_than_the_source_is_not_linked(lint_with_rule):
    """With the source named in the metadata, the credit's words must link
    to that story, not to another one of the publisher's."""
    other_story = "https://citydesk.org/2024/02/acequia-budget/"
    text = post(f"source_url: {STORY}", LINKED.replace(STORY, other_story)
                + f"\nMore: [story]({STORY}).\n\nCopyright © 2024 City Desk ABQ\n")
    assert [(f.line, f.column, f.code) for f in lint_with_rule(CITYDESK, text)] == [
        (4, 41, "AL102")]


def test_a_source_field_naming_a_section_page_asks_for_any_article(lint):
    """``canonical_url`` on a topic page names no article: any article link
    of the publisher meets the terms, as with no source at all."""
    front = FRONT.replace(f"source_url: {URL}",
                          "canonical_url: https://www.globalresearch.ca/theme/economy")
    assert lint(post(front, BODY + CREDIT.replace(URL, OTHER_ARTICLE) + COPYRIGHT)) == []


def test_a_copyright_year_after_the_post_date_under_a_warning_requirement(lint_with_rule):
    """Without an original date, a copyright year later than the post's own
    date is reported with the requirement's severity and kind copyright."""
    rule = with_severity(CITYDESK, "copyright", "warning")
    text = post(f"source_url: {STORY}\ndate: 2023-11-20",
                f"This story was originally published by [City Desk ABQ]({STORY}).\n\n"
                "Copyright © 2024 City Desk ABQ\n")
    (finding,) = lint_with_rule(rule, text)
    assert (finding.line, finding.column, finding.code, finding.severity, finding.kind) == \
        (7, 13, "AL303", "warning", "copyright")
    assert finding.message == "copyright year 2024 is later than the post's date (2023)"


def test_a_missing_homepage_link_under_a_warning_requirement(lint_with_rule):
    """``link: homepage`` with ``severity: warning``: no link to the site at
    all is a warning of kind link, at the evidence (the source field)."""
    rule = with_severity(CITYDESK.replace("link: article", "link: homepage"), "link", "warning")
    text = post(f"source_url: {STORY}",
                "This story was originally published by City Desk ABQ.\n\n"
                "Copyright © 2024 City Desk ABQ\n")
    found = [(f.line, f.column, f.code, f.severity, f.kind) for f in lint_with_rule(rule, text)]
    assert found == [(2, 1, "AL201", "warning", "link"), (4, 40, "AL102", "error", "credit")]


def test_a_missing_homepage_link_names_every_domain_of_the_publisher(lint_with_rule):
    """A publisher on two domains: the message lists both, comma-separated."""
    rule = CITYDESK.replace("link: article", "link: homepage").replace(
        "domains: [citydesk.org]", "domains: [citydesk.org, citydesk.news]")
    text = post(f"source_url: {STORY}",
                "Farmers along the Rio Grande ...\n\nCopyright © 2024 City Desk ABQ\n")
    messages = {f.code: f.message for f in lint_with_rule(rule, text)}
    assert messages["AL201"] == ("no link to City Desk ABQ (citydesk.org, citydesk.news); "
                                 "City Desk ABQ terms apply because its source_url is on "
                                 "citydesk.org")


@pytest.mark.parametrize("target, front, wanted", [
    ("{homepage}", f"source_url: {STORY}", "City Desk ABQ's site"),
    ("{url}", f"source_url: {STORY}", "a web page"),
    ("https://citydesk.org/", f"source_url: {STORY}", "https://citydesk.org/"),
    ("{article_url}", "title: Water", "the original City Desk ABQ article"),
])
def test_an_unlinked_credit_names_the_link_it_needs(lint_with_rule, target, front, wanted):
    """AL102 says what the words must link to: the publisher's site, any
    web page, a given address, or (with no source in the metadata) the
    original article.  Here the plain credit line is what marks a repost."""
    rule = CITYDESK.replace(
        '"^This story was originally published by [City Desk ABQ]({article_url})"',
        '"^This story was originally published by City Desk ABQ"').replace(
        'credit: "This story was originally published by [City Desk ABQ]({article_url})."',
        f'credit: "This story was originally published by [City Desk ABQ]({target})."')
    text = post(front, UNLINKED + f"\nFarmers ... [story]({STORY}).\n\n"
                "Copyright © 2024 City Desk ABQ\n")
    assert [(f.line, f.column, f.code, f.message) for f in lint_with_rule(rule, text)] == [
        (4, 40, "AL102",
         f'credit line found, but "City Desk ABQ" is not a link to {wanted}')]


def test_a_source_field_in_a_flow_mapping_is_reported_at_its_parent_key(lint):
    """``params: {canonical_url: "..."}``: the nested key has no line of its
    own, so the findings point at ``params``, not at the body."""
    text = ('---\ntitle: The Price of Cheap Shipping\n'
            f'params: {{canonical_url: "{URL}"}}\n---\n' + BODY)
    assert codes(lint(text)) == [(3, 1, "AL101"), (3, 1, "AL201"), (3, 1, "AL301")]
