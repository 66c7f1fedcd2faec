"""Requirement checks and detection on small realistic posts."""

import textwrap

import pytest

from .conftest import codes

URL = "https://www.globalresearch.ca/the-price-of-cheap-shipping/5790311"


def post(front: str, body: str) -> str:
    return "---\n" + textwrap.dedent(front).strip() + "\n---\n" + textwrap.dedent(body)


FRONT = f"""\
title: "The Price of Cheap Shipping"
date: 2022-08-02
source_url: {URL}
original_date: 2022-07-29
original_author: Marta Kovač
"""
FOOTER = f"""\

The original source of this article is [Global Research]({URL}).

Copyright © Marta Kovač, Global Research, 2022
"""
BODY = "Freight rates tripled in a year and fell back as fast.\n"
CREDIT_LINE = "The original source of this article is [Global Research]({url})."


def test_a_compliant_repost_is_clean(lint):
    assert lint(post(FRONT, BODY + FOOTER)) == []


def test_tracking_parameters_and_www_do_not_matter(lint):
    footer = FOOTER.replace(URL, URL.replace("www.", "") + "?utm_source=blog&utm_medium=rss")
    assert lint(post(FRONT, BODY + footer)) == []


def test_old_style_article_addresses_count(lint):
    old = "https://www.globalresearch.ca/index.php?context=va&aid=12345"
    front = FRONT.replace(URL, old)
    assert lint(post(front, BODY + FOOTER.replace(URL, old))) == []


def test_citations_in_running_text_are_not_reposts(lint):
    body = (f"As [a piece on Global Research]({URL}) argued last year, freight is cheap "
            "because its costs are paid elsewhere. Global Research has covered ports often.\n")
    assert lint(post("title: Notes", body)) == []


def test_copyright_author_compared_with_original_author(lint):
    footer = FOOTER.replace("Copyright © Marta Kovač", "Copyright © Ivan Petrović")
    (finding,) = lint(post(FRONT, BODY + footer))
    assert (finding.line, finding.column, finding.code, finding.severity) == \
        (12, 13, "AL302", "error")
    assert finding.message == ('copyright line names "Ivan Petrović", but original_author '
                               'says "Marta Kovač"')


def test_plain_author_field_mismatch_is_only_a_warning(lint, linter):
    front = FRONT.replace("original_author: Marta Kovač", "author: Sam Whitaker")
    (finding,) = lint(post(front, BODY + FOOTER))
    assert (finding.code, finding.severity) == ("AL302", "warning")


def test_author_spelling_variants_agree(lint):
    front = FRONT.replace("Marta Kovač", "Dr. marta kovac")
    assert lint(post(front, BODY + FOOTER)) == []


def test_copyright_year_cannot_be_after_the_post(lint):
    front = FRONT.replace("original_date: 2022-07-29\n", "")
    footer = FOOTER.replace("2022", "2024")
    (finding,) = lint(post(front, BODY + footer))
    assert finding.code == "AL303"
    assert finding.message == "copyright year 2024 is later than the post's date (2022)"


def test_an_older_copyright_year_than_the_post_is_fine(lint):
    front = FRONT.replace("original_date: 2022-07-29\n", "").replace("date: 2022", "date: 2024")
    assert lint(post(front, BODY + FOOTER)) == []


def test_a_repost_recognised_by_its_copyright_line_alone(lint):
    body = BODY + "\nCopyright © Marta Kovač, Global Research, 2022\n"
    found = lint(post("title: x", body))
    assert codes(found) == [(6, 1, "AL101"), (6, 1, "AL201")]


def test_several_problems_in_one_post_are_sorted(lint):
    found = lint(post(FRONT, BODY))
    assert codes(found) == [(4, 1, "AL101"), (4, 1, "AL201"), (4, 1, "AL301")]


@pytest.mark.parametrize("credit", [
    "This article was originally published on [Global Research]({url}).",
    "Source: [Global Research]({url})",
    "It first appeared at [Global Research]({url}).",
])
def test_other_accepted_credit_wordings(lint, credit):
    footer = FOOTER.replace(CREDIT_LINE.format(url=URL), credit.format(url=URL))
    assert credit.format(url=URL) in footer
    assert lint(post(FRONT, BODY + footer)) == []
    unworded = footer.replace(credit.format(url=URL), f"[Read more]({URL}).")
    assert [f.code for f in lint(post(FRONT, BODY + unworded))] == ["AL101"]


def test_credit_phrase_in_a_code_block_is_not_prose(lint):
    body = ("How to credit a repost:\n\n```text\nThe original source of this article is "
            "Global Research\n```\n\nAnd `Copyright © X, Global Research, 2020` too.\n")
    assert lint(post("title: How to credit", body)) == []


