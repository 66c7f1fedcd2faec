"""The ``pixel`` kind: a publisher's tracking pixel kept, counting the right article."""

import json

import pytest

from attriblint.cli import main
from attriblint.kinds import kinds
from attriblint.lint import Linter
from attriblint.rules import RuleFileError, load_rule

CONVERSATION = """\
id: theconversation
publisher: The Conversation
terms: https://theconversation.com/us/republishing-guidelines
domains: [theconversation.com]
requires:
  - pixel:
      src: '^counter\\.theconversation\\.com/content/(\\d+)/count\\.gif'
      tags: [img]
      id: article
"""

PROPUBLICA = """\
id: propublica
publisher: ProPublica
terms: https://www.propublica.org/steal-our-stories
domains: [propublica.org]
detect:
  phrases: ["^This story was originally published by ProPublica"]
requires:
  - pixel: {src: '^pixel\\.propublica\\.org/pixel\\.js'}
"""

COUNTER = ("![The Conversation](https://counter.theconversation.com/content/{id}/count.gif"
           "?distributor=republish-lightbox-basic)")

MARKDOWN = """\
---
title: Why rivers run dry
source_url: https://theconversation.com/why-rivers-run-dry-194596
---
This article is republished from [The Conversation](https://theconversation.com) under a
Creative Commons license.

Rivers across the west are running dry earlier each summer.

{pixel}
"""

HTML = """\
<!DOCTYPE html>
<html><head>
<link rel="canonical" href="https://www.propublica.org/article/water-rights-abq">
<title>Water rights</title>
</head>
<body>
<article>
<p>This story was originally published by ProPublica, a nonprofit newsroom.</p>
<p>Farmers along the Rio Grande have fought over water for a century.</p>
</article>
{pixel}
</body></html>
"""


def lint(tmp_path, rule_text, post, kind="markdown", name="post.md"):
    path = tmp_path / "rule.yaml"
    path.write_text(rule_text, encoding="utf-8")
    linter = Linter.from_rules([load_rule(path)])
    return linter.lint_bytes(str(tmp_path / name), kind, post.encode("utf-8"))


def where(findings):
    return [(f.line, f.column, f.code) for f in findings]


def test_the_conversation_counter_for_the_article_passes(tmp_path):
    post = MARKDOWN.format(pixel=COUNTER.format(id="194596"))
    assert lint(tmp_path, CONVERSATION, post) == []


def test_a_missing_counter_points_at_the_source_and_names_its_address(tmp_path):
    findings = lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=""))
    assert where(findings) == [(3, 1, "AL501")]
    assert findings[0].kind == "pixel"
    assert findings[0].message.startswith(
        "missing The Conversation's tracking pixel: expected an <img> loading "
        "counter.theconversation.com/content/ID/count.gif (The Conversation terms apply")


def test_a_counter_of_another_article_points_at_the_counter(tmp_path):
    findings = lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=COUNTER.format(id="113886")))
    assert where(findings) == [(10, 1, "AL502")]
    assert findings[0].message == (
        "The Conversation's tracking pixel counts article 113886, but the original article is "
        "194596 (https://theconversation.com/why-rivers-run-dry-194596)")


def test_one_right_counter_among_copies_is_enough(tmp_path):
    pixels = COUNTER.format(id="113886") + "\n\n" + COUNTER.format(id="194596")
    assert lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=pixels)) == []


def test_the_counter_as_an_html_tag_with_a_protocol_relative_address_counts(tmp_path):
    tag = ('<!-- Below is The Conversation\'s page counter tag. Please DO NOT REMOVE. -->'
           '<img src="//counter.theconversation.com/content/194596/count.gif?distributor='
           'republish-lightbox-advanced" alt="The Conversation" width="1" height="1" />')
    assert lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=tag)) == []


@pytest.mark.parametrize("pixel", [
    # a link to the counter loads nothing
    "[counter](https://counter.theconversation.com/content/194596/count.gif)",
    # the tag shown as code, and commented out
    "```html\n<img src=\"https://counter.theconversation.com/content/194596/count.gif\">\n```",
    "<!-- <img src=\"https://counter.theconversation.com/content/194596/count.gif\"> -->",
    # another site's counter that merely mentions the path
    "![x](https://example.org/counter.theconversation.com/content/194596/count.gif)",
    # the tags option: a script is not the image the terms ask for
    "<script src=\"https://counter.theconversation.com/content/194596/count.gif\"></script>",
])
def test_what_does_not_load_the_counter_is_no_counter(tmp_path, pixel):
    findings = lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=pixel))
    assert [f.code for f in findings] == ["AL501"]


