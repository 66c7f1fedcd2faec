"""The ``attriblint-fix`` pre-commit hook, run for real with ``pre-commit try-repo``.

As in ``test_precommit.py`` (whose helpers these tests use): try-repo builds
the hook's environment from this repository's working tree and runs the hook
in a scratch git repository of staged posts.  pre-commit's convention for a
fixer: a run that changes a file fails and says which file, so that the
author reviews the change and stages it; the next run passes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_precommit import (COMPLIANT_POST, NONCOMPLIANT_POST, REPO_ROOT, SOURCE_URL,
                             TIMEOUT, _check_shadow, _clean_env, _git, _is_dirty,
                             _untracked_hint)

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
              pytest.mark.integration]

HOOK = "attriblint-fix"

CREDIT_LINE = f"The original source of this article is [Global Research]({SOURCE_URL})\n"
# The Global Research repost without its credit line, the only link to the
# original too (AL101 and AL201, both safe fixes).
NO_CREDIT_POST = COMPLIANT_POST.replace(CREDIT_LINE + "\n", "")
assert NO_CREDIT_POST != COMPLIANT_POST
# What the fix writes: the linked credit line after the copyright line.
NO_CREDIT_FIXED = NO_CREDIT_POST + "\n" + CREDIT_LINE

NO_CREDIT_NAME = "_posts/2024-05-16-seed-banks-no-credit.md"
NO_COPYRIGHT_NAME = "_posts/2024-05-15-seed-banks-no-copyright.md"


def _try_repo_fix(files: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, bool | None]:
    """try-repo this repository's ``attriblint-fix`` hook on ``files``: the
    exit code, the output, and whether the tree was dirty (None: it changed)."""
    before = _is_dirty(REPO_ROOT, env)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO_ROOT), HOOK,
               "--color", "never", "--files", *files]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=TIMEOUT)
    after = _is_dirty(REPO_ROOT, env)
    output = result.stdout + result.stderr + _untracked_hint(env)
    return result.returncode, output, (before if before == after else None)


@pytest.fixture(scope="module")
def precommit_env(tmp_path_factory) -> dict[str, str]:
    """The environment of git and pre-commit, with a PRE_COMMIT_HOME of this module's."""
    pytest.importorskip("pre_commit")
    return _clean_env(PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")))


@pytest.fixture
def blog(tmp_path, precommit_env) -> Path:
    """A git repository with two staged non-compliant posts."""
    repo = tmp_path / "blog"
    repo.mkdir()
    _git("init", "--quiet", cwd=repo, env=precommit_env)
    for name, text in ((NO_CREDIT_NAME, NO_CREDIT_POST), (NO_COPYRIGHT_NAME, NONCOMPLIANT_POST)):
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    _git("add", "--", NO_CREDIT_NAME, NO_COPYRIGHT_NAME, cwd=repo, env=precommit_env)
    return repo


def test_the_hook_writes_the_credit_line_fails_and_passes_once_staged(blog, precommit_env):
    env = precommit_env
    code, output, dirty = _try_repo_fix([NO_CREDIT_NAME], blog, env)
    assert code == 1, output
    assert "Failed" in output, output
    assert f"Fixed {NO_CREDIT_NAME}" in output, output
    # attriblint's own exit code (pre-commit would fail the run for the
    # modified file alone)
    assert "- exit code: 1" in output, output
    assert "files were modified by this hook" in output, output
    assert (blog / NO_CREDIT_NAME).read_bytes() == NO_CREDIT_FIXED.encode("utf-8")
    assert NO_COPYRIGHT_NAME not in output, output  # not given, not touched
    assert (blog / NO_COPYRIGHT_NAME).read_bytes() == NONCOMPLIANT_POST.encode("utf-8")
    _check_shadow(output, dirty, env)

    _git("add", "--", NO_CREDIT_NAME, cwd=blog, env=env)
    code, output, _ = _try_repo_fix([NO_CREDIT_NAME], blog, env)
    assert code == 0, output
    assert "Passed" in output, output
    assert "Fixed" not in output, output
    assert (blog / NO_CREDIT_NAME).read_bytes() == NO_CREDIT_FIXED.encode("utf-8")


def test_the_hook_fixes_every_staged_post_in_one_run(blog, precommit_env):
    """The copyright line dropped from the repost is written back as it was."""
    env = precommit_env
    code, output, _ = _try_repo_fix([NO_CREDIT_NAME, NO_COPYRIGHT_NAME], blog, env)
    assert code == 1, output
    assert f"Fixed {NO_CREDIT_NAME}" in output, output
    assert f"Fixed {NO_COPYRIGHT_NAME}" in output, output
    assert "No problems found in 2 files." in output, output
    assert (blog / NO_COPYRIGHT_NAME).read_bytes() == COMPLIANT_POST.encode("utf-8")
    assert (blog / NO_CREDIT_NAME).read_bytes() == NO_CREDIT_FIXED.encode("utf-8")

    _git("add", "--", NO_CREDIT_NAME, NO_COPYRIGHT_NAME, cwd=blog, env=env)
    code, output, _ = _try_repo_fix([NO_CREDIT_NAME, NO_COPYRIGHT_NAME], blog, env)
    assert code == 0, output
    assert "Passed" in output, output