def test_html_repost_found_by_its_canonical_link(lint):
    page = textwrap.dedent(f"""\
        <html><head><link rel="canonical" href="{URL}"></head>
        <body><article><p>{BODY.strip()}</p>
        <p>The original source of this article is Global Research.</p>
        </article></body></html>
        """)
    found = lint(page, kind="html", path="page.html")
    assert codes(found) == [(1, 13, "AL201"), (1, 13, "AL301")]


def test_the_gate_skips_posts_without_the_publisher(lint):
    # Broken front matter is not our business when the post is no repost.
    assert lint("---\ntitle: [broken\n---\nA post about gardening.\n") == []
    found = lint("---\ntitle: [broken\n---\nReposted from Global Research.\n")
    assert codes(found) == [(3, 1, "AL002")]


def test_missing_copyright_message_fills_in_what_the_metadata_knows(lint):
    footer = FOOTER.replace("Copyright © Marta Kovač, Global Research, 2022\n", "")
    (finding,) = lint(post(FRONT, BODY + footer))
    assert finding.code == "AL301"
    assert finding.message.startswith(
        'missing copyright line: expected "Copyright © Marta Kovač, Global Research, 2022"')


def test_citing_sentences_that_resemble_credits_are_not_reposts(lint):
    body = (f"In an essay first published on Global Research in 2019, the author argued "
            f"that [freight subsidies]({URL}) distort trade. Source: Global Research.\n")
    assert lint(post("title: Reading notes\ndate: 2023-01-05", body)) == []


def test_a_repost_carrying_the_publishers_html_footer(lint):
    body = textwrap.dedent(f"""\
        {BODY}
        {{{{< rawhtml >}}}}
        <p>The original source of this article is <a href="{URL}">Global Research</a><br>
        Copyright &copy; <a href="https://kovac.example">Marta Kovač</a>, <a href="{URL}">Global Research</a>, 2022</p>
        {{{{< /rawhtml >}}}}
        """)
    assert lint(post(FRONT, body)) == []
    assert codes(lint(post(FRONT, body.replace(", 2022", ", 2020")))) == [(12, 164, "AL303")]


def test_a_post_quoting_the_credit_line_is_not_a_repost(lint):
    body = ('Every article there ends with "The original source of this article is '
            'Global Research." and a copyright line; we explain why below.\n')
    assert lint(post("title: How reposting works", body)) == []


def test_the_publisher_named_by_its_address(lint):
    footer = FOOTER.replace("[Global Research]", "[GlobalResearch.ca]").replace(
        ", Global Research, 2022", ", globalresearch.ca, 2022")
    assert lint(post(FRONT, BODY + footer)) == []



@pytest.mark.parametrize("credit", [
    "Republished with permission from [Global Research]({url}).",
    "Cross-posted with permission from [Global Research]({url}).",
    "Reprinted from [Global Research]({url}).",
    "Source: {url}",
    "Source URL: {url}",
    "Source – [Global Research]({url})",
    "Courtesy of [Global Research]({url}).",
    "Originally published on the Global Research website: {url}",
    "This article first ran on [Global Research]({url}).",
    "Written by Marta Kovač for [GlobalResearch]({url}).",
    "Via [Global Research]({url})",
])
def test_credit_wordings_people_use(lint, credit):
    footer = FOOTER.replace(CREDIT_LINE.format(url=URL), credit.format(url=URL))
    assert credit.format(url=URL) in footer
    assert lint(post(FRONT, BODY + footer)) == []


@pytest.mark.parametrize("line", [
    "Copyright © Marta Kovač – Global Research – 2022",
    "Copyright © Marta Kovač / Global Research / 2022",
    "Copyright © Marta Kovač and Global Research, 2022",
    "Copyright © 2022 Marta Kovač, Global Research",
])
def test_copyright_separators_people_use(lint, line):
    footer = FOOTER.replace("Copyright © Marta Kovač, Global Research, 2022", line)
    assert lint(post(FRONT, BODY + footer)) == []


def test_a_critique_that_mentions_republishing_is_not_a_repost(lint):
    body = ("Small sites have republished from Global Research for years, and the "
            "Copyright notice is the first thing they drop.\n")
    assert lint(post("title: On reposting", body)) == []


def test_the_author_is_never_captured_across_an_earlier_copyright_word(lint):
    footer = FOOTER.replace("Copyright ©", "Text and copyright notice reproduced unchanged.\n\n"
                            "Copyright ©").replace("Marta Kovač, Global", "Ivan Petrović, Global")
    (finding,) = lint(post(FRONT, BODY + footer))
    assert finding.code == "AL302"
    assert finding.message.startswith('copyright line names "Ivan Petrović"')