def test_without_a_known_original_any_counter_passes(tmp_path):
    post = MARKDOWN.format(pixel=COUNTER.format(id="113886")).replace(
        "source_url: https://theconversation.com/why-rivers-run-dry-194596",
        "source_url: https://theconversation.com/us")
    assert lint(tmp_path, CONVERSATION, post) == []


def test_the_rules_article_urls_group_gives_the_id(tmp_path):
    rule = CONVERSATION.replace("requires:", "article_urls: ['/a/(\\d+)-']\nrequires:")
    post = MARKDOWN.format(pixel=COUNTER.format(id="42")).replace(
        "why-rivers-run-dry-194596", "a/42-why-rivers-run-dry-2023")
    assert lint(tmp_path, rule, post) == []
    findings = lint(tmp_path, rule, post.replace("content/42/", "content/2023/"))
    assert [f.code for f in findings] == ["AL502"]


def test_propublica_pixel_script_outside_the_article_passes(tmp_path):
    script = ('<script async="true" src="http://pixel.propublica.org/pixel.js" '
              'type="text/javascript"></script>')
    assert lint(tmp_path, PROPUBLICA, HTML.format(pixel=script), "html", "post.html") == []


def test_propublica_without_its_pixel_fails(tmp_path):
    findings = lint(tmp_path, PROPUBLICA, HTML.format(pixel=""), "html", "post.html")
    assert [f.code for f in findings] == ["AL501"]
    assert "an <img> or <script> loading pixel.propublica.org/pixel.js" in findings[0].message


def test_propublica_pixel_in_markdown_raw_html_passes(tmp_path):
    post = ("This story was originally published by ProPublica.\n\n"
            "Farmers along the Rio Grande.\n\n"
            '<script src="http://pixel.propublica.org/pixel.js" async></script>\n')
    assert lint(tmp_path, PROPUBLICA, post) == []
    assert [f.code for f in lint(tmp_path, PROPUBLICA, post.replace("pixel.js", "other.js"))] \
        == ["AL501"]


def test_id_article_needs_a_group_in_the_pattern(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(CONVERSATION.replace("(\\d+)", "\\d+"), encoding="utf-8")
    with pytest.raises(RuleFileError) as error:
        load_rule(path)
    assert (error.value.line, error.value.column) == (7, 12)
    assert "with id: article, src needs a group" in error.value.message


@pytest.mark.parametrize("change, message", [
    (("tags: [img]", "tags: [iframe]"), "is not allowed"),
    (("      id: article\n", "      id: article\n      size: 1\n"), "unknown key 'size'"),
    (("content/(\\d+)", "content/(?=\\d)"), "not a usable regular expression"),
])
def test_pixel_option_mistakes_are_rule_file_errors(tmp_path, change, message):
    path = tmp_path / "rule.yaml"
    path.write_text(CONVERSATION.replace(*change), encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        load_rule(path)


def test_describe_says_what_the_pixel_is(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(CONVERSATION, encoding="utf-8")
    requirement = load_rule(path).requirements[0]
    assert kinds()["pixel"].describe(requirement) == (
        "the tracking pixel (an <img> loading counter.theconversation.com/content/ID/count.gif)"
        ", counting the original article's id")


def test_json_output_names_the_kind(tmp_path, capsys):
    (tmp_path / "rule.yaml").write_text(CONVERSATION, encoding="utf-8")
    (tmp_path / "post.md").write_text(MARKDOWN.format(pixel=""), encoding="utf-8")
    code = main(["check", "--format", "json", "--no-bundled-rules",
                 "--rules", str(tmp_path / "rule.yaml"), str(tmp_path / "post.md")])
    assert code == 1
    finding, = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["code"], finding["kind"], finding["rule"]) == ("AL501", "pixel",
                                                                   "theconversation")


def test_without_id_article_a_counter_of_any_article_passes(tmp_path):
    rule = CONVERSATION.replace("      id: article\n", "")
    assert lint(tmp_path, rule, MARKDOWN.format(pixel=COUNTER.format(id="113886"))) == []


@pytest.mark.parametrize("url, expected", [
    ("https://theconversation.com/why-rivers-run-dry-194596", "194596"),
    ("https://theconversation.com/why-rivers-run-dry-194596/?utm_source=x", "194596"),
    ("https://theconversation.com/us", None),
    ("http://[broken", None),
    (None, None),
])
def test_article_id_is_the_digits_ending_the_path(tmp_path, url, expected):
    from attriblint.urls import article_id

    path = tmp_path / "rule.yaml"
    path.write_text(CONVERSATION, encoding="utf-8")
    assert article_id(load_rule(path), url) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://counter.theconversation.com/a.gif", "counter.theconversation.com/a.gif"),
    ("//counter.theconversation.com/a.gif", "counter.theconversation.com/a.gif"),
    ("  HTTP://pixel.propublica.org/pixel.js ", "pixel.propublica.org/pixel.js"),
    ("data:image/gif;base64,R0lG", "data:image/gif;base64,R0lG"),
    # host names are case-insensitive, paths are not
    ("https://COUNTER.TheConversation.com/content/1/Count.GIF?D=X",
     "counter.theconversation.com/content/1/Count.GIF?D=X"),
    ("//PIXEL.PROPUBLICA.ORG", "pixel.propublica.org"),
    ("HTTPS://Example.ORG?Q=A", "example.org?Q=A"),
])
def test_pixel_patterns_see_the_address_without_its_scheme(url, expected):
    from attriblint.urls import without_scheme

    assert without_scheme(url) == expected


