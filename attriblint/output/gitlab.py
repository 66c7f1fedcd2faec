"""GitLab Code Quality: the JSON array GitLab shows in merge requests.

Each finding is an issue with a ``fingerprint`` that stays the same when
lines are added above it (a hash of the path, code, rule, message and
occurrence — see ``locations.fingerprints``), so GitLab can tell new
problems from old ones.  Severity: error → ``major``, warning → ``minor``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..findings import Finding
from .escaping import valid_unicode
from .locations import fingerprints, repository_paths
from .model import OutputOptions, Summary

SEVERITY = {"error": "major", "warning": "minor"}


def write_gitlab(findings: list[Finding], summary: Summary, out: TextIO,
                 options: OutputOptions = OutputOptions()) -> None:
    paths = repository_paths(findings, options.root)
    issues = [code_quality_issue(f, identity, paths[f.path])
              for f, identity in zip(findings, fingerprints(findings, options.root))]
    # ASCII (\u escapes) so that the document is valid whatever encoding the
    # stream has; compact, which json encodes in C (twice as fast for 10,000 findings).
    out.write(json.dumps(issues, ensure_ascii=True, separators=(",", ":")))
    out.write("\n")


def code_quality_issue(finding: Finding, fingerprint: str, path: str) -> dict[str, Any]:
    return {
        "description": valid_unicode(f"{finding.code} [{finding.rule}] {finding.message}"),
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY.get(finding.severity, "minor"),
        "location": {"path": valid_unicode(path),
                     "lines": {"begin": max(1, finding.line)}},
    }
