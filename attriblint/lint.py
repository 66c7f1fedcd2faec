"""The pipeline for one file: read, gate, parse, identify, check.

Pure apart from reading the file: ``lint_bytes`` takes the bytes and returns
findings, so tests and other drivers (a crawl, a pool) can feed it.

One file never stops the run.  ``lint_file`` reads only regular files, up to
a size limit, and turns whatever goes wrong with one file into a finding for
that file: AL001 (not UTF-8), AL002 (front matter), AL003 (not read) or
AL009 (an error in attriblint itself).  ``lint_files`` does the same for a
worker process that dies: the file that killed it gets AL009 and every
other file is still checked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import suppress
from .kinds import kinds
from .discover import Target
from .files import FileNotRead, read_regular_file
from .findings import Finding
from .gate import Gate
from .document import Document
from .identify import Applies, applies_by_metadata, fields, identify
from .readers import ReadError, read_document
from .rules import Rule
from .selection import Selection
from .settings import Settings
from .source import DecodeError, LineIndex, decode

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Blog posts and built pages are kilobytes; a file this large is not a post
# (and would take seconds and hundreds of megabytes to check).
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

# Every suppression (comment or front-matter key) contains it: a post that
# names no publisher is still read when it has one, so that a malformed or
# unused suppression is reported whatever the post is about.
SUPPRESSION_MARK = b"attriblint"

# How long the message of an internal error may be in a finding.
_MAX_ERROR_TEXT = 300


@dataclass(frozen=True)
class Checked:
    """A parsed document's findings, and the rules that apply to it (and why)."""

    findings: list[Finding]
    applied: tuple[Applies, ...]


@dataclass(frozen=True)
class Linter:
    """The loaded rules, with a cheap gate built from them.

    The gate (``attriblint/gate.py``) looks at a file's bytes for any
    rule's publisher names or domains.  A post in which none appears cannot
    be a repost under that rule: it is not decoded, not parsed, and not
    reported even if it is not UTF-8.  Most posts in a blog are not reposts.
    """

    rules: tuple[Rule, ...]
    gate: Gate
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    settings: Settings = Settings()

    @classmethod
    def from_rules(cls, rules: list[Rule], max_file_size: int = DEFAULT_MAX_FILE_SIZE,
                   settings: Settings | None = None) -> "Linter":
        settings = settings or Settings()
        return cls(tuple(rules), Gate.from_rules(rules, settings.fields), max_file_size, settings)

    def lint_file(self, target: Target) -> list[Finding]:
        """Findings for one file; never raises (a failure is a finding for the file)."""
        try:
            return self._read_and_lint(target)
        except Exception as error:  # a bug in attriblint: report it, check the other files
            return [internal_error_finding(target.path, error)]

    def _read_and_lint(self, target: Target) -> list[Finding]:
        if target.problem:
            return [_input_finding(target.path, 1, 1, "AL003", target.problem)]
        try:
            data = read_regular_file(target.path, self.max_file_size)
        except FileNotRead as error:
            return [_input_finding(target.path, 1, 1, "AL003", str(error))]
        return self.lint_bytes(target.path, target.kind, data)

    def lint_bytes(self, path: str, kind: str, data: bytes) -> list[Finding]:
        """Findings for a file's bytes.  Decode and front-matter errors are
        findings; any other exception escapes (``lint_file`` catches it)."""
        candidates = self.gate.candidates(data)
        if not candidates and SUPPRESSION_MARK not in data:
            return []  # no rule can apply, and no suppression to check
        try:
            source = decode(data, html=kind == "html")
        except DecodeError as error:
            return [_input_finding(path, error.line, error.column, "AL001", str(error))]
        text = source.text
        if kind == "markdown" and SUPPRESSION_MARK not in data \
                and all(rule.detect_licences for rule in candidates) \
                and not self._may_apply_by_front_matter(text, candidates):
            return []
        try:
            document = read_document(path, kind, text)
        except ReadError as error:
            where = LineIndex(text).position(error.offset)
            return [_input_finding(path, where.line, where.column, "AL002", str(error))]
        return self.check_document(document, candidates).findings

    def check_document(self, document: Document, rules: list[Rule],
                       assumed: dict[str, Applies] | None = None) -> Checked:
        """Which of ``rules`` apply to a parsed document, and its findings.

        ``assumed`` gives, by rule id, how a rule applies when
        :func:`~attriblint.identify.identify` finds no evidence of its own:
        an audit's near copy of an original, with every credit stripped.
        """
        findings: list[Finding] = []
        applied: list[Applies] = []
        checks = kinds()
        meta = fields(document.meta)
        for rule in rules:
            applies = identify(document, rule, self.settings, meta)
            if applies is None and assumed:
                applies = assumed.get(rule.id)
            if applies is None:
                continue
            applied.append(applies)
            for requirement in rule.requirements:
                findings.extend(checks[requirement.kind].check(document, requirement, applies))
        selection = Selection(self.settings)
        findings = suppress.apply(document, findings, selection.wants("AL011", "suppression"))
        return Checked(sorted(selection.apply(findings, document.path)), tuple(applied))


    def _may_apply_by_front_matter(self, text: str, candidates: list[Rule]) -> bool:
        """Whether a post's front matter lets a licence rule apply.

        Licence rules apply through metadata alone, and "license" and
        "source" are common words, so many posts pass the gate for them
        alone: their front matter (much cheaper than the whole post) settles
        it.  Broken front matter is left to the full read, which reports it.
        """
        from .readers.frontmatter import split_front_matter

        try:
            meta = split_front_matter(text).meta
        except ReadError:
            return True
        return any(applies_by_metadata(meta, rule, self.settings) for rule in candidates)


