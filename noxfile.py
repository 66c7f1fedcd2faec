"""The test suite on every Python from 3.11 up that this machine has.

``nox`` runs one session per interpreter (``tests-3.11``, ``tests-3.12``
...), each in a fresh virtualenv with ``.[test]`` installed.  Interpreters
are looked for on PATH and in pyenv's versions folder (pyenv's shims are on
PATH but fail for versions that are installed and not selected, so every
candidate is asked for its version before it is used).  A missing
interpreter is skipped with a message; the one running nox always counts,
so at least one session runs.  Any failing session makes nox exit non-zero.

The tests marked ``integration`` (a real ``pre-commit try-repo`` and an
install of the built wheel: two minutes of package installs, the same on
every interpreter) and ``slow`` (trials of what the operating system does,
such as a fix killed at random moments) run in the session of the
interpreter that runs nox; every other session runs the rest of the suite.  ``nox -- -m integration``
or plain ``pytest`` runs them anywhere.  Each session spreads the tests over
two worker processes (pytest-xdist).

The audit report's browser test needs Chromium and skips without it.  When
none is on PATH and nox runs as root on a machine with apt-get (CI on
Debian), the session of the interpreter that runs nox first installs
Debian's ``chromium`` (about 20 seconds and 120 MB of packages); if that
fails it says so in one line and the tests run anyway.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nox

HERE = Path(__file__).resolve().parent
OLDEST = (3, 11)
NEWEST_TRIED = (3, 20)  # minors after 3.11 up to this one are looked for
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True  # found ones are on PATH below


def reports_version(python: str, version: tuple[int, int]) -> bool:
    """Whether ``python`` runs and is that version (pyenv's shim may not)."""
    try:
        done = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.split() == [str(n) for n in version]


def pyenv_candidates(version: tuple[int, int]) -> list[str]:
    """pyenv's interpreters of that minor version, newest patch release first."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    name = "python{}.{}".format(*version)
    found = []
    for folder in root.glob("{}.{}.*".format(*version)):
        patch = re.fullmatch(r"\d+\.\d+\.(\d+)", folder.name)
        if patch and (folder / "bin" / name).is_file():
            found.append((int(patch.group(1)), str(folder / "bin" / name)))
    return [path for _, path in sorted(found, reverse=True)]


def find_interpreter(version: tuple[int, int]) -> str | None:
    """An interpreter of ``version``: the one running nox, PATH, then pyenv."""
    if sys.version_info[:2] == version:
        # Not a virtualenv's python: a link to it would not find pyvenv.cfg.
        return getattr(sys, "_base_executable", None) or sys.executable
    on_path = shutil.which("python{}.{}".format(*version))
    for candidate in ([on_path] if on_path else []) + pyenv_candidates(version):
        if reports_version(candidate, version):
            return candidate
    return None


def available_pythons() -> list[str]:
    """Versions to test ("3.11", ...).  Each interpreter found is linked as
    ``python3.X`` in a private folder put first on PATH, so that nox uses it
    rather than a shim that fails."""
    versions, missing, folders = [], [], []
    for minor in range(OLDEST[1], NEWEST_TRIED[1] + 1):
        label = f"{OLDEST[0]}.{minor}"
        interpreter = find_interpreter((OLDEST[0], minor))
        if interpreter is None:
            missing.append(label)
            continue
        versions.append(label)
        folders.append(_linked_folder(interpreter, label))
    if missing:
        print(f"nox: not found on PATH or under pyenv, so not tested: Python "
              f"{', '.join(missing)}", file=sys.stderr)
    os.environ["PATH"] = os.pathsep.join([*folders, os.environ.get("PATH", "")])
    return versions


def _linked_folder(interpreter: str, label: str) -> str:
    """A folder whose ``python<label>`` is ``interpreter``."""
    folder = HERE / ".nox" / "interpreters" / label
    link = folder / f"python{label}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(interpreter)
    except OSError:  # no symbolic links here: use the interpreter's own folder
        return str(Path(interpreter).parent)
    return str(folder)


@nox.session(python=available_pythons())
def tests(session: nox.Session) -> None:
    """Install .[test] (editable, as the README does) into a fresh
    virtualenv and run the test suite.

    Editable because tests/test_packaging.py builds an editable install that
    sees this environment's packages: a plain install here would shadow it.
    The wheel and a bare checkout are tested on their own.
    """
    session.install("-e", ".[test]")
    arguments = list(session.posargs)
    runs_nox = session.python == "{}.{}".format(*sys.version_info[:2])
    if not runs_nox and not arguments:
        arguments = ["-m", "not integration and not slow"]
    if runs_nox:
        install_chromium(session)
    session.run("pytest", "-n", str(WORKERS), *arguments)


# The names tests/test_audit_report.py looks for a browser by.
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def install_chromium(session: nox.Session) -> None:
    """Debian's chromium, for the browser test, when there is no browser,
    apt-get is there and we are root; else, or if it fails, carry on (the
    test then skips and says why)."""
    if any(shutil.which(name) for name in BROWSERS) or not shutil.which("apt-get"):
        return
    if getattr(os, "geteuid", lambda: -1)() != 0:
        return
    command = "apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium"
    session.log("installing chromium for the browser test: " + command)
    try:
        done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=900,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (OSError, subprocess.SubprocessError) as error:
        session.warn(f"chromium not installed ({error}); the browser test will skip")
        return
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        # apt's first error ("E: ...") says most: later ones follow from it.
        why = ([line for line in lines if line.startswith("E:")] + lines[-1:]
               + [f"exit status {done.returncode}"])[0]
        session.warn(f"chromium not installed ({why}); the browser test will skip")


# pytest-xdist workers: the suite is CPU-bound and the machines CI runs on
# have two cores (more would only contend for them).
WORKERS = 2
