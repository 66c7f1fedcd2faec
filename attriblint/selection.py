"""Which findings a repository wants, and how loud: ``select``, ``ignore``,
``severity`` and ``per-path-ignores`` (configuration and command line).

Codes and kind names are both accepted wherever a code is (``ignore:
[images, AL302]``).  Input errors (AL001-AL009) are never dropped nor
softened: they mean a file was not checked, and that must not go unnoticed.
Some codes are off unless selected (``OPT_IN``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from .findings import Finding
from .settings import Settings

# Codes reported only when asked for (``--extend-select AL011`` or
# ``--report-unused-suppressions``).
OPT_IN = frozenset({"AL011"})


def _names(finding: Finding) -> tuple[str, str]:
    return finding.code, finding.kind


@dataclass(frozen=True)
class Selection:
    """A compiled ``Settings``: what to keep, at which severity."""

    settings: Settings

    def wants(self, code: str, kind: str = "") -> bool:
        """Whether findings of ``code`` (of ``kind``) are reported at all."""
        names = {code, kind} - {""}
        settings = self.settings
        if settings.select is None:
            selected = code not in OPT_IN
        else:
            selected = bool(names & set(settings.select))
        if not selected or names & set(settings.ignore):
            return False
        return settings.severity.get(code) != "off"

    def apply(self, findings: list[Finding], path: str) -> list[Finding]:
        """``findings`` of the file at ``path`` as the settings want them."""
        if self._is_default():
            return [f for f in findings if f.code not in OPT_IN or f.kind == "input"]
        ignored_here = self._ignored_at(path)
        kept = []
        for finding in findings:
            if finding.kind == "input":
                kept.append(finding)
                continue
            if not self.wants(finding.code, finding.kind):
                continue
            if ignored_here & set(_names(finding)):
                continue
            severity = self.settings.severity.get(finding.code)
            if severity in ("error", "warning") and severity != finding.severity:
                finding = replace(finding, severity=severity)
            kept.append(finding)
        return kept

    def _is_default(self) -> bool:
        s = self.settings
        return (s.select is None and not s.ignore and not s.severity
                and not s.per_path_ignores)

    def _ignored_at(self, path: str) -> set[str]:
        """Codes and kinds ``per-path-ignores`` drops for ``path``."""
        if not self.settings.per_path_ignores:
            return set()
        relative = _relative(path, self.settings.root)
        if relative is None:
            return set()
        from .globs import compile_globs  # only when the configuration has some

        ignored: set[str] = set()
        for pattern, names in self.settings.per_path_ignores:
            if compile_globs((pattern,)).match_file(relative):
                ignored.update(names)
        return ignored


def _relative(path: str, root: str) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators; None when outside it."""
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")
