"""attriblint fix writes a fixed file atomically, keeps what the user set on
it (permissions, owner, a symbolic link) and refuses, leaving everything as
it was, what it cannot replace safely."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from attriblint.config import ConfigFinder
from attriblint.discover import discover
from attriblint.fixing import write
from attriblint.fixing.write import WriteError, remove_stale_temporaries, write_fixed

ORIGINAL = b"---\ntitle: A post\n---\nBody.\n"
FIXED = ORIGINAL + b"\nOriginally published by [Example](https://example.org/a).\n"
OLD_MTIME_NS = 1_000_000_000 * 1_500_000_000  # 2017: any write moves it

is_root = hasattr(os, "geteuid") and os.geteuid() == 0


def make_post(path, data=ORIGINAL, mode=0o644):
    path.write_bytes(data)
    os.chmod(path, mode)
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    return path


def snapshot(folder):
    """Everything a failed write must leave as it was: every entry's name,
    type, mode, mtime, and its bytes or link target."""
    state = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            content = os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            content = open(path, "rb").read()
        else:
            content = None
        state[name] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode),
                       info.st_mtime_ns, content)
    return state


def temporaries(folder):
    return [name for name in os.listdir(folder) if ".attriblint-" in name]


def dead_pid():
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# -- writing ---------------------------------------------------------------

@pytest.mark.parametrize("mode", [0o644, 0o600, 0o755])
def test_contents_replaced_and_permission_bits_kept(tmp_path, mode):
    post = make_post(tmp_path / "post.md", mode=mode)
    written = write_fixed(str(post), ORIGINAL, FIXED)
    assert written == str(post)
    assert post.read_bytes() == FIXED
    assert stat.S_IMODE(os.stat(post).st_mode) == mode
    assert temporaries(tmp_path) == []


def test_mtime_changes_when_written(tmp_path):
    post = make_post(tmp_path / "post.md")
    write_fixed(str(post), ORIGINAL, FIXED)
    assert os.stat(post).st_mtime_ns > OLD_MTIME_NS


def test_nothing_to_fix_leaves_the_file_untouched(tmp_path):
    post = make_post(tmp_path / "post.md")
    inode = os.stat(post).st_ino
    assert write_fixed(str(post), ORIGINAL, ORIGINAL) == str(post)
    assert os.stat(post).st_mtime_ns == OLD_MTIME_NS
    assert os.stat(post).st_ino == inode


def test_the_file_is_replaced_not_rewritten_in_place(tmp_path):
    """A reader holding the old file open keeps reading the old bytes: the
    new contents arrive by rename, never as a partly written file."""
    post = make_post(tmp_path / "post.md")
    with open(post, "rb") as reader:
        write_fixed(str(post), ORIGINAL, FIXED)
        assert reader.read() == ORIGINAL
    assert post.read_bytes() == FIXED


@pytest.mark.skipif(not is_root, reason="only root can give a file another owner")
def test_owner_kept(tmp_path):
    post = make_post(tmp_path / "post.md")
    os.chown(post, 1234, 1234)
    write_fixed(str(post), ORIGINAL, FIXED)
    info = os.stat(post)
    assert (info.st_uid, info.st_gid) == (1234, 1234)
    assert post.read_bytes() == FIXED


@pytest.mark.skipif(not is_root, reason="only root can give a file another owner")
def test_set_group_id_bit_survives_keeping_the_group(tmp_path):
    post = make_post(tmp_path / "post.md")
    os.chown(post, 1234, 1234)
    os.chmod(post, 0o2755)  # after chown, which clears it
    write_fixed(str(post), ORIGINAL, FIXED)
    assert stat.S_IMODE(os.stat(post).st_mode) == 0o2755


@pytest.mark.skipif(not hasattr(os, "fchown"), reason="no owners to keep")
def test_owner_that_cannot_be_kept_refuses(tmp_path, monkeypatch):
    post = make_post(tmp_path / "post.md")
    info = os.stat(post)
    fake = os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink,
                           info.st_uid + 1, info.st_gid, info.st_size,
                           info.st_atime, info.st_mtime, info.st_ctime))
    real_lstat = os.lstat
    monkeypatch.setattr(write.os, "lstat",
                        lambda p, **kw: fake if str(p) == str(post) else real_lstat(p, **kw))

    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")
    monkeypatch.setattr(write.os, "fchown", refuse)
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match=r"^cannot keep the owner \(\d+:\d+\)"):
        write_fixed(str(post), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes here")
def test_an_extended_attribute_that_cannot_be_kept_refuses(tmp_path, monkeypatch):
    post = make_post(tmp_path / "post.md")
    try:
        os.setxattr(post, "user.origin", b"cms")
    except OSError:
        pytest.skip("this file system has no user extended attributes")

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")
    monkeypatch.setattr(write.os, "setxattr", refuse)
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match=r"^cannot keep its extended attribute user\.origin"):
        write_fixed(str(post), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


# -- symbolic links --------------------------------------------------------

def test_relative_symlink_written_through_and_kept(tmp_path):
    target = make_post(tmp_path / "real.md")
    link = tmp_path / "post.md"
    link.symlink_to("real.md")
    assert write_fixed(str(link), ORIGINAL, FIXED) == str(target)
    assert os.readlink(link) == "real.md"
    assert target.read_bytes() == FIXED
    assert temporaries(tmp_path) == []


def test_absolute_symlink_into_another_folder(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "store").mkdir()
    target = make_post(tmp_path / "store" / "real.md", mode=0o640)
    link = tmp_path / "posts" / "post.md"
    link.symlink_to(target)
    assert write_fixed(str(link), ORIGINAL, FIXED) == str(target)
    assert os.path.islink(link) and os.readlink(link) == str(target)
    assert target.read_bytes() == FIXED
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert temporaries(tmp_path / "posts") == [] and temporaries(tmp_path / "store") == []


def test_chain_of_relative_links_across_folders(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "store").mkdir()
    target = make_post(tmp_path / "store" / "real.md")
    (tmp_path / "store" / "alias.md").symlink_to("real.md")
    link = tmp_path / "posts" / "post.md"
    link.symlink_to(os.path.join("..", "store", "alias.md"))
    assert write_fixed(str(link), ORIGINAL, FIXED) == str(target)
    assert os.readlink(link) == os.path.join("..", "store", "alias.md")
    assert os.readlink(tmp_path / "store" / "alias.md") == "real.md"
    assert target.read_bytes() == FIXED


def test_dangling_symlink_refused(tmp_path):
    (tmp_path / "post.md").symlink_to("missing.md")
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match="dangling symbolic link"):
        write_fixed(str(tmp_path / "post.md"), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


def test_symlink_loop_refused(tmp_path):
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match="symbolic link loop"):
        write_fixed(str(tmp_path / "a.md"), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


def test_symlink_to_a_folder_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "post.md").symlink_to("folder")
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match="^is a symbolic link to a folder, not a regular file"):
        write_fixed(str(tmp_path / "post.md"), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


# -- refusals --------------------------------------------------------------

def test_hard_linked_file_refused(tmp_path):
    post = make_post(tmp_path / "post.md")
    os.link(post, tmp_path / "copy.md")
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match="^has 2 hard links; attriblint fix would break them"):
        write_fixed(str(post), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before
    assert os.stat(post).st_ino == os.stat(tmp_path / "copy.md").st_ino


def test_changed_meanwhile_refused(tmp_path):
    edited = ORIGINAL + b"The user's new paragraph.\n"
    post = make_post(tmp_path / "post.md", data=edited)
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match="^changed while it was being fixed; not written$"):
        write_fixed(str(post), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


def test_truncated_meanwhile_refused(tmp_path):
    post = make_post(tmp_path / "post.md", data=ORIGINAL[:-1])
    with pytest.raises(WriteError, match="changed while"):
        write_fixed(str(post), ORIGINAL, FIXED)
    assert post.read_bytes() == ORIGINAL[:-1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_refused(tmp_path):
    os.mkfifo(tmp_path / "post.md")
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match="^is a FIFO, not a regular file"):
        write_fixed(str(tmp_path / "post.md"), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


def test_folder_refused(tmp_path):
    (tmp_path / "post.md").mkdir()
    with pytest.raises(WriteError, match="^is a folder"):
        write_fixed(str(tmp_path / "post.md"), ORIGINAL, FIXED)
    assert os.listdir(tmp_path / "post.md") == []


def test_missing_file_refused(tmp_path):
    with pytest.raises(WriteError, match="no such file"):
        write_fixed(str(tmp_path / "post.md"), ORIGINAL, FIXED)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(is_root or not hasattr(os, "geteuid"),
                    reason="root writes into read-only folders; see the failing-rename test")
def test_read_only_folder_refused(tmp_path):
    post = make_post(tmp_path / "post.md")
    os.chmod(tmp_path, 0o555)
    try:
        before = snapshot(tmp_path)
        with pytest.raises(WriteError, match="cannot create a temporary file"):
            write_fixed(str(post), ORIGINAL, FIXED)
        assert snapshot(tmp_path) == before
    finally:
        os.chmod(tmp_path, 0o755)


@pytest.mark.parametrize("step", ["replace", "fsync", "fchmod"])
def test_failing_step_leaves_original_and_no_temporary(tmp_path, monkeypatch, step):
    """A write that fails at any step (a full disk, a read-only mount...)
    leaves the original as it was and removes the temporary file."""
    if not hasattr(os, step):
        pytest.skip(f"no os.{step} here")
    post = make_post(tmp_path / "post.md")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(write.os, step, fail)
    before = snapshot(tmp_path)
    with pytest.raises(WriteError, match="^cannot write: no space left on device; not written$"):
        write_fixed(str(post), ORIGINAL, FIXED)
    assert snapshot(tmp_path) == before


def test_interrupted_write_removes_its_temporary(tmp_path, monkeypatch):
    post = make_post(tmp_path / "post.md")

    def interrupt(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(write.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_fixed(str(post), ORIGINAL, FIXED)
    assert temporaries(tmp_path) == [] and post.read_bytes() == ORIGINAL


def test_temporary_is_hidden_private_and_names_the_writer(tmp_path, monkeypatch):
    """Seen just before the rename: hidden (discovery skips it), mode 0600
    until the original's bits are copied, and recognisable as this process's."""
    post = make_post(tmp_path / "post.md", mode=0o644)
    seen = []
    real_replace = os.replace

    def spy(source, destination):
        seen.append((os.path.basename(source), stat.S_IMODE(os.stat(source).st_mode),
                     open(source, "rb").read()))
        real_replace(source, destination)
    monkeypatch.setattr(write.os, "replace", spy)
    real_open = os.open
    modes = []

    def open_spy(path, flags, mode=0o777, **kwargs):
        if flags & os.O_CREAT:
            modes.append((flags & os.O_EXCL, mode))
        return real_open(path, flags, mode, **kwargs)
    monkeypatch.setattr(write.os, "open", open_spy)
    write_fixed(str(post), ORIGINAL, FIXED)
    [(name, mode, data)] = seen
    assert name.startswith(".post.md.attriblint-") and name.endswith(".tmp")
    assert f"-{os.getpid()}-" in name
    assert (mode, data) == (0o644, FIXED)
    assert modes == [(os.O_EXCL, 0o600)]


def test_very_long_name(tmp_path):
    post = make_post(tmp_path / ("é" * 120 + ".md"))  # 243 bytes: at the name limit
    write_fixed(str(post), ORIGINAL, FIXED)
    assert post.read_bytes() == FIXED


def test_relative_path_in_the_current_folder(tmp_path, monkeypatch):
    make_post(tmp_path / "post.md")
    monkeypatch.chdir(tmp_path)
    assert write_fixed("post.md", ORIGINAL, FIXED) == "post.md"
    assert (tmp_path / "post.md").read_bytes() == FIXED
    assert temporaries(tmp_path) == []


# -- stale temporaries -----------------------------------------------------

def stale_name(pid, name="post.md"):
    return f".{name}.attriblint-{pid}-0123abcd.tmp"


def test_stale_temporaries_of_dead_writers_removed(tmp_path):
    pid = dead_pid()
    for name in (stale_name(pid), stale_name(pid, "other.html")):
        (tmp_path / name).write_bytes(b"half a post")
    assert remove_stale_temporaries(str(tmp_path)) == sorted(
        [stale_name(pid), stale_name(pid, "other.html")])
    assert os.listdir(tmp_path) == []


def test_temporary_of_a_live_writer_kept(tmp_path):
    (tmp_path / stale_name(os.getpid())).write_bytes(b"being written")
    assert remove_stale_temporaries(str(tmp_path)) == []
    assert os.listdir(tmp_path) == [stale_name(os.getpid())]


def test_user_files_never_removed(tmp_path):
    pid = dead_pid()
    names = [".x.md.tmp", "notes.attriblint.md", "post.md",
             f"post.md.attriblint-{pid}-0123abcd.tmp",       # not hidden
             f".post.md.attriblint-{pid}-0123abcd.tmp.bak",  # another suffix
             f".post.md.attriblint-{pid}-xyz.tmp",           # not our random part
             ".post.md.attriblint-0-0123abcd.tmp",           # no such pid
             f".attriblint-{pid}-0123abcd.tmp"]              # no name
    for name in names:
        (tmp_path / name).write_bytes(b"mine")
    (tmp_path / stale_name(pid, "folder")).mkdir()
    (tmp_path / stale_name(pid, "link")).symlink_to("post.md")
    before = snapshot(tmp_path)
    assert remove_stale_temporaries(str(tmp_path)) == []
    assert snapshot(tmp_path) == before


def test_unlistable_folder_has_nothing_to_remove(tmp_path):
    assert remove_stale_temporaries(str(tmp_path / "missing")) == []


def test_temporary_left_by_a_killed_writer_is_recognised(tmp_path):
    """The name write_fixed really uses is the one the cleanup recognises:
    a child process killed just before its rename leaves one behind."""
    make_post(tmp_path / "post.md")
    script = (
        "import os, signal, sys\n"
        "from attriblint.fixing import write\n"
        "write.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "write.write_fixed(sys.argv[1], open(sys.argv[1], 'rb').read(), b'fixed')\n")
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "post.md")], check=False)
    [left] = temporaries(tmp_path)
    targets, _ = discover([str(tmp_path)], ConfigFinder())
    assert [os.path.basename(t.path) for t in targets] == ["post.md"]  # never linted
    assert remove_stale_temporaries(str(tmp_path)) == [left]
    assert os.listdir(tmp_path) == ["post.md"]
    assert (tmp_path / "post.md").read_bytes() == ORIGINAL
