"""When a publisher's words in a post are the post's own credit line.

Each test pins a behaviour of ``attriblint/evidence.py`` that the mutation
run of issue 5 found unpinned (see benchmarks/mutation.md, "After"): a
change to the code that a user would see, yet broke no test.  The posts
are ones people write; a post recognised as a Global Research repost by
its credit line alone (no source metadata, no link, no copyright line)
gets AL201 and AL301 at that line, and a post that only talks about
Global Research gets nothing.
"""

import pytest

from .conftest import codes


def post(body: str) -> str:
    return "---\ntitle: A post\ndate: 2023-04-02\n---\n" + body + "\n"


def repost_at(line: int, column: int) -> list[tuple[int, int, str]]:
    """The findings of a credit-only repost whose credit is at line:column."""
    return [(line, column, "AL201"), (line, column, "AL301")]



# --- Where a credit begins -------------------------------------------------

def test_a_credit_after_a_bracketed_sentence_begins_a_sentence(lint):
    body = "(Thanks to Ana for the tip.) Reposted from Global Research with permission."
    assert codes(lint(post(body))) == repost_at(5, 30)


def test_separators_later_in_the_post_do_not_start_a_sentence(lint):
    """" · " separates items only between the line's start and the match:
    a tag line further down does not make a citation a credit."""
    body = ("Ports, cranes and an essay first published on Global Research.\n\n"
            "Filed under: shipping · ports · labour")
    assert lint(post(body)) == []


# --- What counts as a name -------------------------------------------------

def test_two_authors_with_middle_and_double_names_are_a_name(lint):
    """Eight words are still a name (two co-authors, a middle name and a
    double-barrelled surname each)."""
    body = "Copyright © Maria Ana Müller-Lang and Hans Peter Schmidt, Global Research, 2021"
    assert {code for _, _, code in codes(lint(post(body)))} == {"AL101", "AL201"}


def test_a_long_clause_before_the_publisher_is_no_name(lint):
    """Twelve words before "Global Research", even with a name among them,
    are a sentence about copyright, not a copyright line."""
    body = "Copyright in the photos that Marta Kovač took in Rotterdam belongs to Global Research."
    assert lint(post(body)) == []

# --- Quotation marks and apostrophes ---------------------------------------

def test_a_possessive_with_a_straight_apostrophe_is_not_a_quotation(lint):
    """"Global Research's website" typed with a plain apostrophe: the
    apostrophe after the name opens no quotation, the credit stands."""
    body = "Reposted from Global Research's website with the author's permission."
    assert codes(lint(post(body))) == repost_at(5, 1)


def test_a_quotation_opening_the_post_is_still_a_quotation(lint):
    """The quote mark at the very first character of the text counts."""
    body = ('"Thanks for reading. The original source of this article is Global '
            'Research." That is how every piece of theirs ends.')
    assert lint(post(body)) == []
    assert codes(lint(post(body.replace('"', "")))) == repost_at(5, 21)




def test_quotes_in_earlier_paragraphs_do_not_open_a_quotation(lint):
    """Only the credit's own paragraph is counted: an inch mark and a
    quotation that ends the paragraph before leave the credit standing,
    with a quoted title after it."""
    body = ('Freight rates fell back as fast as they rose.\n\n'
            'Rates for a 40" container tripled in a year.\n\n'
            'The union leader put it simply: "the cranes won."\n\n'
            'The original source of this article is Global Research. '
            'Its original title was "Ports and Power".')
    assert codes(lint(post(body))) == repost_at(11, 1)


def test_quotes_in_later_paragraphs_do_not_close_a_quotation(lint):
    """An inch mark before the credit in its paragraph, and a quotation in
    the next paragraph: the credit is not inside quotation marks."""
    body = ('Rates for a 40" container tripled in a year.\n'
            'The original source of this article is Global Research.\n\n'
            'The union leader put it simply: "the cranes won."')
    assert codes(lint(post(body))) == repost_at(6, 1)


def test_a_footer_quoted_in_a_later_paragraph_is_still_quoted(lint):
    body = ('Some background first.\n\nThe footer reads: "Thanks for reading. The original '
            'source of this article is Global Research." Nobody reads that far.')
    assert lint(post(body)) == []


