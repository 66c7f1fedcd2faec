"""The canonical kind: the post's canonical URL is the original (AL701, AL702)."""

import textwrap

import pytest

from attriblint.kinds.canonical import canonical_of, describe
from attriblint.lint import Linter
from attriblint.readers import read_document
from attriblint.rules import Requirement, load_rules

ORIGINAL = "https://calmatters.org/environment/2020/09/california-climate-solutions/"
OWN = "https://bayareanotes.example/2020/10/climate-solutions/"

# CalMatters Network: "To let Google identify the original, do one or all
# of" ... "Set your publishing system to recognize the original URL as the
# canonical URL": one accepted way among several, hence a warning.
RULE = r"""
id: calmatters-network
publisher: CalMatters
terms: https://calmatters.network/welcome-to-the-calmatters-network-hub/
domains: [calmatters.org]
article_urls: ['^/[a-z-]+/\d{4}/\d\d/[a-z0-9-]+/?$']
requires:
  - canonical: original
    severity: warning
"""

BODY = ("\nCalifornia can cut emissions faster by electrifying buildings, says a new "
        "report from state energy planners.\n")


@pytest.fixture
def lint_with(tmp_path):
    def run(post, kind="markdown", path="post.md", rule_text=RULE):
        rule = tmp_path / "rule.yaml"
        rule.write_text(textwrap.dedent(rule_text), encoding="utf-8")
        linter = Linter.from_rules(load_rules([rule]))
        return linter.lint_bytes(path, kind, post.encode("utf-8"))
    return run


def at(post, needle):
    offset = post.index(needle)
    return post.count("\n", 0, offset) + 1, offset - post.rfind("\n", 0, offset)


def yaml_post(*lines):
    return "---\ntitle: Climate solutions\n" + "".join(l + "\n" for l in lines) + "---\n" + BODY


@pytest.mark.parametrize("fields", [
    [f"canonical_url: {ORIGINAL}"],                               # jekyll-seo-tag, Hexo, dev.to
    [f"canonicalURL: {ORIGINAL}"],                                # Hugo
    [f"source_url: {ORIGINAL}", f"canonicalUrl: {ORIGINAL}"],      # Ananke
    [f"source_url: {ORIGINAL}", "seo:", f"  canonical: {ORIGINAL}"],  # Hyas
    [f"source_url: {ORIGINAL}", "params:", f"  canonicalURL: {ORIGINAL}"],
    [f"source_url: {ORIGINAL}",
     "canonical_url: http://calmatters.org/environment/2020/09/california-climate-solutions"
     "?utm_source=network"],
])
def test_a_canonical_naming_the_original_passes(lint_with, fields):
    assert lint_with(yaml_post(*fields)) == []


def test_zola_extra_canonical_url_in_toml(lint_with):
    post = (f'+++\ntitle = "Climate solutions"\n[extra]\ncanonical_url = "{ORIGINAL}"\n+++\n'
            + BODY)
    assert lint_with(post) == []


def test_no_canonical_is_al701_at_the_source_field(lint_with):
    post = yaml_post(f"source_url: {ORIGINAL}")
    (f,) = lint_with(post)
    assert (f.code, f.kind, f.severity) == ("AL701", "canonical", "warning")
    assert (f.line, f.column) == at(post, "source_url")
    assert f.message == (f"no canonical URL; CalMatters asks that it be the original article "
                         f"({ORIGINAL}): set canonical_url in the front matter or "
                         '<link rel="canonical"> (CalMatters terms apply because its '
                         "source_url is on calmatters.org)")


def test_the_post_s_own_address_as_canonical_is_al702_at_the_key(lint_with):
    post = yaml_post(f"source_url: {ORIGINAL}", f"canonical_url: {OWN}")
    (f,) = lint_with(post)
    assert (f.code, f.severity) == ("AL702", "warning")
    assert (f.line, f.column) == at(post, "canonical_url")
    assert f.message == (f"canonical URL {OWN} (canonical_url) is not the original article; "
                         f"expected {ORIGINAL}")


def test_a_nested_canonical_is_reported_at_its_own_key(lint_with):
    post = yaml_post(f"source_url: {ORIGINAL}", "seo:", "  title: Climate", f"  canonical: {OWN}")
    (f,) = lint_with(post)
    assert f.code == "AL702"
    assert (f.line, f.column) == at(post, "canonical:")
    assert "(seo.canonical)" in f.message


@pytest.mark.parametrize("canonical", [
    "https://calmatters.org/",                                       # the home page
    "https://calmatters.org/politics/2021/01/newsom-budget-plan/",   # another article
    "/2020/10/climate-solutions/",                                   # relative: the post itself
])
def test_a_canonical_elsewhere(lint_with, canonical):
    (f,) = lint_with(yaml_post(f"source_url: {ORIGINAL}", f"canonical_url: {canonical}"))
    assert f.code == "AL702"


def test_without_a_source_any_article_of_the_publisher_will_do(lint_with):
    rule = RULE.replace("requires:", "detect:\n  phrases: ['This story was originally "
                                     "published by {publisher}']\nrequires:")
    body = "This story was originally published by CalMatters.\n" + BODY
    ok = f"---\ncanonical: {ORIGINAL}\n---\n{body}"
    assert lint_with(ok, rule_text=rule) == []
    home = f"---\ncanonical: https://calmatters.org/\n---\n{body}"
    (f,) = lint_with(home, rule_text=rule)
    assert f.code == "AL702"
    assert f.message.endswith("expected the original CalMatters article")


def page(head):
    return (f"<!doctype html><html><head><title>Climate solutions</title>{head}</head>"
            f"<body><article><h1>Climate solutions</h1><p>{BODY}</p></article></body></html>\n")


def test_html_link_rel_canonical(lint_with):
    assert lint_with(page(f'<link rel="canonical" href="{ORIGINAL}">'), "html", "p.html") == []
    syndication = f'<meta name="syndication-source" content="{ORIGINAL}">'
    wrong = page(f'{syndication}\n<link href="{OWN}" rel="canonical">')
    (f,) = lint_with(wrong, "html", "p.html")
    assert f.code == "AL702"
    assert (f.line, f.column) == at(wrong, "<link href")
    assert f"canonical URL {OWN} (canonical)" in f.message
    (missing,) = lint_with(page(syndication), "html", "p.html")
    assert missing.code == "AL701"
    assert (missing.line, missing.column) == at(page(syndication), "<meta")


def test_propublica_republish_html_in_the_body_counts():
    # ProPublica's republish code puts <link rel="canonical"> in the copied body.
    source = ('<html><body><article><h1>T</h1><p>Text.</p><link rel="canonical" '
              'href="https://www.propublica.org/article/x"></article></body></html>')
    doc = read_document("p.html", "html", source)
    assert canonical_of(doc) == ("https://www.propublica.org/article/x", "canonical")


def test_describe():
    assert describe(Requirement("canonical", "warning", {"canonical": "original"})) == \
        'a canonical URL (front matter or <link rel="canonical">) that is the original article'
