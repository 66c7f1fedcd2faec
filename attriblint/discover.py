"""Which files to lint: the paths given, folders walked, by file kind.

Every path the run is asked about ends up as a :class:`Target`: a file to
read, or a path that could not be looked at (a folder that cannot be
listed), which carries its ``problem`` so that it is reported as a finding
instead of being skipped in silence.  Symlinked folders inside a walked
folder are not followed, so a link loop cannot make the walk endless.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from .config import Config, ConfigFinder
from .files import FileNotRead, describe_os_error, read_regular_file
from .readers import KINDS

# Folders that never hold posts to lint, besides hidden ones (.git, .venv,
# .jekyll-cache ...), which are always skipped.
SKIP_DIRS = frozenset({"venv", "node_modules", "__pycache__"})

GITIGNORE = ".gitignore"
_GITIGNORE_LIMIT = 10 * 1024 * 1024  # git itself reads no larger

# The kind of a target that is a folder attriblint could not list.
FOLDER = "folder"


class UsageError(Exception):
    """A problem with what the user asked for (exit code 2)."""


@dataclass(frozen=True, slots=True)  # a run may hold 50,000 of them
class Target:
    """A file to check, as discovery found it (or a path it could not look at)."""

    path: str  # as the user will see it
    kind: str  # markdown, html, text (or FOLDER for a folder that could not be listed)
    problem: str = ""  # why the path could not be looked at, when it could not


def discover(paths: list[str], finder: ConfigFinder | None = None,
             ) -> tuple[list[Target], list[str]]:
    """Files to lint, and the named files skipped because of their kind.

    Folders are walked (hidden folders and tool caches skipped) for files
    of a known kind; a file named explicitly is linted when its kind is
    known, whatever sort of file it is (the reader refuses what is not a
    regular file).  A folder that cannot be listed becomes a target with a
    ``problem``.  A path that does not exist is a :class:`UsageError`.

    Each file's configuration (from ``finder``; the nearest one by default)
    decides further: a file is linted only when it matches its ``include``
    globs (if any) and no ``exclude`` glob, both relative to the
    configuration's folder; ``exclude`` applies to named files too (as
    pre-commit names them).  When walking, folders matching ``exclude`` are
    not entered, and what ``.gitignore`` files ignore is left out unless the
    configuration says ``gitignore: false``.  A broken configuration raises
    its :class:`~attriblint.config.ConfigError`.
    """
    finder = finder if finder is not None else ConfigFinder()
    rules = _Filter(finder)
    targets: list[Target] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for given in paths:
        try:
            mode = os.stat(given).st_mode
        except (FileNotFoundError, NotADirectoryError):
            raise UsageError(f"{given}: no such file or folder") from None
        except OSError as error:
            _add(targets, seen, Target(given, KINDS.get(_suffix(given), "unknown"),
                                       f"cannot look at it: {describe_os_error(error)}"))
            continue
        if stat.S_ISDIR(mode):
            if not rules.excluded(os.path.abspath(given), is_folder=True):
                for target in _walk(given, rules):
                    _add(targets, seen, target)
        elif kind := KINDS.get(_suffix(given)):
            if rules.wanted_by_name(os.path.abspath(given)):
                _add(targets, seen, Target(given, kind))
        else:
            skipped.append(given)
    return targets, skipped


def is_wanted(path: str, finder: ConfigFinder) -> bool:
    """Whether a file named on the command line (or standing in for standard
    input) is linted, by its configurations' include and exclude."""
    return _Filter(finder).wanted_by_name(os.path.abspath(path))


def _walk(folder: str, rules: _Filter):
    """Targets in a folder: files of a known kind, and folders that cannot be listed.

    Paths are matched in absolute form, built by joining names onto the
    walked folder's absolute path once (``os.path`` calls per file cost more
    than the matching itself on a 5,000-file blog)."""
    unreadable: list[OSError] = []
    ignores = _GitIgnores(folder)
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        yield from _unlistable(unreadable)
        here = os.path.abspath(root) + os.sep
        if GITIGNORE in files:
            ignores.read(here[:-1])
        gitignore = rules.finder.for_folder(here[:-1]).gitignore
        dirs[:] = sorted(
            d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
            and not rules.excluded(here + d, is_folder=True)
            and not (gitignore and ignores.ignored(here + d, is_folder=True)))
        for name in sorted(files):
            if (kind := KINDS.get(_suffix(name))) and rules.wanted(here + name) \
                    and not (gitignore and ignores.ignored(here + name, is_folder=False)):
                yield Target(os.path.join(root, name), kind)
    yield from _unlistable(unreadable)


