"""What publishers' terms talk about, as the readers record it: embeds
(images, scripts, iframes), HTML comments, link rel/target, top-level blocks
and where the body text begins, with exact source positions."""

from attriblint.readers import read_document

PIXEL = ("https://counter.theconversation.com/content/194596/count.gif"
         "?distributor=republish-lightbox-basic")
PROPUBLICA = "http://pixel.propublica.org/pixel.js"
BODY = ("Rain falls on land and dissolves minerals in the rock, and rivers carry "
        "those minerals to the ocean, where they stay while the water evaporates.")


def at(document, offset):
    position = document.position(offset)
    return position.line, position.column


def written(document, span):
    return document.source[span.start:span.end]


def kinds(document):
    return [block.kind for block in document.blocks]


# -- The Conversation, reposted in Markdown with its counter tag ------------

CONVERSATION = f"""\
---
title: Why is the sea salty?
---
*Jane Doe, University of Somewhere*

{BODY}

This article is republished from [The Conversation](https://theconversation.com) under a Creative Commons license.

<!-- Below is The Conversation's page counter tag. Please DO NOT REMOVE. -->
<img src="{PIXEL.replace('&', '&amp;')}" alt="The Conversation" width="1" height="1" style="border: none !important; opacity: 0 !important" referrerpolicy="no-referrer-when-downgrade" />
<!-- End of code. If you don't see any code above, please get new code from the Advanced tab after you click the republish button. -->
"""


def test_conversation_counter_tag_is_an_img_embed_after_its_comment():
    document = read_document("p.md", "markdown", CONVERSATION)
    (pixel,) = document.embeds
    assert (pixel.tag, pixel.src) == ("img", PIXEL)
    assert pixel.attr("alt") == "The Conversation"
    assert pixel.attr("width") == "1"
    assert pixel.attr("referrerpolicy") == "no-referrer-when-downgrade"
    assert pixel.attr("class") is None
    assert [name for name, _ in pixel.attrs] == ["src", "alt", "width", "height", "style",
                                                  "referrerpolicy"]
    assert at(document, pixel.source.start) == (11, 1)
    assert written(document, pixel.source).startswith("<img src=")
    assert written(document, pixel.source).endswith("/>")
    first, last = document.comments
    assert first.text == " Below is The Conversation's page counter tag. Please DO NOT REMOVE. "
    assert at(document, first.source.start) == (10, 1)
    assert written(document, first.source).endswith("REMOVE. -->")
    assert last.text.startswith(" End of code.")
    assert at(document, last.source.start) == (12, 1)
    # Alt text and comments are not prose; the pixel stands after the credit.
    assert "The Conversation" not in document.text[document.text.index("license") :]
    assert pixel.text_offset >= document.text.index("license.") + len("license.")


def test_conversation_blocks_from_top_and_bottom_and_the_lead():
    document = read_document("p.md", "markdown", CONVERSATION)
    assert kinds(document) == ["paragraph", "paragraph", "paragraph", "image"]
    byline, body, credit, pixel = document.blocks
    assert document.text[byline.start:byline.end] == "Jane Doe, University of Somewhere"
    assert at(document, byline.source.start) == (4, 1)
    assert at(document, credit.source.start) == (8, 1)
    assert pixel.start == pixel.end == document.embeds[0].text_offset
    assert at(document, pixel.source.start) == (11, 1)
    credit_at = document.text.index("This article is republished")
    assert document.block_index(credit_at) == 2
    assert document.blocks_from_top(credit_at) == 2
    assert document.blocks_from_bottom(credit_at) == 0  # the pixel has no prose
    assert document.blocks_from_top(document.text.index("Jane")) == 0
    assert document.blocks_from_bottom(document.text.index("Rain")) == 1
    assert document.block_index(byline.end) is None  # between blocks
    assert document.blocks_from_top(pixel.start) is None
    assert document.lead_end == body.start == document.text.index("Rain")


