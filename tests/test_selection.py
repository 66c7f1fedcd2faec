"""select, ignore, severity and per-path ignores, applied to real findings."""

from __future__ import annotations

import os

from attriblint.findings import Finding
from attriblint.selection import Selection
from attriblint.settings import Settings


def finding(code: str, kind: str, severity: str = "error", path: str = "post.md") -> Finding:
    return Finding(path, 3, 1, code, "globalresearch", kind, severity, "a message")


FOUND = [finding("AL101", "credit"), finding("AL302", "copyright", "warning"),
         finding("AL301", "copyright"), finding("AL001", "input")]


def kept(settings: Settings, findings=FOUND, path="post.md") -> list[str]:
    return [f.code for f in Selection(settings).apply(list(findings), path)]


def test_everything_but_opt_in_codes_by_default():
    unused = finding("AL011", "suppression", "warning")
    assert kept(Settings(), FOUND + [unused]) == ["AL101", "AL302", "AL301", "AL001"]
    assert kept(Settings(select=("AL011",)), FOUND + [unused]) == ["AL001", "AL011"]


def test_ignore_by_code_or_kind():
    assert kept(Settings(ignore=("AL302",))) == ["AL101", "AL301", "AL001"]
    assert kept(Settings(ignore=("copyright",))) == ["AL101", "AL001"]


def test_select_by_kind_keeps_input_errors():
    assert kept(Settings(select=("credit",))) == ["AL101", "AL001"]


def test_input_errors_cannot_be_ignored_or_softened():
    settings = Settings(ignore=("AL001", "input"), severity={"AL001": "off"})
    assert kept(settings) == ["AL101", "AL302", "AL301", "AL001"]


def test_severity_overrides_and_off():
    settings = Settings(severity={"AL302": "error", "AL101": "off", "AL301": "warning"})
    result = Selection(settings).apply(list(FOUND), "post.md")
    assert [(f.code, f.severity) for f in result] == [
        ("AL302", "error"), ("AL301", "warning"), ("AL001", "error")]


def test_per_path_ignores_are_relative_to_the_configuration(tmp_path):
    root = tmp_path / "blog"
    settings = Settings(per_path_ignores=(("drafts/**", ("AL101",)),
                                          ("*.html", ("copyright",))), root=str(root))
    draft = str(root / "drafts" / "2024" / "post.md")
    assert kept(settings, path=draft) == ["AL302", "AL301", "AL001"]
    page = str(root / "public" / "index.html")
    assert kept(settings, path=page) == ["AL101", "AL001"]
    elsewhere = str(tmp_path / "drafts" / "post.md")  # outside the configuration's folder
    assert kept(settings, path=elsewhere) == ["AL101", "AL302", "AL301", "AL001"]


def test_per_path_ignores_with_a_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings(per_path_ignores=(("drafts/", ("AL101",)),), root=str(tmp_path))
    assert kept(settings, path=os.path.join("drafts", "post.md")) == ["AL302", "AL301", "AL001"]
