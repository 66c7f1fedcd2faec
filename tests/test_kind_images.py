"""The ``images`` kind: images a publisher's terms do not cover."""

import json
import textwrap

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
      id: article
  - images: {}
    severity: warning
"""

PROPUBLICA = """\
id: propublica
publisher: ProPublica
terms: https://www.propublica.org/steal-our-stories
domains: [propublica.org]
requires:
  - images: {}
"""

DIALOGUE_EARTH = """\
id: dialogue-earth
publisher: Dialogue Earth
terms: https://dialogue.earth/en/republishing/
domains: [dialogue.earth]
requires:
  - images: {credited: ["©"]}
"""

HEAD = """\
---
source_url: {source}
---
Rivers across the west are running dry earlier each summer, and farmers are worried.

"""

COUNTER = ("![The Conversation](https://counter.theconversation.com/content/194596/count.gif"
           "?distributor=republish-lightbox-basic)\n")


def lint(tmp_path, rule_text, post, kind="markdown", name="post.md"):
    path = tmp_path / "rule.yaml"
    path.write_text(rule_text, encoding="utf-8")
    linter = Linter.from_rules([load_rule(path)])
    return linter.lint_bytes(str(tmp_path / name), kind, post.encode("utf-8"))


def conversation_post(body):
    return HEAD.format(source="https://theconversation.com/why-rivers-run-dry-194596") + body


def where(findings):
    return [(f.line, f.column, f.code, f.severity) for f in findings]


def test_a_photo_from_the_publishers_image_host_is_a_warning_at_the_image(tmp_path):
    post = conversation_post(
        "![Dry riverbed](https://images.theconversation.com/files/512345/original/river.jpg)\n\n"
        + COUNTER)
    findings = lint(tmp_path, CONVERSATION, post)
    assert where(findings) == [(6, 1, "AL801", "warning")]
    assert findings[0].kind == "images"
    assert findings[0].message == (
        "image hosted on images.theconversation.com: The Conversation's terms do not cover its "
        "images; remove it or get permission")


def test_the_counter_pixel_and_the_logo_are_not_images_to_flag(tmp_path):
    logo = ("![The Conversation](https://cdn.theconversation.com/static/tc/@theconversation/ui/"
            "dist/esm/logos/web-logo.png)\n\n")
    html_counter = ('<img src="https://counter.theconversation.com/content/194596/count.gif" '
                    'alt="The Conversation" width="1" height="1" />\n')
    assert lint(tmp_path, CONVERSATION, conversation_post(logo + COUNTER)) == []
    assert lint(tmp_path, CONVERSATION, conversation_post(html_counter)) == []


@pytest.mark.parametrize("image", [
    '<img src="https://projects.propublica.org/t.gif" width="1" height="1">',
    '<img src="https://projects.propublica.org/t.gif" style="width:1px;height:1px;">',
    '<img src="https://projects.propublica.org/t.gif" width="0" height="0">',
])
def test_tracking_pixels_of_any_shape_are_not_photographs(tmp_path, image):
    post = HEAD.format(source="https://www.propublica.org/article/water") + image + "\n"
    assert lint(tmp_path, PROPUBLICA, post) == []


def test_a_wide_image_is_not_a_pixel(tmp_path):
    image = '<img src="https://img.assets-d.propublica.org/v5/x.jpg" width="1" height="400">'
    post = HEAD.format(source="https://www.propublica.org/article/water") + image + "\n"
    assert [f.code for f in lint(tmp_path, PROPUBLICA, post)] == ["AL801"]


def test_a_caption_crediting_the_publisher_is_a_finding(tmp_path):
    post = conversation_post('![River](/img/river.jpg "Photo: Jane Doe/The Conversation")\n\n'
                             + COUNTER)
    findings = lint(tmp_path, CONVERSATION, post)
    assert where(findings) == [(6, 1, "AL801", "warning")]
    assert findings[0].message == (
        'image credited "Photo: Jane Doe/The Conversation": The Conversation\'s terms do not '
        'cover images credited "The Conversation"; remove it or get permission')


def test_a_caption_that_only_mentions_the_publisher_credits_no_one(tmp_path):
    post = conversation_post("![](/img/mine.jpg)\nMy sketch of the river The Conversation "
                             "wrote about\n\n" + COUNTER)
    assert lint(tmp_path, CONVERSATION, post) == []


PROPUBLICA_PAGE = """\
<!DOCTYPE html>
<html><head>
<link rel="canonical" href="https://www.propublica.org/article/water-rights-abq">
</head>
<body>
<header><img src="https://www.propublica.org/logo-header.png"></header>
<article>
<p>Farmers along the Rio Grande have fought over water for a century.</p>
<figure>
<img src="/media/farm.jpg" alt="A farm">
<figcaption>A farm near Socorro. (Jane Doe/ProPublica)</figcaption>
</figure>
<p>This story was originally published by ProPublica.</p>
</article>
<aside><img src="https://img.assets-d.propublica.org/v5/sidebar.jpg"></aside>
</body></html>
"""


def test_propublica_photo_in_an_html_figure_is_found_and_the_sidebar_is_not(tmp_path):
    findings = lint(tmp_path, PROPUBLICA, PROPUBLICA_PAGE, "html", "post.html")
    assert [(f.line, f.column, f.code) for f in findings] == [(10, 1, "AL801")]
    assert 'image credited "A farm near Socorro. (Jane Doe/ProPublica)"' in findings[0].message


def test_dialogue_earth_copyright_credits_and_no_others(tmp_path):
    head = HEAD.format(source="https://dialogue.earth/en/water/river-dry/")
    figure = ("<figure><img src=\"/img/{0}.jpg\"><figcaption>{1}</figcaption></figure>\n\n")
    post = head + figure.format("a", "Image © Alamy") + figure.format(
        "b", "Image: Jane Doe / Dialogue Earth") + figure.format("c", "Photo (c) Li Wei")
    findings = lint(tmp_path, DIALOGUE_EARTH, post)
    assert [(f.line, f.code) for f in findings] == [(6, "AL801"), (10, "AL801")]
    assert 'images credited "©"' in findings[0].message
    assert 'images credited "(c)"' in findings[1].message


def test_hosts_and_credited_replace_the_defaults(tmp_path):
    rule = PROPUBLICA.replace("images: {}", "images: {hosts: [cdn.example.net], credited: []}")
    head = HEAD.format(source="https://www.propublica.org/article/water")
    assert lint(tmp_path, rule, head + "![x](https://www.propublica.org/x.jpg \"Photo: "
                                        "ProPublica\")\n") == []
    findings = lint(tmp_path, rule, head + "![x](https://a.cdn.example.net/x.jpg)\n")
    assert [f.code for f in findings] == ["AL801"]


def test_allowed_addresses_are_fine(tmp_path):
    rule = PROPUBLICA.replace("images: {}", "images: {allowed: '^www\\.propublica\\.org/auth"
                                            "ors/'}")
    head = HEAD.format(source="https://www.propublica.org/article/water")
    assert lint(tmp_path, rule, head + "![Jane](https://www.propublica.org/authors/jane.jpg)\n") \
        == []
    findings = lint(tmp_path, rule, head + "![x](https://www.propublica.org/x.jpg)\n")
    assert [f.code for f in findings] == ["AL801"]


def test_images_option_mistakes_are_rule_file_errors(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(PROPUBLICA.replace("images: {}", "images: {hosts: ['https://x.org']}"),
                    encoding="utf-8")
    with pytest.raises(RuleFileError) as error:
        load_rule(path)
    assert (error.value.line, error.value.column) == (6, 22)
    assert "hosts[0]" in error.value.message
    path.write_text(PROPUBLICA.replace("images: {}", "images: {photos: true}"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="unknown key 'photos'"):
        load_rule(path)


def test_describe(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(DIALOGUE_EARTH, encoding="utf-8")
    assert kinds()["images"].describe(load_rule(path).requirements[0]) == (
        'no images hosted on the publisher\'s domains or credited "©"')


def test_json_output_names_the_kind(tmp_path, capsys):
    (tmp_path / "rule.yaml").write_text(PROPUBLICA, encoding="utf-8")
    (tmp_path / "post.html").write_text(PROPUBLICA_PAGE, encoding="utf-8")
    code = main(["check", "--format", "json", "--no-bundled-rules",
                 "--rules", str(tmp_path / "rule.yaml"), str(tmp_path / "post.html")])
    assert code == 1
    finding, = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["code"], finding["kind"], finding["severity"]) == ("AL801", "images",
                                                                       "error")


def test_scripts_and_frames_from_the_publisher_are_not_images(tmp_path):
    head = HEAD.format(source="https://www.propublica.org/article/water")
    post = head + ('<script async src="http://pixel.propublica.org/pixel.js"></script>\n\n'
                   '<iframe src="https://projects.propublica.org/graphics/water-map"></iframe>\n')
    assert lint(tmp_path, PROPUBLICA, post) == []


def test_global_voices_photo_is_a_warning_in_its_name(tmp_path):
    rule = textwrap.dedent("""\
        id: globalvoices
        publisher: Global Voices
        terms: https://globalvoices.org/about/global-voices-attribution-policy/
        domains: [globalvoices.org]
        requires:
          - images: {}
            severity: warning
        """)
    post = HEAD.format(source="https://globalvoices.org/2024/03/10/rivers/") + (
        "![Protest](https://globalvoices.org/wp-content/uploads/2024/03/protest.jpg)\n")
    findings = lint(tmp_path, rule, post)
    assert where(findings) == [(6, 1, "AL801", "warning")]
    assert findings[0].message.startswith("image hosted on globalvoices.org: Global Voices' terms")


# Dialogue Earth's terms exclude multimedia by its credit alone: "with an
# attribution that carries the copyright symbol ... cannot be republished".
# Its own photos on dialogue.earth without "©" are not excluded.
DIALOGUE_EARTH_CAPTIONS_ONLY = DIALOGUE_EARTH.replace(
    'images: {credited: ["©"]}', 'images: {hosts: [], credited: ["©"]}')


def test_hosts_none_checks_captions_only(tmp_path):
    head = HEAD.format(source="https://dialogue.earth/en/climate/nepal-glacial-lake-sirens/")
    own = ('<figure><img src="https://dialogue.earth/wp-content/uploads/2025/06/siren.jpg" '
           'alt="Siren mast"><figcaption>A siren mast above the moraine</figcaption></figure>\n')
    assert lint(tmp_path, DIALOGUE_EARTH_CAPTIONS_ONLY, head + own) == []
    # the default hosts (the rule's domains) would flag it
    assert [f.code for f in lint(tmp_path, DIALOGUE_EARTH, head + own)] == ["AL801"]
    credited = own.replace("A siren mast above the moraine", "Image © Pemba Sherpa")
    findings = lint(tmp_path, DIALOGUE_EARTH_CAPTIONS_ONLY, head + credited)
    assert where(findings) == [(6, 9, "AL801", "error")]
    assert findings[0].message == (
        'image credited "Image © Pemba Sherpa": Dialogue Earth\'s terms do not cover images '
        'credited "©"; remove it or get permission')


def test_hosts_none_needs_credited_words(tmp_path):
    path = tmp_path / "rule.yaml"
    for spec in ("{hosts: []}", "{hosts: [], credited: []}"):
        path.write_text(DIALOGUE_EARTH.replace('{credited: ["©"]}', spec), encoding="utf-8")
        with pytest.raises(RuleFileError, match="with hosts: \\[\\], give the caption words"):
            load_rule(path)


def test_describe_captions_only(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(DIALOGUE_EARTH_CAPTIONS_ONLY, encoding="utf-8")
    assert kinds()["images"].describe(load_rule(path).requirements[0]) == (
        'no images credited "©"')


# City Desk ABQ: photos only "if the credit line includes City Desk/City Desk
# ABQ, with the full original credit".
CITY_DESK = """\
id: citydeskabq
publisher: City Desk ABQ
terms: https://citydesk.org/about/republishing-our-work/
domains: [citydesk.org]
requires:
  - images: {credited: [], unless_credited: ["City Desk"]}
