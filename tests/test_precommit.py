"""The pre-commit hook, run for real with ``pre-commit try-repo``.

``pre-commit try-repo REPO HOOK`` builds the hook's environment from REPO
(``pip install .`` into a fresh virtualenv, as a user's pre-commit would) and
runs the hook in the current git repository.  When REPO has uncommitted
changes to tracked files, try-repo first makes a "shadow" commit of the
working tree, so what is tested is the code as it is on disk, not HEAD.
(Untracked files are not part of that commit: ``git add`` a new module
before running these tests.)

Needs ``git`` and network access to PyPI (the hook's environment installs
attriblint's dependencies).  Each try-repo builds its own environment in a
temporary folder, a few seconds each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds; building the hook's environment downloads packages

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
              pytest.mark.integration]

SOURCE_URL = "https://www.globalresearch.ca/community-seed-banks-quiet-politics-farming/5856123"

# A Jekyll post reposting a Global Research article, with the credit line,
# the link to the original and the copyright line the terms ask for.
COMPLIANT_POST = f"""\
---
layout: post
title: "Seed Banks and the Quiet Politics of Farming"
date: 2024-05-14 09:30:00 +0200
author: Reposting Desk
original_author: Helen Marsh
original_date: 2024-05-02
source_url: {SOURCE_URL}
tags: [agriculture, food-security]
---

Across much of the world, farmers once kept back a share of each harvest as
seed for the following year.  That habit, older than any written law, is now
squeezed between patent rules, certification schemes and the consolidation of
the seed trade into a handful of firms.

Community seed banks are one answer.  In villages from Odisha to Oaxaca,
growers deposit local varieties, borrow them at planting time and return a
larger quantity after the harvest.  The collections are small, but they hold
traits that commercial breeders have long ignored: drought tolerance, flavour,
resistance to local pests.

The difficulty is that many national seed laws treat an unregistered variety
as something that cannot legally change hands.  Until those laws recognise
farmers' own exchanges, the banks will remain tolerated rather than
protected, and their future will depend on goodwill rather than rights.

The original source of this article is [Global Research]({SOURCE_URL})

Copyright © Helen Marsh, Global Research, 2024
"""

COPYRIGHT_LINE = "Copyright © Helen Marsh, Global Research, 2024\n"
# The same repost with the copyright line dropped: AL301.
NONCOMPLIANT_POST = COMPLIANT_POST.replace("\n" + COPYRIGHT_LINE, "")
assert NONCOMPLIANT_POST != COMPLIANT_POST

COMPLIANT_NAME = "_posts/2024-05-14-seed-banks-quiet-politics.md"
NONCOMPLIANT_NAME = "_posts/2024-05-15-seed-banks-no-copyright.md"


def _line_of(text: str, prefix: str) -> int:
    """1-based number of the first line of ``text`` starting with ``prefix``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"no line starts with {prefix!r}")


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment for git and pre-commit, independent of the caller's.

    GIT_* variables are dropped (they are set when the tests run inside a git
    hook and would point git at the wrong repository).  ``safe.directory=*``
    is given as command-line configuration so that a checkout owned by
    another user (a CI container running as root) is still usable; nothing is
    written to any git config file.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_COUNT="1",
        GIT_CONFIG_KEY_0="safe.directory",
        GIT_CONFIG_VALUE_0="*",
        GIT_TERMINAL_PROMPT="0",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        NO_COLOR="1",
    )
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def _try_repo(repo: Path, files: list[str], cwd: Path, env: dict[str, str]):
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "attriblint",
               "--color", "never", "--files", *files]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=TIMEOUT)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="session")
def precommit_env(tmp_path_factory) -> dict[str, str]:
    """Environment with PRE_COMMIT_HOME in a folder shared by the session."""
    pytest.importorskip("pre_commit")
    home = tmp_path_factory.mktemp("pre-commit-home")
    return _clean_env(PRE_COMMIT_HOME=str(home))


@pytest.fixture(scope="session")
def posts_repo(tmp_path_factory, precommit_env) -> Path:
    """A git repository of two staged posts, one compliant, one not."""
    repo = tmp_path_factory.mktemp("blog")
    _git("init", "--quiet", cwd=repo, env=precommit_env)
    _git("config", "user.name", "attriblint tests", cwd=repo, env=precommit_env)
    _git("config", "user.email", "tests@attriblint.invalid", cwd=repo, env=precommit_env)
    for name, text in ((COMPLIANT_NAME, COMPLIANT_POST), (NONCOMPLIANT_NAME, NONCOMPLIANT_POST)):
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git("add", "--", COMPLIANT_NAME, NONCOMPLIANT_NAME, cwd=repo, env=precommit_env)
    return repo


