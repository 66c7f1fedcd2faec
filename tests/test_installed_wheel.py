"""An installed wheel, not the source tree, finds its bundled rule files.

In the source tree the rule files are in ``rules/``; the wheel installs them
as the package ``attriblint.bundled_rules``.  This builds the wheel, installs
it into a fresh virtualenv and runs it from a folder outside the repository.

No network: the wheel is built without build isolation (the build backend,
setuptools, comes from the test environment) and installed without
dependencies; the virtualenv sees the test environment's packages for those.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600

# Builds and installs a wheel: run on one interpreter per test run (see noxfile.py).
pytestmark = pytest.mark.integration

SOURCE_URL = "https://www.globalresearch.ca/river-towns-after-the-flood-insurers-retreat/5861047"

# A repost that credits Global Research and links to the article but has
# dropped the copyright line: AL301.
NONCOMPLIANT_POST = f"""\
---
layout: post
title: "River Towns After the Flood"
date: 2024-09-03
original_author: Tomas Varga
source_url: {SOURCE_URL}
---

When the river rose for the third time in a decade, the insurers did not
wait for the water to recede before announcing that they would no longer
cover homes on the lower streets.  For the families who stayed, the choice is
now between paying for their own flood walls and selling to buyers who know
exactly how little the houses are worth.

The original source of this article is [Global Research]({SOURCE_URL})
"""


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT)


def _clean_env() -> dict[str, str]:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
               PYTHONDONTWRITEBYTECODE="1")
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONSAFEPATH"):
        env.pop(name, None)
    return env


def _is_within(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def copy_source(destination: Path) -> Path:
    """A copy of the repository without build outputs, environments or VCS
    data: setuptools writes build/ and *.egg-info into the tree it builds,
    and a stale build/lib could leak deleted modules into a wheel."""
    shutil.copytree(REPO_ROOT, destination, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".nox", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".hypothesis"))
    return destination


def make_venv(venv: Path, cwd: Path, with_pip: bool = True) -> Path:
    """A virtualenv that sees the test environment's packages; its python.

    Without its own pip (and the old setuptools that comes with it) the
    environment builds with the test environment's pip and setuptools.

    --system-site-packages gives the *base* interpreter's packages; when the
    tests run in a virtualenv the dependencies are in that virtualenv's
    site-packages, so those folders are added to sys.path too, after the new
    environment's own.  Plain path lines: .pth files in them (the editable
    install's finder) are not run.
    """
    env = _clean_env()
    made = _run([sys.executable, "-m", "venv", "--system-site-packages",
                 *([] if with_pip else ["--without-pip"]), str(venv)], cwd=cwd, env=env)
    assert made.returncode == 0, made.stderr
    python = _venv_python(venv)
    if sys.prefix != sys.base_prefix:
        purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       cwd=cwd, env=env).stdout.strip()
        (Path(purelib) / "_attriblint_test_parent_env.pth").write_text(
            "".join(f"{p}\n" for p in parent_site_packages()), encoding="utf-8")
    return python


def parent_site_packages() -> list[str]:
    """The test environment's site-packages folders."""
    return [p for p in site.getsitepackages() if Path(p).is_dir()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtualenv with the wheel of this repository installed; its folder."""
    env = _clean_env()
    wheels = tmp_path_factory.mktemp("wheels")
    source = copy_source(tmp_path_factory.mktemp("source") / "attriblint")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "-w", str(wheels), str(source)], cwd=wheels, env=env)
    assert built.returncode == 0, (
        "building the wheel failed (without build isolation the test environment's "
        f"setuptools builds it):\n{built.stdout}\n{built.stderr}")
    (wheel,) = wheels.glob("attriblint-*.whl")

    venv = tmp_path_factory.mktemp("venv") / "env"
    python = make_venv(venv, wheels)
    # --ignore-installed: the test environment may have attriblint installed too.
    installed = _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index",
                      "--ignore-installed", str(wheel)],
                     cwd=wheels, env=env)
    assert installed.returncode == 0, f"{installed.stdout}\n{installed.stderr}"
    return venv


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _venv_script(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


@pytest.fixture
def outside(tmp_path) -> Path:
    """A working folder outside the repository."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert not _is_within(folder, REPO_ROOT)
    return folder


def test_installed_package_and_rules_are_the_wheels(installed, outside):
    result = _run([str(_venv_python(installed)), "-c",
                   "import attriblint, attriblint.rules as r; "
                   "print(attriblint.__file__); print(r.bundled_rules_dir())"],
                  cwd=outside, env=_clean_env())
    assert result.returncode == 0, result.stderr
    package_file, rules_dir = map(Path, result.stdout.strip().splitlines())
    # The parent environment has an editable install of attriblint; the
    # virtualenv's own install must be the one imported.
    assert _is_within(package_file, installed), package_file
    assert not _is_within(package_file, REPO_ROOT), package_file
    assert _is_within(rules_dir, installed), rules_dir
    assert not _is_within(rules_dir, REPO_ROOT), rules_dir
    assert rules_dir.name == "bundled_rules" and rules_dir.parent == package_file.parent
    assert (rules_dir / "globalresearch.yaml").is_file()


def test_installed_command_lists_bundled_rules(installed, outside):
    result = _run([str(_venv_script(installed, "attriblint")), "rules", "--format", "json"],
                  cwd=outside, env=_clean_env())
    assert result.returncode == 0, result.stderr
    entry = next(r for r in json.loads(result.stdout) if r["id"] == "globalresearch")
    assert entry["publisher"] == "Global Research", entry
    # The rule is read from the installed copy.
    listed = Path(entry["path"])
    assert _is_within(listed, installed) and listed.name == "globalresearch.yaml", entry


def test_installed_command_checks_a_post(installed, outside):
    post = outside / "2024-09-03-river-towns.md"
    post.write_text(NONCOMPLIANT_POST, encoding="utf-8")
    result = _run([str(_venv_script(installed, "attriblint")), "check", post.name],
                  cwd=outside, env=_clean_env())
    assert result.returncode == 1, f"{result.stdout}\n{result.stderr}"
    line = next(n for n, text in enumerate(NONCOMPLIANT_POST.splitlines(), 1)
                if text.startswith("source_url:"))
    assert f"{post.name}:{line}:1: AL301 [globalresearch]" in result.stdout, result.stdout


def test_installed_module_runs_as_python_m(installed, outside):
    python = str(_venv_python(installed))
    version = _run([python, "-m", "attriblint", "--version"], cwd=outside, env=_clean_env())
    assert (version.returncode, version.stdout) == (0, "attriblint 0.3.0\n"), version.stderr
    listed = _run([python, "-m", "attriblint", "rules"], cwd=outside, env=_clean_env())
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split("\n", 1)[0].split() == ["ID", "PUBLISHER", "LICENCE", "TERMS"]
    assert any(line.split()[:3] == ["globalresearch", "Global", "Research"]
               for line in listed.stdout.splitlines()), listed.stdout
