"""The link kind: lists of targets, the home page itself (AL206), direct links
(AL204) and followed links (AL205), on Markdown posts and HTML pages."""

import textwrap

import pytest

from attriblint.lint import Linter
from attriblint.rules import load_rules

QUESTION = "https://stackoverflow.com/questions/11227809/why-is-processing-a-sorted-array-faster"

# "Attribution Required" (stackoverflow.blog, 2009): "hyperlink directly to
# the original question", "not use a tinyurl or any other form of
# obfuscation or redirection", "the links must not be nofollowed".
STACK = r"""
id: stackexchange
publisher: Stack Overflow
terms: https://stackoverflow.blog/2009/06/25/attribution-required/
domains: [stackoverflow.com, stackexchange.com, superuser.com, serverfault.com]
article_urls: ['^/(?:questions|q|a)/(\d+)']
requires:
  - link: article
    direct: true
    followed: true
"""

# Texas Tribune: "include the links from the story, and a link to texastribune.org".
TRIBUNE = r"""
id: texastribune
publisher: The Texas Tribune
terms: https://www.texastribune.org/republishing-guidelines/
domains: [texastribune.org]
article_urls: ['^/\d{4}/\d\d/\d\d/[a-z0-9-]+/?$']
requires:
  - link: homepage
"""

# The Conversation: "include a link back to either our home page or the article URL".
CONVERSATION = r"""
id: theconversation
publisher: The Conversation
terms: https://theconversation.com/uk/republishing-guidelines
domains: [theconversation.com]
article_urls: ['-(\d{5,})/?$']
requires:
  - link: [homepage, article]
"""

STORY = "https://www.texastribune.org/2024/05/01/texas-water-plan-drought/"
ARTICLE = "https://theconversation.com/why-octopuses-dream-194596"
BODY = ("Modern processors guess which way a branch will go. When the data is sorted, the "
        "guess is right almost every time, and the loop runs six times faster.\n")


@pytest.fixture
def lint_with(tmp_path):
    def run(rule_text, post, kind="markdown", path="post.md"):
        rule = tmp_path / "rule.yaml"
        rule.write_text(textwrap.dedent(rule_text), encoding="utf-8")
        linter = Linter.from_rules(load_rules([rule]))
        return linter.lint_bytes(path, kind, post.encode("utf-8"))
    return run


def md(source, body):
    return f"---\ntitle: Branch prediction\nsource_url: {source}\n---\n{body}"


def html(source, body):
    return (f'<!doctype html><html><head><title>Branch prediction</title>'
            f'<meta name="syndication-source" content="{source}"></head>'
            f"<body><article><h1>Branch prediction</h1>{body}</article></body></html>\n")


def at(post, needle):
    offset = post.index(needle)
    return post.count("\n", 0, offset) + 1, offset - post.rfind("\n", 0, offset)


# -- direct: true -------------------------------------------------------------

def test_a_direct_followed_link_passes(lint_with):
    post = md(QUESTION, BODY + f"\nFrom [Stack Overflow]({QUESTION}), by Mysticial.\n")
    assert lint_with(STACK, post) == []
    page = html(QUESTION, f"<p>{BODY}</p><p>From <a href=\"{QUESTION}\" rel=\"noopener\" "
                          f"target=\"_blank\">Stack Overflow</a></p>")
    assert lint_with(STACK, page, "html", "post.html") == []


def test_a_shortened_link_is_not_direct(lint_with):
    post = md(QUESTION, BODY + "\nFrom [Stack Overflow](https://bit.ly/3kXq9Zr).\n")
    (f,) = lint_with(STACK, post)
    assert (f.code, f.kind) == ("AL204", "link")
    assert (f.line, f.column) == at(post, "[Stack Overflow]")
    assert f.message == (f"link https://bit.ly/3kXq9Zr goes through the shortener bit.ly; "
                         f"Stack Overflow asks for a direct link to {QUESTION}")


def test_a_shortened_link_showing_its_address_names_it(lint_with):
    post = md(QUESTION, BODY + f"\nSource: [{QUESTION}](https://tinyurl.com/y7a2bq)\n")
    (f,) = lint_with(STACK, post)
    assert f.code == "AL204"
    assert f"goes through the shortener tinyurl.com to {QUESTION};" in f.message


