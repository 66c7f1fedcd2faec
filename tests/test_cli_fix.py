"""``attriblint fix`` end to end, through the real command line.

Each test writes reposts into a temporary folder, runs ``attriblint.cli.main``
there and looks at what a user sees: the files' bytes, their metadata
(mtime, permissions, symbolic links), the output and the exit code.
The posts are written for these tests (Global Research, ProPublica,
CalMatters), each with the metadata the fix needs, or on purpose without it.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess

import pytest

from attriblint.cli import main

# -- posts -------------------------------------------------------------------

GR_URL = "https://www.globalresearch.ca/who-owns-river-dams-debt-mekong-fishermen/5860412"
GR_CREDIT = "The original source of this article is Global Research"

GR_BODY = """\
Fishermen on the Tonle Sap say the lake no longer breathes as it used to. The
seasonal pulse that pushed the Mekong back into the lake each monsoon has
weakened since the upstream dams began holding water through the dry months.

Eleven dams now stand on the river's main stem, most of them financed with
loans that are repaid from electricity sold across borders. The catch that fed
millions of people is not part of that ledger.
"""

GR_FRONT_MATTER = f"""\
---
layout: post
title: "Who Owns the River? Dams, Debt and the Mekong's Fishermen"
date: 2024-06-03
source_url: {GR_URL}
original_author: Lina Sorensen
original_date: 2024-05-28
tags: [mekong, energy]
---
"""

# A Global Research repost with the link and the copyright line but no
# credit line (AL101, a safe fix: the line is added at the end).
GR_POST = f"""{GR_FRONT_MATTER}
{GR_BODY}
[Read the original article]({GR_URL})

Copyright © Lina Sorensen, Global Research, 2024
"""
GR_FIXED = GR_POST + f"\n{GR_CREDIT}\n"

# The same repost, compliant.
GR_COMPLIANT = f"""{GR_FRONT_MATTER}
{GR_BODY}
The original source of this article is [Global Research]({GR_URL})

Copyright © Lina Sorensen, Global Research, 2024
"""

# The credit links the homepage (AL202) and the copyright year is wrong
# (AL303): both are replacements, made only with --unsafe-fixes.
GR_UNSAFE = f"""{GR_FRONT_MATTER}
{GR_BODY}
The original source of this article is [Global Research](https://www.globalresearch.ca/)

Copyright © Lina Sorensen, Global Research, 2019
"""
GR_UNSAFE_FIXED = (GR_UNSAFE.replace("(https://www.globalresearch.ca/)", f"({GR_URL})")
                   .replace("Global Research, 2019", "Global Research, 2024"))

# No source_url: the repost is known by its copyright line, and the link to
# the article (AL201) cannot be written without the article's address.
GR_NO_SOURCE = f"""\
---
layout: post
title: "Who Owns the River? Dams, Debt and the Mekong's Fishermen"
date: 2024-06-03
original_author: Lina Sorensen
original_date: 2024-05-28
---

{GR_BODY}
{GR_CREDIT}

Copyright © Lina Sorensen, Global Research, 2024
"""

PP_URL = "https://www.propublica.org/article/hospital-price-transparency-rule-compliance"
PP_CREDIT = "This story was originally published by ProPublica."

# A ProPublica repost without the credit line (AL101, fixable) and without
# the PixelPing script (AL501: its address comes from the republish tool).
PP_POST = f"""\
---
title: "The Hidden Cost of Hospital Price Secrecy"
date: 2024-03-20
source_url: {PP_URL}
original_author: Marisol Vega
original_date: 2024-03-18
---

Four years after a federal rule required hospitals to post their prices online,
many still publish files that are incomplete, out of date or impossible to read.

Patients who tried to compare the cost of a routine MRI found prices that
differed by a factor of ten between hospitals a few miles apart.

Read the [original investigation]({PP_URL}).
"""
PP_FIXED = PP_POST + f"\n{PP_CREDIT}\n"

CM_URL = "https://calmatters.org/economy/2024/09/california-fire-insurance-market/"
CM_FRONT_MATTER = f"""\
---
title: "Why California's fire insurance market keeps shrinking"
date: 2024-09-12
source_url: {CM_URL}
original_author: Dana Whitfield
original_date: 2024-09-10
original_title: "Why California's fire insurance market keeps shrinking"
---
"""
CM_BODY = """\
Homeowners in the Sierra foothills have grown used to the letter that arrives a
few weeks before renewal: their insurer will not renew the policy.

The state's insurer of last resort, the FAIR Plan, has more than doubled in
size. Its policies cost more and cover less.
"""
# A CalMatters repost without its credit line and byline, which the terms
# place at the top (AL101 and AL401).
CM_POST = f"{CM_FRONT_MATTER}\n{CM_BODY}"
CM_FIXED = (f"{CM_FRONT_MATTER}\n"
            "This story was originally published by CalMatters. Sign up for their newsletters.\n\n"
            "By Dana Whitfield, CalMatters\n\n"
            f"{CM_BODY}")

# A built page (Global Research, known by its canonical link) without the
# credit line: it goes inside <article>, after the last paragraph, with the
# publisher's name linked to the article (AL101 and AL201).
GR_PAGE = f"""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Who Owns the River?</title>
<link rel="canonical" href="{GR_URL}">
</head>
<body>
<header><a href="/">River Notes</a></header>
<article>
<h1>Who Owns the River? Dams, Debt and the Mekong's Fishermen</h1>
<p>Fishermen on the Tonle Sap say the lake no longer breathes as it used to, since the
upstream dams began holding water through the dry months.</p>
<p>Copyright © Lina Sorensen, Global Research, 2024</p>
</article>
<footer><p>River Notes is a community blog.</p></footer>
</body>
</html>
"""
GR_PAGE_FIXED = GR_PAGE.replace(
    "2024</p>\n</article>",
    f'2024</p>\n<p>The original source of this article is <a href="{GR_URL}">Global Research</a></p>'
    "\n</article>")

OLD = 1_000_000_000  # 2001-09-09: an mtime no run of these tests can produce


# -- helpers -----------------------------------------------------------------

def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``attriblint ARGV``: exit code, stdout, stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(folder, name: str, content: str | bytes, old: bool = True):
    """A post in ``folder``; with ``old``, its mtime set far in the past so
    that any write shows in it."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    if old:
        os.utime(path, (OLD, OLD))
    return path


def untouched(path) -> bool:
    """Whether ``write`` made ``path`` and nothing wrote it since."""
    return os.stat(path).st_mtime_ns == OLD * 10**9


def fixed_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("Fixed ")]


