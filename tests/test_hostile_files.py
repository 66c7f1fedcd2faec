"""One file never stops the run.

Each hostile path (a FIFO, a link to /dev/zero, a folder that cannot be
listed, a huge file, a file name that forges output, a post that crashes a
reader or a check) gets a finding for itself, while a normal post in the same
run is still checked and reported, and the exit code says a file was not
checked (2).  We run as root here, so "permission denied" cannot be produced
with chmod: those tests simulate the error where the system would raise it,
and say so in their names.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attriblint.cli import main
from attriblint.urls import same_page

from .conftest import FIXTURES, output_lines

# A normal repost with one finding, in every run: it must still be reported.
NORMAL = "wrong_year.md"
NORMAL_LINE = "AL303 [globalresearch] copyright year is 2019, but original_date says 2021"
SOURCE = "source_url: https://www.globalresearch.ca/x/5731847"


@pytest.fixture(autouse=True)
def deadline():
    """A hang (reading a FIFO or /dev/zero) fails the test instead of the suite."""
    def expire(signum, frame):
        raise TimeoutError("attriblint did not finish within 30 s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def blog(tmp_path) -> Path:
    """A folder holding the normal post."""
    shutil.copy(FIXTURES / "md" / NORMAL, tmp_path / NORMAL)
    return tmp_path


def check(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, output_lines(captured.out), captured.err


def finding_lines(out: list[str], name: str) -> list[str]:
    return [line for line in out if line.startswith(name)]


def assert_normal_post_reported(out: list[str], folder: Path) -> None:
    assert f"{folder / NORMAL}:39:44: {NORMAL_LINE}" in out


def test_a_fifo_in_a_walked_folder_is_reported_not_read(blog, capsys):
    os.mkfifo(blog / "pipe.md")
    code, out, err = check(capsys, str(blog))
    assert f"{blog / 'pipe.md'}:1:1: AL003 [attriblint] not read: not a regular file (a FIFO)" in out
    assert_normal_post_reported(out, blog)
    assert out[-1] == "Found 2 errors in 2 of 2 files; 1 file could not be checked."
    assert code == 2 and err == ""


def test_a_fifo_named_on_the_command_line_is_reported_not_read(blog, capsys):
    os.mkfifo(blog / "pipe.md")
    code, out, _ = check(capsys, str(blog / "pipe.md"), str(blog / NORMAL))
    assert finding_lines(out, str(blog / "pipe.md")) == [
        f"{blog / 'pipe.md'}:1:1: AL003 [attriblint] not read: not a regular file (a FIFO)"]
    assert_normal_post_reported(out, blog)
    assert code == 2


def test_a_link_to_dev_zero_is_reported_not_read(blog, capsys):
    (blog / "zero.md").symlink_to("/dev/zero")
    code, out, _ = check(capsys, str(blog))
    assert (f"{blog / 'zero.md'}:1:1: AL003 [attriblint] not read: "
            "not a regular file (a character device)") in out
    assert_normal_post_reported(out, blog)
    assert code == 2


def test_a_file_over_the_size_limit_is_reported_not_read(blog, capsys):
    (blog / "dump.md").write_text("Reposted from Global Research.\n" * 100, encoding="utf-8")
    code, out, _ = check(capsys, "--max-file-size", "3k", str(blog))  # dump.md: 3,100 bytes
    assert (f"{blog / 'dump.md'}:1:1: AL003 [attriblint] not read: "
            "larger than the 3k limit (--max-file-size)") in out
    assert_normal_post_reported(out, blog)
    assert code == 2


def test_the_default_size_limit_is_ten_megabytes(blog, capsys):
    with open(blog / "huge.md", "wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    with open(blog / "largest.md", "wb") as handle:
        handle.truncate(10 * 1024 * 1024)
    code, out, _ = check(capsys, str(blog))
    assert finding_lines(out, str(blog / "huge.md")) == [
        f"{blog / 'huge.md'}:1:1: AL003 [attriblint] not read: "
        "larger than the 10M limit (--max-file-size)"]
    assert finding_lines(out, str(blog / "largest.md")) == []  # no publisher named: no finding
    assert code == 2


@pytest.mark.parametrize("given, size", [("500k", 512_000), ("10M", 10_485_760),
                                         ("1G", 1 << 30), ("4096", 4096), ("2MiB", 2 << 20)])
def test_max_file_size_accepts_bytes_and_units(given, size):
    from attriblint.cli import parse_size

    assert parse_size(given) == size


@pytest.mark.parametrize("given", ["ten", "10X", "0", "-5", ""])
def test_a_max_file_size_that_is_not_a_size_is_a_usage_error(given, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["check", "--max-file-size", given, "."])
    assert exit.value.code == 2
    assert "is not a size" in capsys.readouterr().err


def test_a_folder_that_cannot_be_listed_is_reported_simulated_permission_error(
        blog, capsys, monkeypatch):
    locked = blog / "locked"
    locked.mkdir()
    (locked / "post.md").write_text("Reposted from Global Research.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", scandir)
    code, out, _ = check(capsys, str(blog))
    assert (f"{locked}:1:1: AL003 [attriblint] cannot list folder: permission denied") in out
    assert_normal_post_reported(out, blog)
    assert code == 2


def test_a_file_that_cannot_be_opened_is_reported_simulated_permission_error(
        blog, capsys, monkeypatch):
    secret = blog / "secret.md"
    secret.write_text("Reposted from Global Research.\n", encoding="utf-8")
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if os.fspath(path) == str(secret):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os, "open", deny)
    code, out, _ = check(capsys, str(blog))
    assert f"{secret}:1:1: AL003 [attriblint] cannot read file: permission denied" in out
    assert_normal_post_reported(out, blog)
    assert code == 2


def test_symlinked_folders_are_not_followed(blog, capsys):
    (blog / "sub").mkdir()
    (blog / "sub" / "loop").symlink_to("..")
    (blog / "elsewhere").symlink_to(blog / "sub")
    shutil.copy(FIXTURES / "md" / NORMAL, blog / "sub" / NORMAL)
    code, out, _ = check(capsys, str(blog))
    assert out[-1] == "Found 2 errors in 2 of 2 files."
    assert code == 1


def test_a_newline_in_a_file_name_cannot_forge_a_finding_line(blog, capsys):
    name = "x.md:1:1: AL999 [forged] nothing\ny.md"
    (blog / name).write_text("Reposted from Global Research.\n", encoding="utf-8")
    code, out, _ = check(capsys, str(blog))
    escaped = str(blog / name).replace("\n", "\\n")
    assert [line for line in out if "AL999" in line] == [
        line for line in out if line.startswith(escaped)]
    assert len([line for line in out if line.startswith(escaped)]) == 2  # AL201, AL301
    assert_normal_post_reported(out, blog)
    assert len(out) == 4 and code == 1


def test_terminal_escapes_and_bad_bytes_in_a_file_name_are_escaped_in_text(blog, capsys):
    name = os.fsdecode(b"bad\xff\x1b[31m.md")
    (blog / name).write_text("Reposted from Global Research.\n", encoding="utf-8")
    code, out, _ = check(capsys, str(blog))
    assert any(line.startswith(f"{blog}/bad\\xff\\x1b[31m.md:1:1: AL201") for line in out)
    assert not any("\x1b" in line or "\udcff" in line for line in out)
    assert_normal_post_reported(out, blog)
    assert code == 1


def test_a_file_name_that_is_not_utf8_gives_strict_json_and_its_exact_bytes(blog, capsys):
    raw = b"caf\xe9\n.md"
    (blog / os.fsdecode(raw)).write_text("Reposted from Global Research.\n", encoding="utf-8")
    code = main(["check", "--format", "json", str(blog)])
    out = capsys.readouterr().out
    report = json.loads(out.encode("utf-8").decode("utf-8", errors="strict"))
    bad = [f for f in report["findings"] if "path_base64" in f]
    assert [f["code"] for f in bad] == ["AL201", "AL301"]
    assert bad[0]["path"] == f"{blog}/caf\ufffd\n.md"
    assert base64.b64decode(bad[0]["path_base64"]) == os.fsencode(blog) + b"/" + raw
    normal = [f for f in report["findings"] if f["path"] == str(blog / NORMAL)]
    assert [f["code"] for f in normal] == ["AL303"] and "path_base64" not in normal[0]
    assert code == 1


CRASHING_FRONT_MATTER = {
    "impossible_date": "date: 2023-06-31",
    "impossible_original_date": "original_date: 2020-13-45",
    "five_thousand_digits": "views: " + "7" * 5000,
}


@pytest.mark.parametrize("field", CRASHING_FRONT_MATTER.values(), ids=CRASHING_FRONT_MATTER)
def test_front_matter_that_crashed_the_reader_is_a_finding(blog, capsys, field):
    (blog / "bad.md").write_text(f"---\n{field}\n{SOURCE}\n---\n"
                                 "The original source of this article is Global Research.\n",
                                 encoding="utf-8")
    code, out, err = check(capsys, str(blog))
    (line,) = finding_lines(out, str(blog / "bad.md"))
    assert " AL002 [attriblint] " in line or " AL009 [attriblint] " in line
    assert_normal_post_reported(out, blog)
    assert code == 2 and "Traceback" not in err


def test_an_unparseable_link_in_a_credit_line_is_not_a_match(blog, capsys):
    (blog / "ipv6.md").write_text(f"---\n{SOURCE}\n---\n"
                                  "Source: [https://www.globalresearch.ca/x/5731847](http://[oops)\n",
                                  encoding="utf-8")
    code, out, _ = check(capsys, str(blog))
    lines = finding_lines(out, str(blog / "ipv6.md"))
    # The credit names the address in words; the link behind it goes nowhere.
    assert sorted(line.split(" ")[1] for line in lines) == ["AL201", "AL301"]
    assert_normal_post_reported(out, blog)
    assert code == 1


def test_an_unparseable_address_is_no_page():
    assert not same_page("http://[oops", "http://[oops")
    assert not same_page("http://[oops", "https://www.globalresearch.ca/x/5731847")
    assert same_page("https://globalresearch.ca/x/5731847/", "http://www.globalresearch.ca/x/5731847")


def test_an_unexpected_exception_is_a_one_line_finding_for_that_file(blog, capsys, monkeypatch):
    import attriblint.lint

    real_identify = attriblint.lint.identify

    def identify(document, rule, settings, meta=None):
        if document.path.endswith("bad.md"):
            raise RecursionError("maximum recursion depth exceeded\nwhile matching")
        return real_identify(document, rule, settings, meta)
    monkeypatch.setattr(attriblint.lint, "identify", identify)
    (blog / "bad.md").write_text("Reposted from Global Research.\n", encoding="utf-8")
    code, out, err = check(capsys, str(blog))
    assert finding_lines(out, str(blog / "bad.md")) == [
        f"{blog / 'bad.md'}:1:1: AL009 [attriblint] internal error (RecursionError: maximum "
        "recursion depth exceeded while matching); this file was not checked; this is a bug "
        "in attriblint, please report it ('attriblint explain AL009' says how)"]
    assert_normal_post_reported(out, blog)
    assert code == 2 and err == ""


def many_posts(folder: Path, count: int) -> None:
    repost = (FIXTURES / "md/missing_copyright.md").read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"post-{i:04}.md").write_text(repost, encoding="utf-8")


def test_a_post_that_kills_its_worker_gets_al009_and_the_rest_are_reported(
        tmp_path, capsys, monkeypatch):
    """Simulated: the pool's workers are forked from this process, so a patched
    ``lint_bytes`` that exits on a marker stands in for a crash in native code."""
    from attriblint.lint import Linter

    real_lint_bytes = Linter.lint_bytes

    def lint_bytes(self, path, kind, data):
        if b"KILL THE WORKER" in data:
            os._exit(70)
        return real_lint_bytes(self, path, kind, data)
    monkeypatch.setattr(Linter, "lint_bytes", lint_bytes)
    many_posts(tmp_path, 300)
    with open(tmp_path / "post-0150.md", "a", encoding="utf-8") as post:
        post.write("KILL THE WORKER\n")
    code, out, _ = check(capsys, "-j", "2", str(tmp_path))
    died = [line for line in out if " AL009 " in line]
    assert died == [f"{tmp_path / 'post-0150.md'}:1:1: AL009 [attriblint] internal error (the "
                    "worker process died while checking this file); this file was not checked; "
                    "this is a bug in attriblint, please report it ('attriblint explain AL009' "
                    "says how)"]
    assert len([line for line in out if " AL301 " in line]) == 299
    assert out[-1] == "Found 300 errors in 300 of 300 files; 1 file could not be checked."
    assert code == 2


def _descendants(pid: int) -> set[int]:
    """Live processes whose parent chain leads to ``pid`` (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_when_attriblint_is_killed(tmp_path):
    many_posts(tmp_path, 2000)
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR="")
    run = subprocess.Popen([sys.executable, "-m", "attriblint", "check", "-j", "2", str(tmp_path)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        workers: set[int] = set()
        started = time.monotonic()
        while len(workers) < 2 and run.poll() is None and time.monotonic() - started < 20:
            time.sleep(0.05)
            workers = _descendants(run.pid)
        assert len(workers) >= 2, "the workers never started"
        run.send_signal(signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [pid for pid in workers if _alive(pid)]
        for pid in survivors:  # do not leave them behind if the test fails
            os.kill(pid, signal.SIGKILL)
        assert survivors == []
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_whose_parent_died_before_it_asked_to_die_with_it_exits():
    # The race the test above can only hit now and then: attriblint is killed
    # between a worker's fork and its prctl.  The worker is then re-parented,
    # and must notice that itself.
    code = "import os; from attriblint.lint import die_with_parent; " \
           "die_with_parent({parent}); print('still running')"
    orphan = subprocess.run([sys.executable, "-c", code.format(parent=os.getpid() + 1_000_000)],
                            capture_output=True, text=True)
    assert (orphan.returncode, orphan.stdout) == (1, "")
    child = subprocess.run([sys.executable, "-c", code.format(parent=os.getpid())],
                           capture_output=True, text=True)
    assert (child.returncode, child.stdout) == (0, "still running\n")


def test_a_closed_pipe_on_stdout_is_quiet(tmp_path):
    many_posts(tmp_path, 600)  # about 150 kB of findings: more than a pipe holds
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR="")
    run = subprocess.Popen([sys.executable, "-m", "attriblint", "check", "-j", "1", str(tmp_path)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    run.stdout.readline()
    run.stdout.close()  # like `| head -1`
    err = run.stderr.read()
    run.stderr.close()
    assert run.wait(timeout=30) == 1
    assert err == b""


def test_a_missing_path_with_a_newline_is_one_error_line(tmp_path, capsys):
    assert main(["check", str(tmp_path / "gone\n.md")]) == 2
    assert capsys.readouterr().err == f"attriblint: error: {tmp_path}/gone\\n.md: no such file or folder\n"


# -- third red-team round: rule files, cache entries and output ---------------
@pytest.mark.parametrize("make", ["fifo", "dev-zero"])
def test_a_rule_file_that_is_no_file_is_a_one_line_error_not_a_hang(
        blog, capsys, tmp_path_factory, make):
    rules = tmp_path_factory.mktemp("rules") / "r.yaml"
    if make == "fifo":
        os.mkfifo(rules)
    else:
        rules.symlink_to("/dev/zero")
    code, out, err = check(capsys, "--rules", str(rules), str(blog))
    kind = "a FIFO" if make == "fifo" else "a character device"
    assert (code, out) == (2, [])
    assert err == f"attriblint: error: {rules}:1:1: rule file not read: not a regular file " \
                  f"({kind})\n"


def test_a_fifo_planted_as_a_cache_entry_is_ignored(blog, capsys, tmp_path_factory,
                                                   monkeypatch):
    folder = tmp_path_factory.mktemp("cache")
    folder.chmod(0o700)
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(folder))
    assert check(capsys, str(blog))[0] == 1
    (entry,) = folder.glob("rules-*.json")
    entry.unlink()
    os.mkfifo(entry)
    code, out, _ = check(capsys, str(blog))
    assert code == 1
    assert_normal_post_reported(out, blog)


def test_output_that_cannot_be_written_is_one_error_line_and_exit_2(blog):
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR="")
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "attriblint", "check", str(blog)],
                             stdout=full, stderr=subprocess.PIPE, env=env, timeout=60)
    assert run.returncode == 2
    assert run.stderr == b"attriblint: error: cannot write the output: no space left on device\n"


