"""Placement (``at:``, ``within:``) of credit and copyright lines: AL103, AL304."""

import textwrap

import pytest

from attriblint.kinds._placement import Placement, found_place, is_placed, wanted_place
from attriblint.lint import Linter
from attriblint.readers import read_document
from attriblint.rules import load_rules

SOURCE = "https://calmatters.org/politics/2024/06/california-budget-deal/"

# CalMatters' republish modal: "At the top of the story's text":
# "This story was originally published by CalMatters. Sign up for their newsletters."
CALMATTERS = f"""\
id: calmatters
publisher: CalMatters
terms: https://calmatters.org/commentary/my-turn/2020/09/five-solutions-to-californias-climate-crisis-gov-newsom-should-implement-right-now
domains: [calmatters.org]
article_urls: ['^/[a-z-]+/(\\d{{4}}/\\d\\d/)?[a-z0-9-]+/?$']
requires:
  - credit: "This (story|commentary) was originally published by {{publisher}}."
    example: This story was originally published by CalMatters.
    at: top
"""

# Global Research articles end with "Copyright © AUTHOR, Global Research, YEAR".
GLOBALRESEARCH = """\
id: grbottom
publisher: Global Research
terms: https://www.globalresearch.ca/fundraising-global-research-anniversary-22-years-courageous-reporting-truth-telling/5831584
domains: [globalresearch.ca]
requires:
  - copyright: "Copyright © ({author}, )?{publisher}((,)? {year})?"
    at: bottom
"""

LEAD = ("Sacramento lawmakers on Monday approved a budget that closes a deficit of many "
        "billions of dollars with cuts to housing programs and borrowing from reserves.")
PARAS = [
    "The deal still needs the governor's signature, which aides said could come this week.",
    "Republicans called the borrowing a gimmick that pushes the problem into next year.",
    "Democrats said the cuts were smaller than those the governor proposed in May.",
    "Advocates for renters said the housing cuts would fall hardest on families.",
    "The Legislative Analyst's Office had warned of deficits in coming years as well.",
]
CREDIT = "This story was originally published by CalMatters."


def front(source=SOURCE, extra=""):
    return f"---\ntitle: Budget deal closes deficit\nsource_url: {source}\n{extra}---\n"


def markdown(*blocks):
    return "\n\n".join(blocks) + "\n"


@pytest.fixture
def lint_with(tmp_path):
    def run(rule_text, post, kind="markdown", path="post.md"):
        rule = tmp_path / "rule.yaml"
        rule.write_text(textwrap.dedent(rule_text), encoding="utf-8")
        linter = Linter.from_rules(load_rules([rule]))
        return linter.lint_bytes(path, kind, post.encode("utf-8"))
    return run