def without_fixed(out: str) -> str:
    return "".join(line for line in out.splitlines(keepends=True)
                   if not line.startswith("Fixed "))


# -- fix and check --fix --------------------------------------------------------

def test_fix_writes_the_credit_line_prints_fixed_and_exits_1(tmp_path, capsys, monkeypatch):
    write(tmp_path, "gr.md", GR_POST)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "gr.md")
    assert (tmp_path / "gr.md").read_text(encoding="utf-8") == GR_FIXED
    assert code == 1  # pre-commit's convention: a file was changed
    assert out == "Fixed gr.md\nNo problems found in 1 file.\n"
    assert err == ""


def test_fix_and_check_fix_do_the_same(tmp_path, capsys, monkeypatch):
    posts = {"gr.md": GR_POST, "pp.md": PP_POST, "cm.md": CM_POST,
             "unsafe.md": GR_UNSAFE, "ok.md": GR_COMPLIANT}
    results = []
    for command in (["fix"], ["check", "--fix"]):
        folder = tmp_path / command[-1].strip("-")
        for name, text in posts.items():
            write(folder, name, text)
        monkeypatch.chdir(folder)
        code, out, err = run(capsys, *command, ".")
        contents = {name: (folder / name).read_bytes() for name in posts}
        results.append((code, out, err, contents))
    assert results[0] == results[1]
    code, out, _, contents = results[0]
    assert code == 1
    assert fixed_lines(out) == ["Fixed cm.md", "Fixed gr.md", "Fixed pp.md"]
    assert contents["gr.md"] == GR_FIXED.encode()
    assert contents["unsafe.md"] == GR_UNSAFE.encode()  # unsafe: not without the flag