def test_a_quotation_after_another_quoted_word_is_still_a_quotation(lint):
    """Three quote marks before the footer in its paragraph: the third
    opens the quotation that holds it."""
    body = ('Their "boilerplate" never changes: "Thanks for reading. The original source of '
            'this article is Global Research." Nobody reads that far.')
    assert lint(post(body)) == []


def test_an_inch_mark_after_the_credit_closes_nothing(lint):
    """Quote marks after the credit line do not make it a quotation."""
    body = ("The original source of this article is Global Research. "
            'Photo: a 40" container at Rotterdam.')
    assert codes(lint(post(body))) == repost_at(5, 1)

# --- The name and the sentence go on --------------------------------------

def test_a_possessive_naming_another_site_is_not_the_publisher(lint):
    """"Global Research's sister site Asia-Pacific Research" is another
    publisher; "Global Research's website" is the publisher itself."""
    body = "Originally published on Global Research's {what}."
    assert lint(post(body.format(what="sister site Asia-Pacific Research"))) == []
    assert codes(lint(post(body.format(what="website")))) == repost_at(5, 1)


@pytest.mark.parametrize("body", [
    "Courtesy of the Global Research Alliance.",
    "Reprinted from Global Research of Finance Letters, issue 12.",
    "Reprinted from Global Research for Development, issue 12.",
    "Reprinted from Global Research and Innovation Review, issue 12.",
])
def test_a_longer_name_is_another_organisation(lint, body):
    """"the Global Research Alliance" or a journal whose name begins with
    "Global Research of / for / and" is not Global Research."""
    assert lint(post(body)) == []


def test_words_after_the_name_that_keep_it_the_publisher(lint):
    """A lower-case word after the name ends it; so does a capitalised
    function word in a Title Case heading."""
    sentence = "Reprinted from Global Research last week with the author's permission."
    assert codes(lint(post(sentence))) == repost_at(5, 1)
    heading = "## Reposted From Global Research With Permission\n\nFreight rates tripled."
    assert codes(lint(post(heading))) == repost_at(5, 4)


def test_a_copyright_notice_as_the_subject_of_a_sentence_is_prose(lint):
    """Two words after the year make a sentence about the notice."""
    assert lint(post("Copyright © Global Research 2019 appears twice.")) == []


def test_a_participle_opening_a_clause_after_the_first_paragraph_is_a_citation(lint):
    """"Originally published on X in 2004, and in print a year later,
    Kessler's essay ..." describes an essay, wherever the sentence is."""
    body = ("Some background first.\n\nOriginally published on Global Research in 2004, "
            "and in print a year later, Kessler's essay set the terms of the debate.")
    assert lint(post(body)) == []


def test_a_checklist_item_about_the_copyright_line_is_not_one(lint):
    """"copyright line does not name Global Research" in a reviewer's
    checklist binds "line does not name" as the author: as evidence of a
    repost, a name needs a capital letter."""
    body = ("What we check in a repost:\n\n- credit line is present\n"
            "- copyright line does not name Global Research\n- link goes to the article")
    assert lint(post(body)) == []

# --- A box of labelled fields ----------------------------------------------

FACT_CHECK = ("We looked at a post shared 40,000 times.\n\n"
              "**Source:** Global Research\n\n{after}")


def test_a_source_field_above_other_fields_is_part_of_a_box(lint):
    """A fact-check box that opens with "Source:": the fields *after* it
    show that it is a label, not the post's credit."""
    box = FACT_CHECK.format(after="**Claim:** Low-traffic zones are climate lockdowns\n\n"
                                  "**Verdict:** False\n\n"
                                  "The post misreads a council plan to close three streets "
                                  "to through traffic near a primary school.")
    assert lint(post(box)) == []


def test_a_source_line_followed_by_prose_is_a_credit(lint):
    """The same line followed by ordinary text is a credit line."""
    assert codes(lint(post(FACT_CHECK.format(after="The claim is false.")))) == repost_at(7, 3)



def test_a_source_field_among_credit_fields_is_a_credit(lint):
    """A repost's header of labelled lines (author, source, date) is the
    credit itself: only labels of *other* things make a box."""
    header = ("**Author:** Peter Koenig\n\n**Source:** Global Research\n\n"
              "**Date:** 12 September 2022\n\nFreight rates tripled in a year.")
    assert codes(lint(post(header))) == repost_at(7, 3)


