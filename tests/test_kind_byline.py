"""The ``byline`` kind: the original authors credited where and as the terms ask."""

import json
import textwrap

import pytest

from attriblint.cli import main
from attriblint.kinds import kinds
from attriblint.lint import Linter
from attriblint.rules import RuleFileError, load_rule

CALMATTERS = """\
id: calmatters
publisher: CalMatters
terms: https://calmatters.org/about/republishing/
domains: [calmatters.org]
requires:
  - byline: "^By {author}, (Special for )?CalMatters"
    example: "By AUTHOR, CalMatters"
    at: top
"""

STACK_OVERFLOW = """\
id: stackoverflow
publisher: Stack Overflow
terms: https://stackoverflow.blog/2009/06/25/attribution-required/
domains: [stackoverflow.com]
targets:
  profile: '^https?://(www\\.)?stackoverflow\\.com/users/\\d+'
requires:
  - byline: "^(Asked|Answered) by [{author}]({profile})"
"""

FLOODLIGHT = """\
id: floodlight
publisher: Floodlight
terms: https://floodlightnews.org/republication-terms/
domains: [floodlightnews.org]
requires:
  - byline: "^{author}, {publisher}$"
"""

BODY = ("California's water board voted on Tuesday to limit diversions from the Sacramento "
        "River during the dry months, a decision that farmers said would cost them dearly.")

CALMATTERS_POST = """\
---
title: Water board limits river diversions
source_url: https://calmatters.org/environment/2024/05/water-rights/
original_author: Rachel Becker
author: Sam Blogger
---
By Rachel Becker, CalMatters

{body}

The board will meet again in June.

This story was originally published by CalMatters.
"""

SO_POST = """\
---
source_url: https://stackoverflow.com/questions/12345/how-to-parse-dates
original_author: alice
---
Asked by [alice](https://stackoverflow.com/users/111/alice)

How do I parse dates in Python?

Answered by [bob](https://stackoverflow.com/users/222/bob) on Mar 3, 2020

Use datetime.strptime.

Answered by [carol](https://superuser.com/users/333/carol) on Mar 4, 2020

Use dateutil.
"""


def lint(tmp_path, rule_text, post, kind="markdown", name="post.md"):
    path = tmp_path / "rule.yaml"
    path.write_text(rule_text, encoding="utf-8")
    linter = Linter.from_rules([load_rule(path)])
    return linter.lint_bytes(str(tmp_path / name), kind, post.encode("utf-8"))


def where(findings):
    return [(f.line, f.column, f.code) for f in findings]


def test_calmatters_byline_at_the_top_passes(tmp_path):
    assert lint(tmp_path, CALMATTERS, CALMATTERS_POST.format(body=BODY)) == []


def test_a_missing_byline_points_at_the_source_and_quotes_it_with_the_author(tmp_path):
    post = CALMATTERS_POST.format(body=BODY).replace("By Rachel Becker, CalMatters\n\n", "")
    findings = lint(tmp_path, CALMATTERS, post)
    assert where(findings) == [(3, 1, "AL401")]
    assert findings[0].kind == "byline"
    assert findings[0].message.startswith(
        'missing byline: expected "By Rachel Becker, CalMatters" (CalMatters terms apply')


def test_the_blogs_own_author_field_is_not_the_author_to_credit(tmp_path):
    post = CALMATTERS_POST.format(body=BODY).replace("original_author: Rachel Becker\n", "")
    findings = lint(tmp_path, CALMATTERS, post.replace("By Rachel Becker, CalMatters\n\n", ""))
    assert 'expected "By AUTHOR, CalMatters"' in findings[0].message
    # a byline naming someone else than the blogger is no mismatch
    assert lint(tmp_path, CALMATTERS, post) == []


def test_a_byline_only_at_the_bottom_is_misplaced(tmp_path):
    post = CALMATTERS_POST.format(body=BODY).replace("By Rachel Becker, CalMatters\n\n", "")
    post = post.replace("The board will meet again in June.",
                        "The board will meet again in June.\n\nA second paragraph.\n\n"
                        "A third paragraph.\n\nA fourth paragraph.")
    post += "\nBy Rachel Becker, CalMatters\n"
    findings = lint(tmp_path, CALMATTERS, post)
    assert where(findings) == [(19, 1, "AL403")]
    assert findings[0].message == (
        "byline found in the last block (block 7 of 7), but CalMatters asks for it at "
        "the top of the post (in the byline area or the first 3 blocks)")


