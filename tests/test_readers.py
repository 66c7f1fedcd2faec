"""Readers: every link form, prose without code, exact positions."""

import pytest

from attriblint.readers import ReadError, read_document

POST = """\
---
title: "A post"
source_url: https://www.globalresearch.ca/a-story/5740210
---
Inline [Global Research](https://www.globalresearch.ca/a/5740210 "title"), reference
[the original][gr], collapsed [home][], autolink <https://www.globalresearch.ca/b/1234567>,
bare https://www.globalresearch.ca/c/7654321. and raw <a href="https://example.org/x?a=1&amp;b=2">HTML</a>.

Code `The original source of this article is Global Research` is not prose.

```
Copyright © Nobody, Global Research, 2020 https://www.globalresearch.ca/code/1111111
```

[gr]: https://www.globalresearch.ca/ref/5555555
[home]: https://www.globalresearch.ca/
"""


def link_table(document):
    return [(link.form, link.href, document.text[link.text_start:link.text_end],
             document.source[link.source.start:link.source.end]) for link in document.links]


def test_markdown_link_forms_with_their_words_and_source():
    document = read_document("p.md", "markdown", POST)
    assert link_table(document) == [
        ("inline", "https://www.globalresearch.ca/a/5740210", "Global Research",
         '[Global Research](https://www.globalresearch.ca/a/5740210 "title")'),
        ("reference", "https://www.globalresearch.ca/ref/5555555", "the original",
         "[the original][gr]"),
        # pyromark's range for a collapsed reference stops before the "[]".
        ("reference", "https://www.globalresearch.ca/", "home", "[home]"),
        ("autolink", "https://www.globalresearch.ca/b/1234567",
         "https://www.globalresearch.ca/b/1234567", "<https://www.globalresearch.ca/b/1234567>"),
        ("bare", "https://www.globalresearch.ca/c/7654321",
         "https://www.globalresearch.ca/c/7654321", "https://www.globalresearch.ca/c/7654321"),
        ("html", "https://example.org/x?a=1&b=2", "HTML",
         '<a href="https://example.org/x?a=1&amp;b=2">HTML</a>'),
    ]


def test_code_is_not_prose_and_front_matter_is_metadata():
    document = read_document("p.md", "markdown", POST)
    assert "original source" not in document.text
    assert "Nobody" not in document.text
    assert document.meta["source_url"] == "https://www.globalresearch.ca/a-story/5740210"
    span = document.meta_spans["source_url"]
    position = document.position(span.start)
    assert (position.line, position.column) == (3, 1)


def test_entities_and_typography_are_decoded_and_normalised_with_exact_positions():
    source = "Intro.\n\nCopyright&nbsp;&copy; \u201cJos\u00e9\u201d\u2014Global Research, 2021\n"
    document = read_document("p.md", "markdown", source)
    assert 'Copyright © "José"-Global Research, 2021' in document.text
    start = document.text.index("Global")
    span = document.text_span(start, start + len("Global Research"))
    assert document.source[span.start:span.end] == "Global Research"
    position = document.position(span.start)
    assert (position.line, position.column) == (3, 30)
    copy = document.text.index("©")
    assert document.source[document.text_span(copy, copy + 1).start:][:6] == "&copy;"


def test_crlf_positions_are_exact():
    source = "---\r\ntitle: x\r\n---\r\nFirst line\r\nsecond [Global Research](https://x.org/1)\r\n"
    document = read_document("p.md", "markdown", source)
    (link,) = document.links
    position = document.position(link.source.start)
    assert (position.line, position.column) == (5, 8)


def test_toml_and_json_front_matter():
    toml = '+++\ntitle = "T"\nsource_url = "https://www.globalresearch.ca/x/123456"\n[params]\nk = 1\n+++\nBody\n'
    document = read_document("p.md", "markdown", toml)
    assert document.meta["source_url"].endswith("/123456")
    assert document.position(document.meta_spans["source_url"].start).line == 3
    assert document.text.strip() == "Body"
    json = '{\n  "title": "T",\n  "canonical_url": "https://www.globalresearch.ca/x/123456"\n}\nBody\n'
    document = read_document("p.md", "markdown", json)
    assert document.meta["canonical_url"].endswith("/123456")
    assert document.position(document.meta_spans["canonical_url"].start).line == 3
    assert document.text.strip() == "Body"


@pytest.mark.parametrize("source, line, column, message", [
    ("---\ntitle: [unclosed\n---\nBody\n", 3, 1, "YAML front matter"),
    ("---\ntitle: x\nBody without end\n", 1, 1, "never closed"),
    ('+++\ntitle = "x\n+++\nBody\n', 2, 11, "TOML front matter"),
])
def test_broken_front_matter_is_a_read_error_with_its_place(source, line, column, message):
    with pytest.raises(ReadError) as error:
        read_document("p.md", "markdown", source)
    from attriblint.source import LineIndex
    position = LineIndex(source).position(error.value.offset)
    assert message in str(error.value)
    assert (position.line, position.column) == (line, column)


