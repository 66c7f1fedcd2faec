"""Paths as code-scanning services want them, and identities that survive
edits: both for SARIF and GitLab reports."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from urllib.parse import quote

from ..findings import Finding
from .escaping import path_bytes


def repository_path(path: str, root: str | None) -> str:
    """``path`` relative to ``root`` (default: the current directory), with
    ``/`` separators; an absolute path when it lies outside ``root``."""
    base = os.path.abspath(root if root is not None else os.curdir)
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, base)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def repository_paths(findings: list[Finding], root: str | None) -> dict[str, str]:
    """``repository_path`` of each path the findings name, computed once per file."""
    return {path: repository_path(path, root) for path in {f.path for f in findings}}


def uri_reference(path: str) -> str:
    """A relative or ``file:`` URI for ``path``: every byte that is not an
    unreserved character or ``/`` is percent-encoded, so a name that is not
    UTF-8 (or holds ``#``, ``?``, ``%``, spaces) is still a valid URI."""
    encoded = quote(path_bytes(path), safe="/")
    return "file://" + encoded if path.startswith("/") else encoded


def fingerprints(findings: list[Finding], root: str | None) -> list[str]:
    """A stable identity for each finding: a hash of its path (relative to
    ``root``), code, rule and message, and of how many identical findings
    come before it in the file — not of its line, so that an edit above a
    finding does not make it look new."""
    paths = repository_paths(findings, root)
    seen: Counter[tuple[str, str, str, str]] = Counter()
    identities = []
    for finding in findings:
        key = (paths[finding.path], finding.code, finding.rule, finding.message)
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256()
        for part in (*key, str(occurrence)):
            digest.update(part.encode("utf-8", "surrogatepass"))  # any str, even undecodable
            digest.update(b"\0")
        identities.append(digest.hexdigest()[:32])
    return identities
