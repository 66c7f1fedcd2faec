"""End to end on realistic posts: exact codes and positions, no false alarms.

Each fixture is one case (see tests/fixtures/README.md).  Positions are
1-based lines and columns in characters; the BOM is not counted.
"""

from pathlib import Path

import pytest

from attriblint.discover import Target
from attriblint.readers import KINDS

from .conftest import FIXTURES

# file -> [(line, column, end_line, end_column, code)]
EXPECTED = {
    "md/compliant_bottom_inline.md": [],
    "md/compliant_top_reference.md": [],
    "md/compliant_copy_entity.md": [],
    "md/missing_credit.md": [(6, 1, 6, 11, "AL101")],  # at the source_url key
    "md/missing_link.md": [(41, 1, 41, 56, "AL201")],  # at the credit line
    "md/homepage_link.md": [(38, 1, 38, 68, "AL202")],  # at the section-page link
    "md/wrong_article.md": [(37, 40, 37, 133, "AL203")],  # at the other article's link
    "md/missing_copyright.md": [(6, 1, 6, 11, "AL301")],
    "md/wrong_year.md": [(39, 44, 39, 48, "AL303")],  # at "2019"
    "md/citation_only.md": [],
    "md/credit_in_code.md": [],
    "md/hugo_toml.md": [],
    "md/json_front_matter.md": [],
    "md/bare_url.md": [],
    "md/autolink.md": [],
    "md/crlf_bom.md": [(34, 63, 34, 186, "AL301")],  # after non-ASCII text, CRLF, BOM
    "html/compliant_article.html": [],
    "html/missing_link.html": [(64, 16, 64, 71, "AL201")],  # chrome links do not count
    "html/citation.html": [],
    "txt/compliant.txt": [],
    "txt/missing_copyright.txt": [(30, 1, 30, 55, "AL301")],
}


def test_every_fixture_has_an_expectation():
    on_disk = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*")
               if p.suffix in KINDS and p.name != "README.md"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(linter, name):
    path = FIXTURES / name
    findings = linter.lint_file(Target(str(path), KINDS[path.suffix]))
    assert [(f.line, f.column, f.end_line, f.end_column, f.code) for f in findings] \
        == EXPECTED[name]
    assert all(f.rule == "globalresearch" and f.severity == "error" for f in findings)


def test_crlf_bom_fixture_really_is_crlf_and_bom():
    data = (FIXTURES / "md/crlf_bom.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") > 30


def test_messages_say_what_was_expected(linter):
    path = FIXTURES / "md/missing_credit.md"
    (finding,) = linter.lint_file(Target(str(path), "markdown"))
    assert finding.message == (
        'missing credit line: expected "The original source of this article is Global '
        'Research" (Global Research terms apply because its source_url is on '
        'www.globalresearch.ca)')
    path = FIXTURES / "md/wrong_year.md"
    (finding,) = linter.lint_file(Target(str(path), "markdown"))
    assert finding.message == "copyright year is 2019, but original_date says 2021"


EXAMPLES = Path(__file__).parent.parent / "examples"


def test_examples_blog_reports_what_its_readme_says(linter):
    """examples/README.md's table names each file's findings ("clean" or codes)."""
    import re

    from attriblint.discover import discover
    from attriblint.lint import lint_files

    table = re.findall(r"^\| `([^`]+)`[^|]*\| ([^|]+) \|", (EXAMPLES / "README.md").read_text(
        encoding="utf-8"), flags=re.M)
    promised = sorted((name, code) for name, expected in table
                      for code in re.findall(r"AL\d{3}", expected))
    targets, _ = discover([str(EXAMPLES)])
    findings = lint_files(linter, targets, jobs=1)
    got = sorted((Path(f.path).relative_to(EXAMPLES).as_posix(), f.code) for f in findings)
    assert got == promised
    assert len(table) == len(targets)  # every file the run reads is in the table
    assert ("_posts/2024-06-18-hospital-lawsuits.md", "AL501") in got