def test_markdown_image_with_title_and_reference_image():
    source = ("![The Conversation](" + PIXEL + ")\n\n"
              'Chart ![Sea *salt*][chart] by us.\n\n[chart]: /img/salt.png "Photo: AP"\n')
    document = read_document("p.md", "markdown", source)
    pixel, chart = document.embeds
    assert (pixel.tag, pixel.src, pixel.attrs) == ("img", PIXEL, (("alt", "The Conversation"),))
    assert written(document, pixel.source) == "![The Conversation](" + PIXEL + ")"
    assert pixel.caption == ""
    assert chart.src == "/img/salt.png"
    assert chart.attrs == (("alt", "Sea salt"), ("title", "Photo: AP"))
    assert chart.caption == "Photo: AP"
    assert at(document, chart.source.start) == (3, 7)
    assert "salt" not in document.text  # alt text is not prose
    assert kinds(document) == ["image", "paragraph"]


def test_a_line_under_an_image_in_its_paragraph_is_its_caption():
    document = read_document("p.md", "markdown",
                             "![Rates](/img/rates.png)\nSource: Global Research\n")
    (image,) = document.embeds
    assert image.caption == "Source: Global Research"
    assert kinds(document) == ["paragraph"]
    sentence = read_document("p.md", "markdown", "We saw ![a wave](/w.png) on the beach.\n")
    assert sentence.embeds[0].caption == ""


# -- ProPublica, with its pixel script in Hugo's rawhtml ---------------------

PROPUBLICA_POST = f"""\
---
title: A story
---
This story was originally published by ProPublica.

{BODY}

{{{{< rawhtml >}}}}
<script async="true" src="{PROPUBLICA}" type="text/javascript"></script>
{{{{< /rawhtml >}}}}
"""


def test_propublica_pixel_script_in_hugo_rawhtml():
    document = read_document("p.md", "markdown", PROPUBLICA_POST)
    (script,) = document.embeds
    assert (script.tag, script.src) == ("script", PROPUBLICA)
    assert script.attrs == (("async", "true"), ("src", PROPUBLICA), ("type", "text/javascript"))
    assert at(document, script.source.start) == (9, 1)
    assert written(document, script.source) == (
        f'<script async="true" src="{PROPUBLICA}" type="text/javascript">')
    assert kinds(document) == ["paragraph", "paragraph", "html"]
    assert document.blocks[-1].start == document.blocks[-1].end
    assert at(document, document.blocks[-1].source.start) == (9, 1)
    # The short credit line is the top of the article; the body starts after it.
    assert document.lead_end == document.text.index("Rain")
    assert document.blocks_from_bottom(document.text.index("Rain")) == 0


# -- Stack Overflow, with rel="nofollow" links in raw HTML ------------------

STACK = """\
Answer by <a href="https://stackoverflow.com/users/22656/jon-skeet" rel="NoFollow noreferrer" target="_blank">Jon Skeet</a>, from [Stack Overflow](https://stackoverflow.com/a/1).

<p>Original <a href="https://stackoverflow.com/q/1" rel="nofollow">question</a>.</p>
"""


def test_link_rel_and_target_from_raw_html_and_none_for_markdown_links():
    document = read_document("p.md", "markdown", STACK)
    by_words = {document.text[l.text_start:l.text_end]: l for l in document.links}
    assert by_words["Jon Skeet"].rel == ("nofollow", "noreferrer")
    assert by_words["Jon Skeet"].target == "_blank"
    assert by_words["Stack Overflow"].rel == ()
    assert by_words["Stack Overflow"].target == ""
    assert by_words["question"].rel == ("nofollow",)
    assert by_words["question"].target == ""
    assert kinds(document) == ["paragraph", "paragraph"]
    assert at(document, document.blocks[1].source.start) == (3, 1)


def test_html_page_link_rel_target():
    page = ('<html><body><article><p>See <a href="/q/1" rel="ugc Nofollow" target=" _blank ">'
            "this</a>.</p></article></body></html>")
    (link,) = read_document("p.html", "html", page).links
    assert (link.rel, link.target) == (("ugc", "nofollow"), "_blank")


# -- CalMatters, a rendered page ---------------------------------------------