def test_remaining_findings_are_printed_as_check_prints_them(tmp_path, capsys, monkeypatch):
    """After the ``Fixed`` lines comes exactly what ``check`` says of the fixed files."""
    write(tmp_path, "pp.md", PP_POST)
    write(tmp_path, "unsafe.md", GR_UNSAFE)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "pp.md", "unsafe.md")
    assert code == 1
    assert (tmp_path / "pp.md").read_text(encoding="utf-8") == PP_FIXED
    assert fixed_lines(out) == ["Fixed pp.md"]
    check_code, check_out, _ = run(capsys, "check", "pp.md", "unsafe.md")
    assert check_code == 1
    assert without_fixed(out) == check_out
    lines = out.splitlines()
    # the unfixable finding says why; the unsafe ones say how
    pixel = next(i for i, line in enumerate(lines) if " AL501 " in line)
    assert lines[pixel].startswith("pp.md:4:1: AL501 [propublica]")
    assert lines[pixel + 2].startswith("  fix: not automatic: ")
    for code_name in ("AL202", "AL303"):
        at = next(i for i, line in enumerate(lines) if f" {code_name} " in line)
        assert lines[at].startswith("unsafe.md:")
        assert lines[at + 2].startswith("  fix: ")
        assert lines[at + 2].endswith("(unsafe: attriblint fix --unsafe-fixes)")
    assert " AL101 " not in out  # fixed, so no longer reported
    assert lines[-1] == "Found 3 errors in 2 of 2 files."


def test_json_format_prints_fixed_on_stderr_and_keeps_stdout_json(tmp_path, capsys,
                                                                   monkeypatch):
    write(tmp_path, "gr.md", GR_POST)
    write(tmp_path, "pp.md", PP_POST)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "--format", "json", "gr.md", "pp.md")
    assert code == 1
    assert fixed_lines(err) == ["Fixed gr.md", "Fixed pp.md"]
    assert "Fixed" not in out
    report = json.loads(out)
    (finding,) = report["findings"]  # what is left: the pixel
    assert (finding["path"], finding["code"]) == ("pp.md", "AL501")
    assert finding["fix"]["applicability"] == "none"
    assert finding["fix"]["note"]
    assert report["summary"]["files"] == 2


def test_nothing_to_fix_and_clean_exits_0_and_writes_nothing(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "ok.md", GR_COMPLIANT)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "ok.md")
    assert code == 0
    assert out == "No problems found in 1 file.\n"
    assert err == ""
    assert untouched(path)
    assert path.read_text(encoding="utf-8") == GR_COMPLIANT


def test_only_unfixable_findings_exit_1_and_the_note_says_add_source_url(tmp_path, capsys,
                                                                         monkeypatch):
    path = write(tmp_path, "nosource.md", GR_NO_SOURCE)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "nosource.md")
    assert code == 1
    assert untouched(path)
    assert fixed_lines(out) == []
    lines = out.splitlines()
    assert lines[0].startswith("nosource.md:") and " AL201 [globalresearch] " in lines[0]
    assert lines[2].startswith("  fix: not automatic: ")
    assert "add source_url" in lines[2]
    assert lines[-1] == "Found 1 error in 1 of 1 file."


def test_an_input_error_exits_2_and_the_other_files_are_still_fixed(tmp_path, capsys,
                                                                    monkeypatch):
    latin = GR_POST.replace("Lina Sorensen", "Léna Sørensen").encode("latin-1")
    bad = write(tmp_path, "latin1.md", latin)
    write(tmp_path, "gr.md", GR_POST)
    write(tmp_path, "pp.md", PP_POST)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "gr.md", "latin1.md", "pp.md")
    assert code == 2
    assert fixed_lines(out) == ["Fixed gr.md", "Fixed pp.md"]
    assert (tmp_path / "gr.md").read_text(encoding="utf-8") == GR_FIXED
    assert (tmp_path / "pp.md").read_text(encoding="utf-8") == PP_FIXED
    assert bad.read_bytes() == latin and untouched(bad)
    assert any(line.startswith("latin1.md:") and " AL001 " in line for line in out.splitlines())


@pytest.mark.parametrize("command", [["fix"], ["check", "--fix"], ["fix", "--diff"]])
def test_standard_input_is_refused(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *command, "-")
    assert code == 2
    assert out == ""
    assert "standard input" in err and "Traceback" not in err


def test_a_file_that_cannot_be_written_exits_2_and_is_reported_as_it_is(tmp_path, capsys,
                                                                        monkeypatch):
    """A hard-linked post is not replaced (that would split the links)."""
    path = write(tmp_path, "gr.md", GR_POST)
    os.link(path, tmp_path / "gr-copy.txt")
    write(tmp_path, "pp.md", PP_POST)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "gr.md", "pp.md")
    assert code == 2
    assert path.read_text(encoding="utf-8") == GR_POST and untouched(path)
    assert "gr.md: not fixed: " in err and "hard link" in err
    assert fixed_lines(out) == ["Fixed pp.md"]
    # what is left in gr.md is what check says of it: the credit is still missing
    assert any(line.startswith("gr.md:") and " AL101 " in line for line in out.splitlines())