@pytest.mark.parametrize("href, via", [
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fstackoverflow.com%2Fquestions%2F11227809"
     "&h=AT0x", "l.facebook.com"),
    ("https://www.google.com/url?q=https://stackoverflow.com/q/11227809&sa=D", "google.com"),
    ("https://href.li/?https://stackoverflow.com/questions/11227809", "href.li"),
    ("https://blog.example.org/out.php?u=https://stackoverflow.com/questions/11227809",
     "blog.example.org"),
    ("https://news.example.com/track?url=https://stackoverflow.com/questions/11227809",
     "news.example.com"),
])
def test_a_redirect_is_not_direct_and_its_destination_is_named(lint_with, href, via):
    page = html(QUESTION, f'<p>{BODY}</p><p>From <a href="{href.replace("&", "&amp;")}">'
                          f"Stack Overflow</a></p>")
    (f,) = lint_with(STACK, page, "html", "post.html")
    assert f.code == "AL204"
    assert (f.line, f.column) == at(page, "<a href")
    assert f" goes through the redirect {via} to https://stackoverflow.com/" in f.message


def test_without_direct_a_redirect_that_shows_the_article_counts(lint_with):
    rule = STACK.replace("    direct: true\n", "")
    href = "https://l.facebook.com/l.php?u=https%3A%2F%2Fstackoverflow.com%2Fq%2F11227809"
    assert lint_with(rule, md(QUESTION, BODY + f"\n[Stack Overflow]({href})\n")) == []
    # a shortener hides where it goes: it is no link to the question at all
    (f,) = lint_with(rule, md(QUESTION, BODY + "\n[Stack Overflow](https://bit.ly/3kXq9Zr)\n"))
    assert f.code == "AL201"


def test_a_shortener_elsewhere_does_not_matter_when_a_direct_link_is_there(lint_with):
    post = md(QUESTION, BODY + f"\nFrom [Stack Overflow]({QUESTION}). "
                               "Follow me: [twitter](https://t.co/abc123) and "
                               "[a talk](https://bit.ly/cpu-talk).\n")
    assert lint_with(STACK, post) == []


def test_a_share_button_is_not_a_redirect(lint_with):
    share = f"https://twitter.com/intent/tweet?url={QUESTION}&text=Branch+prediction"
    post = md(QUESTION, BODY + f"\n[Share on Twitter]({share})\n")
    (f,) = lint_with(STACK, post)
    assert f.code == "AL201"  # not "goes through a redirect"
    assert lint_with(STACK, post + f"\nFrom [Stack Overflow]({QUESTION}).\n") == []


# -- followed: true -----------------------------------------------------------

def test_a_nofollow_link_is_not_followed(lint_with):
    page = html(QUESTION, f'<p>{BODY}</p><p>From <a rel="external nofollow" '
                          f'href="{QUESTION}">Stack Overflow</a></p>')
    (f,) = lint_with(STACK, page, "html", "post.html")
    assert (f.code, f.kind) == ("AL205", "link")
    assert (f.line, f.column) == at(page, "<a rel")
    assert f.message == (f'link to {QUESTION} is marked rel="nofollow"; Stack Overflow asks '
                         "for a followed link (remove nofollow)")


def test_ugc_and_sponsored_in_raw_html_of_markdown(lint_with):
    post = md(QUESTION, BODY + f'\nFrom <a href="{QUESTION}" rel="ugc sponsored">Stack '
                               "Overflow</a>.\n")
    (f,) = lint_with(STACK, post)
    assert f.code == "AL205"
    assert f.message.endswith('rel="ugc sponsored"; Stack Overflow asks for a followed link '
                              "(remove ugc, sponsored)")


def test_one_followed_link_is_enough(lint_with):
    page = html(QUESTION, f'<p>{BODY}</p><p><a rel="nofollow" href="{QUESTION}">question</a>'
                          f' on <a href="{QUESTION}">Stack Overflow</a></p>')
    assert lint_with(STACK, page, "html", "post.html") == []


def test_without_followed_nofollow_is_fine(lint_with):
    rule = STACK.replace("    followed: true\n", "")
    page = html(QUESTION, f'<p>{BODY}</p><p><a rel="nofollow" href="{QUESTION}">SO</a></p>')
    assert lint_with(rule, page, "html", "post.html") == []


# -- homepage means the home page ---------------------------------------------

def tribune_post(links):
    return (f"---\ntitle: Texas water plan\nsource_url: {STORY}\n---\n"
            "By Carlos Nogueras Ramos, The Texas Tribune\n\n"
            "The state's 50-year water plan assumes rain that may not come, "
            f"[officials said]({links[0]}).\n\n"
            f"This story was republished from [The Texas Tribune]({links[1]}).\n")


