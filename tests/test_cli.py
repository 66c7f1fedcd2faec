"""The command line: output, formats, exit codes."""

import json
import shutil

import pytest

from attriblint import __version__
from attriblint.cli import main

from .conftest import FIXTURES, output_lines


def test_text_output_is_sorted_with_a_summary(tmp_path, capsys, monkeypatch):
    for name in ("md/wrong_year.md", "md/missing_credit.md", "md/compliant_bottom_inline.md"):
        shutil.copy(FIXTURES / name, tmp_path / name.split("/")[1])
    monkeypatch.chdir(tmp_path)
    code = main(["check", "."])
    out = output_lines(capsys.readouterr().out)
    assert code == 1
    assert out[0].startswith("missing_credit.md:6:1: AL101 [globalresearch] missing credit line")
    assert out[1] == ("wrong_year.md:39:44: AL303 [globalresearch] copyright year is 2019, "
                      "but original_date says 2021")
    assert out[2] == "Found 2 errors in 2 of 3 files."


def test_clean_files_exit_zero(capsys):
    code = main(["check", str(FIXTURES / "md/compliant_top_reference.md"),
                 str(FIXTURES / "html/compliant_article.html")])
    assert code == 0
    assert capsys.readouterr().out == "No problems found in 2 files.\n"


def test_json_output(capsys):
    code = main(["check", "--format", "json", str(FIXTURES / "md/wrong_year.md")])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["version"] == 1
    assert report["summary"] == {"files": 1, "errors": 1, "warnings": 0, "unchecked": 0}
    (finding,) = report["findings"]
    assert finding == {
        "path": str(FIXTURES / "md/wrong_year.md"), "line": 39, "column": 44,
        "end_line": 39, "end_column": 48, "code": "AL303", "kind": "copyright",
        "rule": "globalresearch", "severity": "error",
        "message": "copyright year is 2019, but original_date says 2021",
        "fix": {"applicability": "unsafe",
                "description": 'replace the copyright year "2019" with "2021"',
                "edits": [{"line": 39, "column": 44, "end_line": 39, "end_column": 48,
                           "content": "2021"}]},
    }


def test_input_errors_are_findings_not_tracebacks(tmp_path, capsys):
    (tmp_path / "latin1.md").write_bytes("Reposted from Global Research, caf\xe9.\n".encode("latin-1"))
    (tmp_path / "broken.md").write_text("---\ntitle: 'x\n---\nSource: Global Research\n",
                                        encoding="utf-8")
    code = main(["check", str(tmp_path)])
    out = output_lines(capsys.readouterr().out)
    assert code == 2  # their terms were not checked
    assert out[0].startswith(f"{tmp_path / 'broken.md'}:2:8: AL002 [attriblint] YAML front matter")
    assert out[1] == (f"{tmp_path / 'latin1.md'}:1:35: AL001 [attriblint] cannot decode as "
                      "utf-8: byte 0xe9 is not valid utf-8 (save the file as UTF-8)")
    assert out[2] == "Found 2 errors in 2 of 2 files; 2 files could not be checked."


