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
