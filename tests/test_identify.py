"""Detection errs toward silence: only a post's own credit makes it a repost.

Each case is a sentence people write.  Posts that talk about Global
Research, quote its footer or say it reposted *them* get no findings; a
credit line standing as its own line or sentence makes the post a repost,
which is then checked (here: no link and no copyright line, so AL201 and
AL301 at the credit line).
"""

import pytest

from .conftest import codes


def post(body: str) -> str:
    return "---\ntitle: A post\ndate: 2023-04-02\n---\n" + body + "\n"


@pytest.mark.parametrize("body", [
    "A few notes on copyright and Global Research's reposting policy.",
    "Republished by Global Research last week, [my own essay](https://example.org/e) "
    "reached more readers than ever.",
    "\u201cThe original source of this article is Global Research,\u201d reads the footer "
    "of every piece they run.",
    'Every piece ends with "The original source of this article is Global Research."',
    "Every piece ends with 'The original source of this article is Global Research'.",
    "The footer says it plainly: \"Copyright \u00a9 Stephen Lendman, Global Research, "
    "2021\", and nobody reads it.",
    "My main source Global Research has been wrong before.",
    "An essay first published on Global Research argued the opposite.",
    "Small sites have republished from Global Research for years.",
    "Global Research's copyright notice is longer than most.",
    "Copyright \u00a9 and Global Research: what the disclaimer allows.",
    "Courtesy of Global Research's archive, we can read the 2003 debate.",
    "Originally published on Global Research in 2004, Kessler's essay was later translated.",
    "| check | result |\n|---|---|\n| copyright line does not name Global Research | fail |",
    "Courtesy of Global Research, yet another conspiracy theory about the weather.",
    "## Courtesy of Global Research: the hurricane machine",
    "Originally Published on Global Research? Tracing a viral PDF back to its source.",
    "Reprinted from Global Research in Paediatrics, volume 12.",
    "Courtesy of the Global Research Alliance, which funds soil carbon trials.",
    "\u00a9 2021 Global Research Partners LLC. All rights reserved.",
    'The footer reads: "Thanks for reading. The original source of this article is Global '
    'Research." Nobody reads that far.',
    "The original source of this article is Global Research, its footer says, and the "
    "author shows why that tells you little.",
    "Week 3: Originally published on Global Research - tracing a repost across six sites",
    "## The Original Source Of This Article Is Global Research - Or Is It?",
    "Copyright \u00a9 Global Research 2019 sits at the bottom of the older ones.",
    "Copyright \u00a9 Jane Holloway, 2023. Republished by Global Research with my permission.",
    "Copyright \u00a9 Jane Holloway, 2023. Global Research.",
    "Courtesy of Global Research & Analysis Group.",
    "**Claim:** Low-traffic zones are climate lockdowns\n\n**Source:** Global Research\n\n"
    "**Verdict:** False",
    "Why the Sahel coups keep happening\nby Nadia Haddad\nfrom Global Research\n"
    "https://www.globalresearch.ca/sahel-coups/5852290",
    "Global Research asks for two lines at the end, for example:\n\n"
    "The original source of this article is Global Research\n\n"
    "Copyright \u00a9 Stephen Lendman, Global Research, 2021",
    "Their boilerplate, \u00abMerci. The original source of this article is Global "
    "Research\u00bb, is in every copy.",
])
def test_talking_about_the_publisher_is_not_a_repost(lint, body):
    assert lint(post(body)) == []


@pytest.mark.parametrize("body, column", [
    ("The original source of this article is Global Research", 1),
    ("The original source of this article is Global\u00a0Research", 1),
    ("Thanks for reading. This article was first published on Global Research.", 21),
    ("Editor's note: this article was originally published by GlobalResearch.ca.", 16),
    ("- Reposted with permission from Global Research", 3),
    ("Reprinted by permission of the Centre for Research on Globalization.", 1),
    ("Courtesy of Global Research.", 1),
    ("Copyright \u00a9 Stephen Lendman, Global Research, 2021", 1),
    ("Copyright \u00a9 Global Research 2019", 1),
    ("(c) 2020 Michel Chossudovsky and Global Research", 1),
    ("Originally published on Global Research, 18 March 2021.", 1),
    ("First published by Global Research on March 18th, 2021, https://example.org/x.", 1),
    ("This article was originally published on Global Research, where the author writes "
     "every week.", 1),
    ("(Originally published on Global Research.)", 2),
    ("Reposted from Global Research\u2019s website with the author's permission.", 1),
    ("First published on Global Research in March 2021.", 1),
    ("The original source of this article is Global Research.\nCopyright \u00a9 Colin McBride, "
     "Global Research, 2023", 1),
    ("Article originally published on GlobalResearch.ca", 1),
    ("== Reposted from Global Research ==", 4),
    ("Source \u2013 Global Research", 1),
    ("From Global Research, June 2021.", 1),
    ("by Peter Koenig\nSeptember 12, 2022\nfrom Global Research Website", 1),
    ("The original source of this article is Global Research, where the author writes "
     "every week.", 1),
])
def test_a_credit_standing_on_its_own_makes_a_repost(lint, body, column):
    found = codes(lint(post(body)))
    assert {code for _, _, code in found} >= {"AL201"}
    assert all((line, col) == (5, column) for line, col, code in found
               if code in ("AL201", "AL301", "AL101"))


