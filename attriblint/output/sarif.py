"""SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps,
GitLab's SAST widgets) read.

One run; the driver lists every code as a rule, with its explain text as the
help; each finding is a result pointing at its region, columns counted in
Unicode code points as attriblint counts them.  Paths are URIs relative to
the repository's root (``%SRCROOT%``), percent-encoded byte by byte, so a
file name that is not UTF-8 still gives a valid document.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .. import __version__
from ..findings import Code, Finding
from ..kinds import codes
from .escaping import valid_unicode
from .locations import fingerprints, repository_paths, uri_reference
from .model import OutputOptions, Summary

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "attriblint/v1"


def write_sarif(findings: list[Finding], summary: Summary, out: TextIO,
                options: OutputOptions = OutputOptions()) -> None:
    # ASCII (\u escapes) so that the document is valid whatever encoding the
    # stream has; compact, which json encodes in C (twice as fast for 10,000 findings).
    out.write(json.dumps(sarif_log(findings, options), ensure_ascii=True, separators=(",", ":")))
    out.write("\n")


def sarif_log(findings: list[Finding], options: OutputOptions) -> dict[str, Any]:
    """The whole SARIF log for ``findings``."""
    rules = _rule_entries(findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    identities = fingerprints(findings, options.root)
    uris = {path: uri_reference(relative)
            for path, relative in repository_paths(findings, options.root).items()}
    results = [_result(f, index[f.code], identity, uris[f.path])
               for f, identity in zip(findings, identities)]
    run = {"tool": {"driver": _driver(rules)}, "columnKind": "unicodeCodePoints",
           "originalUriBaseIds": {SRCROOT: {"description": {
               "text": "The folder attriblint ran in: the root of the repository."}}},
           "results": results}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    driver = {"name": "attriblint", "version": __version__,
              "semanticVersion": __version__, "rules": rules}
    home = _information_uri()
    if home:
        driver["informationUri"] = home
    return driver


def _information_uri() -> str | None:
    """The project's home page from the installed package's metadata, if it names one."""
    from importlib import metadata

    try:
        urls = metadata.metadata("attriblint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "source"):
            return url.strip()
    return None


def _rule_entries(findings: list[Finding]) -> list[dict[str, Any]]:
    """Every documented code, then any code a finding has that is not documented."""
    known = codes()
    entries = [_rule(entry) for entry in known.values()]
    for code in dict.fromkeys(f.code for f in findings):
        if code not in known:
            entries.append({"id": code, "shortDescription": {"text": code}})
    return entries


def _rule(entry: Code) -> dict[str, Any]:
    help_text = f"{entry.summary}\n\n{entry.doc}"
    return {"id": entry.code, "name": entry.name,
            "shortDescription": {"text": entry.summary},
            "fullDescription": {"text": entry.doc},
            "help": {"text": help_text}}


def _result(finding: Finding, rule_index: int, identity: str, uri: str) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri}
    if not uri.startswith("file:"):
        artifact["uriBaseId"] = SRCROOT
    location: dict[str, Any] = {"artifactLocation": artifact}
    region = _region(finding)
    if region:
        location["region"] = region
    return {"ruleId": finding.code, "ruleIndex": rule_index,
            "level": "error" if finding.severity == "error" else "warning",
            "message": {"text": valid_unicode(finding.message)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {FINGERPRINT_KEY: identity},
            "properties": {"rule": valid_unicode(finding.rule), "kind": finding.kind}}


def _region(finding: Finding) -> dict[str, int]:
    """Where the finding is; 1-based, the end column exclusive as in SARIF."""
    if finding.line < 1:
        return {}
    region = {"startLine": finding.line}
    if finding.column >= 1:
        region["startColumn"] = finding.column
    if finding.end_line >= finding.line and finding.end_column >= 1:
        region["endLine"] = finding.end_line
        region["endColumn"] = finding.end_column
    return region