def test_json_trailing_comma_is_pointed_at_whatever_the_python_version():
    # CPython 3.11 points at the "}" after the comma, 3.13 at the comma.
    source = '{\n  "title": "x",\n}\nBody\n'
    with pytest.raises(ReadError) as error:
        read_document("p.md", "markdown", source)
    assert str(error.value).startswith("JSON front matter: ")
    comma = source.index(",\n}")
    assert error.value.offset in (comma, source.index("}", comma))


PAGE = """\
<!DOCTYPE html>
<html><head>
<title>Reposted: A story &amp; more</title>
<meta name="author" content="Stephen Lendman">
<link rel="canonical" href="https://myblog.example/2021/a-story/">
<meta property="og:url" content="https://myblog.example/2021/a-story/">
</head>
<body>
<nav><a href="https://www.globalresearch.ca/">Global Research</a></nav>
<main>
<article>
<h1>A story</h1>
<p>Body text with <code>code Global Research</code> and
<a href="https://www.globalresearch.ca/a-story/5740210">Global&nbsp;Research</a>.</p>
<script>var x = "The original source of this article is Global Research";</script>
</article>
</main>
<footer>Copyright &copy; My Blog, 2024</footer>
</body></html>
"""


def test_html_prose_comes_from_main_and_head_gives_metadata():
    document = read_document("p.html", "html", PAGE)
    assert document.meta["author"] == "Stephen Lendman"
    assert document.meta["canonical"] == "https://myblog.example/2021/a-story/"
    assert document.meta["title"] == "Reposted: A story & more"
    assert "My Blog" not in document.text
    assert "original source" not in document.text
    assert "code Global" not in document.text
    (link,) = document.links
    assert link.href == "https://www.globalresearch.ca/a-story/5740210"
    assert document.text[link.text_start:link.text_end] == "Global Research"
    position = document.position(link.source.start)
    assert (position.line, position.column) == (14, 1)
    assert document.source[link.source.start:link.source.end].endswith("Research</a>")


def test_html_without_main_or_article_skips_page_chrome():
    page = ("<body><header>Global Research feed</header><p>The original source of this "
            "article is Global Research</p><footer>footer</footer></body>")
    document = read_document("p.html", "html", page)
    assert "feed" not in document.text and "footer" not in document.text
    assert "The original source of this article is Global Research" in document.text


def test_plain_text_bare_links():
    document = read_document("p.txt", "text", "Read it at https://www.globalresearch.ca/x/1234567.\n")
    (link,) = document.links
    assert link.href == "https://www.globalresearch.ca/x/1234567"
    assert document.position(link.source.start).column == 12


def test_byte_offsets_map_to_character_offsets_for_any_mix_of_scripts():
    import random

    from attriblint.source import Utf8Offsets

    rng = random.Random(3)
    for _ in range(200):
        alphabet = rng.choice(["ab \n©é€😀", "ab \n", "©é€😀", "a" * 30 + "é"])
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 1200)))
        offsets = Utf8Offsets(text)
        offset = 0
        for index, char in enumerate(text + "\0"):
            assert offsets.char(offset) == index
            lo, hi, extra = offsets.stretch(offset)
            if lo <= offset <= hi:  # a stretch of ASCII: every offset in it is shifted alike
                assert offset - extra == index
                assert text.encode()[lo:hi].isascii()
            offset += len(char.encode())


def test_a_post_starting_with_a_template_tag_has_no_front_matter():
    document = read_document("p.md", "markdown", "{% include note.html %}\nThe original source...\n")
    assert document.meta == {}
    assert document.text.startswith("{% include note.html %}")


def test_front_matter_with_lone_cr_line_endings():
    source = "---\rtitle: x\rsource_url: https://www.globalresearch.ca/x/1234567\r---\rBody\r"
    document = read_document("p.md", "markdown", source)
    assert document.meta["source_url"].endswith("/1234567")
    position = document.position(document.meta_spans["source_url"].start)
    assert (position.line, position.column) == (3, 1)
    assert document.text.strip() == "Body"


def test_eleventy_json_front_matter_and_nested_keys():
    source = ('---json\n{\n  "title": "T",\n  "seo": {"canonical": '
              '"https://www.globalresearch.ca/x/1234567"}\n}\n---\nBody\n')
    document = read_document("p.md", "markdown", source)
    assert document.meta["seo"]["canonical"].endswith("/1234567")
    assert document.position(document.meta_spans["canonical"].start).line == 4
    assert document.text.strip() == "Body"
    toml = '+++\ntitle = "T"\n[params]\n  source_url = "https://x.org/1"\n+++\nBody\n'
    document = read_document("p.md", "markdown", toml)
    position = document.position(document.meta_spans["source_url"].start)
    assert (position.line, position.column) == (4, 3)