def test_a_byline_naming_another_author_than_original_author(tmp_path):
    post = CALMATTERS_POST.format(body=BODY).replace("By Rachel Becker,", "By Dan Walters,")
    findings = lint(tmp_path, CALMATTERS, post)
    assert where(findings) == [(7, 4, "AL404")]
    assert findings[0].message == ('byline names "Dan Walters", but original_author says '
                                   '"Rachel Becker"')


@pytest.mark.parametrize("byline", [
    "By Dr. Rachel  Becker, CalMatters",
    "By Rachel Becker and Alexei Koseff, CalMatters",
    "BY RÁCHEL BECKER, Special for CalMatters",
])
def test_the_same_author_written_otherwise_agrees(tmp_path, byline):
    post = CALMATTERS_POST.format(body=BODY).replace("By Rachel Becker, CalMatters", byline)
    assert lint(tmp_path, CALMATTERS, post) == []


def test_texas_tribune_byline_in_an_html_page(tmp_path):
    rule = textwrap.dedent("""\
        id: texastribune
        publisher: The Texas Tribune
        terms: https://www.texastribune.org/republishing-guidelines/
        domains: [texastribune.org]
        requires:
          - byline: "^by {author}, {publisher}"
            at: top
        """)
    page = textwrap.dedent(f"""\
        <html><head>
        <link rel="canonical" href="https://www.texastribune.org/2024/05/01/texas-water-plan/">
        </head><body><article>
        <h1>Texas water plan</h1>
        <p class="byline">by Aman Batheja, The Texas Tribune.</p>
        <p>{BODY}</p>
        </article></body></html>
        """)
    assert lint(tmp_path, rule, page, "html", "post.html") == []
    findings = lint(tmp_path, rule, page.replace("by Aman Batheja, The Texas Tribune.", ""),
                    "html", "post.html")
    assert where(findings) == [(2, 1, "AL401")]
    assert 'expected "by AUTHOR, The Texas Tribune"' in findings[0].message


def test_every_stack_overflow_author_must_link_to_a_profile(tmp_path):
    findings = lint(tmp_path, STACK_OVERFLOW, SO_POST)
    assert where(findings) == [(13, 14, "AL402")]
    assert findings[0].message == (
        'byline found, but "carol" is not a link to their profile (stackoverflow.com/users/ID)')


def test_an_unlinked_author_among_linked_ones_is_named_alone(tmp_path):
    post = SO_POST.replace("[bob](https://stackoverflow.com/users/222/bob)", "bob").replace(
        "https://superuser.com/users/333/carol", "https://stackoverflow.com/users/333/carol")
    findings = lint(tmp_path, STACK_OVERFLOW, post)
    assert where(findings) == [(9, 13, "AL402")]
    assert '"bob" is not a link' in findings[0].message


def test_a_name_linked_in_one_of_its_bylines_is_linked(tmp_path):
    post = SO_POST.replace("https://superuser.com/users/333/carol",
                           "https://stackoverflow.com/users/333/carol")
    post += "\nAnswered by carol on Mar 5, 2020\n\nA follow-up.\n"
    assert lint(tmp_path, STACK_OVERFLOW, post) == []


def test_one_byline_naming_the_original_author_is_enough(tmp_path):
    post = SO_POST.replace("https://superuser.com/users/333/carol",
                           "https://stackoverflow.com/users/333/carol")
    assert lint(tmp_path, STACK_OVERFLOW, post) == []  # bob and carol are not alice: fine
    findings = lint(tmp_path, STACK_OVERFLOW, post.replace("original_author: alice",
                                                           "original_author: zed"))
    assert where(findings) == [(5, 11, "AL404")]


def test_floodlight_byline_and_what_is_not_one(tmp_path):
    head = "---\nsource_url: https://floodlightnews.org/ranchers-water/\n---\n"
    assert lint(tmp_path, FLOODLIGHT, head + "Jane Doe, Floodlight\n\n" + BODY + "\n") == []
    # prose that begins with "Word, Floodlight" is no byline ...
    prose = head + "Ranchers, Floodlight found, lost water.\n\n" + BODY + "\n"
    assert [f.code for f in lint(tmp_path, FLOODLIGHT, prose)] == ["AL401"]
    # ... nor is a photo credit in a caption, nor a name inside a sentence
    figure = ("<figure><img src=\"https://example.org/r.jpg\">"
              "<figcaption>Jane Doe, Floodlight</figcaption></figure>")
    for text in (figure, "We spoke to Jane Doe, Floodlight"):
        findings = lint(tmp_path, FLOODLIGHT, head + text + "\n\n" + BODY + "\n")
        assert [f.code for f in findings] == ["AL401"], text


