"""What a benchmark run checks beyond the corpus: a scaled set, and every bundled rule in force.

Used by ``bench.py``.  Standard library only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time


def scaled_copies(posts: list[str], folder: str, factor: int) -> dict:
    """``factor`` copies of ``posts`` in ``folder``, as hard links where the file system allows.

    A copy keeps the post's Jekyll date (attriblint reads the year from the
    name) and adds ``-copyK`` to its slug, so every copy is checked exactly
    like its original.  Generating 50,000 posts with ``corpus.py`` instead
    takes about 5x the time of the 10,000 (20 s wall on the 2-core machine)
    and 310 MB of disk; hard links take about a second and no space.
    """
    started = time.perf_counter()
    os.makedirs(folder, exist_ok=True)
    linked = copied = 0
    for k in range(1, factor + 1):
        for path in posts:
            stem, ext = os.path.splitext(os.path.basename(path))
            target = os.path.join(folder, f"{stem}-copy{k}{ext}")
            if os.path.lexists(target):  # a kept folder from an earlier run
                os.remove(target)
            try:
                os.link(path, target)
                linked += 1
            except OSError:
                shutil.copyfile(path, target)
                copied += 1
    return {"files": linked + copied, "hard_links": linked, "copies": copied,
            "built_s": time.perf_counter() - started}


def rules_in_force(attriblint: str, root: str, folders: list[str], env: dict) -> dict:
    """Whether attriblint runs with every bundled rule on each folder, in its own words.

    ``attriblint config FOLDER`` must say no configuration was found and
    ``rules = "all bundled"``; ``attriblint rules --format json`` (run in
    the folder) lists the rules in force, which must be every rule file of
    the folder they come from.  ``verified`` is False when a configuration
    narrows them, None when attriblint's output could not be read.
    """
    out: dict = {"folders": {}, "verified": True, "problems": []}
    for folder in folders:
        done = subprocess.run([attriblint, "config", folder], cwd=root, env=env,
                              capture_output=True, text=True)
        first = done.stdout.splitlines()[0] if done.stdout else ""
        rules = re.search(r"^rules = (.*?)\s+#", done.stdout, re.M)
        out["folders"][os.path.relpath(folder, root)] = {
            "config": first, "rules": rules.group(1) if rules else None}
        if done.returncode != 0 or not first.startswith("config:") or not rules:
            out["verified"] = out["verified"] and None
            out["problems"].append(f"'attriblint config {folder}' gave no readable answer")
        elif "(none found" not in first or rules.group(1) != '"all bundled"':
            out["verified"] = False
            out["problems"].append(f"{os.path.relpath(folder, root)}: {first}, "
                                   f"rules = {rules.group(1)}")
    done = subprocess.run([attriblint, "rules", "--format", "json"], cwd=folders[0], env=env,
                          capture_output=True, text=True)
    try:
        listed = json.loads(done.stdout)
        homes = {os.path.dirname(r["path"]) for r in listed}
    except (ValueError, KeyError, TypeError):
        out["verified"] = out["verified"] and None
        out["problems"].append("'attriblint rules --format json' gave no readable answer")
        return out
    files = sorted(n for home in homes for n in os.listdir(home)
                   if n.endswith((".yaml", ".yml")))
    out.update(rules=len(listed), rule_files=len(files), rule_folders=sorted(homes))
    if len(listed) != len(files):
        out["verified"] = False
        out["problems"].append(f"{len(listed)} rules in force, {len(files)} rule files")
    return out
