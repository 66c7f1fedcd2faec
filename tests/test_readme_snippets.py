"""The README's configuration, suppression and CI snippets, pasted into a
realistic Hugo blog and run through the real command line.

"Done when" of the repository-fit issue: a user following the README
configures a Hugo blog whose posts keep the source in ``original_link``,
excludes ``public/``, silences one warning with a reason, and gets correct
results locally and in CI.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from attriblint.cli import main

from .conftest import output_lines

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
URL = "https://www.globalresearch.ca/community-seed-banks-quiet-politics-farming/5856123"


def snippet(first_line: str, language: str = "yaml") -> str:
    """The README's fenced block of ``language`` whose first line is ``first_line``."""
    blocks = re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)
    found = [block for block in blocks if block.startswith(first_line)]
    assert len(found) == 1, f"README.md has no single ```{language} block starting {first_line!r}"
    return found[0]


def post(author: str, copyright_line: str, extra_front: str = "", before_copyright: str = ""
         ) -> str:
    """A Hugo post reposting a Global Research article (source in original_link)."""
    return (f"---\ntitle: \"Seed Banks and the Quiet Politics of Farming\"\n"
            f"date: 2024-05-14T09:30:00+02:00\nauthor: {author}\noriginal_link: {URL}\n"
            f"original_date: 2024-05-02\n{extra_front}---\n\n"
            "Community seed banks keep local varieties alive between harvests.\n\n"
            "Growers deposit seed, borrow it at planting time and return more.\n\n"
            f"The original source of this article is [Global Research]({URL})\n\n"
            f"{before_copyright}{copyright_line}\n")


COPYRIGHT = "Copyright © Helen Marsh, Global Research, 2024"


@pytest.fixture
def hugo(tmp_path, monkeypatch):
    """A Hugo blog with a built public/ folder (every page in it breaks the terms)."""
    files = {
        "hugo.toml": 'baseURL = "https://fieldnotes.example/"\ntitle = "Field Notes"\n',
        "content/posts/seed-banks.md": post("Jane Doe", COPYRIGHT),
        "content/posts/no-copyright.md": post("Jane Doe", ""),
        "public/posts/seed-banks/index.html": (
            f"<!doctype html><html><head><link rel=canonical href=\"{URL}\">"
            "<title>Seed Banks</title></head><body><article><p>Community seed banks.</p>"
            "</article></body></html>\n"),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv: list[str], capsys) -> tuple[int, list[str]]:
    code = main(argv)
    return code, output_lines(capsys.readouterr().out)


def test_without_configuration_public_and_the_blogger_give_false_alarms(hugo, capsys):
    code, lines = run(["."], capsys)
    assert code == 1
    assert any(line.startswith("public/") for line in lines)
    assert any("AL302" in line and "Jane Doe" in line for line in lines)


def test_the_readme_configuration_gives_correct_results(hugo, capsys):
    (hugo / ".attriblint.yaml").write_text(snippet("# .attriblint.yaml at the root of the Hugo"),
                                           encoding="utf-8")
    code, lines = run(["."], capsys)
    assert code == 1
    # public/ excluded; Jane is the site's author; the post without the
    # copyright line is found through original_link (line 5).
    assert lines == [
        "content/posts/no-copyright.md:5:1: AL301 [globalresearch] missing copyright line: "
        "expected \"Copyright © AUTHOR, Global Research, 2024\" (Global Research terms apply "
        "because its original_link is on www.globalresearch.ca)",
        "Found 1 error in 1 of 2 files."]
    # as pre-commit names files: the excluded one is still excluded
    code, lines = run(["public/posts/seed-banks/index.html", "content/posts/seed-banks.md"],
                      capsys)
    assert (code, lines) == (0, ["No problems found in 1 file."])


def test_the_config_command_shows_where_values_come_from(hugo, capsys):
    (hugo / ".attriblint.yaml").write_text(snippet("# .attriblint.yaml at the root of the Hugo"),
                                           encoding="utf-8")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"exclude.*public/.*\.attriblint\.yaml:2:", out), out
    assert re.search(r"fields\.source_url.*originallink", out), out


@pytest.mark.parametrize("where", ["front matter", "comment"])
def test_the_readme_suppressions_silence_one_warning_with_a_reason(hugo, capsys, where):
    if where == "front matter":
        front = snippet("attriblint:\n")
        text = post("Jane Doe", COPYRIGHT, extra_front=front)
    else:
        comment, line = snippet("<!-- attriblint-disable-next-line", "markdown").splitlines()
        assert line == COPYRIGHT
        text = post("Jane Doe", COPYRIGHT, before_copyright=comment + "\n")
    (hugo / "content/posts/seed-banks.md").write_text(text, encoding="utf-8")
    code, lines = run(["content/posts/seed-banks.md"], capsys)
    assert (code, lines) == (0, ["No problems found in 1 file."])
    # the same post without the suppression has the warning
    (hugo / "content/posts/seed-banks.md").write_text(post("Jane Doe", COPYRIGHT),
                                                      encoding="utf-8")
    code, lines = run(["content/posts/seed-banks.md"], capsys)
    assert code == 0 and "AL302" in lines[0]


