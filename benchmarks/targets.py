"""Issue 9's targets, and the verdict of a measurement against each.

Used by ``bench.py``, which measures; this module only decides and prints.
A target is met when the measured ratio is at most its limit.  A target
with nothing measured (the peer could not be installed, a set was not run,
/proc is missing) is "not measured (why)", never met.  Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

# Tolerances this benchmark chose where the issue says "linear" and "flat".
LINEAR_TOLERANCE = 1.10  # run-to-run noise on the big sets is about ±10% (README, "Noise")
FLAT_MEMORY = 1.25       # the bigger set's peak memory within 1.25x of the smaller's
IMPORT_BUDGET = 2.0      # imports of a 5-post check, in python -c pass wall times


@dataclass(frozen=True)
class Target:
    """One row of the table: ``case`` may name {posts}, {pages}, {scaled}."""

    key: str
    case: str
    limit: float
    statistic: str


@dataclass(frozen=True)
class Measured:
    """A ratio and how it was obtained, or why there is none."""

    value: float | None = None
    how: str = ""
    missing: str | None = None
    note: str | None = None


def issue_targets(scale_factor: int) -> tuple[Target, ...]:
    """The issue's table, plus the import budget derived from its first row.

    ``scale_factor``: how many times more posts the scaled set has (5 for
    50,000 / 10,000); linear time then means at most factor x tolerance.
    """
    return (
        Target("precommit_start", "5 posts (pre-commit), warm rule cache, ÷ python -c pass",
               5.0, "CPU"),
        Target("precommit_peer", "5 posts ÷ markdownlint-cli2 on the same files", 0.14, "CPU"),
        Target("posts_read", "{posts} posts, {jobs}, wall ÷ read loop", 5.0, "wall"),
        Target("posts_peer", "{posts} posts ÷ markdownlint-cli2", 0.04, "CPU"),
        Target("pages_read", "{pages} HTML pages, wall ÷ read loop", 5.0, "wall"),
        Target("scale_time", "{scaled} ÷ {posts} posts, time (linear)",
               round(scale_factor * LINEAR_TOLERANCE, 2), "CPU"),
        Target("scale_memory", "{scaled} ÷ {posts} posts, peak memory of the process tree (flat)",
               FLAT_MEMORY, "PSS"),
        Target("import_budget", "imports of a 5-post check ÷ python -c pass wall (budget)",
               IMPORT_BUDGET, "-X importtime"),
    )


def verdict(target: Target, measured: Measured) -> str:
    """"met", "NOT MET" or "not measured (why)"."""
    if measured.value is None:
        return f"not measured ({measured.missing or 'no value'})"
    return "met" if measured.value <= target.limit else "NOT MET"


def judge(targets: tuple[Target, ...], measured: dict[str, Measured],
          names: dict[str, str]) -> list[dict]:
    """One row per target: case (with ``names`` filled in), value, limit, verdict."""
    rows = []
    for target in targets:
        m = measured.get(target.key, Measured(missing="not run"))
        rows.append({"key": target.key, "case": target.case.format(**names),
                     "statistic": target.statistic, "value": m.value, "how": m.how,
                     "limit": target.limit, "verdict": verdict(target, m), "note": m.note})
    return rows


def format_rows(rows: list[dict]) -> str:
    """The targets table as text, with notes under it."""
    lines = [("case", "measured", "target", "verdict")]
    notes = []
    for row in rows:
        value = "-" if row["value"] is None else f"{_ratio(row['value'])}× ({row['how']})"
        lines.append((row["case"], value, f"≤ {_ratio(row['limit'])}×", row["verdict"]))
        if row["note"]:
            notes.append(f"  {row['case']}: {row['note']}")
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out + notes)


def _ratio(x: float) -> str:
    """Two significant figures below 1 (0.041), two decimals above (5.25)."""
    return f"{x:.2g}" if x < 1 else f"{x:.2f}"
