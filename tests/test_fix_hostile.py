"""``attriblint fix`` against hostile and odd input: the second red-team round.

The first round (test_cli_fix, test_fix_corpus, test_fix_property,
test_fix_kill, test_fix_write) covered realistic posts, permissions, links,
hard links and kills.  This round feeds the real command line what a
careless or malicious repository holds: metadata values that try to break
out of a link or a line, files that cannot be written (immutable files and
folders, a file edited or swapped for a link while it is being fixed),
FIFOs and devices named like posts, very large posts, NUL bytes, UTF-16
without a byte-order mark, old Mac and mixed line endings, a Windows-1252
page, content hidden in ``<template>``, credit words in places that are not
prose, two rules or two publishers in one post, 300 posts in one run, and
every output format when some files are fixed and others are not.

What a careful user expects of each: never a traceback, never a damaged or
half-written file, never a link to a scheme other than http(s), a message
naming the file, and the documented exit code.  Behaviour that falls short
today is marked ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys

import pytest

import attriblint.fixing.session as session_module
from attriblint.cli import main

GR_URL = "https://www.globalresearch.ca/who-owns-river-dams-debt-mekong-fishermen/5860412"
CREDIT = "The original source of this article is Global Research"
LINKED_CREDIT = f"The original source of this article is [Global Research]({GR_URL})"
COPYRIGHT = "Copyright © Lina Sorensen, Global Research, 2024"
PP_URL = "https://www.propublica.org/article/hospital-price-transparency-rule-compliance"

BODY = """\
Fishermen on the Tonle Sap say the lake no longer breathes as it used to. The
seasonal pulse that pushed the Mekong back into the lake each monsoon has
weakened since the upstream dams began holding water through the dry months.

Eleven dams now stand on the river's main stem, most of them financed with
loans that are repaid from electricity sold across borders.
"""

OLD = 1_000_000_000  # an mtime no run of these tests produces


def post(url: str = GR_URL, author: str = "Lina Sorensen", extra: str = "",
         body: str = BODY) -> str:
    """A Global Research repost with no credit line, no link and no copyright
    line (AL101, AL201, AL301: all fixable from this metadata)."""
    return f"""\
---
layout: post
title: "Who Owns the River?"
date: 2024-06-03
source_url: {url}
original_author: {author}
original_date: 2024-05-28
{extra}---

{body}"""


# What fixing ``post()`` appends to the body.
FIX_TAIL = f"\n{LINKED_CREDIT}\n\n{COPYRIGHT}\n"

# A repost known by its own credit line, with the copyright line: only the
# link to the article (AL201) is missing, and it needs a usable source_url.
CREDITED_BODY = f"""\
Fishermen on the Tonle Sap say the lake no longer breathes as it used to. The
seasonal pulse that pushed the Mekong back into the lake each monsoon has weakened.

{CREDIT}