def internal_error_finding(path: str, error: BaseException) -> Finding:
    """AL009 for an exception attriblint did not expect: one line, naming it."""
    return _internal_error(path, f"internal error ({one_line(error)})")


def one_line(error: BaseException) -> str:
    """An exception as one line: its type, and its message cut short."""
    text = " ".join(str(error).split())
    if len(text) > _MAX_ERROR_TEXT:
        text = text[:_MAX_ERROR_TEXT] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _internal_error(path: str, what: str) -> Finding:
    return _input_finding(path, 1, 1, "AL009",
                          f"{what}; this file was not checked; this is a bug in attriblint, "
                          "please report it ('attriblint explain AL009' says how)")


# Below this many files, starting worker processes costs more than it saves.
POOL_THRESHOLD = 256


def lint_files(linter: Linter, targets: list[Target], jobs: int | None = None,
               advance: Callable[[int], object] | None = None) -> list[Finding]:
    """Lint every target; files are independent, so many go to a process pool.

    If a worker process dies (a crash in a native library, the kernel's
    out-of-memory killer), the findings of the work already finished are
    kept and the unfinished files are checked again one at a time, each in
    a worker of its own, so that the file that kills a worker is known.
    """
    advance = advance or _nothing
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(targets) < POOL_THRESHOLD:
        findings = []
        for target in targets:
            findings.extend(linter.lint_file(target))
            advance(1)
        return sorted(findings)
    findings, unfinished = _lint_in_pool(linter, targets, jobs, advance)
    findings.extend(_lint_one_at_a_time(linter, unfinished))
    advance(len(unfinished))
    return sorted(findings)


def _nothing(count: int) -> None:
    pass


def _lint_in_pool(linter: Linter, targets: list[Target], jobs: int,
                  advance: Callable[[int], object]) -> tuple[list[Finding], list[Target]]:
    """Findings of the chunks of files finished, and the files of those that were not."""
    # Some 8 chunks per worker, for balance, but never more than 256 files:
    # a chunk's files and findings are held (and pickled) at once, and a
    # worker's memory should not grow with the size of the blog.
    size = min(max(16, len(targets) // (jobs * 8)), 256)
    chunks = [targets[i:i + size] for i in range(0, len(targets), size)]
    findings: list[Finding] = []
    unfinished: list[Target] = []
    with _pool(linter, jobs) as pool:
        futures = [(pool.submit(_lint_chunk_in_worker, chunk), chunk) for chunk in chunks]
        for future, chunk in futures:
            try:
                findings.extend(future.result())
                advance(len(chunk))
            except Exception:  # the pool broke (a worker died): check these files again
                unfinished.extend(chunk)
    return findings, unfinished


def _lint_one_at_a_time(linter: Linter, targets: list[Target]) -> list[Finding]:
    """Each file in a one-worker pool, one at a time: a worker that dies names its file."""
    findings: list[Finding] = []
    pool = None
    try:
        for target in targets:
            if pool is None:
                pool = _pool(linter, 1)
            try:
                findings.extend(pool.submit(_lint_in_worker, target).result())
            except Exception as error:
                findings.append(_worker_failure(target.path, error))
                pool.shutdown()
                pool = None
    finally:
        if pool is not None:
            pool.shutdown()
    return findings


def _pool(linter: Linter, workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers hold ``linter`` and die with this process."""
    return forked_pool(workers, _start_worker, linter, os.getpid())


def forked_pool(workers: int, initializer: Callable[..., object],
                *initargs: object) -> ProcessPoolExecutor:
    """A process pool whose workers start with ``initializer(*initargs)``.

    On Linux the workers are forked, so what they hold (rules, an audit's
    originals) is inherited rather than pickled, and each worker's parent is
    this process (which is what ``die_with_parent`` checks; under Python
    3.14's default "forkserver" it would be the server).

    A forked worker shares the parent's memory until it writes to it, and
    the garbage collector writes to every object it examines: the first
    full collection in a worker would copy the parent's whole heap (the
    list of 50,000 files to check, say) into it.  Each worker therefore
    first moves what it inherited out of the collector's reach.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_forked,
                               initargs=(initializer, *initargs))


def _start_forked(initializer: Callable[..., object], *initargs: object) -> None:
    import gc

    gc.freeze()  # inherited objects: never examined, so never copied (see forked_pool)
    initializer(*initargs)


def _worker_failure(path: str, error: Exception) -> Finding:
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(error, BrokenProcessPool):
        return _internal_error(path, "internal error (the worker process died while "
                                     "checking this file)")
    return internal_error_finding(path, error)


_worker_linter: Linter | None = None


def _start_worker(linter: Linter, parent: int) -> None:
    global _worker_linter  # one per worker process, set once at its start
    _worker_linter = linter
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Have Linux kill this worker when the process that started it dies.

    Without it, killing attriblint (SIGKILL, an OOM kill) leaves its workers
    running.  Elsewhere, or if ``prctl`` cannot be called, nothing is done.
    ``parent`` is the pid that started the pool: if it died between the fork
    and ``prctl``, this process has been re-parented already and exits.  (Asking
    ``multiprocessing.parent_process().is_alive()`` instead is wrong: a sibling
    forked later holds a copy of the pipe it watches, so a dead parent looks
    alive.)
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _lint_in_worker(target: Target) -> list[Finding]:
    assert _worker_linter is not None
    return _worker_linter.lint_file(target)


def _lint_chunk_in_worker(chunk: list[Target]) -> list[Finding]:
    assert _worker_linter is not None
    return [f for target in chunk for f in _worker_linter.lint_file(target)]


def _input_finding(path: str, line: int, column: int, code: str, message: str) -> Finding:
    return Finding(path, line, column, code, "attriblint", "input", "error", message, line, column)
