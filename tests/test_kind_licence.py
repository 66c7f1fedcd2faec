"""The licence kind: the work's CC licence named and linked (AL601-AL603)."""

import json
import textwrap

import pytest

from attriblint.cli import main

# Dialogue Earth's terms: "Creative Commons Attribution-NonCommercial-
# NoDerivatives 4.0 International (CC BY NC ND) licence".
DIALOGUE_EARTH = """\
id: dialogue-earth
publisher: Dialogue Earth
terms: https://dialogue.earth/en/republishing/
licence: CC-BY-NC-ND-4.0
domains: [dialogue.earth]
requires:
  - licence: CC-BY-NC-ND-4.0
"""

# ProPublica: CC BY-NC-ND 3.0 US, a port without an SPDX id.
PROPUBLICA = """\
id: propublica
publisher: ProPublica
terms: https://www.propublica.org/steal-our-stories
licence: LicenseRef-CC-BY-NC-ND-3.0-US
domains: [propublica.org]
requires:
  - licence: LicenseRef-CC-BY-NC-ND-3.0-US
"""

BODY = ("Glaciers across the Hindu Kush are retreating faster than anyone expected, and the "
        "communities downstream are only beginning to plan for what comes after the melt.")


def post(credit: str, front: str = "") -> str:
    return ("---\ntitle: Glaciers in retreat\n"
            "source_url: https://dialogue.earth/en/climate/glaciers-in-retreat/\n"
            f"{front}---\n{BODY}\n\n{credit}\n")


def run(tmp_path, capsys, rule: str, text: str, name: str = "post.md", fmt: str = "text"):
    (tmp_path / "rule.yaml").write_text(textwrap.dedent(rule), encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    code = main(["check", "--no-bundled-rules", "--rules", str(tmp_path / "rule.yaml"),
                 "--format", fmt, str(tmp_path / name)])
    out, err = capsys.readouterr()
    return code, out, err


def findings(tmp_path, capsys, rule: str, text: str, name: str = "post.md"):
    code, out, err = run(tmp_path, capsys, rule, text, name, "json")
    assert err == ""
    found = json.loads(out)["findings"]
    assert code == (1 if found else 0)
    return found


def where(found):
    return [(f["code"], f["line"], f["column"]) for f in found]


@pytest.mark.parametrize("credit", [
    "This article was first published on Dialogue Earth under "
    "[CC BY-NC-ND 4.0](https://creativecommons.org/licenses/by-nc-nd/4.0/).",
    # The generic words, linked to the deed (legal code, http) name it too.
    "Republished from Dialogue Earth under a [Creative Commons license]"
    "(http://creativecommons.org/licenses/by-nc-nd/4.0/legalcode).",
    "Licence: Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International "
    "(<https://creativecommons.org/licenses/by-nc-nd/4.0/deed.es>)",
])
def test_a_licence_named_and_linked_passes(tmp_path, capsys, credit):
    assert findings(tmp_path, capsys, DIALOGUE_EARTH, post(credit)) == []


def test_a_creative_commons_license_without_its_name_or_link_is_al601_at_the_words(
        tmp_path, capsys):
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, post(
        "This article is republished from Dialogue Earth under a Creative Commons license."))
    assert where(found) == [("AL601", 7, 57)]
    assert found[0]["kind"] == "licence"
    assert '"Creative Commons license" does not say which licence: name CC BY-NC-ND 4.0' \
        in found[0]["message"]
    assert "https://creativecommons.org/licenses/by-nc-nd/4.0/" in found[0]["message"]


def test_no_licence_at_all_is_al601_at_the_evidence(tmp_path, capsys):
    found = findings(tmp_path, capsys, DIALOGUE_EARTH,
                     post("This article was first published on Dialogue Earth."))
    assert where(found) == [("AL601", 3, 1)]  # source_url
    assert 'the licence is not named: expected "CC BY-NC-ND 4.0"' in found[0]["message"]
    assert "because its source_url is on dialogue.earth" in found[0]["message"]

    custom = DIALOGUE_EARTH.replace("  - licence: CC-BY-NC-ND-4.0",
                                    "  - licence: CC-BY-NC-ND-4.0\n"
                                    "    example: under a CC BY-NC-ND 4.0 licence")
    found = findings(tmp_path, capsys, custom,
                     post("This article was first published on Dialogue Earth."))
    assert 'expected "under a CC BY-NC-ND 4.0 licence"' in found[0]["message"]