"""


@pytest.mark.parametrize("image, codes", [
    # City Desk's photo with its credit line (figcaption, Markdown title, line under it)
    ('<figure><img src="https://citydesk.org/wp-content/uploads/2025/04/arroyo.jpg" alt="">'
     "<figcaption>The arroyo after the storm. (Photo: Jane Doe / City Desk ABQ)"
     "</figcaption></figure>", []),
    ('![Arroyo](https://citydesk.org/wp-content/uploads/2025/04/arroyo.jpg '
     '"Photo by Jane Doe, City Desk ABQ")', []),
    # ... and without it
    ("![Arroyo](https://citydesk.org/wp-content/uploads/2025/04/arroyo.jpg)", ["AL801"]),
    ('<figure><img src="https://citydesk.org/wp-content/uploads/2025/04/arroyo.jpg" alt="">'
     "<figcaption>The arroyo after the storm.</figcaption></figure>", ["AL801"]),
    # a caption mentioning City Desk without crediting it
    ('![Arroyo](https://citydesk.org/wp-content/uploads/2025/04/arroyo.jpg '
     '"Neighbours told City Desk about the flood")', ["AL801"]),
    # the blogger's own photo is none of City Desk's business
    ("![My street](https://myblog.example/img/street.jpg)", []),
])
def test_city_desk_photos_only_with_their_credit(tmp_path, image, codes):
    post = HEAD.format(source="https://citydesk.org/2025/04/arroyo-flooding-south-valley/")
    findings = lint(tmp_path, CITY_DESK, post + image + "\n")
    assert [f.code for f in findings] == codes
    if codes:
        assert findings[0].message == (
            'image hosted on citydesk.org: City Desk ABQ\'s terms allow its images only with a '
            'credit naming "City Desk"; add the original credit, or remove the image')


def test_describe_unless_credited(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(CITY_DESK, encoding="utf-8")
    assert kinds()["images"].describe(load_rule(path).requirements[0]) == (
        'no images hosted on the publisher\'s domains, unless their caption credits '
        '"City Desk"')


# CalMatters: wire photos are not free to republish.
CALMATTERS = """\
id: calmatters
publisher: CalMatters
terms: https://calmatters.org/about/republishing/
domains: [calmatters.org]
requires:
  - images:
      hosts: [apimages.com, istockphoto.com, reuters.com]
      credited: [AP Photo, Associated Press, Reuters, iStock]