def test_a_file_named_twice_is_fixed_once(tmp_path, capsys, monkeypatch):
    write(tmp_path, "gr.md", GR_POST)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "gr.md", "./gr.md", ".")
    assert code == 1
    assert len(fixed_lines(out)) == 1
    assert (tmp_path / "gr.md").read_text(encoding="utf-8") == GR_FIXED


def test_quiet_prints_the_fixed_lines_and_what_is_left_only(tmp_path, capsys, monkeypatch):
    write(tmp_path, "gr.md", GR_POST)
    write(tmp_path, "pp.md", PP_POST)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "--quiet", "gr.md", "pp.md")
    assert code == 1
    assert fixed_lines(out) == ["Fixed gr.md", "Fixed pp.md"]
    assert [line.split()[1] for line in out.splitlines() if not line.startswith(("Fixed", " "))] \
        == ["AL501"]
    assert "Found" not in out and err == ""
    assert run(capsys, "fix", "--quiet", "gr.md") == (0, "", "")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_page_gets_a_linked_credit_paragraph_inside_its_article(tmp_path, capsys,
                                                                  monkeypatch, newline):
    path = write(tmp_path, "river.html", GR_PAGE.replace("\n", newline))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "river.html")
    assert (code, out) == (1, "Fixed river.html\nNo problems found in 1 file.\n")
    assert path.read_bytes() == GR_PAGE_FIXED.replace("\n", newline).encode("utf-8")


# -- --diff ------------------------------------------------------------------------

def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path, capsys, monkeypatch):
    gr = write(tmp_path, "gr.md", GR_POST)
    cm = write(tmp_path, "cm.md", CM_POST)
    ok = write(tmp_path, "ok.md", GR_COMPLIANT)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "--diff", "gr.md", "cm.md", "ok.md")
    assert code == 1
    assert err == "attriblint: would fix 2 files (run attriblint fix to write the fixes)\n"
    for path, text in ((gr, GR_POST), (cm, CM_POST), (ok, GR_COMPLIANT)):
        assert path.read_text(encoding="utf-8") == text and untouched(path)
    assert out == (
        "--- a/gr.md\n"
        "+++ b/gr.md\n"
        "@@ -19,3 +19,5 @@\n"
        f" [Read the original article]({GR_URL})\n"
        " \n"
        " Copyright © Lina Sorensen, Global Research, 2024\n"
        "+\n"
        f"+{GR_CREDIT}\n"
        "--- a/cm.md\n"
        "+++ b/cm.md\n"
        "@@ -7,6 +7,10 @@\n"
        ' original_title: "Why California\'s fire insurance market keeps shrinking"\n'
        " ---\n"
        " \n"
        "+This story was originally published by CalMatters. Sign up for their newsletters.\n"
        "+\n"
        "+By Dana Whitfield, CalMatters\n"
        "+\n"
        " Homeowners in the Sierra foothills have grown used to the letter that arrives a\n"
        " few weeks before renewal: their insurer will not renew the policy.\n"
        " \n")


def test_diff_with_nothing_to_fix_exits_0(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "ok.md", GR_COMPLIANT)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "--diff", "ok.md")
    assert code == 0
    assert out == ""
    assert err == "attriblint: would fix 0 files\n"
    assert untouched(path)