def test_usage_errors_exit_two(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.md")]) == 2
    assert "missing.md: no such file or folder" in capsys.readouterr().err
    assert main([]) == 2


def test_other_file_kinds_named_explicitly_are_skipped_with_a_note(tmp_path, capsys):
    (tmp_path / "notes.rst").write_text("Global Research\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "notes.rst")]) == 0
    captured = capsys.readouterr()
    assert "notes.rst: skipped, not a file kind attriblint reads" in captured.err
    assert captured.out == "No problems found in 0 files.\n"


def test_explain_and_rules_and_version(capsys):
    assert main(["explain", "al202"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("AL202 (link-not-article): Links only to the publisher's homepage")
    assert "Fails:" in out and "Passes:" in out
    assert main(["explain", "AL999"]) == 2
    assert "unknown code 'AL999'" in capsys.readouterr().err
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].split() == ["ID", "PUBLISHER", "LICENCE", "TERMS"]
    assert any(line.startswith("globalresearch  ") and "Global Research" in line
               for line in listed[1:])
    try:
        main(["--version"])
    except SystemExit as exit:
        assert exit.code == 0
    assert capsys.readouterr().out == f"attriblint {__version__}\n"


def test_many_files_go_through_the_process_pool(tmp_path, capsys):
    source = (FIXTURES / "md/missing_copyright.md").read_text(encoding="utf-8")
    clean = (FIXTURES / "md/compliant_bottom_inline.md").read_text(encoding="utf-8")
    for i in range(300):
        (tmp_path / f"post-{i:03}.md").write_text(source if i % 100 == 7 else clean,
                                                  encoding="utf-8")
    assert main(["check", "-j", "2", str(tmp_path)]) == 1
    out = output_lines(capsys.readouterr().out)
    assert [line.split(":")[0].rsplit("/", 1)[1] for line in out[:-1]] == \
        ["post-007.md", "post-107.md", "post-207.md"]
    assert out[-1] == "Found 3 errors in 3 of 300 files."


def test_non_utf8_posts_that_are_not_reposts_are_left_alone(tmp_path, capsys):
    (tmp_path / "old.md").write_bytes("Notes from the caf\xe9, 2009.\n".encode("latin-1"))
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "No problems found in 1 file.\n"


def test_utf16_reposts_are_read(tmp_path, capsys):
    text = "Reposted from Global Research.\n\nA short note.\n"
    (tmp_path / "wide.md").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "wide.md:1:1: AL201 [globalresearch]" in out and "AL301" in out


def test_mdx_posts_are_walked_and_read_as_markdown(tmp_path, capsys):
    """Astro and Docusaurus posts are .mdx: Markdown with imports and components."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "trees.mdx").write_text(
        "---\ntitle: Trees\nsource_url: https://www.globalresearch.ca/trees/5831584\n---\n"
        "import Figure from '../components/Figure.astro';\n\n"
        "<Figure src=\"/img/trees.jpg\" />\n\n"
        "The original source of this article is "
        "[Global Research](https://www.globalresearch.ca/trees/5831584).\n", encoding="utf-8")
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("AL301", 3)]


# The parser: one command's options are built per run (start-up), every
# command is listed, and help is as wide as the terminal.

def test_the_help_lists_every_command_and_each_command_keeps_its_options(capsys):
    from attriblint.cli import COMMANDS

    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    for command in COMMANDS:
        assert f"\n    {command} " in listed, command
    for argv, option in [(["check", "--help"], "--fail-on"), (["fix", "--help"], "--unsafe-fixes"),
                         (["rules", "show", "--help"], "--no-bundled-rules"),
                         (["audit", "--help"], "--similarity"), (["report", "--help"], "--csv"),
                         (["explain", "--help"], "CODE"), (["config", "--help"], "--config"),
                         (["init", "--help"], "FOLDER")]:
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 0
        assert option in capsys.readouterr().out, argv


def test_options_before_the_command_word_still_reach_it(tmp_path, capsys):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A walk\n---\n\nWe walked by the river.\n")
    assert main(["--quiet", "check", str(post)]) == 0
    assert main(["explain", "AL101"]) == 0
    assert "AL101" in capsys.readouterr().out


def test_help_is_as_wide_as_columns_says(monkeypatch, capsys):
    options = {}
    for columns in (60, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        with pytest.raises(SystemExit):
            main(["check", "--help"])
        out = capsys.readouterr().out
        options[columns] = out[out.index("\noptions:"):out.index("\nexit codes")].splitlines()
        assert max(len(line) for line in options[columns]) <= columns - 2
    assert len(options[60]) > len(options[120]) * 1.3  # the same help, wrapped narrower


def test_a_check_does_not_import_shutil(tmp_path):
    """argparse imports shutil (and zlib, bz2, lzma) to ask for the terminal's
    width: some 5 ms of every pre-commit run, saved by asking os instead.
    (Writing the rule cache imports tempfile, and with it shutil: once.)"""
    import os
    import subprocess
    import sys
    from pathlib import Path

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A walk\n---\n\nWe walked by the river.\n")
    probe = ("import sys\nfrom attriblint.cli import main\nmain(['check', sys.argv[1]])\n"
             "print(sorted(m for m in ('shutil', 'lzma', 'bz2') if m in sys.modules))")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "ATTRIBLINT_CACHE_DIR": str(tmp_path / "cache")}
    for run in ("filling the rule cache", "filling the pattern cache", "with both warm"):
        done = subprocess.run([sys.executable, "-c", probe, str(post)], capture_output=True,
                              text=True, timeout=120, env=env)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_a_run_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """Raising the collector's threshold saved 4% of a pre-commit run, but
    ruamel leaves cyclic garbage with each YAML list it reads: a blog of
    such posts then held three times the memory (found by a red team)."""
    import gc

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A walk\ntags:\n  - rivers\n  - walks\n---\n\nWe walked.\n")
    before = gc.get_threshold()
    assert main(["check", str(post)]) == 0
    assert gc.get_threshold() == before
