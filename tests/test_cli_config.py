"""Configuration through the real command line: --config, errors, nested
configurations, ``attriblint config`` and ``attriblint init``."""

from __future__ import annotations

import os

import pytest

from attriblint.cli import main

from .conftest import FIXTURES, output_lines
from .test_cli_habits import BLOGGER_POST


@pytest.fixture
def blog(tmp_path, monkeypatch):
    """A blog whose posts/ and guest/ folders each hold the blogger post (AL302)."""
    for folder in ("posts", "guest"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "seed-banks.md").write_text(BLOGGER_POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes_by_path(lines: list[str]) -> list[tuple[str, str]]:
    return [(line.split(":")[0], line.split()[1]) for line in lines if ": AL" in line]


def test_a_nested_configuration_wins_for_its_folder(blog, capsys):
    (blog / ".attriblint.yaml").write_text("site:\n  authors: [Jane Blogger]\n", encoding="utf-8")
    (blog / "guest" / ".attriblint.yaml").write_text("ignore: [AL101]\n", encoding="utf-8")
    assert main(["."]) == 0
    # the root's site.authors does not reach guest/: it has its own configuration
    assert codes_by_path(output_lines(capsys.readouterr().out)) == [
        ("guest/seed-banks.md", "AL302")]


def test_pyproject_configuration(blog, capsys):
    (blog / "pyproject.toml").write_text(
        '[project]\nname = "blog"\n\n[tool.attriblint.site]\nauthors = ["Jane Blogger"]\n',
        encoding="utf-8")
    assert main(["."]) == 0
    assert output_lines(capsys.readouterr().out) == ["No problems found in 2 files."]


def test_a_forced_configuration_applies_everywhere(blog, tmp_path_factory, capsys):
    elsewhere = tmp_path_factory.mktemp("ci") / "attriblint-ci.yaml"
    elsewhere.write_text("severity:\n  AL302: error\n", encoding="utf-8")
    (blog / ".attriblint.yaml").write_text("ignore: [AL302]\n", encoding="utf-8")
    assert main([".", "--config", str(elsewhere)]) == 1
    lines = output_lines(capsys.readouterr().out)
    assert [line for line in lines if "AL302" in line and "warning:" not in line] == lines[:2]


def test_a_broken_configuration_is_one_line_and_exit_two(blog, capsys):
    (blog / ".attriblint.yaml").write_text("exclude: public/\nsite:\n  comercial: true\n",
                                           encoding="utf-8")
    assert main(["."]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"attriblint: error: {blog / '.attriblint.yaml'}:1:10: exclude: must be a list"]


def test_a_missing_forced_configuration_is_a_usage_error(blog, capsys):
    assert main([".", "--config", "nope.yaml"]) == 2
    assert "nope.yaml: no such configuration file" in capsys.readouterr().err


def test_config_command_shows_defaults_and_origins(blog, capsys):
    assert main(["config"]) == 0
    default = capsys.readouterr().out
    assert "default" in default and "sourceurl" in default
    (blog / ".attriblint.yaml").write_text("\nsite:\n  authors: [Jane Blogger]\n",
                                           encoding="utf-8")
    assert main(["config", "posts/seed-banks.md"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "site.authors" in line)
    assert "Jane Blogger" in line and ".attriblint.yaml:3:" in line


@pytest.mark.parametrize("marker, generator, excluded", [
    ("_config.yml", "jekyll", "_site/"),
    ("hugo.toml", "hugo", "public/"),
    ("eleventy.config.js", "eleventy", "_site/"),
    ("astro.config.mjs", "astro", "dist/"),
])
def test_init_writes_a_starter_configuration_once(tmp_path, capsys, marker, generator, excluded):
    (tmp_path / marker).write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    written = tmp_path / ".attriblint.yaml"
    assert generator in err.lower() and str(written) in err
    text = written.read_text(encoding="utf-8")
    assert excluded in text
    assert main(["config", str(tmp_path)]) == 0  # it loads
    capsys.readouterr()
    before = os.stat(written).st_mtime_ns
    assert main(["init", str(tmp_path)]) == 2  # never overwritten
    assert "already" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == text and os.stat(written).st_mtime_ns == before


def test_the_fixtures_need_no_configuration(capsys):
    assert main([str(FIXTURES / "md" / "compliant_top_reference.md")]) == 0
    capsys.readouterr()


def test_the_configured_rules_are_the_rules_in_force(blog, capsys):
    (blog / ".attriblint.yaml").write_text("rules: [propublica]\n", encoding="utf-8")
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed[1:]] == ["propublica"]
    assert main(["."]) == 0  # the Global Research reposts are not checked
    assert output_lines(capsys.readouterr().out) == ["No problems found in 2 files."]


def test_init_does_not_shadow_a_pyproject_configuration(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.attriblint]\nignore = ["AL302"]\n',
                                             encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert "already configures attriblint" in capsys.readouterr().err
    assert not (tmp_path / ".attriblint.yaml").exists()


def test_the_suppression_kind_can_be_ignored_in_the_configuration(blog, capsys):
    post = (blog / "posts" / "seed-banks.md")
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Copyright ©", "<!-- attriblint-disable-next-line AL302 -->\nCopyright ©"),
        encoding="utf-8")
    assert main(["posts"]) == 0
    assert "AL010" in capsys.readouterr().out
    (blog / ".attriblint.yaml").write_text("ignore: [suppression]\n", encoding="utf-8")
    assert main(["posts"]) == 0
    assert output_lines(capsys.readouterr().out) == ["No problems found in 1 file."]


def test_an_oversized_configuration_is_refused_not_parsed(blog, capsys):
    (blog / ".attriblint.yaml").write_text("#" * 300_000 + "\n", encoding="utf-8")
    assert main(["."]) == 2
    assert "larger than the 256k limit" in capsys.readouterr().err


def test_a_configuration_that_is_not_utf8_is_an_error_at_the_byte(blog, capsys):
    (blog / ".attriblint.yaml").write_bytes(b"exclude: [public/]\nsite:\n  name: Caf\xe9\n")
    assert main(["."]) == 2
    assert ".attriblint.yaml:3:12: not UTF-8 text" in capsys.readouterr().err