# --- Examples shown, not carried -------------------------------------------

def test_a_bracketed_credit_shown_as_an_example(lint):
    """"for example:" and, on its own line, the example in brackets."""
    intro = "Most reposts end with a credit in brackets, for example:"
    body = intro + "\n\n(Reposted from Global Research.)"
    assert lint(post(body)) == []
    assert codes(lint(post(body.replace(intro, "Thanks for reading.")))) == repost_at(7, 2)


def test_a_footer_quoted_after_a_colon_on_the_same_line(lint):
    """"... the same footer: The original source ..." shows the footer."""
    body = ("Every copy carries the same footer: The original source of this article is "
            "Global Research.\n\nMine does not.")
    assert lint(post(body)) == []

# --- Where a copyright line begins -----------------------------------------

URL = "https://www.globalresearch.ca/the-price-of-cheap-shipping/5790311"
FRONT = ("---\ntitle: The Price of Cheap Shipping\ndate: 2022-08-02\n"
         f"source_url: {URL}\noriginal_date: 2022-07-29\noriginal_author: Marta Kovač\n---\n")
LINKED_CREDIT = f"The original source of this article is [Global Research]({URL})"


def test_a_bracketed_copyright_line_right_under_the_credit_counts(lint):
    """The copyright line on the next source line, in brackets, with no
    blank line between: Markdown joins the lines, but it begins a line."""
    body = (f"Freight rates tripled.\n\n{LINKED_CREDIT}\n"
            "(Copyright © Marta Kovač, Global Research, 2022)\n")
    assert lint(FRONT + body) == []


def test_a_copyright_notice_mentioned_inside_a_sentence_is_not_the_line(lint):
    """"... carried only Copyright © Global Research 2019 at the end" is
    prose about older pieces: the repost still lacks its copyright line,
    reported at the source field (line 4), not judged as a wrong year."""
    body = ("Freight rates tripled.\n\nOlder pieces carried only Copyright © Global "
            f"Research 2019 at the end.\n\n{LINKED_CREDIT}\n")
    assert codes(lint(FRONT + body)) == [(4, 1, "AL301")]


# --- Captions: a line under an image ---------------------------------------

ARTICLE = ("Freight rates tripled in a year and fell back as fast. Ports that had "
           "automated their cranes recovered first, and the unions noticed.\n\n") * 3


def test_a_source_line_under_a_chart_deep_in_a_post_is_a_caption(lint):
    """A chart in a paragraph of its own, well into the post, then
    "Source: Global Research": the chart's caption, not a repost's credit."""
    body = ARTICLE + "![Freight rates, 2019-2023](/img/rates.png)\n\nSource: Global Research"
    assert lint(post(body)) == []
    no_chart = ARTICLE + "Source: Global Research"
    assert codes(lint(post(no_chart))) == repost_at(11, 1)


# --- Lists and figure captions ---------------------------------------------

def test_a_linked_via_entry_in_a_reading_list_is_a_recommendation(lint):
    """One entry of a roundup says where its link goes: "Via Global
    Research: [title](article)" in a list is a pointer to their article."""
    roundup = ("Worth reading this week:\n\n"
               "- [Tracking a ship through the canal](https://www.bellingcat.com/ships/)\n"
               "- Via Global Research: [Why the Suez blockage was a warning]"
               "(https://www.globalresearch.ca/suez/5741102)\n"
               "- [The port that automated first](https://example.org/ports)\n")
    assert lint(post(roundup)) == []


def test_a_figure_caption_above_its_image_is_a_caption(lint):
    """``<figcaption>`` may come before the image: still a caption."""
    page = ("<html><body><main><p>" + ARTICLE + "</p><figure><figcaption>Source: Global "
            "Research</figcaption><img src='rates.png'></figure></main></body></html>")
    assert lint(page, kind="html", path="page.html") == []
    assert codes(lint(page.replace("figcaption", "p"), kind="html", path="page.html")) \
        == repost_at(7, 16)


def test_a_copyright_topic_line_is_not_the_copyright_line(lint):
    """"Copyright and Global Research: ..." at the start of a line binds
    "and" as the author: no name, so the repost still lacks its line."""
    body = (f"Freight rates tripled.\n\n{LINKED_CREDIT}\n\n"
            "Copyright and Global Research: the terms are at the bottom of every article.\n")
    assert codes(lint(FRONT + body)) == [(4, 1, "AL301")]