def _is_dirty(repo: Path, env: dict[str, str]) -> bool:
    """Whether ``repo`` has uncommitted changes to tracked files (try-repo's test)."""
    result = subprocess.run(["git", "diff", "--quiet", "--no-ext-diff", "HEAD", "--"],
                            cwd=repo, env=env, capture_output=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 1


SHADOW_WARNING = "Creating temporary repo with uncommitted changes"


def _untracked_hint(env: dict[str, str]) -> str:
    """A hint naming untracked package files, which try-repo leaves out."""
    out = _git("ls-files", "--others", "--exclude-standard", "--", "attriblint", "rules",
               "pyproject.toml", cwd=REPO_ROOT, env=env)
    names = out.split()
    if not names:
        return ""
    return ("\nhint: try-repo's shadow commit has only tracked files; these are untracked "
            "(git add them): " + " ".join(names))


def _run_hook(files: list[str], posts: Path, env: dict[str, str]):
    """try-repo this repository; also whether its tree was dirty before and after."""
    before = _is_dirty(REPO_ROOT, env)
    code, output = _try_repo(REPO_ROOT, files, posts, env)
    after = _is_dirty(REPO_ROOT, env)
    return code, output + _untracked_hint(env), (before if before == after else None)


def _check_shadow(output: str, dirty: bool | None, env: dict[str, str]) -> None:
    """A dirty working tree is tested through a shadow commit, a clean one at HEAD.

    ``dirty`` is None when the tree changed state during the run (someone
    committed meanwhile): nothing to check then.
    """
    if dirty is None:
        return
    if dirty:
        assert SHADOW_WARNING in output, output
        assert "shadow-repo" in output, output
    else:
        assert SHADOW_WARNING not in output, output


def test_compliant_post_passes(posts_repo, precommit_env):
    code, output, dirty = _run_hook([COMPLIANT_NAME], posts_repo, precommit_env)
    assert code == 0, output
    assert "attriblint" in output and "Passed" in output, output
    assert "AL3" not in output and "AL1" not in output and "AL2" not in output, output
    _check_shadow(output, dirty, precommit_env)


def test_noncompliant_post_fails_with_al301(posts_repo, precommit_env):
    code, output, dirty = _run_hook([NONCOMPLIANT_NAME], posts_repo, precommit_env)
    assert code == 1, output
    assert "Failed" in output, output
    # AL301 points at the front-matter key that made the terms apply.
    line = _line_of(NONCOMPLIANT_POST, "source_url:")
    assert line == 8  # the post's layout, so a change to it is noticed
    assert f"{NONCOMPLIANT_NAME}:{line}:1: AL301 [globalresearch]" in output, output
    assert COMPLIANT_NAME not in output, output
    _check_shadow(output, dirty, precommit_env)


def test_try_repo_uses_uncommitted_changes(tmp_path, posts_repo, precommit_env):
    """try-repo on a dirty tree tests the working tree (shadow commit), not HEAD.

    A clone of this repository (its HEAD, overlaid with the working-tree
    files, all staged) gets an uncommitted, unstaged edit to .pre-commit-hooks.yaml: the hook's
    new name must show in pre-commit's output.
    """
    env = precommit_env
    clone = tmp_path / "attriblint"
    _git("clone", "--quiet", "--no-hardlinks", str(REPO_ROOT), str(clone), cwd=tmp_path, env=env)
    # Tracked and untracked (not ignored) files as they are on disk, so that
    # this test does not depend on whether new modules are added yet.
    files = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard",
                 cwd=REPO_ROOT, env=env).split("\0")
    for name in filter(None, files):
        source, target = REPO_ROOT / name, clone / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        elif target.exists():
            target.unlink()
    _git("add", "--all", cwd=clone, env=env)  # staged: part of the shadow commit too
    manifest = clone / ".pre-commit-hooks.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "name: attriblint\n" in text
    manifest.write_text(text.replace("name: attriblint\n", "name: attriblint-uncommitted-edit\n"),
                        encoding="utf-8")
    assert _is_dirty(clone, env)

    code, output = _try_repo(clone, [COMPLIANT_NAME], posts_repo, env)
    assert code == 0, output
    assert SHADOW_WARNING in output, output
    assert "attriblint-uncommitted-edit" in output and "Passed" in output, output

    code, output = _try_repo(clone, [NONCOMPLIANT_NAME], posts_repo, env)
    assert code == 1, output
    line = _line_of(NONCOMPLIANT_POST, "source_url:")
    assert f"{NONCOMPLIANT_NAME}:{line}:1: AL301 [globalresearch]" in output, output


# -- the hook as users configure it ------------------------------------------------

