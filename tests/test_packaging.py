"""attriblint runs, and finds its bundled rule files, however it is installed.

The rule files live in the top-level ``rules/`` folder.  A wheel installs
them as the package ``attriblint.bundled_rules`` (see test_installed_wheel);
an editable install maps that package onto ``rules/``; a plain checkout on
``PYTHONPATH`` (or one that shadows an installed copy, as pytest's rootdir
does after ``pip install .``) has no such package and reads ``rules/`` next
to the package.  Also: CI runs exactly the README's test command.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES
from .test_installed_wheel import (REPO_ROOT, _clean_env, _run, copy_source, make_venv,
                                   parent_site_packages)

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
VERSION_LINE = "attriblint 0.3.0\n"


def checkout_env(checkout: Path) -> dict[str, str]:
    """Environment for ``python -S``: the checkout first, then the test
    environment's dependencies as plain folders (no .pth files, so no
    editable install's import hook)."""
    env = _clean_env()
    env["PYTHONPATH"] = os.pathsep.join([str(checkout), *parent_site_packages()])
    env["ATTRIBLINT_CACHE_DIR"] = ""
    return env


def test_a_plain_checkout_runs_with_its_rules_folder(tmp_path):
    checkout = copy_source(tmp_path / "checkout")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    python = [sys.executable, "-S"]
    env = checkout_env(checkout)

    where = _run([*python, "-c", "import attriblint, attriblint.rules as r; "
                  "print(attriblint.__file__); print(r.bundled_rules_dir())"], outside, env)
    assert where.returncode == 0, where.stderr
    package_file, rules_dir = map(Path, where.stdout.split("\n")[:2])
    assert package_file == checkout / "attriblint" / "__init__.py"
    assert rules_dir == checkout / "rules"

    version = _run([*python, "-m", "attriblint", "--version"], outside, env)
    assert (version.returncode, version.stdout, version.stderr) == (0, VERSION_LINE, "")
    shown = _run([*python, "-m", "attriblint", "rules", "show", "globalresearch"], outside, env)
    assert shown.returncode == 0, shown.stderr
    assert f"  rule file: {checkout / 'rules' / 'globalresearch.yaml'}\n" in shown.stdout, \
        shown.stdout
    post = FIXTURES / "md" / "missing_copyright.md"
    checked = _run([*python, "-m", "attriblint", "check", str(post)], outside, env)
    assert checked.returncode == 1, checked.stderr
    assert "AL301 [globalresearch]" in checked.stdout


def test_an_editable_install_reads_the_rules_folder(tmp_path):
    # setuptools' editable import hook comes after sys.path: a plain
    # attriblint among the test environment's packages would shadow it.
    shadowing = [p for p in parent_site_packages() if (Path(p) / "attriblint").is_dir()]
    if shadowing:
        pytest.skip(f"a plain install of attriblint in {shadowing[0]} would shadow the "
                    f"editable one; run the tests from an editable install (nox does)")
    source = copy_source(tmp_path / "source")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    python = make_venv(tmp_path / "env", outside, with_pip=False)
    env = _clean_env()
    installed = _run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                      "--no-index", "--ignore-installed", "-e", str(source)], outside, env)
    assert installed.returncode == 0, f"{installed.stdout}\n{installed.stderr}"

    where = _run([str(python), "-c", "import attriblint.rules as r; print(r.bundled_rules_dir())"],
                 outside, env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == source / "rules"
    version = _run([str(python), "-m", "attriblint", "--version"], outside, env)
    assert (version.returncode, version.stdout) == (0, VERSION_LINE), version.stderr
    shown = _run([str(python), "-m", "attriblint", "rules", "show", "globalresearch"], outside,
                 dict(env, ATTRIBLINT_CACHE_DIR=""))
    assert shown.returncode == 0, shown.stderr
    assert f"  rule file: {source / 'rules' / 'globalresearch.yaml'}\n" in shown.stdout, \
        shown.stdout


def readme_test_command() -> str:
    """The command under "Install with the test dependencies and run the tests"."""
    section = README.split("Install with the test dependencies", 1)[1]
    return re.search(r"```sh\n(.+?)\n```", section, flags=re.S).group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim():
    command = readme_test_command()
    assert "nox" in command
    ci_lines = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci_lines
