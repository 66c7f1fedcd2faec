"""Command-line habits users bring from ruff, yamllint and markdownlint:
the default command, standard input, choosing findings, exit codes."""

from __future__ import annotations

import io
import json
import sys

import pytest

from attriblint.cli import main

from .conftest import FIXTURES
from .test_precommit import COMPLIANT_POST

# A Global Research repost whose front matter names the blogger as author:
# the copyright line names the original's author, so AL302 (a warning).
BLOGGER_POST = (COMPLIANT_POST.replace("author: Reposting Desk", "author: Jane Blogger")
                .replace("original_author: Helen Marsh\n", ""))
assert "Jane Blogger" in BLOGGER_POST and "original_author" not in BLOGGER_POST
WARNING_LINE = "post.md:29:13: AL302 [globalresearch] warning: copyright line names"


def finding_lines(out: str) -> list[str]:
    """The finding lines of text output (not hints, not the summary)."""
    return [line for line in out.splitlines() if ": AL" in line and not line.startswith(" ")]


@pytest.fixture
def blog(tmp_path, monkeypatch):
    """A folder with one repost that gets a warning and one that gets an error."""
    (tmp_path / "post.md").write_text(BLOGGER_POST, encoding="utf-8")
    (tmp_path / "wrong_year.md").write_bytes((FIXTURES / "md/wrong_year.md").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_paths_without_a_command_mean_check(blog, capsys):
    assert main(["."]) == 1
    by_default = capsys.readouterr().out
    assert main(["check", "."]) == 1
    assert capsys.readouterr().out == by_default
    assert WARNING_LINE in by_default


def test_options_before_the_paths_mean_check_too(blog, capsys):
    assert main(["--format", "json", "post.md"]) == 0  # a warning only: exit 0
    report = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in report["findings"]] == ["AL302"]


def test_standard_input_with_a_file_name(blog, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        (FIXTURES / "md/wrong_year.md").read_bytes())))
    assert main(["check", "-", "--stdin-filename", "_posts/2021-01-01-x.md"]) == 1
    out = capsys.readouterr().out
    assert finding_lines(out) == ["_posts/2021-01-01-x.md:39:44: AL303 [globalresearch] "
                                  "copyright year is 2019, but original_date says 2021"]


def test_standard_input_as_html_by_its_file_name(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        (FIXTURES / "html/missing_link.html").read_bytes())))
    assert main(["-", "--stdin-filename", "page.html"]) == 1
    assert [line.split(": ")[1].split()[0]
            for line in finding_lines(capsys.readouterr().out)] == ["AL201"]


def test_ignore_by_code_and_by_kind(blog, capsys):
    assert main([".", "--ignore", "AL303"]) == 0
    assert finding_lines(capsys.readouterr().out) == [
        line for line in finding_lines(_run(["."], capsys)) if "AL303" not in line]
    assert main([".", "--ignore", "copyright"]) == 0
    assert finding_lines(capsys.readouterr().out) == []


def test_select_keeps_only_what_is_named(blog, capsys):
    assert main([".", "--select", "al302"]) == 0  # codes are case-insensitive
    assert [line.split()[1] for line in finding_lines(capsys.readouterr().out)] == ["AL302"]


def test_unknown_code_is_a_usage_error_with_a_suggestion(blog, capsys):
    assert main([".", "--ignore", "AL3O2"]) == 2
    err = capsys.readouterr().err
    assert "unknown code or kind 'AL3O2'" in err and "AL302" in err


def test_fail_on_warning_and_exit_zero(blog, capsys):
    assert main(["post.md"]) == 0
    assert main(["post.md", "--fail-on", "warning"]) == 1
    assert main([".", "--exit-zero"]) == 0
    capsys.readouterr()


def test_exit_zero_still_reports_unchecked_files(tmp_path, capsys):
    (tmp_path / "latin1.md").write_bytes("Source: Global Research, caf\xe9\n".encode("latin-1"))
    assert main([str(tmp_path), "--exit-zero"]) == 2
    assert "AL001" in capsys.readouterr().out