def test_a_script_only_pixel_is_named_as_a_script(tmp_path):
    rule = PROPUBLICA.replace("pixel: {src: '^pixel\\.propublica\\.org/pixel\\.js'}",
                              "pixel: {src: '^pixel\\.propublica\\.org/pixel\\.js', "
                              "tags: [script]}")
    findings = lint(tmp_path, rule, HTML.format(pixel=""), "html", "post.html")
    assert "expected a <script> loading pixel.propublica.org/pixel.js" in findings[0].message


def test_propublica_pixel_in_a_hugo_rawhtml_shortcode_counts(tmp_path):
    post = ("This story was originally published by ProPublica.\n\nFarmers.\n\n"
            "{{< rawhtml >}}\n<script async=\"true\" src=\"http://pixel.propublica.org/pixel.js\""
            " type=\"text/javascript\"></script>\n{{< /rawhtml >}}\n")
    assert lint(tmp_path, PROPUBLICA, post) == []


@pytest.mark.parametrize("pattern, words", [
    ("^counter\\.theconversation\\.com/content/(\\d+)/count\\.gif",
     "counter.theconversation.com/content/ID/count.gif"),
    ("^(www\\.)?19thnews\\.org/\\?republication-pixel=true&post=(\\d{2,})",
     "19thnews.org/?republication-pixel=true&post=ID"),
    ("^https?://(?:www\\.)?stackoverflow\\.com/users/\\d+", "stackoverflow.com/users/ID"),
    ("^https?://([a-z]+\\.)*stackoverflow\\.com/users/", None),
    ("^", None),
])
def test_messages_read_simple_address_patterns_as_addresses(pattern, words):
    from attriblint.urls import pattern_in_words

    assert pattern_in_words(pattern) == words


def test_the_counter_host_written_in_capitals_counts(tmp_path):
    tag = ('<img src="https://COUNTER.theconversation.com/content/194596/count.gif'
           '?distributor=republish-lightbox-advanced" alt="The Conversation" width="1" '
           'height="1" />')
    assert lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=tag)) == []
    image = COUNTER.format(id="194596").replace("https://counter.theconversation.com",
                                                "HTTPS://COUNTER.THECONVERSATION.COM")
    assert lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=image)) == []


def test_a_capitalised_counter_of_another_article_still_counts_the_wrong_one(tmp_path):
    image = COUNTER.format(id="113886").replace("counter.theconversation.com",
                                                "Counter.TheConversation.com")
    findings = lint(tmp_path, CONVERSATION, MARKDOWN.format(pixel=image))
    assert where(findings) == [(10, 1, "AL502")]


def test_the_propublica_script_with_a_capitalised_protocol_relative_host_counts(tmp_path):
    script = ('<script async src="//PIXEL.PROPUBLICA.ORG/pixel.js" '
              'type="text/javascript"></script>')
    assert lint(tmp_path, PROPUBLICA, HTML.format(pixel=script), "html", "post.html") == []


def test_the_path_keeps_its_case(tmp_path):
    # a pattern on the path stays case-sensitive: /Pixel.JS is another file
    script = '<script async src="https://pixel.propublica.org/PIXEL.JS"></script>'
    findings = lint(tmp_path, PROPUBLICA, HTML.format(pixel=script), "html", "post.html")
    assert [f.code for f in findings] == ["AL501"]