def test_warnings_show_when_the_hook_passes_with_one_summary(tmp_path, precommit_env):
    """verbose: a warning (AL302) is printed though the commit goes through;
    require_serial: one attriblint run, so one summary, however many files."""
    from .test_cli_habits import BLOGGER_POST

    env = precommit_env
    blog = tmp_path / "blog"
    blog.mkdir()
    _git("init", "--quiet", cwd=blog, env=env)
    names = [f"_posts/2024-05-{day:02d}-seed-banks.md" for day in range(1, 13)]
    for name in names:
        (blog / name).parent.mkdir(parents=True, exist_ok=True)
        (blog / name).write_text(BLOGGER_POST, encoding="utf-8")
    _git("add", "--", *names, cwd=blog, env=env)
    code, output, _ = _run_hook(names, blog, env)
    assert code == 0, output
    assert "Passed" in output, output
    assert output.count("AL302 [globalresearch] warning:") == len(names), output
    assert output.count("Found 12 warnings in 12 of 12 files.") == 1, output


def _readme_snippet(first_line: str = "# .pre-commit-config.yaml in your blog") -> dict:
    """The README's .pre-commit-config.yaml block that starts with
    ``first_line``, as YAML."""
    import re

    from ruamel.yaml import YAML

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)
              if b.startswith(first_line + "\n")]
    assert len(blocks) == 1, f"README.md has no single ```yaml block starting {first_line!r}"
    return YAML(typ="safe").load(blocks[0])


def _blog_with_pasted_snippet(tmp_path: Path, env: dict, config: dict,
                              posts: dict[str, str]) -> Path:
    """A git repository holding ``posts`` (staged) and the README snippet
    ``config``, with only its repo address replaced by a clone of this
    repository (the revision it names must be there)."""
    if _git("rev-parse", "--is-shallow-repository", cwd=REPO_ROOT, env=env).strip() == "true":
        pytest.skip("a shallow clone may not hold the revision the README names")
    (repo,) = config["repos"]
    _git("cat-file", "-e", f"{repo['rev']}^{{commit}}", cwd=REPO_ROOT, env=env)  # it exists
    hosted = tmp_path / "hosted"
    _git("clone", "--quiet", "--no-hardlinks", str(REPO_ROOT), str(hosted), cwd=tmp_path, env=env)
    repo["repo"] = str(hosted)
    blog = tmp_path / "blog"
    blog.mkdir()
    _git("init", "--quiet", cwd=blog, env=env)
    from ruamel.yaml import YAML

    with open(blog / ".pre-commit-config.yaml", "w", encoding="utf-8") as handle:
        YAML().dump(config, handle)
    for name, text in posts.items():
        (blog / name).parent.mkdir(parents=True, exist_ok=True)
        (blog / name).write_text(text, encoding="utf-8")
    _git("add", "--all", cwd=blog, env=env)
    return blog


def _pre_commit_run(blog: Path, env: dict, *names: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never",
                           "--files", *names], cwd=blog, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=TIMEOUT)


def test_the_readme_snippet_works_when_pasted(tmp_path, precommit_env):
    """The README's .pre-commit-config.yaml, with only its repo address
    replaced by a clone of this repository, installs the hook at the
    revision it names and fails a commit that breaks the terms."""
    env = precommit_env
    config = _readme_snippet()
    assert [hook["id"] for hook in config["repos"][0]["hooks"]] == ["attriblint"]
    blog = _blog_with_pasted_snippet(tmp_path, env, config, {
        COMPLIANT_NAME: COMPLIANT_POST, NONCOMPLIANT_NAME: NONCOMPLIANT_POST})
    result = _pre_commit_run(blog, env, COMPLIANT_NAME, NONCOMPLIANT_NAME)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    line = _line_of(NONCOMPLIANT_POST, "source_url:")
    assert f"{NONCOMPLIANT_NAME}:{line}:1: AL301 [globalresearch]" in output, output


def test_the_readme_fix_snippet_works_when_pasted(tmp_path, precommit_env):
    """The README's attriblint-fix configuration, at the revision it names,
    writes a missing credit line, fails that commit (pre-commit's
    convention), and passes once the fix is staged."""
    env = precommit_env
    config = _readme_snippet("# .pre-commit-config.yaml: write what is missing, then check")
    assert [hook["id"] for hook in config["repos"][0]["hooks"]] == ["attriblint-fix"]
    assert config["repos"][0]["rev"] == _readme_snippet()["repos"][0]["rev"]  # the same release
    credit = f"The original source of this article is [Global Research]({SOURCE_URL})\n\n"
    blog = _blog_with_pasted_snippet(tmp_path, env, config,
                                     {COMPLIANT_NAME: COMPLIANT_POST.replace(credit, "")})
    first = _pre_commit_run(blog, env, COMPLIANT_NAME)
    assert first.returncode == 1 and f"Fixed {COMPLIANT_NAME}" in first.stdout, first.stdout
    assert "The original source of this article is" in \
        (blog / COMPLIANT_NAME).read_text(encoding="utf-8")
    _git("add", "--all", cwd=blog, env=env)
    second = _pre_commit_run(blog, env, COMPLIANT_NAME)
    assert second.returncode == 0 and "Fixed" not in second.stdout, second.stdout