def test_diff_of_a_file_without_final_newline_says_so(tmp_path, capsys, monkeypatch):
    write(tmp_path, "gr.md", GR_POST.rstrip("\n"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "--diff", "gr.md")
    assert code == 1
    assert out.endswith("-Copyright © Lina Sorensen, Global Research, 2024\n"
                        "\\ No newline at end of file\n"
                        "+Copyright © Lina Sorensen, Global Research, 2024\n"
                        "+\n"
                        f"+{GR_CREDIT}\n"
                        "\\ No newline at end of file\n")


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch")
@pytest.mark.parametrize("form", ["lf", "no-final-newline"])
def test_the_diff_applied_with_patch_gives_what_fix_writes(tmp_path, capsys, monkeypatch, form):
    posts = {"gr.md": GR_POST, "cm.md": CM_POST, "pp.md": PP_POST}
    if form == "no-final-newline":
        posts = {name: text.rstrip("\n") for name, text in posts.items()}
    for folder in ("patched", "fixed"):
        for name, text in posts.items():
            write(tmp_path / folder, name, text)
    monkeypatch.chdir(tmp_path / "patched")
    code, diff, _ = run(capsys, "fix", "--diff", *posts)
    assert code == 1
    subprocess.run(["patch", "-p1", "--quiet", "--batch"], input=diff.encode("utf-8"),
                   check=True, timeout=60)
    monkeypatch.chdir(tmp_path / "fixed")
    assert run(capsys, "fix", *posts)[0] == 1
    for name in posts:
        assert (tmp_path / "patched" / name).read_bytes() == \
            (tmp_path / "fixed" / name).read_bytes(), name


def test_check_diff_is_fix_diff(tmp_path, capsys, monkeypatch):
    write(tmp_path, "gr.md", GR_POST)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check", "--diff", "gr.md") == run(capsys, "fix", "--diff", "gr.md")
    assert untouched(tmp_path / "gr.md")


# -- --unsafe-fixes -------------------------------------------------------------

def test_a_homepage_link_and_a_wrong_year_are_replaced_only_with_unsafe_fixes(tmp_path, capsys,
                                                                              monkeypatch):
    path = write(tmp_path, "unsafe.md", GR_UNSAFE)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "unsafe.md")
    assert code == 1  # the findings are left
    assert untouched(path) and path.read_text(encoding="utf-8") == GR_UNSAFE
    assert fixed_lines(out) == []
    assert [line.split()[1] for line in out.splitlines() if line.startswith("unsafe.md:")] \
        == ["AL202", "AL303"]

    code, out, _ = run(capsys, "fix", "--unsafe-fixes", "unsafe.md")
    assert code == 1
    assert path.read_text(encoding="utf-8") == GR_UNSAFE_FIXED
    assert out == "Fixed unsafe.md\nNo problems found in 1 file.\n"


def test_unsafe_fixes_in_a_diff(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "unsafe.md", GR_UNSAFE)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "--diff", "unsafe.md")
    assert (code, out) == (0, "")
    code, out, _ = run(capsys, "fix", "--diff", "--unsafe-fixes", "unsafe.md")
    assert code == 1
    assert "-The original source of this article is [Global Research](https://www.globalresearch.ca/)\n" in out
    assert f"+The original source of this article is [Global Research]({GR_URL})\n" in out
    assert "-Copyright © Lina Sorensen, Global Research, 2019\n" in out
    assert "+Copyright © Lina Sorensen, Global Research, 2024\n" in out
    assert untouched(path)


# -- safety -------------------------------------------------------------------------

def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


ENCODINGS = {
    "crlf": lambda text: _utf8(text.replace("\n", "\r\n")),
    "bom": lambda text: b"\xef\xbb\xbf" + _utf8(text),
    "no-final-newline": lambda text: _utf8(text.rstrip("\n")),
    "bom-crlf-no-final-newline": lambda text: b"\xef\xbb\xbf" + _utf8(
        text.rstrip("\n").replace("\n", "\r\n")),
    "utf-16-bom": lambda text: b"\xff\xfe" + text.encode("utf-16-le"),
    "utf-16-bom-crlf": lambda text: b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"),
}


@pytest.mark.parametrize("form", sorted(ENCODINGS))
def test_encoding_bom_line_endings_and_final_newline_are_kept(tmp_path, capsys, monkeypatch,
                                                            form):
    encode = ENCODINGS[form]
    path = write(tmp_path, "gr.md", encode(GR_POST))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "gr.md")
    assert path.read_bytes() == encode(GR_FIXED)
    assert (code, out) == (1, "Fixed gr.md\nNo problems found in 1 file.\n")


def test_permissions_are_kept(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "gr.md", GR_POST)
    path.chmod(0o640)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "fix", "gr.md")[0] == 1
    assert path.read_text(encoding="utf-8") == GR_FIXED
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_a_symlinked_post_stays_a_link_and_its_target_is_fixed(tmp_path, capsys, monkeypatch):
    target = write(tmp_path, "drafts/mekong.md", GR_POST)
    link = tmp_path / "_posts" / "2024-06-03-mekong.md"
    link.parent.mkdir()
    link.symlink_to(os.path.join("..", "drafts", "mekong.md"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "_posts/2024-06-03-mekong.md")
    assert code == 1
    assert fixed_lines(out) == ["Fixed _posts/2024-06-03-mekong.md"]
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "drafts", "mekong.md")
    assert target.read_text(encoding="utf-8") == GR_FIXED
    assert sorted(os.listdir(tmp_path / "_posts")) == ["2024-06-03-mekong.md"]
    assert sorted(os.listdir(tmp_path / "drafts")) == ["mekong.md"]  # no temporary left


