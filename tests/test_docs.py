"""The README and the code documentation stay in step with the code."""

import re
from pathlib import Path

from attriblint.kinds import codes, kind_of_code

CODES = codes()
from attriblint.cli import build_parser
from attriblint.generate import readme_with_table

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_code_table_is_generated_from_the_kinds():
    assert readme_with_table(README) == README, "run: python -m attriblint.generate"


def test_readme_lists_every_code_with_its_kind():
    table = dict(re.findall(r"^\| (AL\d{3}) \| ([\w-]+) \|", README, flags=re.M))
    assert table == {code: kind_of_code(code) for code in CODES}
    assert table["AL101"] == "credit" and table["AL203"] == "link"


def test_every_code_has_a_failing_and_a_passing_example_or_a_fix():
    for code in CODES.values():
        assert "How to fix" in code.doc, code.code
        if not code.code.startswith("AL0"):
            assert "Fails" in code.doc and "Passes" in code.doc, code.code


def test_readme_shows_the_check_options_that_exist():
    check = build_parser()._subparsers._group_actions[0].choices["check"]
    options = {o for action in check._actions for o in action.option_strings
               if o.startswith("--") and o != "--help"}
    usage = re.search(r"^attriblint check (.*)$", README, flags=re.M).group(1)
    assert options == set(re.findall(r"--[a-z-]+", usage))