{COPYRIGHT}
"""


# -- helpers -----------------------------------------------------------------

def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``attriblint ARGV`` in this process: exit code, stdout, stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(folder, name: str, content: str | bytes, old: bool = True):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    if old:
        os.utime(path, (OLD, OLD))
    return path


def untouched(path) -> bool:
    return os.stat(path, follow_symlinks=False).st_mtime_ns == OLD * 10**9


def fixed_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("Fixed ")]


def temporaries(folder) -> list[str]:
    return [name for name in os.listdir(folder) if ".attriblint-" in name]


def check_clean(capsys, *paths: str) -> str:
    """What ``check`` still reports (empty when clean)."""
    code, out, _ = run(capsys, "check", "--quiet", *paths)
    return out if code else ""


def refix_changes_nothing(capsys, path) -> bool:
    before = path.read_bytes()
    code, out, _ = run(capsys, "fix", str(path))
    return path.read_bytes() == before and not fixed_lines(out)


@contextlib.contextmanager
def immutable(path):
    """``chattr +i PATH`` for the block: even root cannot replace or create
    files there.  Skips the test where the file system has no such flag."""
    chattr = shutil.which("chattr")
    if chattr is None or os.geteuid() != 0:
        pytest.skip("needs root and chattr to make a file immutable")
    done = subprocess.run([chattr, "+i", str(path)], capture_output=True)
    if done.returncode:
        pytest.skip(f"chattr +i is not supported here: {done.stderr.decode(errors='replace')}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


# == 1. Values that try to break out of a link or a line ======================

@pytest.mark.parametrize("url", [
    "javascript:alert(1)//www.globalresearch.ca/x/5860412",
    "data:text/html,<script>alert(1)</script>//www.globalresearch.ca/x/5860412",
    "JaVaScRiPt:alert(1)//www.globalresearch.ca/x/5860412",
    " javascript:alert(1)//https://www.globalresearch.ca/x/5860412",
])
def test_a_dangerous_source_url_is_never_written_into_the_post(tmp_path, capsys, monkeypatch,
                                                              url):
    """The post is a repost by its own credit line; its source_url is a
    script.  The fix may leave the link missing, never write that one."""
    write(tmp_path, "p.md", post(url=f'"{url}"', body=CREDITED_BODY))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    text = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "Traceback" not in err
    assert text.lower().count("javascript:") + text.lower().count("data:") == 1  # the metadata's
    assert f"]({url.strip()}" not in text and "](<" not in text
    assert code == 1 and " AL201 " in out  # the missing link is still reported


def test_a_dangerous_link_in_the_body_is_not_borrowed_as_the_article_address(tmp_path, capsys,
                                                                           monkeypatch):
    """No source_url: the fix looks for a link to an article in the post; a
    ``javascript:`` link that mentions the publisher's domain is not one."""
    body = CREDITED_BODY.replace(
        "used to.", "used to ([see](javascript:alert('www.globalresearch.ca/a/5860412'))).")
    original = post(url='""', body=body)
    path = write(tmp_path, "p.md", original)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    assert path.read_text(encoding="utf-8") == original and untouched(path)
    assert code == 1 and " AL201 " in out and "Traceback" not in err


