"""The window kind: days between the original and the repost (AL901, AL902)."""

import textwrap

import pytest

from attriblint.cli import main
from attriblint.kinds.window import describe
from attriblint.lint import Linter
from attriblint.rules import Requirement, load_rules

UNDARK_URL = "https://undark.org/2024/01/10/microplastics-in-clouds/"

# Undark: material "that first appeared at Undark within the last 90 days".
UNDARK = r"""
id: undark
publisher: Undark
terms: https://undark.org/republishing-guidelines/
domains: [undark.org]
requires:
  - window: {max_days: 90}
"""

# Dialogue Earth: "we request that you delay republication by at least two
# days after the original publication date" (a request: a warning).
DIALOGUE = r"""
id: dialogueearth
publisher: Dialogue Earth
terms: https://dialogue.earth/en/republishing/
domains: [dialogue.earth]
requires:
  - window: {min_days: 2}
    severity: warning
"""
DIALOGUE_URL = "https://dialogue.earth/en/climate/glacier-lakes-nepal/"

BODY = "\nScientists flying through clouds over Japan found microplastics in every sample.\n"


@pytest.fixture
def lint_with(tmp_path):
    def run(rule_text, post, kind="markdown", path="post.md"):
        rule = tmp_path / "rule.yaml"
        rule.write_text(textwrap.dedent(rule_text), encoding="utf-8")
        linter = Linter.from_rules(load_rules([rule]))
        return linter.lint_bytes(path, kind, post.encode("utf-8"))
    return run


def post(source, *lines):
    return f"---\ntitle: Microplastics in clouds\nsource_url: {source}\n" + \
        "".join(l + "\n" for l in lines) + "---\n" + BODY


def at(text, needle):
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


@pytest.mark.parametrize("date", ["2024-01-10", "2024-03-01", "2024-04-09"])  # 0, 51, 90 days
def test_within_the_window(lint_with, date):
    assert lint_with(UNDARK, post(UNDARK_URL, "original_date: 2024-01-10", f"date: {date}")) == []


def test_too_late_is_al902_at_the_post_date(lint_with):
    text = post(UNDARK_URL, "original_date: 2024-01-10", "date: 2024-05-09 08:30:00 -0600")
    (f,) = lint_with(UNDARK, text)
    assert (f.code, f.kind, f.severity) == ("AL902", "window", "error")
    assert (f.line, f.column) == at(text, "date: 2024-05")
    assert f.message == ("reposted 120 days after the original (2024-01-10 to 2024-05-09); "
                         "Undark allows at most 90 days")
    one_more = post(UNDARK_URL, "original_date: 2024-01-10", "date: 2024-04-10")
    assert [f.code for f in lint_with(UNDARK, one_more)] == ["AL902"]


def test_too_early_is_al901_with_the_rule_s_severity(lint_with):
    text = post(DIALOGUE_URL, "date: 2024-05-09", "source_date: 2024-05-08")
    (f,) = lint_with(DIALOGUE, text)
    assert (f.code, f.severity) == ("AL901", "warning")
    assert (f.line, f.column) == at(text, "date: 2024-05-09")
    assert f.message == ("reposted 1 day after the original (2024-05-08 to 2024-05-09); "
                         "Dialogue Earth asks for at least 2 days")
    assert lint_with(DIALOGUE, post(DIALOGUE_URL, "date: 2024-05-10",
                                    "source_date: 2024-05-08")) == []


def test_a_post_dated_before_the_original_is_too_early(lint_with):
    (f,) = lint_with(DIALOGUE, post(DIALOGUE_URL, "date: 2024-05-01", "original_date: 2024-05-08"))
    assert f.message.startswith("reposted 7 days before the original")


@pytest.mark.parametrize("lines", [
    ["date: 2024-05-09"],                        # the original's date unknown
    ["original_date: 2024-01-10"],               # the post's date unknown
    ["original_date: someday", "date: 2024-05-09"],
    [],
])
def test_unknown_dates_give_no_finding(lint_with, lines):
    assert lint_with(UNDARK, post(UNDARK_URL, *lines)) == []


def test_a_jekyll_file_name_dates_the_post(lint_with):
    text = post(UNDARK_URL, "original_date: 2024-01-10")
    (f,) = lint_with(UNDARK, text, path="_posts/2024-05-09-microplastics.md")
    assert f.code == "AL902"
    assert (f.line, f.column) == at(text, "source_url")  # no date field: where the rule applies


def test_html_page_dates(lint_with):
    page = ("<!doctype html><html><head><title>Microplastics</title>"
            f'<link rel="canonical" href="{UNDARK_URL}">\n'
            '<meta property="article:published_time" content="2024-06-01T09:00:00Z">'
            "</head><body><article><p>Scientists found microplastics.</p></article></body></html>")
    # an HTML page has no original date field: no finding
    assert lint_with(UNDARK, page, "html", "p.html") == []


def test_both_bounds(lint_with):
    rule = UNDARK.replace("{max_days: 90}", "{min_days: 2, max_days: 90}")
    assert [f.code for f in lint_with(rule, post(UNDARK_URL, "original_date: 2024-01-10",
                                                 "date: 2024-01-11"))] == ["AL901"]
    assert lint_with(rule, post(UNDARK_URL, "original_date: 2024-01-10",
                                "date: 2024-01-12")) == []


def test_min_days_above_max_days_is_a_rule_file_error(tmp_path, capsys):
    rule = tmp_path / "undark.yaml"
    rule.write_text(textwrap.dedent(UNDARK).replace("{max_days: 90}",
                                                    "{min_days: 100, max_days: 90}"))
    (tmp_path / "post.md").write_text("Hello.\n")
    assert main(["check", "--no-bundled-rules", "--rules", str(rule),
                 str(tmp_path / "post.md")]) == 2
    err = capsys.readouterr().err
    assert "requires[0].window: min_days (100) is more than max_days (90)" in err


def test_an_empty_window_is_a_rule_file_error(tmp_path, capsys):
    rule = tmp_path / "undark.yaml"
    rule.write_text(textwrap.dedent(UNDARK).replace("{max_days: 90}", "{}"))
    (tmp_path / "post.md").write_text("Hello.\n")
    assert main(["check", "--no-bundled-rules", "--rules", str(rule),
                 str(tmp_path / "post.md")]) == 2


def test_describe():
    assert describe(Requirement("window", "error", {"window": {"max_days": 90}})) == \
        "a repost dated at most 90 days after the original"
    assert describe(Requirement("window", "error", {"window": {"min_days": 1, "max_days": 7}})) \
        == "a repost dated at least 1 day after the original and at most 7 days after the original"