def test_hugo_raw_html_shortcode_is_html_even_when_indented():
    source = ("Intro paragraph.\n\n{{< rawhtml >}}\n\n    <p>The original source of this "
              'article is <a href="https://www.globalresearch.ca/x/1234567">Global Research</a>'
              "</p>\n\n{{< /rawhtml >}}\n\nAfter.\n")
    document = read_document("p.md", "markdown", source)
    assert "The original source of this article is Global Research" in document.text
    assert document.text.index("Intro") < document.text.index("original") \
        < document.text.index("After")
    (link,) = document.links
    assert document.position(link.source.start).line == 5
    assert "rawhtml" not in document.text


def test_theme_classes_do_not_hide_the_post_but_widgets_are_chrome():
    page = ('<html><body class="single ast-right-sidebar"><div class="content-sidebar-wrap">'
            '<main><article class="post category-sharing tag-ads"><div class="entry-content">'
            '<p>The post itself.</p></div>'
            '<div id="comments" class="comments-area"><article class="comment-body">'
            '<p>A reader comment.</p></article></div></article></main>'
            '<div id="sidebar"><p>Sidebar text.</p></div></body></html>')
    document = read_document("p.html", "html", page)
    assert "The post itself." in document.text
    assert "reader comment" not in document.text and "Sidebar" not in document.text
    assert not document.is_listing


def test_unicode_line_separators_are_spaces_in_prose():
    document = read_document("p.md", "markdown", "The original source\u2028of this article\n")
    assert document.text.startswith("The original source of this article")


def test_plain_text_quote_markers_are_not_prose():
    source = "Forwarded:\n> The original source of this article is\n> > Global Research\n"
    document = read_document("n.txt", "text", source)
    assert "The original source of this article is\nGlobal Research" in document.text
    start = document.text.index("Global")
    position = document.position(document.text_span(start, start + 6).start)
    assert (position.line, position.column) == (3, 5)


@pytest.mark.parametrize("comment", ["<!-->", "<!--->", "<!-- x --!>"])
def test_html_comments_end_where_browsers_end_them(comment):
    """An empty comment ("<!-->") or one closed by "--!>" does not hide the
    page up to the next "-->" (as html.parser before Python 3.13.4 did)."""
    page = (f"<html><body>{comment}<p>The original source of this article is Global "
            f"Research.</p><!-- a real one --></body></html>")
    document = read_document("page.html", "html", page)
    assert "The original source of this article is Global Research." in document.text
    first = document.comments[0]
    assert page[first.source.start:first.source.end] == comment


@pytest.mark.parametrize("written", [
    "[Global Research]({{ page.source_url }})",        # Jekyll (Liquid)
    "[Global Research]({{source_url}})",               # Eleventy
    '<a href="{{ page.source_url }}">Global Research</a>',
])
def test_a_link_to_a_template_expression_goes_where_the_front_matter_says(written):
    """Jekyll and Eleventy fill {{ page.source_url }} in from the front matter
    when they build the post: the link goes to the original."""
    url = "https://www.globalresearch.ca/a/5856123"
    source = f"---\nsource_url: {url}\n---\n\nRead it at {written} today.\n"
    document = read_document("post.md", "markdown", source)
    (link,) = document.links
    assert link.href == url
    assert source[link.source.start:link.source.end] == written
    assert document.text.strip() == "Read it at Global Research today."


def test_a_template_expression_the_front_matter_lacks_stays_as_written():
    source = "---\ntitle: x\n---\n\n[Global Research]({{ page.source_url }})\n"
    (link,) = read_document("post.md", "markdown", source).links
    assert link.href.startswith("{{") and "source_url" in link.href  # not resolved


def test_the_fast_bare_url_pattern_finds_what_the_plain_one_finds():
    """links.py writes its bare-URL pattern so the engine skips to the next
    h or w; it must match exactly where the plain pattern matches."""
    import random
    import re

    from attriblint.document import BARRIER
    from attriblint.readers.links import _BARE_URL

    plain = re.compile(r"(?<![\w/@])(?:https?://|www\.)[^\s<>\"'`" + BARRIER + r"]+",
                       re.IGNORECASE)
    pieces = ["http", "HTTPS", "hTtP", "s", "://", "www", "WwW", "ww.", "tps://", ".", "w", "h",
              "/", "@", "a", "é", "1", "_", " ", "\n", "<", '"', "'", "`", BARRIER, "ſ", "K",
              "x.org"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in _BARE_URL.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text