def test_an_address_with_a_quote_in_a_page_is_never_written_into_an_attribute(tmp_path, capsys,
                                                                            monkeypatch):
    """A page whose only publisher link carries an attribute injection: the
    fix must not copy that address into a new ``href``."""
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>River</title></head>
<body><article><h1>Who owns the river</h1>
<p>Fishermen on the Tonle Sap say the lake no longer breathes as it used to, <a
href='https://www.globalresearch.ca/who-owns/5860412"onmouseover="alert(1)'>as reported</a>.</p>
<p>{CREDIT}</p>
<p>{COPYRIGHT}</p>
</article></body></html>
"""
    path = write(tmp_path, "p.html", page)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "fix", "--unsafe-fixes", "p.html")
    assert path.read_text(encoding="utf-8").count("onmouseover") == 1
    assert code == 1 and "Traceback" not in err


@pytest.mark.parametrize("url", [
    GR_URL + '?x="onclick="alert(1)',
    GR_URL + "?q=a b",
    GR_URL + "?q=a>b<img src=x>",
    GR_URL + "\\x",
])
def test_a_source_url_that_could_break_out_of_a_link_is_not_linked(tmp_path, capsys,
                                                                  monkeypatch, url):
    write(tmp_path, "p.md", post(url="'" + url + "'"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    text = (tmp_path / "p.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert url not in body and "](" not in body  # the credit line is written unlinked
    assert f"\n{CREDIT}\n" in body and COPYRIGHT in body
    assert code == 1 and " AL201 " in out and "Traceback" not in err


@pytest.mark.parametrize("url", [
    "'" + GR_URL + "?q=a b'",
    "'" + GR_URL + '?x="onclick="alert(1)' + "'",
])
def test_the_note_for_an_unusable_source_url_says_what_is_wrong_with_it(tmp_path, capsys,
                                                                       monkeypatch, url):
    write(tmp_path, "p.md", post(url=url))
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "fix", "p.md")
    note = next(line for line in out.splitlines() if "fix: not automatic" in line)
    assert "add source_url" not in note


@pytest.mark.parametrize("author, written", [
    ("Lina ]*_<b> \\ Sorensen)", "Lina \\]\\*\\_\\<b\\> \\\\ Sorensen)"),
    ('"<script>alert(1)</script> Sorensen"', "\\<script\\>alert(1)\\</script\\> Sorensen"),
    ("'[Lina](javascript:alert(1))'", "\\[Lina\\](javascript:alert(1))"),
    ("'# Lina Sorensen'", "Copyright © # Lina Sorensen"),
])
def test_markup_in_the_author_is_written_as_plain_words(tmp_path, capsys, monkeypatch, author,
                                                       written):
    path = write(tmp_path, "p.md", post(author=author))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert written in body
    assert "<script>" not in body
    assert not re.search(r"(?<!\\)\]\(javascript:", body)  # never a live link
    assert code == 1 and fixed_lines(out) == ["Fixed p.md"] and "Traceback" not in err
    assert check_clean(capsys, "p.md") == ""
    assert refix_changes_nothing(capsys, path)


def test_an_author_with_a_line_break_is_no_fix_and_the_other_fixes_are_made(tmp_path, capsys,
                                                                            monkeypatch):
    path = write(tmp_path, "p.md",
                 post(author='"Lina\\n\\n# Owned\\n* item\\n    code\\n---"'))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    text = path.read_text(encoding="utf-8")
    assert "\n# Owned" not in text.split("\n---\n", 1)[1]
    assert "bug in attriblint" not in err
    assert code == 1 and LINKED_CREDIT in text
    assert " AL301 " in out


@pytest.mark.parametrize("author", [
    "Lina Sorensen and Marco Delacroix and Hannah Okonkwo-Smith",
    "Lina Sorensen, Marco Delacroix, Hannah Okonkwo and Tom Li",
])
def test_several_co_authors_are_written_and_then_recognised(tmp_path, capsys, monkeypatch,
                                                           author):
    path = write(tmp_path, "p.md", post(author=author))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    assert code == 1 and fixed_lines(out) == ["Fixed p.md"], err
    assert f"Copyright © {author}, Global Research, 2024" in path.read_text(encoding="utf-8")


def test_a_very_long_one_word_author_is_written_whole(tmp_path, capsys, monkeypatch):
    author = "Sorensen" * 10
    path = write(tmp_path, "p.md", post(author=author))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    assert code == 1 and fixed_lines(out) == ["Fixed p.md"]
    assert f"Copyright © {author}, Global Research, 2024" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("url, destination", [
    (GR_URL + "?a=1&b=(2)", f"(<{GR_URL}?a=1&b=(2)>)"),
    ("https://www.globalresearch.ca/écluse-über/5860412",
     "(https://www.globalresearch.ca/écluse-über/5860412)"),
])
def test_an_address_with_ampersands_parentheses_or_unicode_is_one_link(tmp_path, capsys,
                                                                      monkeypatch, url,
                                                                      destination):
    path = write(tmp_path, "p.md", post(url=url))
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1
    assert f"[Global Research]{destination}" in path.read_text(encoding="utf-8")
    assert check_clean(capsys, "p.md") == ""
    assert refix_changes_nothing(capsys, path)


def test_a_link_written_into_a_table_cell_keeps_the_table_intact(tmp_path, capsys, monkeypatch):
    table = f"\n| a | b |\n|---|---|\n| {CREDIT} | x |\n"
    path = write(tmp_path, "p.md", post(url=GR_URL + "?x=a|b") + table)
    monkeypatch.chdir(tmp_path)
    run(capsys, "fix", "p.md")
    rows = [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("|")]
    assert [len(re.findall(r"(?<!\\)\|", row)) for row in rows] == [3, 3, 3]


# == 2. Files that cannot be written, or change under the fix ==================

def test_a_read_only_file_is_fixed_and_stays_read_only(tmp_path, capsys, monkeypatch):
    """Mode 0444 forbids writing into the file, not replacing it (as sed -i
    and git do); the replacement keeps the mode."""
    path = write(tmp_path, "p.md", post())
    path.chmod(0o444)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "p.md")
    assert code == 1 and fixed_lines(out) == ["Fixed p.md"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert path.read_text(encoding="utf-8") == post() + FIX_TAIL


def test_an_immutable_file_is_reported_left_alone_and_the_others_are_fixed(tmp_path, capsys,
                                                                          monkeypatch):
    stuck = write(tmp_path, "stuck.md", post())
    other = write(tmp_path, "other.md", post())
    monkeypatch.chdir(tmp_path)
    with immutable(stuck):
        code, out, err = run(capsys, "fix", ".")
    assert code == 2
    assert stuck.read_text(encoding="utf-8") == post() and untouched(stuck)
    assert other.read_text(encoding="utf-8") == post() + FIX_TAIL
    assert fixed_lines(out) == ["Fixed other.md"]
    assert re.search(r"stuck\.md: not fixed: .*not written", err) and "Traceback" not in err
    assert any(line.startswith("stuck.md:") and " AL101 " in line for line in out.splitlines())
    assert temporaries(tmp_path) == []


def test_an_immutable_folder_is_reported_and_nothing_is_left_in_it(tmp_path, capsys,
                                                                  monkeypatch):
    folder = tmp_path / "locked"
    path = write(folder, "p.md", post())
    monkeypatch.chdir(tmp_path)
    with immutable(folder):
        code, out, err = run(capsys, "fix", "locked")
        assert temporaries(folder) == []
    assert code == 2 and fixed_lines(out) == []
    assert path.read_text(encoding="utf-8") == post() and untouched(path)
    assert "locked/p.md: not fixed: cannot create a temporary file" in err


def _edit_during_fix(monkeypatch, edit):
    """Make ``edit(path)`` happen after a file was read and fixed in memory,
    before it is written (an editor saving, a git checkout)."""
    real = session_module.fix_bytes

    def fix_then_edit(linter, path, *args, **kwargs):
        outcome = real(linter, path, *args, **kwargs)
        edit(path)
        return outcome

    monkeypatch.setattr(session_module, "fix_bytes", fix_then_edit)


def test_a_post_edited_while_it_is_fixed_keeps_the_edit(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "p.md", post())
    edited = post() + "\nA paragraph the author just saved.\n"
    _edit_during_fix(monkeypatch, lambda p: open(p, "w", encoding="utf-8").write(edited))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    assert code == 2 and fixed_lines(out) == []
    assert path.read_text(encoding="utf-8") == edited
    assert "p.md: not fixed: changed while it was being fixed; not written" in err
    assert temporaries(tmp_path) == []


def test_a_post_swapped_for_a_link_while_it_is_fixed_is_not_written(tmp_path, capsys,
                                                                   monkeypatch):
    """The file becomes a symlink to another file between the read and the
    write: neither file changes, the link stays a link."""
    path = write(tmp_path, "p.md", post())
    elsewhere = write(tmp_path / "other", "q.md", post(author="Someone Else"))

    def swap(p):
        os.unlink(p)
        os.symlink(elsewhere, p)

    _edit_during_fix(monkeypatch, swap)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", "p.md")
    assert code == 2 and fixed_lines(out) == []
    assert os.path.islink(path)
    assert elsewhere.read_text(encoding="utf-8") == post(author="Someone Else")
    assert "p.md: not fixed: changed while it was being fixed" in err


# == 3. Links, FIFOs, devices ==================================================

def test_a_post_linked_to_a_file_outside_the_current_folder_is_not_written(tmp_path, capsys,
                                                                           monkeypatch):
    """A cloned repository's symlink must not make ``attriblint fix .``
    edit a file elsewhere: it is named and left alone; the others are fixed."""
    target = write(tmp_path / "elsewhere", "real.md", post())
    site = tmp_path / "site" / "_posts"
    site.mkdir(parents=True)
    os.symlink(target, site / "link.md")
    inside = write(site, "own.md", post())
    monkeypatch.chdir(tmp_path / "site")
    code, out, err = run(capsys, "fix", ".")
    assert code == 2 and fixed_lines(out) == ["Fixed _posts/own.md"]
    assert err == (f"attriblint: error: _posts/link.md: not fixed: is a symbolic link to "
                   f"{target}, outside the current folder; not written\n")
    assert os.path.islink(site / "link.md") and untouched(target)
    assert inside.read_text(encoding="utf-8") == post() + FIX_TAIL


def test_a_symlinked_folder_is_not_walked_so_nothing_in_it_is_fixed(tmp_path, capsys,
                                                                    monkeypatch):
    outside = write(tmp_path / "elsewhere", "x.md", post())
    (tmp_path / "site").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "site" / "more")
    inside = write(tmp_path / "site", "p.md", post())
    monkeypatch.chdir(tmp_path / "site")
    code, out, _ = run(capsys, "fix", ".")
    assert code == 1 and fixed_lines(out) == ["Fixed p.md"]
    assert untouched(outside)
    assert inside.read_text(encoding="utf-8") == post() + FIX_TAIL


def test_dangling_and_looping_links_are_reported_and_the_run_goes_on(tmp_path, capsys,
                                                                    monkeypatch):
    os.symlink("nowhere.md", tmp_path / "dangling.md")
    os.symlink("loop2.md", tmp_path / "loop1.md")
    os.symlink("loop1.md", tmp_path / "loop2.md")
    good = write(tmp_path, "good.md", post())
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", ".")
    assert code == 2 and fixed_lines(out) == ["Fixed good.md"]
    assert good.read_text(encoding="utf-8") == post() + FIX_TAIL
    for name in ("dangling.md", "loop1.md", "loop2.md"):
        assert os.path.islink(tmp_path / name)
        assert any(line.startswith(f"{name}:1:1: AL003 ") for line in out.splitlines())
    assert "Traceback" not in err


def test_a_fifo_and_a_device_named_like_posts_neither_hang_nor_stop_the_run(tmp_path):
    """In a subprocess with a timeout: a FIFO opened for reading would block."""
    os.mkfifo(tmp_path / "fifo.md")
    os.symlink("/dev/zero", tmp_path / "zero.md")
    good = write(tmp_path, "good.md", post())
    for argv in (["."], ["fifo.md", "zero.md", "good.md"]):
        done = subprocess.run([sys.executable, "-m", "attriblint", "fix", *argv], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "not a regular file (a FIFO)" in done.stdout
        assert "not a regular file (a character device)" in done.stdout
        assert "Traceback" not in done.stderr
        assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo.md").st_mode)
        assert os.readlink(tmp_path / "zero.md") == "/dev/zero"
    assert good.read_text(encoding="utf-8") == post() + FIX_TAIL


# == 4. Odd bytes: size, NUL, encodings, line endings ==========================

def test_a_nine_megabyte_post_is_fixed_and_an_oversized_one_is_left_alone(tmp_path, capsys,
                                                                         monkeypatch):
    paragraph = " ".join(["The seasonal pulse of the Mekong has weakened."] * 190)
    body = "\n\n".join([paragraph] * 1000) + "\n"
    big = write(tmp_path, "big.md", post(body=body))
    assert 8 * 2**20 < os.path.getsize(big) < 10 * 2**20
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "big.md")
    assert code == 1 and fixed_lines(out) == ["Fixed big.md"]
    assert big.read_text(encoding="utf-8") == post(body=body) + FIX_TAIL
    code, out, _ = run(capsys, "fix", "--max-file-size", "8M", "big.md")
    assert code == 2 and fixed_lines(out) == [] and " AL003 " in out


def test_nul_bytes_in_a_post_are_kept(tmp_path, capsys, monkeypatch):
    original = post(body=BODY.replace("Eleven", "Ele\0ven"))
    path = write(tmp_path, "p.md", original)
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1
    assert path.read_bytes() == (original + FIX_TAIL).encode("utf-8")


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b""), ("utf-16-le", b"\xff\xfe"),
                                           ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_or_without_a_bom_stays_so(tmp_path, capsys, monkeypatch, encoding, bom):
    path = write(tmp_path, "p.md", bom + post().encode(encoding))
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1
    assert path.read_bytes() == bom + (post() + FIX_TAIL).encode(encoding)


def test_old_mac_line_endings_are_kept_everywhere(tmp_path, capsys, monkeypatch):
    original = post().replace("\n", "\r")
    path = write(tmp_path, "p.md", original)
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1
    assert path.read_bytes() == (post() + FIX_TAIL).replace("\n", "\r").encode("utf-8")
    assert refix_changes_nothing(capsys, path)


def test_a_file_whose_last_line_ends_in_a_lone_cr_keeps_it(tmp_path, capsys, monkeypatch):
    original = post()[:-1] + "\r"
    path = write(tmp_path, "p.md", original)
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    fixed = path.read_bytes()
    assert code == 1
    assert fixed == (post() + FIX_TAIL)[:-1].encode("utf-8") + b"\r"


def test_lines_inserted_into_a_crlf_body_under_lf_front_matter_end_in_crlf(tmp_path, capsys,
                                                                         monkeypatch):
    head, body = post().split("---\n\n", 1)
    path = write(tmp_path, "p.md", head + "---\n\n" + body.replace("\n", "\r\n"))
    monkeypatch.chdir(tmp_path)
    run(capsys, "fix", "p.md")
    new_body = path.read_bytes().split(b"---\n\n", 1)[1]
    assert new_body.count(b"\n") == new_body.count(b"\r\n")


def test_a_post_of_front_matter_only_without_final_newline_keeps_none(tmp_path, capsys,
                                                                     monkeypatch):
    path = write(tmp_path, "p.md", post(body="")[:-2])  # "...---", nothing after it
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1
    fixed = path.read_bytes()
    assert fixed.startswith(post(body="")[:-2].encode()) and not fixed.endswith(b"\n")


def test_a_post_of_front_matter_only_gets_its_lines_after_it(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "p.md", post(body=""))
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1
    assert path.read_text(encoding="utf-8") == post(body="") + FIX_TAIL.lstrip("\n")


def test_dashes_inside_front_matter_values_are_not_taken_for_its_end(tmp_path, capsys,
                                                                    monkeypatch):
    extra = 'summary: "a\\n---\\nb"\nexcerpt: |\n  first\n  ---\n  second\n'
    path = write(tmp_path, "p.md", post(extra=extra))
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1
    assert path.read_text(encoding="utf-8") == post(extra=extra) + FIX_TAIL


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
def test_a_windows_1252_page_is_written_back_in_its_charset(tmp_path, capsys, monkeypatch,
                                                           charset):
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="{charset}"><title>Écluse</title>
<link rel="canonical" href="{GR_URL}"></head>
<body><article><h1>Qui possède le fleuve ?</h1>
<p>Les pêcheurs du Tonlé Sap disent que le lac ne respire plus comme avant, depuis que les
barrages retiennent l’eau pendant la saison sèche.</p>
<p>{COPYRIGHT}</p>
</article></body></html>
"""
    path = write(tmp_path, "p.html", page.encode("cp1252"))
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.html")
    assert code == 1
    credit = f'<p>The original source of this article is <a href="{GR_URL}">Global Research</a></p>'
    expected = page.replace("2024</p>\n</article>", f"2024</p>\n{credit}\n</article>")
    assert path.read_bytes() == expected.encode("cp1252")