def test_the_same_article_id_under_another_title_is_the_same_article(lint):
    moved = URL.replace("the-price-of-cheap-shipping", "price-cheap-shipping-revisited")
    assert lint(post(FRONT, BODY + FOOTER.replace(URL, moved))) == []
    other = URL.replace("5790311", "5790312")
    assert codes(lint(post(FRONT, BODY + FOOTER.replace(URL, other)))) == [(10, 40, "AL203")]


def test_original_date_written_as_a_bare_year(lint):
    front = FRONT.replace("original_date: 2022-07-29", "original_date: 2021")
    (finding,) = lint(post(front, BODY + FOOTER))
    assert finding.message == "copyright year is 2022, but original_date says 2021"


def test_a_jekyll_post_without_date_is_dated_by_its_file_name(lint):
    front = FRONT.replace("date: 2022-08-02\n", "").replace("original_date: 2022-07-29\n", "")
    found = lint(post(front, BODY + FOOTER), path="_posts/2021-05-01-cheap-shipping.md")
    assert [f.message for f in found] == [
        "copyright year 2022 is later than the post's date (2021)"]


def test_listing_pages_and_page_chrome_inside_articles(lint):
    excerpt = ('<article><h2><a href="/p/{n}">Post {n}</a></h2><p>Reposted from Global '
               'Research. Freight rates tripled...</p></article>')
    listing = "<html><body><main>" + "".join(excerpt.format(n=n) for n in range(3)) + \
        "</main></body></html>"
    assert lint(listing, kind="html", path="index.html") == []
    page = ('<html><body><article><p>Our own essay on shipping.</p>'
            '<div class="related-posts"><p>Reposted from Global Research: '
            f'<a href="{URL}">cheap shipping</a></p></div></article></body></html>')
    assert lint(page, kind="html", path="essay.html") == []


@pytest.mark.parametrize("credit", [
    "First published on [Global Research]({url}).",
    "*Originally published at [Global Research]({url}) on 14 January 2023.*",
    "This report was first published by [Global Research]({url}).",
    "Reproduced with permission from [Global Research]({url}).",
    "Reposted from: [Global Research]({url})",
    "*Courtesy of [Global Research]({url}).*",
])
def test_a_credit_line_alone_marks_a_repost(lint, credit):
    body = BODY + "\n" + credit.format(url=URL) + "\n"
    assert [f.code for f in lint(post("title: Shipping", body))] == ["AL301"]


def test_another_publisher_with_a_longer_name_is_not_the_publisher(lint):
    body = (BODY + "\nThe original source of this article is [Global Research Institute]"
            "(https://gri.example.org/a/1).\n\nCopyright © Henrik Dahl, Global Research "
            "Institute, 2023\n")
    assert lint(post("title: Notes", body)) == []
    found = lint(post(FRONT, body))
    assert [f.code for f in found] == ["AL101", "AL201", "AL301"]


@pytest.mark.parametrize("field", ["sourceUrl", "canonical_link", "params:\n  canonicalURL"])
def test_source_fields_by_any_spelling_and_one_level_down(lint, field):
    front = FRONT.replace("source_url:", field + ":")
    found = lint(post(front, BODY))
    assert [f.code for f in found] == ["AL101", "AL201", "AL301"]
    assert found[0].line == 4 + field.count("\n")


def test_footers_in_template_comments_or_hidden_html_are_missing(lint):
    liquid = "{% comment %}\n" + FOOTER + "{% endcomment %}\n"
    hugo = "{{/* " + FOOTER + " */}}\n"
    for body in (liquid, hugo):
        assert [f.code for f in lint(post(FRONT, BODY + body))] == ["AL101", "AL201", "AL301"]
    page = (f'<html><head><link rel="canonical" href="{URL}"></head><body><article>'
            f'<p>{BODY}</p><p>The original source of this article is <a href="{URL}">Global '
            'Research</a>.</p><p style="display: none">Copyright © Marta Kovač, Global '
            'Research, 2022</p></article></body></html>')
    assert [f.code for f in lint(page, kind="html", path="p.html")] == ["AL301"]


def test_relative_links_resolve_against_base_href(lint):
    page = (f'<html><head><base href="https://www.globalresearch.ca/">'
            f'<link rel="canonical" href="{URL}"></head><body><article><p>{BODY}</p>'
            '<p>The original source of this article is <a href="the-price-of-cheap-shipping/'
            '5790311">Global Research</a>.</p><p>Copyright © Marta Kovač, Global Research, '
            '2022</p></article></body></html>')
    assert lint(page, kind="html", path="p.html") == []