@pytest.mark.parametrize("size", ["5G", "9223372036854775807"])
def test_a_size_limit_beyond_any_post_is_a_usage_error(blog, capsys, size):
    with pytest.raises(SystemExit) as exit:
        main(["check", "--max-file-size", size, str(blog)])
    assert exit.value.code == 2
    assert "is too large: at most 4G" in capsys.readouterr().err


def test_a_large_size_limit_does_not_allocate_it(blog, capsys):
    code, out, _ = check(capsys, "--max-file-size", "4G", str(blog))
    assert code == 1
    assert_normal_post_reported(out, blog)


@pytest.mark.parametrize("base, href", [("http://[oops", "/x/5731847"),
                                        ("https://example.org/", "http://[oops/x")])
def test_a_malformed_base_or_link_address_is_no_link_not_an_error(blog, capsys, base, href):
    page = blog / "page.html"
    page.write_text(f'<html><head><base href="{base}"></head><body><main><p>Text.</p>'
                    f'<p>The original source of this article is <a href="{href}">Global '
                    'Research</a></p></main></body></html>', encoding="utf-8")
    code, out, _ = check(capsys, str(blog))
    assert code == 1
    assert [line.split(": ")[1].split(" ")[0] for line in finding_lines(out, str(page))] == \
        ["AL201", "AL301"]
    assert_normal_post_reported(out, blog)


def _frozen_in_worker() -> int:
    import gc

    return gc.get_freeze_count()


def _nothing_to_start() -> None:
    pass


def test_a_forked_worker_keeps_what_it_inherited_out_of_the_collector():
    """A worker's collector would otherwise copy the parent's whole heap
    (the list of every file to check) into it, page by page."""
    import gc

    from attriblint.lint import forked_pool

    inherited = [[i] for i in range(1000)]  # lists, which the collector tracks
    before = gc.get_freeze_count()
    with forked_pool(1, _nothing_to_start) as pool:
        frozen = pool.submit(_frozen_in_worker).result()
    assert frozen > len(inherited) + before
    assert gc.get_freeze_count() == before  # the parent's own collector is left alone
