"""The pipeline for one file: read, gate, parse, identify, check.

Pure apart from reading the file: ``lint_text`` takes the bytes and returns
findings, so tests and other drivers (a crawl, a pool) can feed it.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from typing import Iterable

from .checks import CHECKS
from .discover import Target
from .findings import Finding
from .identify import identify
from .readers import ReadError, read_document
from .rules import Rule
from .source import DecodeError, LineIndex, decode


@dataclass(frozen=True)
class Linter:
    """The loaded rules, with a cheap gate built from them.

    The gate is one search of the file's bytes for any rule's publisher
    names or domains (spaces, ``&nbsp;`` and line breaks between words
    allowed).  A post in which no rule's name or domain appears cannot be a
    repost under that rule: it is not decoded, not parsed, and not reported
    even if it is not UTF-8.  Most posts in a blog are not reposts.
    """

    rules: tuple[Rule, ...]
    gates: tuple[re.Pattern[str], ...]
    byte_gates: tuple[re.Pattern[bytes], ...]

    @classmethod
    def from_rules(cls, rules: list[Rule]) -> "Linter":
        gates = tuple(_gate(rule) for rule in rules)
        return cls(tuple(rules), gates,
                   tuple(re.compile(g.pattern.encode(), re.IGNORECASE) for g in gates))

    def lint_file(self, target: Target) -> list[Finding]:
        try:
            with open(target.path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            return [_input_finding(target.path, 1, 1, "AL001",
                                   f"cannot read file: {error.strerror}")]
        return self.lint_bytes(target.path, target.kind, data)

    def lint_bytes(self, path: str, kind: str, data: bytes) -> list[Finding]:
        wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
        if not wide:  # UTF-8 or ASCII-compatible: the names are searchable as bytes
            candidates = [r for r, gate in zip(self.rules, self.byte_gates) if gate.search(data)]
            if not candidates:
                return []
        try:
            source = decode(data)
        except DecodeError as error:
            return [_input_finding(path, error.line, error.column, "AL001", str(error))]
        text = source.text
        if wide:
            candidates = [r for r, gate in zip(self.rules, self.gates) if gate.search(text)]
            if not candidates:
                return []
        try:
            document = read_document(path, kind, text)
        except ReadError as error:
            where = LineIndex(text).position(error.offset)
            return [_input_finding(path, where.line, where.column, "AL002", str(error))]
        findings: list[Finding] = []
        for rule in candidates:
            applies = identify(document, rule)
            if applies is None:
                continue
            for requirement in rule.requirements:
                findings.extend(CHECKS[requirement.kind](document, requirement, applies))
        return sorted(findings)


# Below this many files, starting worker processes costs more than it saves.
POOL_THRESHOLD = 256


def lint_files(linter: Linter, targets: list[Target], jobs: int | None = None) -> list[Finding]:
    """Lint every target; files are independent, so many go to a process pool."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(targets) < POOL_THRESHOLD:
        return sorted(f for target in targets for f in linter.lint_file(target))
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(16, len(targets) // (jobs * 8))
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(linter,)) as pool:
        results: Iterable[list[Finding]] = pool.map(_lint_in_worker, targets, chunksize=chunk)
        return sorted(f for findings in results for f in findings)


_worker_linter: Linter | None = None


def _start_worker(linter: Linter) -> None:
    global _worker_linter  # one per worker process, set once at its start
    _worker_linter = linter


def _lint_in_worker(target: Target) -> list[Finding]:
    assert _worker_linter is not None
    return _worker_linter.lint_file(target)


def _gate(rule: Rule) -> re.Pattern[str]:
    space = r"(?:\s|&nbsp;|&#160;|&#x[aA]0;)+"
    names = [space.join(re.escape(word) for word in name.split()) for name in rule.names]
    terms = names + [re.escape(domain) for domain in rule.domains]
    return re.compile("|".join(terms), re.IGNORECASE)


def _input_finding(path: str, line: int, column: int, code: str, message: str) -> Finding:
    return Finding(path, line, column, code, "attriblint", "input", "error", message, line, column)
