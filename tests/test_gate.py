"""The gate turns away only files that no rule could apply to.

Each case is a way a publisher's name can reach the prose or the metadata
without standing in the bytes as plain ASCII words; the gate must let all
of them through, and a file that only uses the name's words apart must not
pass on their account.
"""

import pytest

from attriblint.gate import Gate, project_bytes
from attriblint.rules import bundled_rules_dir, load_rules, rule_files


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate.from_rules(load_rules(rule_files([str(bundled_rules_dir())])))


def passes(gate: Gate, data: bytes) -> bool:
    return [r.id for r in gate.candidates(data)] == ["globalresearch"]


@pytest.mark.parametrize("data", [
    b"The original source of this article is Global Research",
    b"THE ORIGINAL SOURCE OF THIS ARTICLE IS GLOBAL RESEARCH",
    "is Global\u00a0Research".encode(),  # NBSP, which a bytes \s does not match
    "is Global\u2009Research".encode(),  # thin space
    b"is Global&nbsp;Research",
    b"is Global&#160;Research",
    b"is Global&#xA0;Research",
    b"is Global\r\n  Research",
    b"is **Global** Research",
    b"is Glo<b>bal</b> Research",
    b"is <a href='/x'>Global Research</a>",
    b"is &#71;lobal &#x52;esearch",  # letters as character references
    "is Global Re\u017fearch".encode(),  # long s: re.IGNORECASE matches it with s
    "is GLOBAL RESEARCH".encode("utf-16-le"),
    "\ufeffis Global Research".encode("utf-16-be"),
    "is Global Research".encode("utf-32-le"),
    b"is Global Research \xe9t\xe9",  # Latin-1: not UTF-8, still named
    b"Copyright \xa9 Global Research 2021",
    b"source_url: https://WWW.GLOBALRESEARCH.CA/a/5790311",
    b'{"source_url": "https://\\u0067lobalresearch.ca/a/5790311"}',  # JSON escape
    b'<link rel="canonical" href="https://globalresearch&#46;ca/a/5790311">',
    b"Centre for Research on Globalization",
    b"via GlobalResearch.ca",
])
def test_every_spelling_of_the_publisher_passes(gate, data):
    assert passes(gate, data)


@pytest.mark.parametrize("data", [
    b"",
    b"An essay on global warming and the research behind it.",
    b"Global warming. Research funding.",  # the words, but not as the name
    b"Nothing to see here, \xff\xfe binary \x00 junk",
    "Global R\u00e9search".encode(),  # another letter, not a fold of "e"
])
def test_files_that_cannot_name_the_publisher_are_turned_away(gate, data):
    assert gate.candidates(data) == []


def test_projection_keeps_letters_and_digits_only():
    assert project_bytes(b"Global&nbsp;Re-search, 2021!") == b"globalresearch2021"
    assert project_bytes(b"&fjlig;ord") == b"fjord"


@pytest.mark.parametrize("phrase, always", [
    ("This story was first published by our partners", True),
    ("First published( by {publisher})?", True),  # the name is optional
    ("First published by ({publisher}|our partners)", True),
    ("First published by ({publisher}|the {publisher} desk)", False),
    ("First published by [{publisher}]({article_url})", False),
])
def test_a_rule_whose_phrase_can_match_without_the_name_is_always_a_candidate(
        tmp_path, phrase, always):
    rule = tmp_path / "x.yaml"
    rule.write_text(
        "id: x\npublisher: Example News\nterms: https://example.org/terms\n"
        "domains: [example.org]\n"
        f"detect:\n  phrases: ['{phrase}']\n"
        "requires:\n  - link: any\n", encoding="utf-8")
    gate = Gate.from_rules(load_rules([rule]))
    assert [r.id for r in gate.candidates(b"unrelated text")] == (["x"] if always else [])
    assert [r.id for r in gate.candidates(b"by Example News")] == ["x"]


def test_a_name_with_non_ascii_letters_is_looked_for_in_the_decoded_text(tmp_path):
    """Such a name cannot be in the ASCII projection: a file that names no
    rule there is still read for it (in any encoding)."""
    rule = tmp_path / "x.yaml"
    rule.write_text(
        "id: x\npublisher: Público\nterms: https://example.org/terms\n"
        "domains: [example.org]\n"
        "detect:\n  phrases: ['First published by {publisher}']\n"
        "requires:\n  - link: any\n", encoding="utf-8")
    gate = Gate.from_rules(load_rules([rule]))
    for data in ["First published by Público".encode(), "por PÚBLICO".encode("utf-16"),
                 "por P&uacute;blico".encode()]:
        assert [r.id for r in gate.candidates(data)] == ["x"], data
    assert gate.candidates("Publico, without its accent".encode()) == []