def test_a_copyright_line_for_an_author_who_writes_her_name_in_lower_case(lint):
    """bell hooks's copyright line is hers: a lower-case name is a name
    when judging the copyright line (only detection asks for a capital)."""
    front = FRONT.replace("Marta Kovač", "bell hooks")
    body = (f"Freight rates tripled.\n\n{LINKED_CREDIT}\n\n"
            "Copyright © bell hooks, Global Research, 2022\n")
    assert lint(front + body) == []


def test_a_link_on_the_next_line_of_a_file_with_old_mac_line_endings(lint):
    """A lone CR ends a source line too: the capitalised "Original" of the
    link on the next line does not lengthen the publisher's name."""
    text = ("---\rtitle: A post\rdate: 2023-04-02\r---\rFreight rates tripled.\r\r"
            "The original source of this article is Global Research\r"
            "[Original article](https://www.globalresearch.ca/mali-mining/5837112)\r")
    assert codes(lint(text)) == [(7, 1, "AL301")]


# --- A credit that names what it credits -----------------------------------

def test_a_credit_going_on_with_its_licence_is_still_a_credit(lint):
    body = ("The original source of this article is Global Research, licensed under its "
            "reposting terms.")
    assert codes(lint(post(body))) == repost_at(5, 1)


def test_a_credit_naming_the_article_after_a_colon_is_a_credit(lint):
    body = ("Reposted from Global Research: [The Port That Ran Itself]"
            "(https://example.org/port) (via a reader)\n\nThe cranes moved at night.")
    assert codes(lint(post(body))) == repost_at(5, 1)


def test_a_title_after_a_colon_that_is_not_a_link_is_a_topic(lint):
    body = "Reposted from Global Research: the port that ran itself, and other myths."
    assert lint(post(body)) == []


def test_a_credit_under_a_counter_pixel_is_no_caption(lint):
    """The Conversation's counter image often stands just above its credit."""
    body = ("Sleep clears the brain of waste.\n\n"
            "![The Conversation](https://counter.theconversation.com/content/92841/count.gif)"
            "\n\nThis article was originally published on The Conversation.")
    assert sorted({code for _, _, code in codes(lint(post(body)))}) == ["AL201", "AL401"]


def test_a_credit_under_a_photo_is_its_caption(lint):
    body = ("Sleep clears the brain of waste.\n\n"
            "![A sleeping cat](https://images.example.org/cat.jpg)"
            "\n\nThis article was originally published on The Conversation.")
    assert lint(post(body)) == []


def test_one_of_a_list_of_sources_is_no_credit(lint):
    body = "Sources:\n\n- Source: Global Research\n- Source: Reuters\n- Source: AP"
    assert lint(post(body)) == []


def test_a_lone_source_item_is_still_a_credit(lint):
    body = "The cranes moved at night.\n\n- Source: Global Research"
    assert codes(lint(post(body))) == repost_at(7, 3)


def test_an_item_of_a_reading_list_is_no_credit(lint):
    body = ("Things worth your time this week:\n\n"
            "- [Why city trees cool some streets](https://example.org/trees) - The Conversation\n"
            "- [A water district kept raising rates](https://example.org/water) - ProPublica\n"
            "- Source: Global Research")
    assert lint(post(body)) == []


def test_a_credit_going_on_to_describe_the_publisher_is_a_credit(lint):
    body = ("The original source of this article is Global Research, a Montreal-based "
            "research centre.")
    assert codes(lint(post(body))) == repost_at(5, 1)


def test_a_dates_comma_is_not_the_sentence_going_on(lint):
    body = ("The original source of this article is Global Research on May 3, 2024, "
            "and it is republished with permission.")
    assert codes(lint(post(body))) == repost_at(5, 1)


def test_a_credit_under_a_zero_sized_pixel_is_no_caption(lint):
    body = ('The cranes moved at night.\n\n<img src="https://stats.example.org/t.gif" '
            'width="0" height="0" alt="">\n\nThe original source of this article is '
            "Global Research")
    assert codes(lint(post(body))) == repost_at(9, 1)