@pytest.mark.parametrize("wrapper", ["template", "noscript"])
def test_a_story_hidden_in_a_template_gets_no_invisible_fix(tmp_path, capsys, monkeypatch,
                                                           wrapper):
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="canonical" href="{GR_URL}"></head>
<body><{wrapper}><article><p>Fishermen on the Tonle Sap say the lake no longer breathes.</p>
<p>{COPYRIGHT}</p></article></{wrapper}>
</body></html>
"""
    write(tmp_path, "p.html", page)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "fix", "p.html")
    assert "bug in attriblint" not in err
    assert code == 1


# == 5. Credit words where they are not prose; two rules, two publishers =======

@pytest.mark.parametrize("before, after", [
    (f"> {CREDIT}", f"> {LINKED_CREDIT}"),
    (f"- {CREDIT}", f"- {LINKED_CREDIT}"),
    (f"| a | b |\n|---|---|\n| {CREDIT} | x |", f"| a | b |\n|---|---|\n| {LINKED_CREDIT} | x |"),
])
def test_a_credit_in_a_quote_list_or_table_is_linked_where_it_stands(tmp_path, capsys,
                                                                    monkeypatch, before, after):
    path = write(tmp_path, "p.md", post() + f"\n{before}\n")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    text = path.read_text(encoding="utf-8")
    assert code == 1
    assert after in text and text.count("The original source of this article") == 1
    assert check_clean(capsys, "p.md") == ""
    assert refix_changes_nothing(capsys, path)


@pytest.mark.parametrize("hidden", [
    f"![{CREDIT}](/img/river.png)",
    f'<p title="{CREDIT}">River photo</p>',
    f'[Photo](/img/river.png "{CREDIT}")',
    f"<!-- {CREDIT} -->",
    f"`{CREDIT}`",
])
def test_credit_words_in_alt_text_attributes_comments_or_code_are_never_edited(tmp_path, capsys,
                                                                              monkeypatch,
                                                                              hidden):
    path = write(tmp_path, "p.md", post() + f"\n{hidden}\n")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    text = path.read_text(encoding="utf-8")
    assert code == 1
    assert f"\n{hidden}\n" in text  # untouched, and the real line added as prose
    assert f"\n{LINKED_CREDIT}\n" in text
    assert check_clean(capsys, "p.md") == ""


def test_a_repost_under_two_rules_is_fixed_for_both_once(tmp_path, capsys, monkeypatch):
    """A Global Research repost whose front matter also names CC BY 4.0."""
    path = write(tmp_path, "p.md", post(extra="licence: CC BY 4.0\n"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "p.md")
    text = path.read_text(encoding="utf-8")
    assert code == 1 and fixed_lines(out) == ["Fixed p.md"]
    assert text.count(CREDIT) == 1 and text.count(COPYRIGHT) == 1
    assert "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)" in text
    assert check_clean(capsys, "p.md") == ""
    assert refix_changes_nothing(capsys, path)


def test_a_post_reposting_two_publishers_is_fixed_for_both(tmp_path, capsys, monkeypatch):
    body = BODY + "\nThis story was originally published by ProPublica.\n"
    path = write(tmp_path, "p.md", post(body=body))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "p.md")
    text = path.read_text(encoding="utf-8")
    assert code == 1 and fixed_lines(out) == ["Fixed p.md"]
    assert text.count(LINKED_CREDIT) == 1 and "[ProPublica](" in text
    # only ProPublica's pixel is left: its address comes from the publisher
    left = check_clean(capsys, "p.md")
    assert [line.split()[1] for line in left.splitlines() if line.startswith("p.md:")] == ["AL501"]
    assert refix_changes_nothing(capsys, path)


# == 6. Many files; output formats when some files are fixed and others not ====

def test_three_hundred_posts_in_one_run_are_all_fixed_once(tmp_path, capsys, monkeypatch):
    for i in range(300):
        write(tmp_path / f"y{i % 7}", f"p{i:03}.md", post())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", ".")
    assert code == 1 and len(fixed_lines(out)) == 300
    assert out.rstrip().endswith("No problems found in 300 files.")
    assert all(p.read_text(encoding="utf-8") == post() + FIX_TAIL
               for p in tmp_path.glob("y*/p*.md"))
    code, out, _ = run(capsys, "fix", ".")
    assert code == 0 and fixed_lines(out) == []


@pytest.fixture
def half_fixable(tmp_path, monkeypatch):
    """a.md can be fixed, b.md has a second hard link (refused), c.md is no repost."""
    write(tmp_path, "a.md", post())
    write(tmp_path, "b.md", post())
    os.link(tmp_path / "b.md", tmp_path / "b-copy.txt")
    write(tmp_path, "c.md", post(url="https://example.org/notes/rivers"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _refused_b(err: str) -> bool:
    return "attriblint: error: b.md: not fixed: has 2 hard links" in err and "Traceback" not in err


def test_json_with_a_refused_file_is_valid_json_and_exits_2(half_fixable, capsys):
    code, out, err = run(capsys, "fix", "--format", "json", "a.md", "b.md", "c.md")
    document = json.loads(out)  # "Fixed" lines never go into the JSON
    assert code == 2 and _refused_b(err) and "Fixed a.md" in err
    assert {f["path"] for f in document["findings"]} == {"b.md"}
    assert {f["code"] for f in document["findings"]} == {"AL101", "AL201", "AL301"}
    assert (half_fixable / "b.md").read_text(encoding="utf-8") == post()


def test_sarif_with_a_refused_file_is_valid_and_names_only_what_is_left(half_fixable, capsys):
    code, out, err = run(capsys, "fix", "--format", "sarif", "a.md", "b.md", "c.md")
    results = json.loads(out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert code == 2 and _refused_b(err) and "Fixed a.md" in err
    assert uris == {"b.md"}


def test_github_annotations_with_a_refused_file(half_fixable, capsys):
    code, out, err = run(capsys, "fix", "--format", "github", "a.md", "b.md", "c.md")
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert code == 2 and _refused_b(err) and "Fixed a.md" in err
    assert len(annotations) == 3 and all("file=b.md," in line for line in annotations)
    assert "Fixed" not in out


def test_quiet_with_a_refused_file_prints_fixed_and_findings_only(half_fixable, capsys):
    code, out, err = run(capsys, "fix", "--quiet", "a.md", "b.md", "c.md")
    lines = out.splitlines()
    assert code == 2 and _refused_b(err)
    assert lines[0] == "Fixed a.md" and len(lines) == 4
    assert all(line.startswith("b.md:5:1: AL") for line in lines[1:])


def test_statistics_after_fixing_counts_what_is_left(half_fixable, capsys):
    code, out, err = run(capsys, "fix", "--statistics", "a.md", "b.md", "c.md")
    assert code == 2 and _refused_b(err)
    assert fixed_lines(out) == ["Fixed a.md"]
    assert re.search(r"^1\s+AL101\s", out, re.MULTILINE)
    assert "Found 3 errors in 1 of 3 files." in out
    code, out, _ = run(capsys, "fix", "--statistics", "a.md", "c.md")
    assert code == 0 and out == "No problems found in 2 files.\n"


# == 7. File names that try to forge output; what a replace drops ==============

# A folder and a file whose names, joined, read as a second diff header
# pointing at another post ("victim.md").
FORGING_FOLDER = "x\n+++ b"
FORGING_NAME = "victim.md\n@@ -1 +1 @@\nx.md"


def test_a_file_name_cannot_forge_a_fixed_line_or_an_error_line(tmp_path, capsys, monkeypatch):
    write(tmp_path / FORGING_FOLDER, FORGING_NAME, post())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", ".")
    assert code == 1
    assert fixed_lines(out) == ["Fixed x\\n+++ b/victim.md\\n@@ -1 +1 @@\\nx.md"]
    assert out.splitlines()[1:] == ["No problems found in 1 file."]


def test_a_file_name_cannot_forge_a_diff_header(tmp_path, capsys, monkeypatch):
    """``fix --diff | patch -p1`` must not be steered to another file by a
    name with line breaks (at 5528aa6 the path went into the headers raw)."""
    write(tmp_path / FORGING_FOLDER, FORGING_NAME, post())
    write(tmp_path, "victim.md", "A post the diff must never name.\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "fix", "--diff", ".")
    assert code == 1
    headers = [line for line in out.splitlines() if line.startswith(("--- ", "+++ "))]
    assert len(headers) == 2 and "+++ b/victim.md" not in headers


def _xattrs_supported(path) -> bool:
    try:
        os.setxattr(path, "user.attriblint-test", b"1")
    except (OSError, AttributeError):
        return False
    os.removexattr(path, "user.attriblint-test")
    return True


def test_extended_attributes_of_a_fixed_post_are_kept(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "p.md", post())
    if not _xattrs_supported(path):
        pytest.skip("this file system has no user extended attributes")
    os.setxattr(path, "user.origin", b"imported from the CMS")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "fix", "p.md")
    assert code == 1 and path.read_text(encoding="utf-8") == post() + FIX_TAIL
    assert "user.origin" in os.listxattr(path)
    assert os.getxattr(path, "user.origin") == b"imported from the CMS"


# == 8. Two runs at once; options fix shares with check ========================

def test_two_fix_runs_at_once_never_write_a_line_twice(tmp_path):
    """Two ``attriblint fix`` processes over the same 40 posts (an editor's
    fix-on-save and a pre-commit hook): each post ends exactly fixed once,
    whichever run wrote it, and no temporary is left."""
    for i in range(40):
        write(tmp_path, f"p{i:02}.md", post())
    command = [sys.executable, "-m", "attriblint", "fix", "."]
    runs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in runs]
    for code, out, err in results:
        assert code in (0, 1, 2) and "Traceback" not in err
        assert all("changed while it was being fixed" in line
                   for line in err.splitlines() if "not fixed" in line)
    assert sum(len(fixed_lines(out)) for _, out, _ in results) >= 40
    assert all(p.read_text(encoding="utf-8") == post() + FIX_TAIL
               for p in tmp_path.glob("p*.md"))
    assert temporaries(tmp_path) == []


def test_fix_refuses_jobs_as_a_usage_error_and_writes_nothing(tmp_path, capsys, monkeypatch):
    """The README: fix takes check's options but ``-`` and ``--jobs`` (it
    runs one file at a time)."""
    path = write(tmp_path, "p.md", post())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["fix", "--jobs", "2", "p.md"])
    assert stop.value.code == 2
    assert "--jobs" in capsys.readouterr().err
    assert untouched(path)