def test_only_links_to_articles_are_not_a_link_to_the_home_page(lint_with):
    other = "https://www.texastribune.org/2023/11/30/texas-drought-reservoirs/"
    post = tribune_post([other, STORY])
    (f,) = lint_with(TRIBUNE, post)
    assert (f.code, f.kind) == ("AL206", "link")
    assert (f.line, f.column) == at(post, "[officials said]")
    assert f.message == (f"links to {other} but not to The Texas Tribune's home page; "
                         "expected a link to The Texas Tribune's home page")


@pytest.mark.parametrize("home", ["https://www.texastribune.org/", "https://texastribune.org",
                                  "https://www.texastribune.org/?utm_source=partner"])
def test_the_home_page_with_any_query(lint_with, home):
    assert lint_with(TRIBUNE, tribune_post([STORY, home])) == []


def test_a_section_page_is_not_the_home_page(lint_with):
    (f,) = lint_with(TRIBUNE, tribune_post([STORY, "https://www.texastribune.org/topics/water/"]))
    assert f.code == "AL206"


def test_no_link_to_the_publisher_is_still_al201(lint_with):
    post = tribune_post(["https://www.twdb.texas.gov/", "https://www.twdb.texas.gov/plan"])
    (f,) = lint_with(TRIBUNE, post)
    assert f.code == "AL201"
    assert f.message.startswith("no link to The Texas Tribune (texastribune.org); The Texas "
                                "Tribune terms apply because its source_url is on")


# -- a list of targets ---------------------------------------------------------

def conversation_post(href):
    return (f"---\ntitle: Why octopuses dream\nsource_url: {ARTICLE}\n---\n"
            "Octopuses change colour in their sleep, and scientists think they dream.\n\n"
            f"This article is republished from [The Conversation]({href}) under a Creative "
            "Commons license.\n")


@pytest.mark.parametrize("href", ["https://theconversation.com", "https://theconversation.com/",
                                  ARTICLE, ARTICLE + "?utm_medium=article"])
def test_either_target_of_a_list_will_do(lint_with, href):
    assert lint_with(CONVERSATION, conversation_post(href)) == []


@pytest.mark.parametrize("edition", ["uk", "au/", "fr", "en-us"])
def test_an_edition_root_named_by_its_language_or_country_is_a_home_page(lint_with, edition):
    href = f"https://theconversation.com/{edition}"
    assert lint_with(CONVERSATION, conversation_post(href)) == []


def test_other_edition_roots_are_home_pages_when_the_rule_lists_them(lint_with):
    post = conversation_post("https://theconversation.com/africa")
    assert [f.code for f in lint_with(CONVERSATION, post)] == ["AL202"]
    rule = CONVERSATION + '    home_paths: ["/africa", "/global"]\n'
    assert lint_with(rule, post) == []
    deeper = conversation_post("https://theconversation.com/africa/topics/sleep-1")
    assert [f.code for f in lint_with(rule, deeper)] == ["AL202"]


def test_a_list_with_neither_target(lint_with):
    post = conversation_post("https://theconversation.com/us/topics/sleep-1234")
    (f,) = lint_with(CONVERSATION, post)
    assert f.code == "AL202"
    assert f.message == ("link to https://theconversation.com/us/topics/sleep-1234 is neither "
                         "an article nor the home page; expected a link to The Conversation's "
                         f"home page or {ARTICLE}")
    other = conversation_post("https://theconversation.com/how-squid-sleep-201234")
    assert [f.code for f in lint_with(CONVERSATION, other)] == ["AL203"]
    (missing,) = lint_with(CONVERSATION, conversation_post("https://example.org/"))
    assert missing.code == "AL201"
    assert f"expected a link to The Conversation's home page or {ARTICLE}" in missing.message


def test_describe_says_every_option():
    from attriblint.kinds.link import describe
    from attriblint.rules import Requirement
    requirement = Requirement("link", "error", {"link": ["homepage", "article"],
                                                "direct": True, "followed": True})
    assert describe(requirement) == ("a link to the publisher's home page or to the original "
                                     "article, direct (no shortener or redirect), followed "
                                     "(no rel=nofollow, ugc or sponsored)")


def test_a_wrong_credit_link_is_reported_before_the_authors_profile_link(lint_with):
    """The byline's profile link comes first in the post, but the fix
    belongs in the credit's link."""
    body = ("[Maya Okafor](https://theconversation.com/profiles/maya-okafor-1204), "
            "University of Leeds\n\n" + BODY + "\nThis article is republished from "
            "[The Conversation](https://theconversation.com/uk/environment).\n")
    post = md(ARTICLE, body)
    (found,) = lint_with(CONVERSATION, post)
    assert (found.code, (found.line, found.column)) == \
        ("AL202", at(post, "[The Conversation]"))