class _Filter:
    """Which paths their configuration's ``include`` and ``exclude`` leave
    out; each configuration's globs are compiled once per run, and only
    when it has some (pathspec is imported only then).  Paths are absolute."""

    def __init__(self, finder: ConfigFinder) -> None:
        self.finder = finder
        # (id of a configuration, include | exclude | root) -> compiled globs | folder
        self._specs: dict[tuple[int, str], object] = {}

    def wanted(self, path: str) -> bool:
        """Whether the file ``path`` is linted: included and not excluded."""
        config = self.finder.for_folder(os.path.dirname(path))
        if not (config.include or config.exclude):
            return True
        relative = _relative(path, self._root(config))
        if relative is None:  # outside the configuration's folder
            return True
        if config.include and not self._spec(config, "include").match_file(relative):
            return False
        return not (config.exclude and self._spec(config, "exclude").match_file(relative))

    def wanted_by_name(self, path: str) -> bool:
        """Whether a file named on the command line (as pre-commit names
        them) is linted: as when a walk from the top finds it, so that
        pre-commit and a CI run over the whole blog check the same files.
        A walk does not enter an excluded folder, so a file below one is
        excluded whatever the configurations below it say (as in git, a
        file cannot be re-included from an excluded folder)."""
        if not self.wanted(path):
            return False
        folder = os.path.dirname(path)
        while os.path.dirname(folder) != folder:
            if self.excluded(folder, is_folder=True):
                return False
            folder = os.path.dirname(folder)
        return True

    def excluded(self, folder: str, is_folder: bool) -> bool:
        """Whether ``exclude`` of the configuration governing where ``folder``
        is listed leaves it out (a folder's own configuration cannot
        exclude the folder itself)."""
        config = self.finder.for_folder(os.path.dirname(folder))
        if not config.exclude:
            return False
        relative = _relative(folder, self._root(config))
        if relative is None:
            return False
        return self._spec(config, "exclude").match_file(relative + "/" if is_folder else relative)

    def _root(self, config: Config) -> str | None:
        """The configuration's folder, ending with a separator."""
        key = (id(config), "root")
        if key not in self._specs:
            self._specs[key] = os.path.join(str(config.root), "") if config.root else None
        return self._specs[key]

    def _spec(self, config: Config, which: str):
        key = (id(config), which)
        if key not in self._specs:
            self._specs[key] = _compile(getattr(config, which))
        return self._specs[key]


def _compile(patterns) -> object:
    from .globs import compile_globs

    return compile_globs(tuple(patterns))


def _relative(path: str, prefix: str | None) -> str | None:
    """The absolute ``path`` relative to the folder ``prefix`` (ending with a
    separator) with "/" separators, or None when it is not strictly inside
    it (or there is no folder)."""
    if prefix is None:
        return None
    if not path.startswith(prefix):  # the folder itself has no trailing separator
        return None
    return path[len(prefix):].replace(os.sep, "/")


class _GitIgnores:
    """The ``.gitignore`` files that govern one walk: those of the walked
    folders, those of their parents up to the repository's root (the folder
    holding ``.git``) and ``.git/info/exclude``.  A deeper file's patterns
    win over a shallower one's, the last matching pattern of a file wins,
    and a ``!pattern`` re-includes; what is ignored is never entered, as
    git does.  A walk of a folder that these files ignore (named on the
    command line) leaves out only what the files below it ignore."""

    def __init__(self, folder: str) -> None:
        self._specs: dict[str, list] = {}  # folder (absolute) -> its patterns, first wins
        start = os.path.abspath(folder)
        repository = _repository_root(start)
        if repository is None:
            return
        for parent in _folders_between(repository, start):
            self._add(parent, os.path.join(parent, GITIGNORE))
        self._add(repository, os.path.join(repository, ".git", "info", "exclude"), lowest=True)
        if self.ignored(start, is_folder=True):
            self._specs.clear()

    def read(self, folder: str) -> None:
        """Take in the ``.gitignore`` of a walked folder (absolute)."""
        self._add(folder, os.path.join(folder, GITIGNORE))

    def ignored(self, path: str, is_folder: bool) -> bool:
        """Whether the absolute ``path`` is ignored."""
        if not self._specs:
            return False
        end = path.rfind(os.sep)
        while end > 0:  # each folder above path, deepest first
            for spec in self._specs.get(path[:end], ()):
                relative = path[end + 1:].replace(os.sep, "/")
                result = spec.check_file(relative + "/" if is_folder else relative)
                if result.include is not None:
                    return result.include
            end = path.rfind(os.sep, 0, end)
        return False

    def _add(self, folder: str, file: str, lowest: bool = False) -> None:
        try:  # a regular file only: a FIFO named .gitignore must not hang the walk
            data = read_regular_file(file, _GITIGNORE_LIMIT, what="size limit of .gitignore")
        except FileNotRead:  # no such file, unreadable, not a file: nothing to honour
            return
        lines = data.decode("utf-8-sig", errors="replace").splitlines()
        if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
            return
        specs = self._specs.setdefault(folder, [])
        # .git/info/exclude ranks below the root's .gitignore
        specs.insert(len(specs) if lowest else 0, _compile(lines))


def _repository_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding ``.git`` (a folder,
    or a file in worktrees and submodules)."""
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _folders_between(top: str, bottom: str) -> list[str]:
    """``top`` and the folders below it down to ``bottom``'s parent, top first
    (``bottom``'s own .gitignore is read when the walk enters it)."""
    folders = []
    folder = os.path.dirname(bottom) if bottom != top else None
    while folder is not None:
        folders.append(folder)
        if folder == top:
            break
        parent = os.path.dirname(folder)
        folder = parent if parent != folder else None
    if not folders or folders[-1] != top:
        return []
    return folders[::-1]


def _unlistable(errors: list[OSError]):
    while errors:
        error = errors.pop(0)
        yield Target(error.filename, FOLDER, f"cannot list folder: {describe_os_error(error)}")


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _add(targets: list[Target], seen: set[str], target: Target) -> None:
    key = os.path.normpath(target.path)
    if key not in seen:
        seen.add(key)
        targets.append(Target(key, target.kind, target.problem))