def test_a_credit_line_is_evidence_even_after_an_odd_quote_elsewhere(lint):
    body = ("He called it \u201cthe best 6\" gauge\u201d on the market.\n\n"
            "The original source of this article is Global Research")
    assert {code for _, _, code in codes(lint(post(body)))} == {"AL201", "AL301"}


def test_the_finding_points_at_the_credit_a_reader_meets_first(lint):
    body = ("Reposted from Global Research.\n\nSome text.\n\n"
            "The original source of this article is Global Research")
    assert codes(lint(post(body))) == [(5, 1, "AL201"), (5, 1, "AL301")]


ARTICLE = ("Freight rates tripled in a year and fell back as fast. Ports that had "
           "automated their cranes recovered first, and the unions noticed.\n\n") * 3
FOOTER = "The original source of this article is Global Research"


@pytest.mark.parametrize("body", [
    # A critique quoting the footer: the quotation is a small part of the post.
    ARTICLE + "A student pasted the footer as a citation:\n\n> " + FOOTER + "\n\nIt is not one.",
    "| publisher | asks for |\n|---|---|\n| Global Research | " + FOOTER + " |",
    "As argued before.[^1]\n\n[^1]: " + FOOTER + ".",
    "![Bar chart of reports by year](/img/bars.png)\nSource: Global Research",
    "![Bar chart of reports by year](/img/bars.png)\n\nSource: Global Research",
    "Their chart ![Bar chart](/img/bars.png)\nSource: Global Research",
    "Worth reading:\n\n- Via Global Research: [Why the Suez blockage was a warning]"
    "(https://www.globalresearch.ca/suez/5741102)\n- Via Bellingcat: [Tracking a ship]"
    "(https://www.bellingcat.com/)",
])
def test_credits_in_quotes_tables_footnotes_captions_and_link_lists_are_not_evidence(
        lint, body):
    assert lint(post(body)) == []


def test_a_whole_article_in_a_blockquote_is_a_repost(lint):
    quoted = "".join("> " + line + "\n" for line in (ARTICLE + FOOTER).split("\n"))
    found = {code for _, _, code in codes(lint(post("Worth your time:\n\n" + quoted)))}
    assert found == {"AL201", "AL301"}


def test_a_short_credit_with_a_link_to_the_article_stands_alone_outside_lists(lint):
    body = ARTICLE + ("Via Global Research: [A housing crisis with empty homes]"
                      "(https://www.globalresearch.ca/housing-crisis/5810221)")
    assert codes(lint(post(body))) == [(11, 1, "AL301")]


@pytest.mark.parametrize("page, repost", [
    ("<p>A reader wrote: <q>" + FOOTER + "</q>, as if that settled it.</p>", False),
    ("<figure><img src='c.png'><figcaption>Source: Global Research</figcaption></figure>",
     False),
    ("<p>Their chart:</p><p><img src='c.png'><br>Source: Global Research</p>", False),
    ("<p>" + ARTICLE + "</p><p>Chart: <img src='c.png'>Source: Global Research</p>", False),
    ("<blockquote><p>" + FOOTER + "</p></blockquote><p>" + ARTICLE + "</p>", False),
    ("<p>" + ARTICLE + "</p><p>" + FOOTER + "</p>", True),
])
def test_html_quotations_and_captions(lint, page, repost):
    html = f"<html><body><main>{page}</main></body></html>"
    assert bool(lint(html, kind="html", path="page.html")) == repost


@pytest.mark.parametrize("text, repost", [
    ("Hi Jenny,\n\n> It ends with:\n> " + FOOTER + "\n\nIt does not make it reliable. "
     + ARTICLE, False),
    ("---------- Forwarded message ---------\n\n"
     + "".join("> " + line + "\n" for line in (ARTICLE + FOOTER).split("\n")), True),
])
def test_email_quoting_in_plain_text(lint, text, repost):
    assert bool(lint(text, kind="text", path="mail.txt")) == repost