def test_a_version_is_part_of_the_name(tmp_path, capsys):
    found = findings(tmp_path, capsys, DIALOGUE_EARTH,
                     post("Republished from Dialogue Earth under CC BY-NC-ND."))
    assert where(found) == [("AL601", 7, 39)]
    assert '"CC BY-NC-ND" does not say which licence' in found[0]["message"]


def test_named_but_not_linked_is_al602_unless_linked_false(tmp_path, capsys):
    text = post("This article was first published on Dialogue Earth under the CC BY-NC-ND 4.0 "
                "licence.")
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, text)
    assert where(found) == [("AL602", 7, 62)]
    assert found[0]["end_column"] == 77
    assert "CC BY-NC-ND 4.0 is named but not linked to its deed; link it to " \
           "https://creativecommons.org/licenses/by-nc-nd/4.0/" in found[0]["message"]
    unlinked = DIALOGUE_EARTH.replace("  - licence: CC-BY-NC-ND-4.0",
                                      "  - licence: CC-BY-NC-ND-4.0\n    linked: false")
    assert findings(tmp_path, capsys, unlinked, text) == []


def test_a_link_to_another_version_does_not_link_it(tmp_path, capsys):
    text = post("Published under [CC BY-NC-ND 4.0](https://creativecommons.org/licenses/"
                "by-nc-nd/3.0/).")
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, text)
    assert [f["code"] for f in found] == ["AL602"]


@pytest.mark.parametrize("credit, column, other", [
    ("This article from Dialogue Earth is licensed under CC BY-SA 4.0.", 52, "CC BY-SA 4.0"),
    ("This article from Dialogue Earth is shared under a "
     "[free licence](https://creativecommons.org/licenses/by/4.0/).", 52, "CC BY 4.0"),
    ("License: CC BY-NC-ND 3.0", 10, "CC BY-NC-ND 3.0"),
])
def test_another_licence_claimed_is_al603_at_the_claim(tmp_path, capsys, credit, column, other):
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, post(credit))
    assert where(found) == [("AL603", 7, column)]
    assert f"says the work is under {other}, but Dialogue Earth's work is under " \
           f"CC BY-NC-ND 4.0" in found[0]["message"]


def test_another_licence_in_the_metadata_is_al603_at_its_key(tmp_path, capsys):
    text = post("Published under [CC BY-NC-ND 4.0](https://creativecommons.org/licenses/by-nc-nd/"
                "4.0/).", front="source_license: CC BY-SA 4.0\n")
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, text)
    assert where(found) == [("AL603", 4, 1)]
    assert "the metadata says the work is under CC BY-SA 4.0" in found[0]["message"]
    same = text.replace("CC BY-SA 4.0\n", "CC-BY-NC-ND-4.0\n")
    assert findings(tmp_path, capsys, DIALOGUE_EARTH, same) == []


def test_traps_other_licences_that_are_not_claims_for_the_work(tmp_path, capsys):
    # The right licence is named: a photo's own licence is not a claim.
    text = post("Published under [CC BY-NC-ND 4.0](https://creativecommons.org/licenses/by-nc-nd/"
                "4.0/).\n\nThe photo above, by Ana Ruiz, is licensed under CC BY-SA 4.0.")
    assert findings(tmp_path, capsys, DIALOGUE_EARTH, text) == []
    # A quoted licence and one in a block quotation are not the post's own claims.
    quoted = post('Her blog says "everything here is licensed under CC BY-SA 4.0" and means it.'
                  "\n\n> This work is licensed under CC BY 4.0.")
    assert where(findings(tmp_path, capsys, DIALOGUE_EARTH, quoted)) == [("AL601", 3, 1)]
    # A licence mentioned in passing, not stated, is no claim either.
    passing = post("The CC BY-SA 4.0 is what Wikipedia uses.")
    assert [f["code"] for f in findings(tmp_path, capsys, DIALOGUE_EARTH, passing)] == ["AL601"]