def position(text, needle):
    """1-based line and column of ``needle`` in ``text``."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def test_credit_at_the_top_of_the_story_passes(lint_with):
    post = front() + markdown("By Ana B. Ibarra, CalMatters", CREDIT, LEAD, *PARAS)
    assert lint_with(CALMATTERS, post) == []


def test_credit_only_at_the_bottom_is_misplaced(lint_with):
    post = front() + markdown("By Ana B. Ibarra, CalMatters", LEAD, *PARAS, CREDIT)
    (f,) = lint_with(CALMATTERS, post)
    assert (f.line, f.column) == position(post, CREDIT)
    assert (f.code, f.kind, f.severity) == ("AL103", "credit", "error")
    assert f.message == ("credit line found in the last block (block 8 of 8), but CalMatters "
                         "asks for it at the top of the post (in the byline area or the first "
                         "3 blocks)")


def test_the_byline_area_counts_as_top_however_many_short_lines_it_has(lint_with):
    # Title, byline, dateline, photo credit: short lines before the first
    # body paragraph; the credit is the fifth block but still at the top.
    post = front() + markdown("# Budget deal closes deficit", "By Ana B. Ibarra, CalMatters",
                              "June 24, 2024", "Photo: Rahul Lal, CalMatters", CREDIT, LEAD,
                              *PARAS)
    assert lint_with(CALMATTERS, post) == []


def test_a_credit_long_enough_to_be_the_first_body_paragraph_is_at_the_top(lint_with):
    long_credit = (f"This story was originally published by CalMatters on June 24, 2024, at "
                   f"{SOURCE} and is republished here under its republishing guidelines.")
    post = front() + markdown("# Budget deal closes deficit", "By Ana B. Ibarra, CalMatters",
                              "June 24, 2024", "Photo: Rahul Lal, CalMatters", long_credit,
                              LEAD, *PARAS)
    assert lint_with(CALMATTERS, post) == []
    opening = f"{CREDIT} {LEAD}"  # the credit opens the story's first paragraph
    post = front() + markdown("# Budget deal closes deficit", "By Ana B. Ibarra, CalMatters",
                              "June 24, 2024", "Photo: Rahul Lal, CalMatters", opening, *PARAS)
    assert lint_with(CALMATTERS, post) == []
    # but not the paragraph after the first one
    post = front() + markdown("# Budget deal closes deficit", "By Ana B. Ibarra, CalMatters",
                              "June 24, 2024", "Photo: Rahul Lal, CalMatters", LEAD,
                              f"{CREDIT} {PARAS[0]}", *PARAS[1:])
    assert [f.code for f in lint_with(CALMATTERS, post)] == ["AL103"]


def test_within_counts_blocks_from_the_top(lint_with):
    post = front() + markdown(LEAD, PARAS[0], CREDIT, *PARAS[1:])
    assert lint_with(CALMATTERS, post) == []  # the third block: within the default 3
    (f,) = lint_with(CALMATTERS + "    within: 2\n", post)
    assert f.code == "AL103"
    assert "found in block 3 of 7" in f.message
    assert "(in the byline area or the first 2 blocks)" in f.message


def test_images_and_pixels_do_not_count_as_blocks(lint_with):
    images = ["![Capitol](https://calmatters.org/wp-content/uploads/capitol.jpg)",
              "![](https://calmatters.org/pixel.gif)"] * 2
    post = front() + markdown(LEAD, *images, PARAS[0], CREDIT, *PARAS[1:])
    assert lint_with(CALMATTERS, post) == []


def test_a_credit_at_top_and_bottom_passes(lint_with):
    post = front() + markdown(CREDIT, LEAD, *PARAS, CREDIT)
    assert lint_with(CALMATTERS, post) == []


def test_without_at_a_credit_anywhere_passes(lint_with):
    rule = CALMATTERS.replace("    at: top\n", "")
    post = front() + markdown(LEAD, PARAS[0], PARAS[1], CREDIT, *PARAS[2:])
    assert lint_with(rule, post) == []


def test_a_misplaced_credit_with_unlinked_words_gets_both_findings(lint_with):
    rule = CALMATTERS.replace("published by {publisher}.", "published by [{publisher}]({article_url}).")
    post = front() + markdown(LEAD, *PARAS, CREDIT)
    assert sorted(f.code for f in lint_with(rule, post)) == ["AL102", "AL103"]
    linked = CREDIT.replace("CalMatters.", f"[CalMatters]({SOURCE}).")
    assert [f.code for f in lint_with(rule, front() + markdown(LEAD, *PARAS, linked))] \
        == ["AL103"]
    assert lint_with(rule, front() + markdown(linked, LEAD, *PARAS)) == []


def test_html_page_credit_placement(lint_with):
    body = "".join(f"<p>{p}</p>" for p in [LEAD, *PARAS])
    top = (f"<html><head><title>Budget</title></head><body><article><h1>Budget deal</h1>"
           f"<p class=\"byline\">By Ana B. Ibarra</p><p><em>{CREDIT}</em></p>{body}"
           f"</article></body></html>")
    meta = f'<link rel="canonical" href="{SOURCE}">'
    top = top.replace("</head>", meta + "</head>")
    assert lint_with(CALMATTERS, top, "html", "post.html") == []
    bottom = top.replace(f"<p><em>{CREDIT}</em></p>", "").replace(
        "</article>", f"<p><em>{CREDIT}</em></p></article>")
    (f,) = lint_with(CALMATTERS, bottom, "html", "post.html")
    assert f.code == "AL103"
    assert (f.line, f.column) == position(bottom, CREDIT)
    assert "found in the last block (block 9 of 9)" in f.message


def test_copyright_at_the_bottom(lint_with):
    source = "https://www.globalresearch.ca/russia-againgate/5740210"
    fm = f"---\nsource_url: {source}\n---\n"
    line = "Copyright © Stephen Lendman, Global Research, 2021"
    pixel = "![](https://www.globalresearch.ca/pixel.gif)"
    assert lint_with(GLOBALRESEARCH, fm + markdown(LEAD, *PARAS, line, pixel)) == []
    post = fm + markdown(line, LEAD, *PARAS)
    (f,) = lint_with(GLOBALRESEARCH, post)
    assert (f.code, f.kind) == ("AL304", "copyright")
    assert (f.line, f.column) == position(post, line)
    assert f.message == ("copyright line found in block 1 of 7, but Global Research asks for "
                         "it at the bottom of the post (in the last 3 blocks)")


def test_a_misplaced_copyright_line_is_still_compared_with_the_metadata(lint_with):
    source = "https://www.globalresearch.ca/russia-againgate/5740210"
    fm = f"---\nsource_url: {source}\noriginal_date: 2021-03-18\n---\n"
    post = fm + markdown("Copyright © Stephen Lendman, Global Research, 2019", LEAD, *PARAS)
    assert sorted(f.code for f in lint_with(GLOBALRESEARCH, post)) == ["AL303", "AL304"]


def test_plain_text_blocks_are_runs_between_blank_lines(lint_with):
    rule = CALMATTERS.replace(
        "requires:", 'detect:\n  phrases: ["This story was originally published by {publisher}"]\nrequires:')
    post = markdown(LEAD, *PARAS, CREDIT)
    (f,) = lint_with(rule, post, "text", "post.txt")
    assert (f.code, f.line, f.column) == ("AL103", 13, 1)
    assert lint_with(rule, markdown(CREDIT, LEAD, *PARAS), "text", "post.txt") == []


def document(text):
    return read_document("post.md", "markdown", text)


def test_a_place_without_blocks_satisfies_any_placement():
    doc = document(markdown(LEAD, CREDIT))
    doc.blocks.clear()  # a reader that gives no structure
    start = doc.text.index("This story")
    for at in ("top", "bottom"):
        assert is_placed(doc, start, start + 10, Placement(at, 1))


def test_bottom_counts_blocks_from_the_end():
    doc = document(markdown(LEAD, *PARAS, "Copyright © Global Research"))
    third_last, second_last = doc.text.index(PARAS[3]), doc.text.index(PARAS[4])
    assert is_placed(doc, second_last, second_last + 5, Placement("bottom", 2))
    assert not is_placed(doc, third_last, third_last + 5, Placement("bottom", 2))


def test_words_for_places():
    assert wanted_place(Placement("top", 1)) == \
        "at the top of the post (in the byline area or the first block)"
    assert wanted_place(Placement("bottom", 5)) == "at the bottom of the post (in the last 5 blocks)"
    doc = document(markdown(LEAD, PARAS[0], PARAS[1]))
    assert found_place(doc, doc.text.index(PARAS[0])) == "in block 2 of 3"
