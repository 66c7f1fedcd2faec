from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from attriblint.lint import Linter
from attriblint.rules import bundled_rules_dir, load_rules, rule_files

FIXTURES = Path(__file__).parent / "fixtures"

# Property tests draw the same examples on every run ("repeatable"), so that a
# green run stays green on CI; ATTRIBLINT_HYPOTHESIS=explore draws new ones
# (run it while developing: it found real bugs).  A failure prints its example.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("ATTRIBLINT_HYPOTHESIS", "repeatable"))


@pytest.fixture(scope="session")
def session_rule_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("rule-cache")


@pytest.fixture(autouse=True)
def private_rule_cache(session_rule_cache, monkeypatch):
    """Tests never read or write the user's rule cache; they share one of
    their own (compiling every bundled rule for each CLI test is slow)."""
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(session_rule_cache))


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter.from_rules(load_rules(rule_files([str(bundled_rules_dir())])))


@pytest.fixture
def lint(linter):
    """Lint text as a file of the given kind; returns the findings."""
    def run(text: str | bytes, kind: str = "markdown", path: str = "post.md"):
        data = text.encode("utf-8") if isinstance(text, str) else text
        return linter.lint_bytes(path, kind, data)
    return run


def codes(findings) -> list[tuple[int, int, str]]:
    """(line, column, code) of each finding, the shape most tests assert."""
    return [(f.line, f.column, f.code) for f in findings]


def output_lines(out: str) -> list[str]:
    """Text output's lines without the ``help:`` hint and the ``fix:`` line
    under each finding."""
    return [line for line in out.splitlines() if not line.startswith(("  help: ", "  fix: "))]