def test_an_html_page_with_the_licence_linked_passes(tmp_path, capsys):
    page = textwrap.dedent(f"""\
        <!doctype html>
        <html><head><title>Glaciers in retreat</title>
        <link rel="canonical" href="https://dialogue.earth/en/climate/glaciers-in-retreat/">
        </head><body><article>
        <h1>Glaciers in retreat</h1>
        <p>{BODY}</p>
        <p>This article was first published on Dialogue Earth under a
        <a href="https://creativecommons.org/licenses/by-nc-nd/4.0/" rel="license">Creative
        Commons Attribution-NonCommercial-NoDerivatives 4.0 International licence</a>.</p>
        </article></body></html>
        """)
    assert findings(tmp_path, capsys, DIALOGUE_EARTH, page, "post.html") == []
    unlinked = page.replace('<a href="https://creativecommons.org/licenses/by-nc-nd/4.0/" '
                            'rel="license">', "").replace("</a>", "")
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, unlinked, "post.html")
    assert where(found) == [("AL602", 8, 1)]


def test_propublica_port_named_by_its_own_or_the_unported_name(tmp_path, capsys):
    def story(credit):
        return ("---\nsource_url: https://www.propublica.org/article/water-rights\n---\n"
                f"{BODY}\n\n{credit}\n")
    for credit in [
        "Republished under [Creative Commons Attribution-NonCommercial-NoDerivs 3.0 United "
        "States](https://creativecommons.org/licenses/by-nc-nd/3.0/us/).",
        "Republished under [CC BY-NC-ND 3.0](https://creativecommons.org/licenses/by-nc-nd/3.0/).",
    ]:
        assert findings(tmp_path, capsys, PROPUBLICA, story(credit)) == []
    found = findings(tmp_path, capsys, PROPUBLICA, story(
        "Republished under [CC BY-NC-ND 4.0](https://creativecommons.org/licenses/by-nc-nd/4.0/)."))
    assert [f["code"] for f in found] == ["AL603"]
    assert "but ProPublica's work is under CC BY-NC-ND 3.0 US" in found[0]["message"]


def test_placement_at_the_top(tmp_path, capsys):
    rule = DIALOGUE_EARTH.replace("  - licence: CC-BY-NC-ND-4.0",
                                  "  - licence: CC-BY-NC-ND-4.0\n    at: top\n    within: 1")
    credit = ("Published under [CC BY-NC-ND 4.0](https://creativecommons.org/licenses/by-nc-nd/"
              "4.0/).")
    text = post(credit)
    text = text.replace(BODY, f"{BODY}\n\n{BODY}\n\n{BODY}\n\n{BODY}")
    found = findings(tmp_path, capsys, rule, text)
    assert where(found) == [("AL601", 13, 18)]
    assert "CC BY-NC-ND 4.0 is named in" in found[0]["message"]
    assert "but the terms ask for it at the top of the post" in found[0]["message"]
    top = text.replace(f"\n\n{credit}", "").replace("---\n" + BODY, f"---\n{credit}\n\n{BODY}", 1)
    assert findings(tmp_path, capsys, rule, top) == []


def test_a_licence_the_kind_cannot_check_is_a_rule_file_error(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys,
                         DIALOGUE_EARTH.replace("- licence: CC-BY-NC-ND-4.0",
                                                "- licence: CC-BY-4.0-US"), post("x"))
    assert code == 2
    assert "rule.yaml:7:14: requires[0].licence: 'CC-BY-4.0-US' is not a Creative Commons " \
           "licence" in err


DEED = "https://creativecommons.org/licenses/by-nc-nd/4.0/"
PHOTO = "![Meltwater lake above Thame](https://upload.wikimedia.org/commons/thame-lake.jpg)"


@pytest.mark.parametrize("caption, line, column", [
    # the caption as its own paragraph under the image
    (f"{PHOTO}\n\n*Photo: Ann Poe, [CC BY-NC-ND 4.0]({DEED})*", 9, 19),
    # on the line right under the image, in the same paragraph
    (f"{PHOTO}\n*Photo: Ann Poe, [CC BY-NC-ND 4.0]({DEED})*", 8, 19),
    (f"{PHOTO}\nPhoto: Ann Poe, licensed under CC BY-NC-ND 4.0", 8, 32),
])
def test_a_licence_named_only_in_a_photo_caption_is_not_the_works(tmp_path, capsys, caption,
                                                                  line, column):
    text = post(f"{caption}\n\nFirst published on Dialogue Earth.")
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, text)
    assert where(found) == [("AL601", line, column)]
    assert found[0]["message"].startswith(
        "CC BY-NC-ND 4.0 is named only in an image caption, which licenses the image, not the "
        "work: name it for the work (")
    # named for the work as well: the caption does no harm
    credit = f"First published on Dialogue Earth under [CC BY-NC-ND 4.0]({DEED})."
    assert findings(tmp_path, capsys, DIALOGUE_EARTH, post(f"{caption}\n\n{credit}")) == []