CALMATTERS = f"""\
<!DOCTYPE html>
<html><head><base href="https://calmatters.org/">
<script src="/wp-includes/head.js"></script><!-- head comment --></head>
<body>
<nav><a href="/">Home</a><img src="/logo.png"></nav>
<article>
<h1>Why housing costs so much</h1>
<p class="byline">By <a href="/author/ben-christopher/">Ben Christopher</a></p>
<p>This story was originally published by CalMatters. <a href="/newsletters/">Sign up</a> for their newsletters.</p>
<div class="entry-content">
<p>{BODY}</p>
<figure><img src="/wp-content/uploads/house.jpg" alt="A house"><figcaption>Photo by Jane Doe for CalMatters</figcaption></figure>
<p><img src="/pixel.gif" width="1" height="1"></p>
<div style="display:none"><p>Hidden words</p><img src="https://pixel.wp.com/g.gif"></div>
<p>Last words.</p>
</div>
</article>
<aside><p>Related stories</p></aside>
<script async src="https://pixel.example.org/p.js"></script>
</body></html>
"""


def test_calmatters_page_blocks_and_lead():
    document = read_document("p.html", "html", CALMATTERS)
    assert kinds(document) == ["heading", "paragraph", "paragraph", "paragraph", "image",
                               "image", "paragraph"]
    heading, byline, credit, body, figure, pixel, last = document.blocks
    assert heading.level == 1
    assert document.text[byline.start:byline.end] == "By Ben Christopher"
    assert at(document, byline.source.start) == (8, 1)
    assert written(document, byline.source).endswith("</p>")
    assert at(document, body.source.start) == (11, 1)
    assert at(document, figure.source.start) == (12, 1)
    assert document.text[figure.start:figure.end].strip("\ufffc \n") == (
        "Photo by Jane Doe for CalMatters")
    assert pixel.start == pixel.end
    assert document.lead_end == body.start
    credit_at = document.text.index("originally published")
    assert document.blocks_from_top(credit_at) == 2
    assert document.blocks_from_bottom(credit_at) == 3  # body, figure caption, last
    assert document.block_index(document.text.index("Last")) == 6
    assert "Hidden" not in document.text and "Related" not in document.text


def test_calmatters_embeds_anywhere_in_body_resolved_against_base():
    document = read_document("p.html", "html", CALMATTERS)
    assert [(e.tag, e.src) for e in document.embeds] == [
        ("img", "https://calmatters.org/logo.png"),
        ("img", "https://calmatters.org/wp-content/uploads/house.jpg"),
        ("img", "https://calmatters.org/pixel.gif"),
        ("img", "https://pixel.wp.com/g.gif"),
        ("script", "https://pixel.example.org/p.js"),
    ]
    logo, house, pixel, hidden, script = document.embeds
    assert house.caption == "Photo by Jane Doe for CalMatters"
    assert house.attr("src") == "/wp-content/uploads/house.jpg"  # as written
    assert at(document, script.source.start) == (19, 1)
    assert script.text_offset == len(document.text)
    assert [c.text for c in document.comments] == [" head comment "]
    assert at(document, document.comments[0].source.start) == (3, 45)


# -- Plain text ---------------------------------------------------------------

def test_plain_text_blocks_are_runs_between_blank_lines():
    source = f"By Jane Doe\nThe Conversation\n\n> quoted\n> lines\n\n{BODY}\n"
    document = read_document("p.txt", "text", source)
    assert kinds(document) == ["paragraph", "quote", "paragraph"]
    assert document.embeds == [] and document.comments == []
    byline, quote, body = document.blocks
    assert document.text[byline.start:byline.end] == "By Jane Doe\nThe Conversation"
    assert at(document, quote.source.start) == (4, 1)
    assert at(document, body.source.start) == (7, 1)
    assert document.lead_end == body.start
    assert document.blocks_from_bottom(byline.start) == 2


def test_no_long_paragraph_means_the_lead_ends_with_the_text():
    document = read_document("p.md", "markdown", "# A heading\n\nShort words only.\n")
    assert document.lead_end == len(document.text)


# -- Size ---------------------------------------------------------------------

def test_a_page_of_100000_images_has_100000_embeds():
    page = "<article><p>Photos.</p>" + '<p><img src="x.png"></p>' * 100_000 + "</article>"
    document = read_document("p.html", "html", page)
    assert len(document.embeds) == 100_000
    assert len(document.blocks) == 100_001
    assert document.blocks_from_bottom(0) == 0  # images have no prose