def test_a_second_fix_changes_nothing_and_exits_on_what_is_left(tmp_path, capsys, monkeypatch):
    gr = write(tmp_path, "gr.md", GR_POST)
    pp = write(tmp_path, "pp.md", PP_POST)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "fix", "gr.md", "pp.md")[0] == 1
    for path in (gr, pp):
        os.utime(path, (OLD, OLD))
    code, out, _ = run(capsys, "fix", "gr.md")
    assert (code, out) == (0, "No problems found in 1 file.\n")
    code, out, _ = run(capsys, "fix", "gr.md", "pp.md")
    assert code == 1  # the pixel is still missing
    assert fixed_lines(out) == []
    assert untouched(gr) and untouched(pp)
    assert gr.read_text(encoding="utf-8") == GR_FIXED
    assert pp.read_text(encoding="utf-8") == PP_FIXED


@pytest.mark.parametrize("how", ["option", "configuration"])
def test_an_ignored_code_is_not_fixed(tmp_path, capsys, monkeypatch, how):
    path = write(tmp_path, "gr.md", GR_POST)
    options = ["--ignore", "AL101"] if how == "option" else []
    if how == "configuration":
        write(tmp_path, ".attriblint.yaml", "ignore: [AL101]\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", *options, "gr.md")
    assert (code, out) == (0, "No problems found in 1 file.\n")
    assert untouched(path)


# Known by its copyright line (no source_url), so that AL101 is reported on
# that line; the link to the article is there.
GR_CREDITLESS_NO_SOURCE = f"""\
---
layout: post
title: "Who Owns the River? Dams, Debt and the Mekong's Fishermen"
original_author: Lina Sorensen
original_date: 2024-05-28
---

{GR_BODY}
[Read the original article]({GR_URL})
{{comment}}
Copyright © Lina Sorensen, Global Research, 2024
"""


@pytest.mark.parametrize("comment", [
    "<!-- attriblint-disable AL101 -- credited in the site's footer -->\n",
    "<!-- attriblint-disable-file AL101 -- credited in the site's footer -->\n",
])
def test_an_inline_suppression_keeps_its_fix_from_being_applied(tmp_path, capsys, monkeypatch,
                                                                comment):
    post = GR_CREDITLESS_NO_SOURCE.format(comment=comment)
    path = write(tmp_path, "gr.md", post)
    unsuppressed = write(tmp_path, "control.md", GR_CREDITLESS_NO_SOURCE.format(comment=""))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "gr.md")
    assert (code, out) == (0, "No problems found in 1 file.\n")
    assert untouched(path)
    # the same post without the comment is fixed: the comment made the difference
    assert run(capsys, "fix", "control.md")[0] == 1
    assert GR_CREDIT in unsuppressed.read_text(encoding="utf-8")


def test_a_suppression_in_the_front_matter_keeps_its_fix_from_being_applied(tmp_path, capsys,
                                                                            monkeypatch):
    post = GR_POST.replace("tags: [mekong, energy]\n", "tags: [mekong, energy]\nattriblint:\n"
                           "  ignore: [AL101]\n  reason: credited in the site's footer\n")
    path = write(tmp_path, "gr.md", post)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "fix", "gr.md")[:2] == (0, "No problems found in 1 file.\n")
    assert untouched(path)


# -- documentation ----------------------------------------------------------------

def test_fix_help_documents_diff_and_unsafe_fixes(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["fix", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: attriblint fix")
    assert "--diff" in out and "unified diff" in out
    assert "--unsafe-fixes" in out
    assert "Fixed PATH" in out


def test_explain_says_how_a_code_is_fixed(capsys):
    code, out, _ = run(capsys, "explain", "AL101")
    assert code == 0
    assert out.rstrip("\n").splitlines()[-1].startswith("Automatic fix: attriblint fix ")



def test_exit_zero_is_zero_even_when_files_were_fixed(tmp_path, capsys):
    post = write(tmp_path, "post.md", GR_POST)
    code, out, _ = run(capsys, "fix", "--exit-zero", str(post))
    assert (code, fixed_lines(out)) == (0, [f"Fixed {post}"])
    assert post.read_text(encoding="utf-8") == GR_FIXED