def _attriblint_commands(workflow: str) -> list[tuple[list[str], str | None]]:
    """The attriblint commands of a CI snippet: (arguments, file stdout goes to)."""
    data = YAML(typ="safe").load(workflow)
    if "jobs" in data:
        lines = [step["run"] for job in data["jobs"].values() for step in job["steps"]
                 if "run" in step]
    else:
        lines = [line for job in data.values() for line in job["script"]]
    commands = []
    for line in lines:
        words = shlex.split(line, comments=True)
        if words[0] != "attriblint":
            continue
        target = None
        if ">" in words:
            words, target = words[:words.index(">")], words[words.index(">") + 1]
        commands.append((words[1:], target))
    return commands


@pytest.mark.parametrize("first_line", ["# .github/workflows/attriblint.yml",
                                        "# .gitlab-ci.yml"])
def test_the_ci_snippets_run(hugo, capsys, first_line):
    (hugo / ".attriblint.yaml").write_text(snippet("# .attriblint.yaml at the root of the Hugo"),
                                           encoding="utf-8")
    commands = _attriblint_commands(snippet(first_line))
    assert commands
    for arguments, target in commands:
        code = main(arguments)
        out = capsys.readouterr().out
        assert code == (0 if "--exit-zero" in arguments else 1)
        if target:
            (hugo / target).write_text(out, encoding="utf-8")
        report = json.loads(out) if target else None
        if target == "attriblint.sarif":
            results = report["runs"][0]["results"]
            assert [r["ruleId"] for r in results] == ["AL301"]
        elif target == "gl-code-quality-report.json":
            assert [(i["check_name"], i["location"]["path"]) for i in report] == [
                ("AL301", "content/posts/no-copyright.md")]
        elif "github" in arguments:
            assert out.startswith("::error file=content/posts/no-copyright.md,line=5,")


def test_naming_the_blogs_own_key_keeps_the_usual_ones(hugo, capsys):
    """A Hugo theme's canonicalURL still makes a post a repost once the
    configuration names original_link."""
    (hugo / ".attriblint.yaml").write_text(snippet("# .attriblint.yaml at the root of the Hugo"),
                                           encoding="utf-8")
    (hugo / "content/posts/themed.md").write_text(
        f"---\ntitle: Seed banks\ncanonicalURL: {URL}\n---\n\nCommunity seed banks keep "
        "local varieties alive.\n", encoding="utf-8")
    code, lines = run(["content/posts/themed.md"], capsys)
    assert code == 1
    assert [line.split()[1] for line in lines if ": AL" in line] == ["AL101", "AL201", "AL301"]
    (hugo / "layouts/partials").mkdir(parents=True)
    (hugo / "layouts/partials/credit.html").write_text(  # a template, not a post
        '<p>The original source of this article is <a href="{{ . }}">Global Research</a></p>\n',
        encoding="utf-8")
    code, lines = run(["layouts/partials/credit.html"], capsys)
    assert (code, lines) == (0, ["No problems found in 0 files."])


def test_ci_installs_the_release_pre_commit_uses():
    """CI and pre-commit check with the same attriblint."""
    rev = YAML(typ="safe").load(snippet("# .pre-commit-config.yaml in your blog"))["repos"][0]["rev"]
    for first_line in ("# .github/workflows/attriblint.yml", "# .gitlab-ci.yml"):
        pins = re.findall(r"attriblint@([0-9a-f]{40})", snippet(first_line))
        assert pins == [rev], first_line


def test_the_readme_fix_session_is_what_the_command_prints(tmp_path, monkeypatch, capsys):
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    session = snippet("$ attriblint fix --diff examples/", "text").splitlines()
    diff_end = session.index("$ attriblint fix examples/")
    before = {p: p.read_bytes() for p in (tmp_path / "examples").rglob("*") if p.is_file()}
    assert main(["fix", "--diff", "examples/"]) == 1
    captured = capsys.readouterr()
    assert (captured.out + captured.err).splitlines() == session[1:diff_end]
    assert {p: p.read_bytes() for p in before} == before  # --diff writes nothing
    assert main(["fix", "examples/"]) == 1
    shown = [line for line in session[diff_end + 1:] if line != "..."]
    printed = capsys.readouterr().out.splitlines()
    assert printed[:len(shown)] == shown
    assert main(["fix", "examples/"]) == 1  # findings no metadata can repair are left
    assert not capsys.readouterr().out.startswith("Fixed")