"""


@pytest.mark.parametrize("caption, codes", [
    # the credited words carry their own cue, before any other
    ("Shasta Lake near full capacity in April. AP Photo/Rich Pedroncelli", ["AL801"]),
    ("Pumps near Tracy. Photo by Rich Pedroncelli, AP Photo", ["AL801"]),
    ("Photo: Rich Pedroncelli, Associated Press", ["AL801"]),
    # a mention, not a credit
    ("Reuters reported the closure in April", []),
    ("Photo by Lucy Ortiz, CalMatters", []),
])
def test_wire_photo_credits_whatever_comes_first(tmp_path, caption, codes):
    post = HEAD.format(source="https://calmatters.org/environment/2024/05/water-rights/")
    image = f'![Shasta Lake](/images/2024/shasta-lake.jpg "{caption}")\n'
    assert [f.code for f in lint(tmp_path, CALMATTERS, post + image)] == codes


def test_the_publishers_pixel_loaded_by_the_wrong_element_is_no_photo(tmp_path):
    rule = PROPUBLICA.replace("  - images: {}\n", "  - pixel: {src: '^pixel\\.propublica\\.org/"
                                                   "pixel\\.js', tags: [script]}\n"
                                                   "  - images: {}\n")
    post = HEAD.format(source="https://www.propublica.org/article/water") + \
        "![](https://pixel.propublica.org/pixel.js)\n"
    # the pixel kind says the script is missing; the images kind has no photo to report
    assert [(f.code, f.kind) for f in lint(tmp_path, rule, post)] == [("AL501", "pixel")]
