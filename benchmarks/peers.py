"""markdownlint-cli2 as a peer: install a pinned release, run it, check what it linted.

Used by ``bench.py``.  The peer is installed with npm's ordinary client into
a folder of the benchmark run (``npm install --prefix DIR --no-audit
--no-fund --no-save markdownlint-cli2@VERSION``), reused when that folder
already holds the same version (``bench.py --keep``), and run with ``node``
directly.  When node or npm is missing or the install fails (no network),
``install`` says why and the benchmark shows the targets that need the peer
as "not measured".  Standard library only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

NAME = "markdownlint-cli2"
# The current release on the npm registry when this was written (npm view
# markdownlint-cli2 version, 2026-12-01).  It declares engines.node >=22 and
# runs on node 20 (npm warns, EBADENGINE); the warning is recorded.
VERSION = "0.24.1"
# Every file name markdownlint-cli2 reads its configuration from (its --help).
CONFIG_NAMES = (".markdownlint-cli2.jsonc", ".markdownlint-cli2.yaml",
                ".markdownlint-cli2.cjs", ".markdownlint-cli2.mjs",
                ".markdownlint.jsonc", ".markdownlint.json", ".markdownlint.yaml",
                ".markdownlint.yml", ".markdownlint.cjs", ".markdownlint.mjs")
# Its own summary, printed before it lints: "Linting: 10000 files".
_LINTING = re.compile(r"^Linting: (\d+) files?$", re.M)
_SUMMARY = re.compile(r"^Summary: (\d+) issues? in (\d+) files?$", re.M)


@dataclass
class Peer:
    """An installed markdownlint-cli2, or the reason there is none."""

    version: str | None = None
    node: str | None = None          # node's path
    node_version: str | None = None
    script: str | None = None        # markdownlint-cli2-bin.mjs
    folder: str | None = None
    engines: str | None = None       # the package's engines.node
    skipped: str | None = None       # why it is not available
    install_s: float | None = None

    def argv(self, globs: list[str]) -> list[str]:
        """The command that lints ``globs`` (its own glob syntax; ``:PATH`` is literal)."""
        return [self.node, self.script, *globs]

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _tool_version(tool: str) -> tuple[str | None, str | None]:
    path = shutil.which(tool)
    if not path:
        return None, None
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return path, None
    return path, done.stdout.strip() or None


def installed_version(folder: str) -> tuple[str | None, str | None]:
    """The version and engines.node of the markdownlint-cli2 installed in ``folder``."""
    manifest = os.path.join(folder, "node_modules", NAME, "package.json")
    try:
        with open(manifest, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None, None
    return data.get("version"), (data.get("engines") or {}).get("node")


def install(folder: str, version: str = VERSION, timeout: float = 600) -> Peer:
    """Install ``markdownlint-cli2@version`` into ``folder`` (or reuse it there)."""
    node, node_version = _tool_version("node")
    npm, _ = _tool_version("npm")
    if not node or not node_version:
        return Peer(skipped="node is not installed")
    if not npm:
        return Peer(node=node, node_version=node_version, skipped="npm is not installed")
    started = time.perf_counter()
    have, engines = installed_version(folder)
    if have != version:
        os.makedirs(folder, exist_ok=True)
        try:
            done = subprocess.run([npm, "install", "--prefix", folder, "--no-audit", "--no-fund",
                                   "--no-save", f"{NAME}@{version}"],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return Peer(node=node, node_version=node_version,
                        skipped=f"npm install {NAME}@{version} took over {timeout:.0f} s")
        have, engines = installed_version(folder)
        if done.returncode != 0 or have != version:
            return Peer(node=node, node_version=node_version,
                        skipped=f"npm install {NAME}@{version} failed (exit "
                                f"{done.returncode}): {npm_failure(done.stderr)}")
    script = os.path.join(folder, "node_modules", NAME, "markdownlint-cli2-bin.mjs")
    if not os.path.isfile(script):
        return Peer(node=node, node_version=node_version,
                    skipped=f"{NAME}@{version} installed without {os.path.basename(script)}")
    return Peer(version=version, node=node, node_version=node_version, script=script,
                folder=folder, engines=engines, install_s=time.perf_counter() - started)


def npm_failure(stderr: str) -> str:
    """npm's error code and its first explanation, from its ``npm error`` lines.

    For example "ECONNREFUSED: FetchError: request to ... failed" when offline,
    "ETARGET: notarget No matching version found for ..." for a wrong version.
    """
    lines = [line[len("npm error"):].strip() for line in stderr.splitlines()
             if line.startswith("npm error")]
    code = next((line.split()[1] for line in lines if line.startswith("code ")), None)
    detail = next((line for line in lines if line and not re.match(
        r"(code|syscall|errno|path|A complete log)\b", line)), None)
    if code or detail:
        return ": ".join(part for part in (code, detail) if part)
    tail = stderr.strip().splitlines()
    return tail[-1].strip() if tail else "no output"


def engine_note(peer: Peer) -> str | None:
    """A note when node is older than the package's ``engines.node`` (">=N" only)."""
    want = re.fullmatch(r">=\s*(\d+)(?:\.\d+)*", (peer.engines or "").strip())
    have = re.match(r"v?(\d+)", peer.node_version or "")
    if want and have and int(have.group(1)) < int(want.group(1)):
        return (f"{NAME} {peer.version} declares node {peer.engines}; node "
                f"{peer.node_version} is older but runs it")
    return None


def files_linted(stdout: str | None) -> int | None:
    """How many files markdownlint-cli2 said it lints ("Linting: N files")."""
    m = _LINTING.search(stdout or "")
    return int(m.group(1)) if m else None


def issues_summary(stdout: str | None) -> tuple[int, int] | None:
    """(issues, files with issues) from its last line, when it printed one."""
    m = _SUMMARY.search(stdout or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def config_files(folders: list[str]) -> list[str]:
    """markdownlint-cli2 configuration files in ``folders`` (none: its defaults)."""
    found = []
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found += [os.path.join(folder, n) for n in names if n in CONFIG_NAMES]
    return sorted(found)