def test_a_credit_after_a_paragraph_with_an_inline_image_is_still_a_credit(lint):
    body = ARTICLE + "Thanks for reading ![wave](/img/wave.png)\n\n" + FOOTER
    assert {code for _, _, code in codes(lint(post(body)))} == {"AL201", "AL301"}


def test_a_credit_line_followed_by_a_link_on_the_next_source_line(lint):
    body = ARTICLE + ("The original source of this article is Global Research\n"
                      "[Original article](https://www.globalresearch.ca/mali-mining/5837112)")
    assert codes(lint(post(body))) == [(11, 1, "AL301")]


def test_copyright_in_prose_is_not_the_copyright_line(lint):
    body = ("Many sites strip the copyright notice, and readers then assume a piece came "
            "from Global Research.\n\n" + ARTICLE + FOOTER + "\n\n"
            "[Original](https://www.globalresearch.ca/mali-mining/5837112)")
    assert codes(lint(post(body))) == [(13, 1, "AL301")]


def test_a_copyright_line_after_a_separator_on_one_line(lint):
    body = ARTICLE + FOOTER + ("\n\n[Original article](https://www.globalresearch.ca/p/5833910)"
                               " \u00b7 Copyright \u00a9 Tamar Gold, Global Research, 2023")
    assert lint(post(body)) == []


@pytest.mark.parametrize("byline", [
    "by Ana Ruiz\nMarch 3, 2019\nfrom\nGlobalResearch Website\nThe dam was finished in",
    "by Ana Ruiz March 3, 2019\nfrom GlobalResearch Website\nThe dam was finished in",
    "by Ana Ruiz\nfrom\nGlobalResearch Website\nPart 1\nMarch 3, 2019\nThe dam was finished in",
    "by Ana Ruiz\nJune-July 2010\nfrom\nGlobalResearch Website\nThe dam was finished in",
    "by Ana Ruiz\nFebruary 1982 published on GlobalResearch Website\nThe dam was finished in",
])
def test_an_archive_byline_block_soft_wrapped_into_the_text_is_a_repost(lint, byline):
    """Archives converted to Markdown keep the byline's lines as one
    paragraph with the article's first lines: they are lines of the source."""
    body = "# The Dam\n\n" + byline + " 2019, three years late.\n\n" + ARTICLE
    assert codes(lint(post(body))) == [(7, 1, "AL201"), (7, 1, "AL301")]


def test_a_reading_list_of_bylines_is_not_a_repost(lint):
    body = ("Three essays.\n\n**The IMF's Quiet Rewrite**  \nby Michael Hudson  \n"
            "from Global Research Website\n\n**Zambia, Two Years On**  \nby Grieve Chelwa  \n"
            "from Africa Is a Country\n\n[The dam that divided the Nile basin]"
            "(https://www.globalresearch.ca/dam-divided-nile-basin/5848112)\nVia Global Research")
    assert lint(post(body)) == []


# --- Dates as front matter writes them --------------------------------------

@pytest.mark.parametrize("written, day", [
    ("2025-06-17", (2025, 6, 17)),
    ("2025/06/17", (2025, 6, 17)),
    ("2025-06-17T23:30:00+02:00", (2025, 6, 17)),
    ("June 17, 2025", (2025, 6, 17)),
    ("17 June 2025", (2025, 6, 17)),
    ("Jun. 3rd 2024", (2024, 6, 3)),
    ("Tue, 17 Jun 2025 10:00:00 +0000", (2025, 6, 17)),
])
def test_dates_are_read_in_the_forms_site_generators_accept(written, day):
    from datetime import date

    from attriblint.identify import parse_date

    assert parse_date(written) == date(*day)


@pytest.mark.parametrize("written", ["2025-02-30", "someday", "2025-06-177", "Smarch 3, 2024"])
def test_what_is_no_date_is_none(written):
    from attriblint.identify import parse_date

    assert parse_date(written) is None


def test_month_name_and_slash_dates_feed_the_repost_window(tmp_path, capsys):
    """Dialogue Earth asks for two days between the original and a repost."""
    import json
    import textwrap

    from attriblint.cli import main

    rule = tmp_path / "rule.yaml"
    rule.write_text(textwrap.dedent("""\
        id: delay
        publisher: Dialogue Earth
        terms: https://dialogue.earth/en/republishing
        domains: [dialogue.earth]
        requires:
          - window: {min_days: 2}
        """), encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Glaciers\ndate: \"June 17, 2025\"\n"
                    "original_date: 2025/06/16\n"
                    "source_url: https://dialogue.earth/en/climate/glaciers/\n---\n"
                    "The glaciers are retreating.\n", encoding="utf-8")
    main(["check", "--no-bundled-rules", "--rules", str(rule), "--format", "json", str(post)])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("AL901", 3)]