def test_quiet_prints_findings_only(blog, capsys):
    main([".", "--quiet"])
    out = capsys.readouterr().out
    assert not any(line.startswith(("Found", "No problems")) for line in out.splitlines())
    assert len(finding_lines(out)) == 2
    main(["wrong_year.md", "--quiet", "--ignore", "AL303"])
    assert capsys.readouterr().out == ""


def test_statistics_counts_findings_per_code(blog, capsys):
    main([".", "--statistics"])
    out = capsys.readouterr().out
    assert out.splitlines() == ["1  AL302  copyright-author-mismatch",
                                "1  AL303  copyright-year-mismatch",
                                "Found 1 error and 1 warning in 2 of 2 files."]
    assert main([".", "--statistics", "--format", "json"]) == 2
    assert "cannot be combined with --format json" in capsys.readouterr().err


def test_explain_accepts_codes_names_and_kinds(capsys):
    assert main(["explain", "AL302"]) == 0
    by_code = capsys.readouterr().out
    assert main(["explain", "copyright-author-mismatch"]) == 0
    assert capsys.readouterr().out == by_code
    assert main(["explain", "copyright"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines() if line.startswith("AL3")] == [
        "AL301", "AL302", "AL303", "AL304"]


def test_explain_unknown_name_suggests(capsys):
    assert main(["explain", "copyright-autor-mismatch"]) == 2
    assert "did you mean 'copyright-author-mismatch'?" in capsys.readouterr().err


def _run(argv, capsys) -> str:
    main(argv)
    return capsys.readouterr().out


@pytest.mark.parametrize("extra, expected", [([], 1), (["--exit-zero"], 0)])
def test_a_reader_that_goes_away_does_not_change_the_exit_code(tmp_path, extra, expected):
    """``attriblint ... | head -1`` under ``set -o pipefail``: the findings
    decide the exit code, not the closed pipe."""
    import os
    import subprocess

    post = (FIXTURES / "md/wrong_year.md").read_bytes()
    for n in range(400):  # ~140 kB of output: more than a pipe holds
        (tmp_path / f"post-{n:03}.md").write_bytes(post)
    process = subprocess.Popen(
        [sys.executable, "-m", "attriblint", str(tmp_path), "--jobs", "1", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "ATTRIBLINT_CACHE_DIR": ""})
    assert b"AL303" in process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == expected
    assert b"Traceback" not in err


def test_standard_input_named_as_an_excluded_file_is_not_checked(blog, capsys, monkeypatch):
    (blog / ".attriblint.yaml").write_text('exclude: ["public/"]\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        (FIXTURES / "md/wrong_year.md").read_bytes())))
    assert main(["-", "--stdin-filename", "public/post.md"]) == 0
    assert capsys.readouterr().out == "No problems found in 0 files.\n"


def test_stdin_filename_without_standard_input_is_a_usage_error(blog, capsys):
    assert main([".", "--stdin-filename", "x.md"]) == 2
    assert "give - as the only path" in capsys.readouterr().err


def test_explain_splits_a_comma_list(capsys):
    assert main(["explain", "AL301,AL302"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("AL301 (") and "\nAL302 (" in out


@pytest.mark.parametrize("argv", [["-q", "check", "post.md"], ["--format", "text", "-q", "post.md"],
                                  ["--fail-on", "warning", "check", "-q", "post.md"]])
def test_options_may_come_before_the_command(blog, capsys, argv):
    code = main(argv)
    assert finding_lines(capsys.readouterr().out)[0].startswith(WARNING_LINE)
    assert code == (1 if "--fail-on" in argv else 0)


def test_options_before_the_config_command(blog, capsys):
    (blog / "ci.yaml").write_text("ignore: [AL302]\n", encoding="utf-8")
    assert main(["--config", "ci.yaml", "config"]) == 0
    assert "AL302" in capsys.readouterr().out