HTML_PAGE = f"""\
<!doctype html>
<html><head><title>Glaciers in retreat</title>
<link rel="canonical" href="https://dialogue.earth/en/climate/glaciers-in-retreat/">
</head><body><article>
<h1>Glaciers in retreat</h1>
<p>{BODY}</p>
<figure><img src="https://upload.wikimedia.org/commons/thame-lake.jpg" alt="Thame lake">
<figcaption>Photo: Ann Poe, <a href="{DEED}">CC BY-NC-ND 4.0</a></figcaption></figure>
{{credit}}
</article></body></html>
"""


def test_a_licence_in_a_figcaption_is_the_photos(tmp_path, capsys):
    page = HTML_PAGE.format(credit="<p>First published on Dialogue Earth.</p>")
    found = findings(tmp_path, capsys, DIALOGUE_EARTH, page, "post.html")
    assert where(found) == [("AL601", 8, 90)]
    page = HTML_PAGE.format(credit=f'<p>First published on Dialogue Earth under <a href="{DEED}"'
                                   f' rel="license">CC BY-NC-ND 4.0</a>.</p>')
    assert findings(tmp_path, capsys, DIALOGUE_EARTH, page, "post.html") == []


@pytest.mark.parametrize("credit", [
    # the CC licence chooser's badge opens the paragraph that licenses the work
    f'<a rel="license" href="{DEED}"><img alt="Creative Commons Licence" style="border-width:0"'
    f' src="https://i.creativecommons.org/l/by-nc-nd/4.0/88x31.png" /></a><br />This work is '
    f'licensed under a <a rel="license" href="{DEED}">Creative Commons Attribution-'
    f'NonCommercial-NoDerivatives 4.0 International License</a>.',
    # ... also when the badge is copied without its link
    f"![CC BY-NC-ND 4.0](https://licensebuttons.net/l/by-nc-nd/4.0/88x31.png)\n"
    f"This work is licensed under a [Creative Commons Attribution-NonCommercial-NoDerivatives "
    f"4.0 International License]({DEED}).",
    # a page-view counter just above the credit line is no photo
    "![Dialogue Earth](https://dialogue.earth/pixel.gif?post=123)\n\n"
    f"First published on Dialogue Earth under [CC BY-NC-ND 4.0]({DEED}).",
    '<img src="https://stats.example.org/p.gif" width="1" height="1" alt="">\n'
    f"First published on Dialogue Earth under [CC BY-NC-ND 4.0]({DEED}).",
    # an icon inside the sentence does not make it a caption
    f"First published on ![DE](https://dialogue.earth/icon.png) Dialogue Earth under "
    f"[CC BY-NC-ND 4.0]({DEED}).",
])
def test_traps_a_credit_next_to_a_badge_counter_or_icon_is_the_works(tmp_path, capsys, credit):
    assert findings(tmp_path, capsys, DIALOGUE_EARTH, post(credit)) == []


def test_a_licence_rules_contradiction_names_the_work_not_the_licence(tmp_path, capsys):
    """A licence rule's "publisher" is the licence: the message says "the work"."""
    from attriblint.cli import main

    rule = tmp_path / "rule.yaml"
    rule.write_text("id: cc-by-nd-4.0\npublisher: Creative Commons Attribution-NoDerivatives "
                    "4.0 International\nterms: https://creativecommons.org/licenses/by-nd/4.0/"
                    "legalcode\nlicence: CC-BY-ND-4.0\ndetect:\n  licences: [CC-BY-ND-4.0]\n"
                    "requires:\n  - licence: CC-BY-ND-4.0\n", encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Rivers\nsource_url: https://rivers.example.org/dry\n"
                    "source_license: CC-BY-ND-4.0\n---\nRivers run dry in August.\n\n"
                    "This essay is licensed under CC BY-SA 4.0.\n", encoding="utf-8")
    assert main(["check", "--no-bundled-rules", "--rules", str(rule), str(post)]) == 1
    out = capsys.readouterr().out
    assert "AL603" in out and "but the work is under CC BY-ND 4.0" in out
    assert "International's" not in out