def test_nested_markdown_blocks_belong_to_their_top_level_block():
    source = ("> First quoted paragraph.\n>\n> Second quoted paragraph.\n\n"
              "- item one\n\n  item one, more\n- item two\n\n"
              "{{< rawhtml >}}\n<p>Raw one.</p><p>Raw two.</p>\n{{< /rawhtml >}}\n\nAfter.\n")
    document = read_document("p.md", "markdown", source)
    assert kinds(document) == ["quote", "list", "paragraph", "paragraph", "paragraph"]
    quote = document.blocks[0]
    assert document.text[quote.start:quote.end] == (
        "First quoted paragraph.\n\nSecond quoted paragraph.")
    assert [at(document, b.source.start) for b in document.blocks[2:]] == [
        (11, 1), (11, 16), (14, 1)]


def test_html_paragraphs_left_open_end_at_the_next_block():
    document = read_document("p.html", "html", "<body><p>One<p>Two<div>Three</div></body>")
    assert kinds(document) == ["paragraph", "paragraph", "paragraph"]
    assert [document.text[b.start:b.end] for b in document.blocks] == ["One", "Two", "Three"]


def test_a_figure_caption_is_the_caption_of_each_of_its_images():
    page = ("<article><figure><img src='a.png'><img src='b.png'>"
            "<figcaption>Photos: AP</figcaption></figure></article>")
    document = read_document("p.html", "html", page)
    assert [e.caption for e in document.embeds] == ["Photos: AP", "Photos: AP"]
    assert kinds(document) == ["image"]


def test_an_emails_header_lines_are_no_block_of_the_post():
    """A forwarded story's credit under "From:/Subject:" lines is at its top."""
    source = ("From: Editors <editors@lists.example.org>\nSubject: This week's read\n"
              "Date: Mon, 18 Mar 2024 07:12:44 +0000\n\nHello all,\n\n" + BODY + "\n")
    document = read_document("p.txt", "text", source)
    assert kinds(document) == ["paragraph", "paragraph"]
    hello, body = document.blocks
    assert document.text[hello.start:hello.end] == "Hello all,"
    assert document.blocks_from_top(hello.start) == 0


def test_a_header_looking_line_in_a_paragraph_keeps_it_a_block():
    source = "Subject: the budget\nand why the council delayed it again this spring.\n"
    document = read_document("p.txt", "text", source)
    assert kinds(document) == ["paragraph"]


def test_amp_images_and_pixels_are_image_embeds():
    """AMP pages cannot use <img>: <amp-img> and <amp-pixel> load their images."""
    source = ("<!doctype html><html amp><body><article><p>" + BODY + "</p>"
              '<amp-img src="https://images.example.org/a.jpg" width="600" height="400">'
              "</amp-img>"
              '<amp-pixel src="https://counter.theconversation.com/content/1/count.gif">'
              "</amp-pixel></article></body></html>")
    document = read_document("p.html", "html", source)
    assert [(e.tag, e.src) for e in document.embeds] == [
        ("img", "https://images.example.org/a.jpg"),
        ("img", "https://counter.theconversation.com/content/1/count.gif")]


def test_shortcode_and_include_images_are_image_embeds():
    """Hugo's figure shortcode and Jekyll's figure include put images on the
    page; one shown in a code block is not."""
    source = ("---\ntitle: t\n---\n" + BODY + "\n\n"
              '{{< figure src="https://images.example.org/a.jpg" caption="Photo: A" >}}\n\n'
              '{% include figure.html image="https://images.example.org/b.jpg" %}\n\n'
              '```\n{{< figure src="https://images.example.org/code.jpg" >}}\n```\n')
    document = read_document("p.md", "markdown", source)
    assert [(e.tag, e.src) for e in document.embeds] == [
        ("img", "https://images.example.org/a.jpg"), ("img", "https://images.example.org/b.jpg")]
    first, second = document.embeds
    assert first.caption == "Photo: A"
    assert at(document, first.source.start) == (6, 1)
    assert document.block_index(first.text_offset) == 1