# -- licence rules: the words their metadata must hold ------------------------

def candidate_ids(gate: Gate, data: bytes) -> list[str]:
    return sorted(r.id for r in gate.candidates(data))


CC_BY_40 = ["cc-by-4.0", "cc-by-nc-4.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-4.0",
            "cc-by-nd-4.0", "cc-by-sa-4.0"]


@pytest.mark.parametrize("front", [
    "source_url: https://x.example/a\nsource_license: CC-BY-4.0",
    "source_url: https://x.example/a\nsource_license: CC BY 4.0",
    "originalURL: https://x.example/a\nlicense: Creative Commons Attribution 4.0 International\n"
    "original_author: A. Writer",
    "source-link: https://x.example/a\nsource_licence: https://creativecommons.org/licenses/by/4.0/",
    'source_url: https://x.example/a\nsource_license: "CC BY \\x34.0"',  # an escape
    "params:\n  repost_of: https://x.example/a\n  SOURCE_LICENSE: cc-by-4.0",
])
def test_a_licence_declared_in_any_form_lets_the_licence_rules_through(gate, front):
    assert candidate_ids(gate, f"---\n{front}\n---\nBody.\n".encode()) == CC_BY_40


@pytest.mark.parametrize("text", [
    # The words of a licence field, in prose: no source, or no version.
    "The licence fee went up by 40 euros this year.",
    "Open source software under a permissive license.",
    "---\nlicense: MIT\nsource_url: https://x.example/a\n---\nVersion 3 of the source.",
    "---\ncanonical_url: https://x.example/a\nlicense: CC-BY-4.0\n---\nA canonical address points home.",
])
def test_words_of_a_licence_field_alone_do_not_let_licence_rules_through(gate, text):
    assert candidate_ids(gate, text.encode()) == []


def test_configured_licence_and_source_keys_are_what_licence_rules_need():
    from attriblint.settings import Fields

    rules = load_rules(rule_files([str(bundled_rules_dir())]))
    post = b"---\nfrom: https://x.example/a\nrights: CC-BY-4.0\n---\nBody.\n"
    assert candidate_ids(Gate.from_rules(rules), post) == []
    configured = Fields(source_url=("from",), licence=("rights",))
    assert candidate_ids(Gate.from_rules(rules, configured), post) == CC_BY_40


def test_front_matter_decides_licence_rules_without_reading_the_body(linter, monkeypatch):
    """A post that passes the gate for licence rules only (their words are
    in its prose) is settled by its front matter; the body is not read."""
    import attriblint.lint as lint

    read = []
    monkeypatch.setattr(lint, "read_document", lambda *a: read.append(a) or 1 / 0)
    prose = ("---\ntitle: Notes\n---\nThe source of the licence fee: 40 euros, "
             "says the original_url of the report.\n")
    assert linter.lint_bytes("notes.md", "markdown", prose.encode()) == []
    assert read == []
    # Its front matter broken: the full read reports it (AL002).
    monkeypatch.undo()
    broken = prose.replace("title: Notes", "title: [Notes")
    assert [f.code for f in linter.lint_bytes("notes.md", "markdown", broken.encode())] \
        == ["AL002"]


def test_a_licence_repost_is_still_read_and_checked(linter):
    post = ("---\nsource_url: https://sailing.example.org/tides\nsource_license: CC-BY-4.0\n"
            "original_author: Morwenna Trelawny\n---\nA tide table lists the times.\n")
    findings = linter.lint_bytes("tides.md", "markdown", post.encode())
    assert {f.rule for f in findings} == {"cc-by-4.0"}


def test_a_post_with_a_suppression_is_read_whatever_its_front_matter(linter):
    post = ("---\ntitle: Notes\n---\nThe source of the licence fee: 40 euros.\n"
            "<!-- attriblint-disable credit -->\n")
    assert [f.code for f in linter.lint_bytes("notes.md", "markdown", post.encode())] \
        == ["AL010"]
