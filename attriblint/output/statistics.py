"""``--statistics``: how many findings of each code, most frequent first."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from ..findings import Finding
from ..kinds import codes


def write_statistics(findings: list[Finding], out: TextIO) -> None:
    """One row per code: count (right-aligned), code, name."""
    rows = statistics(findings)
    if not rows:
        return
    width = len(str(rows[0][0]))
    for count, code, name in rows:
        out.write(f"{count:>{width}}  {code}  {name}".rstrip() + "\n")


def statistics(findings: list[Finding]) -> list[tuple[int, str, str]]:
    """(count, code, name) for each code found, by count descending, then code."""
    counts = Counter(f.code for f in findings)
    known = codes()
    rows = [(count, code, known[code].name if code in known else "")
            for code, count in counts.items()]
    return sorted(rows, key=lambda row: (-row[0], row[1]))
