"""The no-derivatives kind: title kept (AL911), not marked as changed (AL912)."""

import json
import textwrap

import pytest

from attriblint.cli import main
from attriblint.kinds.no_derivatives import same_title

# CalMatters: "Do not edit the article, including the headline, except to
# reflect relative changes in time, location and editorial style."
CALMATTERS = """\
id: calmatters
publisher: CalMatters
terms: https://calmatters.org/
domains: [calmatters.org]
requires:
  - no-derivatives: {}
"""
# Undark: own headlines allowed, and a faithful translation.
UNDARK = """\
id: undark
publisher: Undark
terms: https://undark.org/republishing-guidelines/
domains: [undark.org]
requires:
  - no-derivatives: {title: false, marked: false}
"""

ORIGINAL = "Five solutions to California’s climate crisis Gov. Newsom should implement right now"
BODY = ("California's climate crisis is here, and the governor already has the tools he needs "
        "to respond to it, from the state budget to the agencies he appoints.")


def post(title: str = ORIGINAL, front: str = "", lines: str = "") -> str:
    return (f'---\ntitle: "{title}"\noriginal_title: "{ORIGINAL}"\n'
            "source_url: https://calmatters.org/commentary/2020/09/five-solutions/\n"
            f"{front}---\n{lines}{BODY}\n\nThis commentary was originally published by "
            "CalMatters.\n")