def test_a_byline_template_must_bind_the_author(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(CALMATTERS.replace("By {author}, (Special for )?CalMatters",
                                       "Written for CalMatters"), encoding="utf-8")
    with pytest.raises(RuleFileError) as error:
        load_rule(path)
    assert (error.value.line, error.value.column) == (6, 13)
    assert error.value.message == ("requires[0].byline: a byline template must name the author: "
                                   "use {author}")


def test_an_unknown_link_target_is_a_rule_file_error(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(STACK_OVERFLOW.replace("({profile})", "({profiles})"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="profiles"):
        load_rule(path)


def test_describe_says_what_and_where(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(CALMATTERS, encoding="utf-8")
    requirement = load_rule(path).requirements[0]
    assert kinds()["byline"].describe(requirement) == (
        'a byline such as "By AUTHOR, CalMatters", at the top of the post (in the byline area '
        'or the first 3 blocks)')


def test_json_output_names_the_kind(tmp_path, capsys):
    (tmp_path / "rule.yaml").write_text(STACK_OVERFLOW, encoding="utf-8")
    (tmp_path / "post.md").write_text(SO_POST, encoding="utf-8")
    code = main(["check", "--format", "json", "--no-bundled-rules",
                 "--rules", str(tmp_path / "rule.yaml"), str(tmp_path / "post.md")])
    assert code == 1
    finding, = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["code"], finding["kind"]) == ("AL402", "byline")


def test_each_unlinked_author_is_a_finding(tmp_path):
    post = SO_POST.replace("[bob](https://stackoverflow.com/users/222/bob)", "bob")
    findings = lint(tmp_path, STACK_OVERFLOW, post)
    assert where(findings) == [(9, 13, "AL402"), (13, 14, "AL402")]


def test_without_caret_a_byline_must_still_begin_a_line_or_sentence(tmp_path):
    rule = CALMATTERS.replace('"^By {author}', '"By {author}')
    post = CALMATTERS_POST.format(body=BODY).replace(
        "By Rachel Becker, CalMatters", "Reporting was done by Rachel Becker, CalMatters")
    findings = lint(tmp_path, rule, post)
    assert [f.code for f in findings] == ["AL401"]
    assert lint(tmp_path, rule, CALMATTERS_POST.format(body=BODY)) == []


def test_a_one_word_handle_is_a_name_a_lower_case_clause_is_not(tmp_path):
    rule = CALMATTERS.replace('"^By {author}, (Special for )?CalMatters"', '"^By {author}$"')
    post = CALMATTERS_POST.format(body=BODY).replace("original_author: Rachel Becker\n", "")
    assert lint(tmp_path, rule, post.replace("By Rachel Becker, CalMatters", "By @rbecker")) == []
    findings = lint(tmp_path, rule, post.replace("By Rachel Becker, CalMatters",
                                                 "By the way the board met"))
    assert [f.code for f in findings] == ["AL401"]


def test_a_profile_pattern_too_complex_to_read_is_quoted(tmp_path):
    rule = STACK_OVERFLOW.replace("'^https?://(www\\.)?stackoverflow\\.com/users/\\d+'",
                                  "'^https?://([a-z]+\\.)*(stackoverflow|superuser)\\.com/users/'")
    findings = lint(tmp_path, rule, SO_POST.replace("https://superuser.com/users/333/carol",
                                                    "https://example.org/carol"))
    assert findings[0].message.endswith(
        "their profile (an address matching ^https?://([a-z]+\\.)*(stackoverflow|superuser)"
        "\\.com/users/)")


# The Conversation's rule: the republish button writes "Name, Job title,
# Institution" as the byline ("credit authors and their institutions").
CONVERSATION = """\
id: theconversation
publisher: The Conversation
terms: https://theconversation.com/us/republishing-guidelines
domains: [theconversation.com]
detect:
  phrases: ["(This article|It) (is|was) (originally )?(re)?published (on|from|by) {publisher}"]
requires:
  - byline: "^{author}, {institution}$"
"""

TC_POST = """\
---
title: We built a flux capacitor
source_url: https://theconversation.com/we-built-a-flux-capacitor-92841
---
{byline}

The technology that allowed Marty McFly to travel back in time in the 1985 movie Back to the
Future was the mythical flux capacitor, designed by inventor Doc Brown.

{middle}

This article was originally published on [The Conversation](https://theconversation.com).
"""

TC_BYLINE = ("[Jason Twamley](https://theconversation.com/profiles/jason-twamley-1234), "
             "Professor, *Macquarie University*")


def test_the_conversation_button_byline_passes(tmp_path):
    assert lint(tmp_path, CONVERSATION, TC_POST.format(byline=TC_BYLINE, middle="")) == []


@pytest.mark.parametrize("middle", [
    # a heading is never a byline
    "## What, exactly, is a bot?",
    "## Rising Seas, Sinking Cities",
    # a sentence's first word is no one-word name
    "Sadly for history buffs, our design won't help much in your DeLorean time machine: "
    "it doesn't reverse time.",
    "Long-running, ongoing surveys will continue to help us understand the architecture of "
    "the outer regions of planetary systems.",
    # a lower-case word other than a particle is no name
    "Even sooner, they may help in base stations.",
    "In a recent paper, Dominick Rowan, a high school senior from New York, analysed the data.",
])
def test_a_heading_or_a_sentence_is_not_the_conversation_byline(tmp_path, middle):
    findings = lint(tmp_path, CONVERSATION, TC_POST.format(byline="", middle=middle))
    assert where(findings) == [(3, 1, "AL401")]
    assert 'expected "AUTHOR, INSTITUTION"' in findings[0].message


@pytest.mark.parametrize("byline", [
    TC_BYLINE,
    "By " + TC_BYLINE,
    "by " + TC_BYLINE,  # a lower-case "by" belongs to no name
    "BY " + TC_BYLINE,
    "by [Deepak Kumar](https://theconversation.com/profiles/deepak-kumar-410162), "
    "*University of Illinois*",
    "Jason Twamley, Professor, Macquarie University",
    "Ana de la Cruz, Universidad de Chile",
    "@jtwamley, Macquarie University",  # a handle
    "[Plato](https://theconversation.com/profiles/plato-1), Academy of Athens",  # linked
])
def test_the_conversation_bylines_as_reposts_write_them(tmp_path, byline):
    assert lint(tmp_path, CONVERSATION, TC_POST.format(byline=byline, middle="")) == []


def test_a_leading_by_is_not_compared_with_the_original_author(tmp_path):
    post = TC_POST.format(byline="by " + TC_BYLINE, middle="").replace(
        "source_url:", "original_author: Deepak Kumar\nsource_url:")
    findings = lint(tmp_path, CONVERSATION, post)
    assert where(findings) == [(6, 5, "AL404")]
    assert findings[0].message == ('byline names "Jason Twamley", but original_author says '
                                   '"Deepak Kumar"')


KFF = """\
id: kffhealthnews
publisher: KFF Health News
terms: https://kffhealthnews.org/about-us/
domains: [kffhealthnews.org]
requires:
  - byline: "^By {author}((,| -| of) {publisher})?"
"""

KFF_POST = """\
---
source_url: https://kffhealthnews.org/news/article/rural-labor-wards-close/
original_author: Corinne Whitaker
---
{byline}

When the labor and delivery unit at the county hospital closed in October, the nearest place
to give birth moved 68 miles away, across a mountain pass that closes each winter.
"""


@pytest.mark.parametrize("byline, found", [
    ("By Corinne Whitaker, KFF Health News", None),
    ("By Corinne Whitaker", None),
    ("By [Corinne Whitaker](https://kffhealthnews.org/news/author/corinne-whitaker/)", None),
    ("By Dan Walters, KFF Health News", "Dan Walters"),
    ("By Dan de la Vega and Ana Ruiz of KFF Health News", "Dan de la Vega and Ana Ruiz"),
])
def test_a_name_before_optional_words_is_read_whole(tmp_path, byline, found):
    findings = lint(tmp_path, KFF, KFF_POST.format(byline=byline))
    if found is None:
        assert findings == []
    else:
        assert [f.code for f in findings] == ["AL404"]
        assert findings[0].message.startswith(f'byline names "{found}", but')


def test_an_html_heading_is_not_a_byline_but_the_paragraph_under_it_is(tmp_path):
    page = textwrap.dedent(f"""\
        <html><head>
        <link rel="canonical" href="https://theconversation.com/we-built-a-flux-capacitor-92841">
        </head><body><article>
        <h2>Time Travel, Revisited</h2>
        <p>{BODY}</p>
        <p>This article was originally published on
        <a href="https://theconversation.com">The Conversation</a>.</p>
        </article></body></html>
        """)
    findings = lint(tmp_path, CONVERSATION, page, "html", "post.html")
    assert where(findings) == [(2, 1, "AL401")]
    byline = ('<p><a href="https://theconversation.com/profiles/jason-twamley-1234">Jason '
              'Twamley</a>, Macquarie University</p>')
    page = page.replace("<h2>Time Travel, Revisited</h2>",
                        "<h2>Time Travel, Revisited</h2>\n" + byline)
    assert lint(tmp_path, CONVERSATION, page, "html", "post.html") == []
