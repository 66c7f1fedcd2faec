"""SIGKILL never leaves a half-fixed post behind.

``attriblint fix`` runs over a folder of some forty non-compliant reposts
(the bundled rules' examples, retitled and rewritten with CRLF line
endings, a BOM, no final newline) and is killed at random moments.  After
each kill every post must be byte for byte either what it was or what an
uninterrupted run makes of it, and nothing but the posts and perhaps the
killed run's temporary files may be in the folder.  The next ``attriblint
fix`` must then finish the job and remove those temporary files.

The moments are drawn (seeded, so every run kills at the same fractions)
half from the start of a measured uninterrupted run to its last write, and
half over the window in which it was seen writing files, where a kill
matters most.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

RULES = Path(__file__).parent.parent / "rules"
EXAMPLES = [
    "globalresearch/no-credit.md", "globalresearch/no-link.md", "globalresearch/no-copyright.md",
    "propublica/no-credit.md", "propublica/no-link.md",
    "theconversation/no-credit.md", "theconversation/no-link.md",
    "globalresearch/compliant.html",
]
POSTS = 40
TRIALS = 25
SEED = 8
TEMPORARY = ".*.attriblint-*.tmp"
BOM = b"\xef\xbb\xbf"


def variant(example: bytes, index: int) -> bytes:
    """The ``index``th rewrite of an example post: its own title, and the
    line endings, BOM and final newline a real blog's files differ in."""
    text = example.decode("utf-8")
    text = text.replace('title: "', f'title: "Part {index}: ', 1)
    text = text.replace("<h1>", f"<h1>Part {index}: ", 1)
    if index % 4 == 1:
        text = text.rstrip("\n")
    if index % 3 == 2:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return BOM + data if index % 5 == 3 else data


def write_posts(folder: Path) -> dict[str, bytes]:
    """Forty posts in ``folder`` (a few in a subfolder); returns their bytes
    by path relative to ``folder``."""
    posts = {}
    for index in range(POSTS):
        example = EXAMPLES[index % len(EXAMPLES)]
        name = f"{index:02d}-{example.replace('/', '-')}"
        relative = f"archive/{name}" if index % 7 == 6 else name
        posts[relative] = variant((RULES / "examples" / example).read_bytes(), index)
    for relative, data in posts.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return posts


def contents(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def temporaries(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(TEMPORARY))


def start_fix(folder: Path, cache: Path) -> subprocess.Popen:
    # A private rule cache, warmed by the first run: with none
    # (ATTRIBLINT_CACHE_DIR="") every run compiles the rules for two
    # seconds and the kills would mostly land before the first write.
    env = {**os.environ, "ATTRIBLINT_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "attriblint", "fix", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def run_fix(folder: Path, cache: Path) -> subprocess.CompletedProcess:
    process = start_fix(folder, cache)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def timed_reference_run(folder: Path, cache: Path) -> tuple[float, float, float]:
    """Run ``fix`` to completion on ``folder``, watching it: returns the run's
    duration and when the first and the last post were seen changed."""
    before = contents(folder)
    started = time.monotonic()
    process = start_fix(folder, cache)
    first = last = None
    changed: set[str] = set()
    while process.poll() is None:
        now = time.monotonic() - started
        for relative, data in before.items():
            if relative not in changed and (folder / relative).read_bytes() != data:
                changed.add(relative)
                first = now if first is None else first
                last = now
        time.sleep(0.005)
    duration = time.monotonic() - started
    out, err = process.communicate()
    assert process.returncode == 1, err.decode()
    return duration, first if first is not None else 0.0, last if last is not None else duration


def kill_delays(duration: float, first: float, last: float) -> list[float]:
    draw = random.Random(SEED)
    # After the last write the run only prints: a kill there tests nothing new.
    anywhere = [draw.uniform(0, min(duration, last + 0.1)) for _ in range(TRIALS // 2)]
    writing = [draw.uniform(max(0.0, first - 0.02), last + 0.02)
               for _ in range(TRIALS - len(anywhere))]
    return anywhere + writing


@pytest.mark.slow
def test_a_killed_fix_leaves_every_post_original_or_fixed(tmp_path):
    originals_folder, expected_folder = tmp_path / "originals", tmp_path / "expected"
    cache = tmp_path / "cache"
    originals_folder.mkdir()
    originals = write_posts(originals_folder)
    shutil.copytree(originals_folder, expected_folder)
    run_fix(expected_folder, cache)  # warms the rule cache
    shutil.rmtree(expected_folder)
    shutil.copytree(originals_folder, expected_folder)
    duration, first, last = timed_reference_run(expected_folder, cache)
    fixed = contents(expected_folder)
    assert set(fixed) == set(originals)
    assert sum(fixed[p] != originals[p] for p in originals) >= POSTS * 3 // 4
    assert run_fix(expected_folder, cache).returncode in (0, 1)
    assert contents(expected_folder) == fixed, "a second fix changed a fixed post"

    outcomes = {"untouched": 0, "part fixed": 0, "all fixed": 0, "temporary left": 0}
    for trial, delay in enumerate(kill_delays(duration, first, last)):
        folder = tmp_path / f"trial{trial}"
        shutil.copytree(originals_folder, folder)
        process = start_fix(folder, cache)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()  # reaps it
        after = contents(folder)
        left = temporaries(folder)
        assert sorted(set(after) - set(left)) == sorted(originals), (trial, delay)
        for relative, data in originals.items():
            assert after[relative] in (data, fixed[relative]), \
                f"trial {trial} (killed after {delay:.3f} s): {relative} is neither " \
                f"the original nor the fixed post"
        done = sum(after[p] == fixed[p] != originals[p] for p in originals)
        outcomes["untouched" if not done else "all fixed" if after == fixed else "part fixed"] += 1
        outcomes["temporary left"] += bool(left)

        finished = run_fix(folder, cache)
        assert finished.returncode in (0, 1), finished.stderr.decode()
        assert b"Traceback" not in finished.stderr
        assert temporaries(folder) == [], f"trial {trial}: temporaries left by the next run"
        assert contents(folder) == fixed, f"trial {trial}: the next run did not finish the job"
        shutil.rmtree(folder)
    # The kills must land while posts are being written, else this tests nothing.
    assert outcomes["part fixed"] >= 1, outcomes
