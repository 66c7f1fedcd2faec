"""Writing a fixed file without ever damaging it.

The fixed bytes go to a temporary file in the same folder, which is synced
and given the original's permission bits and owner, then renamed over the
original: a reader (or a crash, or SIGKILL) sees either the old file or the
new one, never a mix.  A symbolic link is written through to its target and
stays a link.  Anything attriblint cannot replace without changing more than
the contents (a file with several hard links, an owner it cannot give the
new file, a FIFO) is refused with :class:`WriteError`, and the file is left
as it was.

A process killed between creating its temporary file and renaming it leaves
the temporary behind; its name embeds the writer's pid so that
:func:`remove_stale_temporaries` can tell an abandoned one from one still
being written by a live ``attriblint fix``.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat

from ..files import describe_os_error


class WriteError(Exception):
    """A fixed file that was not written; the one-line message says why,
    without the path (the caller names it).  The file is left as it was."""


# .NAME.attriblint-PID-RANDOM.tmp: hidden, and with a suffix discovery never
# lints.  NAME is the original's name, shortened so the whole name stays
# within the usual 255-byte limit even in a 4-byte-per-character script.
_TEMP_MARK = ".attriblint-"
_TEMP_SUFFIX = ".tmp"
_NAME_CHARS = 50
_RANDOM_BYTES = 4
_TEMP_NAME = re.compile(
    r"\.(?P<name>.+)" + re.escape(_TEMP_MARK)
    + r"(?P<pid>[1-9][0-9]{0,9})-[0-9a-f]{%d}" % (2 * _RANDOM_BYTES)
    + re.escape(_TEMP_SUFFIX),
    re.DOTALL)
_CREATE_ATTEMPTS = 5
_OPEN_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_fixed(path: str, original: bytes, fixed: bytes) -> str:
    """Replace the contents of the file at ``path`` (as given by the user)
    with ``fixed``, atomically; return the path actually written (the
    symlink's final target for a symlink, else ``path``).

    ``original`` is what the file held when it was read: if it holds
    something else now, nothing is written.  When ``fixed`` equals
    ``original`` nothing is written either (the file keeps its mtime)."""
    target = _resolve(path)
    if fixed == original:
        return target
    info = _replaceable(path, target)
    folder = os.path.dirname(target) or os.curdir
    temporary = _create_temporary(folder, os.path.basename(target))
    try:
        _fill(temporary, fixed, info, target)
        if not _holds(target, original):
            raise WriteError("changed while it was being fixed; not written")
        os.replace(temporary, target)
    except BaseException as error:
        _remove_quietly(temporary)
        if isinstance(error, OSError):
            raise WriteError(f"cannot write: {describe_os_error(error)}; not written") from None
        raise
    _sync_folder(folder)
    return target


def remove_stale_temporaries(folder: str) -> list[str]:
    """Delete temporary files a killed ``attriblint fix`` left in ``folder``;
    return their names, sorted.

    Only regular files named exactly as :func:`write_fixed` names them, whose
    writer's pid is no longer running, are deleted; a temporary of a live
    process (perhaps another ``attriblint fix`` at work) is kept, and so is
    anything that cannot be checked.  A folder that cannot be listed has
    nothing to delete."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    removed = []
    for name in sorted(names):
        match = _TEMP_NAME.fullmatch(name)
        if match and not _running(int(match["pid"])) and _remove_stale(os.path.join(folder, name)):
            removed.append(name)
    return removed


def _resolve(path: str) -> str:
    """``path``, or for a symbolic link its final target; a dangling link or
    a loop is a :class:`WriteError`."""
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return path
    except OSError as error:
        raise WriteError(f"cannot write: {describe_os_error(error)}; not written") from None
    try:
        os.stat(path)  # follows the whole chain: fails on a dangling link or a loop
    except OSError as error:
        raise WriteError(_unreachable(error)) from None
    return os.path.realpath(path)


def _unreachable(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link loop; not written"
    if isinstance(error, FileNotFoundError):
        return "is a dangling symbolic link (its target does not exist); not written"
    return f"cannot write: {describe_os_error(error)}; not written"


def _replaceable(path: str, target: str) -> os.stat_result:
    """The status of ``target`` when replacing it changes nothing but its
    contents; otherwise a :class:`WriteError` saying why."""
    try:
        info = os.lstat(target)
    except OSError as error:
        raise WriteError(f"cannot write: {describe_os_error(error)}; not written") from None
    if not stat.S_ISREG(info.st_mode):
        what = "is a symbolic link to" if target != path else "is"
        raise WriteError(f"{what} {_file_type(info.st_mode)}, not a regular file; not written")
    if info.st_nlink > 1:
        raise WriteError(f"has {info.st_nlink} hard links; attriblint fix would break them;"
                         " not written")
    return info


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "something else"


def _temporary_name(name: str) -> str:
    return (f".{name[:_NAME_CHARS]}{_TEMP_MARK}{os.getpid()}-"
            f"{secrets.token_hex(_RANDOM_BYTES)}{_TEMP_SUFFIX}")


def _create_temporary(folder: str, name: str) -> str:
    """A new, empty file of mode 0600 next to the one it will replace."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | _OPEN_FLAGS
    for _ in range(_CREATE_ATTEMPTS):
        temporary = os.path.join(folder, _temporary_name(name))
        try:
            os.close(os.open(temporary, flags, 0o600))
            return temporary
        except FileExistsError:
            continue
        except OSError as error:
            raise WriteError(f"cannot create a temporary file in its folder: "
                             f"{describe_os_error(error)}; not written") from None
    raise WriteError("cannot create a temporary file in its folder: every name tried exists;"
                     " not written")


def _fill(temporary: str, data: bytes, original: os.stat_result, original_path: str) -> None:
    """Write ``data`` to ``temporary``, give it the original's owner,
    extended attributes (ACLs, labels) and permission bits, and sync it.
    The owner is set before the mode (chown clears the set-user-id and
    set-group-id bits) and both before the sync, so that the synced inode
    is the final one."""
    with open(os.open(temporary, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | _OPEN_FLAGS),
              "wb") as handle:
        handle.write(data)
        handle.flush()
        _keep_owner(handle.fileno(), original)
        _keep_attributes(handle.fileno(), original_path)
        if hasattr(os, "fchmod"):
            os.fchmod(handle.fileno(), stat.S_IMODE(original.st_mode))
        else:  # Windows before Python 3.13: only the read-only bit exists
            os.chmod(temporary, stat.S_IMODE(original.st_mode))
        os.fsync(handle.fileno())


def _keep_attributes(fd: int, original_path: str) -> None:
    """Copy the original's extended attributes (user.*, POSIX ACLs, SELinux
    labels) to the new copy; one that cannot be copied stops the write."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(original_path, follow_symlinks=False)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            return  # the file system has none
        raise WriteError(f"cannot read its extended attributes: {describe_os_error(error)}; "
                         f"not written") from None
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(original_path, name, follow_symlinks=False))
        except OSError as error:
            raise WriteError(f"cannot keep its extended attribute {name}: "
                             f"{describe_os_error(error)}; not written") from None


def _keep_owner(fd: int, original: os.stat_result) -> None:
    if not hasattr(os, "fchown"):
        return
    mine = os.fstat(fd)
    uid = original.st_uid if original.st_uid != mine.st_uid else -1
    gid = original.st_gid if original.st_gid != mine.st_gid else -1
    if uid == -1 and gid == -1:
        return
    try:
        os.fchown(fd, uid, gid)
    except OSError as error:
        raise WriteError(f"cannot keep the owner ({original.st_uid}:{original.st_gid}) on a new"
                         f" copy: {describe_os_error(error)}; not written") from None


def _holds(path: str, expected: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``expected`` now."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | _OPEN_FLAGS
    try:
        with open(os.open(path, flags), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return False
            return handle.read(len(expected) + 1) == expected
    except OSError:
        return False


def _sync_folder(folder: str) -> None:
    """Make the rename durable; where a folder cannot be opened (Windows)
    or synced, the rename has still happened, so this is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _OPEN_FLAGS)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists; when that cannot be told, yes (keep
    its file).  On Windows ``os.kill`` would terminate it, so it is not asked."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # PermissionError: another user's live process
        return True
    return True


def _remove_stale(path: str) -> bool:
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        os.unlink(path)
    except OSError:
        return False
    return True


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
