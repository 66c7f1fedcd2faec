"""The README and the code documentation stay in step with the code."""

import re
from pathlib import Path

import pytest

from attriblint.kinds import codes, kind_of_code

CODES = codes()
from attriblint.cli import build_parser
from attriblint.generate import CODES_PAGE, generated_files

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path, text", list(generated_files().items()),
                         ids=lambda value: value.name if isinstance(value, Path) else "")
def test_generated_files_are_up_to_date(path, text):
    """README tables, schemas and docs/codes.md come from the code."""
    assert path.read_text(encoding="utf-8") == text, "run: python -m attriblint.generate"


def test_the_codes_page_documents_every_code():
    page = CODES_PAGE.read_text(encoding="utf-8")
    assert re.findall(r"^### (AL\d{3}) ", page, flags=re.M) == list(CODES)
    assert all(code.explained in page for code in CODES.values())


def test_readme_lists_every_code_with_its_kind():
    table = dict(re.findall(r"^\| (AL\d{3}) \| ([\w-]+) \|", README, flags=re.M))
    assert table == {code: kind_of_code(code) for code in CODES}
    assert table["AL101"] == "credit" and table["AL203"] == "link"


def test_every_code_of_a_kind_says_what_attriblint_fix_does_about_it():
    for code in CODES.values():
        if not code.code.startswith("AL0"):
            assert bool(code.fix) != bool(code.not_fixable), code.code
            assert "Automatic fix: " in code.explained


def test_every_code_has_a_failing_and_a_passing_example_or_a_fix():
    for code in CODES.values():
        assert "How to fix" in code.doc, code.code
        if not code.code.startswith("AL0"):
            assert "Fails" in code.doc and "Passes" in code.doc, code.code


def test_readme_shows_the_check_options_that_exist():
    check = build_parser()._subparsers._group_actions[0].choices["check"]
    options = {o for action in check._actions for o in action.option_strings
               if o.startswith("--") and o != "--help"}
    usage = re.search(r"^attriblint \[check\] (.*)$", README, flags=re.M).group(1)
    assert options == set(re.findall(r"--[a-z-]+", usage))