def findings(tmp_path, capsys, rule, text, name="post.md"):
    (tmp_path / "rule.yaml").write_text(textwrap.dedent(rule), encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    code = main(["check", "--no-bundled-rules", "--rules", str(tmp_path / "rule.yaml"),
                 "--format", "json", str(tmp_path / name)])
    out, err = capsys.readouterr()
    assert err == ""
    found = json.loads(out)["findings"]
    assert code == (1 if found else 0)
    return found


def where(found):
    return [(f["code"], f["line"], f["column"]) for f in found]


def test_the_original_post_passes(tmp_path, capsys):
    assert findings(tmp_path, capsys, CALMATTERS, post()) == []


def test_a_new_headline_is_al911_at_the_title_key(tmp_path, capsys):
    found = findings(tmp_path, capsys, CALMATTERS, post("Newsom must act now on climate"))
    assert where(found) == [("AL911", 2, 1)]
    assert found[0]["kind"] == "no-derivatives"
    assert found[0]["message"] == (
        f'the title "Newsom must act now on climate" is not the original\'s, "{ORIGINAL}"; '
        "CalMatters terms do not allow a new headline")
    assert findings(tmp_path, capsys, UNDARK, post("Newsom must act now on climate")
                    .replace("calmatters.org", "undark.org")) == []


@pytest.mark.parametrize("title", [
    "Five Solutions to California's Climate Crisis Gov. Newsom Should Implement Right Now.",
    "  five solutions to california\u2019s  climate crisis gov. newsom should implement right now",
    "Five solutions to California's climate crisis Gov. Newsom should implement right now | "
    "My Climate Blog",
    "My Climate Blog \u2014 Five solutions to California's climate crisis Gov. Newsom should "
    "implement right now",
])
def test_case_quotes_dashes_spaces_and_a_site_name_are_not_a_new_headline(title):
    assert same_title(ORIGINAL, title)


def test_quotation_marks_around_words_are_not_a_new_headline():
    assert same_title("Why \u201cnet zero\u201d is not zero", "Why net zero is not zero")
    assert same_title("Why *net zero* is not zero &amp; never was",
                      "Why net zero is not zero & never was")
    assert same_title("Why 'net zero' is not zero - for now",
                      "Why net zero is not zero \u2014 for now")


@pytest.mark.parametrize("title", [
    "Five solutions to California's climate crisis",
    "Three solutions to California's climate crisis Gov. Newsom should implement right now",
    "Five solutions to California's climate crisis Gov. Newsom should implement right now "
    "| part 2 | My Blog",
])
def test_a_changed_headline_is_not_the_same(title):
    assert not same_title(ORIGINAL, title)


def test_without_an_original_title_the_title_is_not_checked(tmp_path, capsys):
    text = post("Newsom must act now on climate").replace(f'original_title: "{ORIGINAL}"\n', "")
    assert findings(tmp_path, capsys, CALMATTERS, text) == []


@pytest.mark.parametrize("front, key", [
    ("translated_from: https://calmatters.org/commentary/2020/09/five-solutions/\n",
     "translated_from"),
    ("translation_of: Five solutions\n", "translation_of"),
    ("edited: true\n", "edited"),
    ("adapted_from: CalMatters\n", "adapted_from"),
    ("modified: true\n", "modified"),
])
def test_front_matter_marking_a_changed_version_is_al912_at_its_key(tmp_path, capsys, front,
                                                                     key):
    found = findings(tmp_path, capsys, CALMATTERS, post(front=front))
    assert where(found) == [("AL912", 5, 1)]
    assert f"the metadata marks the post as a changed version ({key}: " \
        in found[0]["message"]
    assert "CalMatters terms do not allow edits or translations" in found[0]["message"]


@pytest.mark.parametrize("front", ["modified: 2024-05-01\n", "edited: false\n",
                                   "translated: no-such-thing\n", "translation_of: ''\n"])
def test_front_matter_that_does_not_mark_a_change(tmp_path, capsys, front):
    assert findings(tmp_path, capsys, CALMATTERS, post(front=front)) == []


@pytest.mark.parametrize("line, column, words", [
    ("*This commentary has been edited for length.*\n\n", 2,
     "This commentary has been edited for length."),
    ("_Translated from the English by Ana Ruiz._\n\n", 2,
     "Translated from the English by Ana Ruiz."),
    ("Editor's note: This story was condensed and edited for clarity.\n\n", 16,
     "This story was condensed and edited for clarity."),
    ("(Abridged)\n\n", 2, "Abridged"),
    ("Edited for length and clarity.\n\n", 1, "Edited for length and clarity."),
    ("Adapted from a commentary in CalMatters.\n\n", 1, "Adapted from a commentary in CalMatters."),
    # The mark as the credit line's second sentence.
    ("*This story was originally published by CalMatters. It has been edited for length.*\n\n",
     53, "It has been edited for length."),
])
def test_a_line_saying_the_post_was_changed_is_al912_at_it(tmp_path, capsys, line, column, words):
    found = findings(tmp_path, capsys, CALMATTERS, post(lines=line))
    assert where(found) == [("AL912", 6, column)]
    assert f'the post says "{words}"' in found[0]["message"]
    # Undark allows a faithful translation: marked: false.
    undark = post(lines=line).replace("calmatters.org", "undark.org")
    assert findings(tmp_path, capsys, UNDARK, undark) == []


@pytest.mark.parametrize("line", [
    # Prose that uses the words.
    "Adapted from the novel by Toni Morrison, the film won three awards.\n\n",
    "Translated from the French, the report was read aloud in Sacramento.\n\n",
    "The governor said the plan was abridged and translated into Spanish for the hearings, "
    "and that critics had edited for length what they quoted.\n\n",
    '"This article has been edited for length," the footer of another site said.\n\n',
    "> Translated from the English by Ana Ruiz.\n\n",
    # A later sentence that uses the words about something else.
    "The council met on Tuesday. It was translated into Spanish by volunteers, said the clerk, "
    "and it ran late.\n\n",
    # Edits for style are allowed.
    "*This story has been edited for style.*\n\n",
    # A long paragraph that begins with the words.
    "Abridged and translated transcripts of the hearing circulated for weeks among the staff "
    "of every agency involved because nobody wanted to read nine hours of testimony about "
    "water and fire in the original.\n\n",
])
def test_traps_prose_that_uses_the_words_is_not_a_mark(tmp_path, capsys, line):
    assert findings(tmp_path, capsys, CALMATTERS, post(lines=line)) == []


def test_an_html_page_marked_as_translated(tmp_path, capsys):
    page = textwrap.dedent(f"""\
        <!doctype html>
        <html><head><title>{ORIGINAL} | My Climate Blog</title>
        <link rel="canonical" href="https://calmatters.org/commentary/2020/09/five-solutions/">
        </head><body><article>
        <h1>{ORIGINAL}</h1>
        <p>Translated from the English by Ana Ruiz.</p>
        <p>{BODY}</p>
        </article></body></html>
        """)
    found = findings(tmp_path, capsys, CALMATTERS, page, "post.html")
    assert where(found) == [("AL912", 6, 4)]
