"""Tests of bench.py's own logic: pairing, rounds, verdicts, the peer's output, the scaled set.

Not part of the project's test suite (pytest's testpaths is ``tests``); run
them with ``.venv/bin/pytest -q -p no:cacheprovider benchmarks/test_bench.py``.
No timing is asserted: only what is paired with what, and what is decided.
"""

from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import peers  # noqa: E402
import report  # noqa: E402
import targets  # noqa: E402
from timing import BenchError, Command, measure, paired  # noqa: E402
from workload import scaled_copies  # noqa: E402

NPM_OFFLINE = """\
npm error code ECONNREFUSED
npm error syscall connect
npm error errno ECONNREFUSED
npm error FetchError: request to http://127.0.0.1:9/markdownlint-cli2 failed, reason: connect ECONNREFUSED 127.0.0.1:9
npm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/node_modules/minipass-fetch/lib/index.js:130:14)
npm error A complete log of this run can be found in: /root/.npm/_logs/x-debug-0.log
"""
NPM_NO_VERSION = """\
npm error code ETARGET
npm error notarget No matching version found for markdownlint-cli2@0.0.999.
npm error A complete log of this run can be found in: /root/.npm/_logs/y-debug-0.log
"""
MARKDOWNLINT_STDOUT = """\
markdownlint-cli2 v0.24.1 (markdownlint v0.42.1)
Finding: blog/_posts/*.md
Linting: 10000 files
Summary: 150747 issues in 9998 files
"""


def runs(values: dict[int, float], cpu_share: float = 1.0) -> list[dict]:
    """Timed runs by round: wall times, and CPU times that are ``cpu_share`` of them."""
    return [{"round": r, "wall": v, "cpu": v * cpu_share} for r, v in values.items()]


# -- pairing and rounds ----------------------------------------------------------------
def test_paired_uses_only_rounds_both_ran():
    subject = runs({0: 2.0, 1: 9.0, 2: 9.0})
    baseline = runs({0: 4.0})
    assert paired(subject, baseline, "cpu") == {"ratio": 0.5, "pairs": 1, "all": [0.5]}


def test_paired_is_the_median_of_per_round_ratios():
    subject = runs({0: 1.0, 1: 3.0, 2: 10.0})
    baseline = runs({0: 1.0, 1: 1.0, 2: 1.0})
    assert paired(subject, baseline, "wall")["ratio"] == 3.0


def test_paired_without_a_shared_round_is_none():
    assert paired(runs({1: 1.0}), runs({0: 1.0}), "cpu") is None


def _appender(log: str, name: str, code: int = 0) -> list[str]:
    return [sys.executable, "-c",
            f"import sys; open({log!r}, 'a').write({name!r}); print('out-{name}'); "
            f"sys.exit({code})"]


def test_measure_rotates_and_limits_rounds(tmp_path):
    log = str(tmp_path / "log")
    commands = {"A": Command(_appender(log, "A"), dict(os.environ)),
                "B": Command(_appender(log, "B"), dict(os.environ)),
                "C": Command(_appender(log, "C"), dict(os.environ), rounds=1, warmup=False)}
    results = measure(commands, 3, str(tmp_path), "test", str(tmp_path))
    with open(log) as fh:
        # warm-ups A B; round 0: A B C; round 1 (C done): B A; round 2: A B
        assert fh.read() == "AB" + "ABC" + "BA" + "AB"
    assert [r["round"] for r in results["C"]["runs"]] == [0]
    assert [r["round"] for r in results["A"]["runs"]] == [0, 1, 2]
    assert results["C"]["warmup"] is None and results["A"]["warmup"] is not None


def test_measure_keeps_the_first_output_of_a_captured_command(tmp_path):
    log = str(tmp_path / "log")
    commands = {"A": Command(_appender(log, "A"), dict(os.environ), capture=True)}
    results = measure(commands, 2, str(tmp_path), "test", str(tmp_path))
    assert results["A"]["stdout"] == "out-A\n"
    assert sorted(os.listdir(tmp_path)) == ["log"]  # the capture file is gone


def test_measure_stops_on_an_exit_code_that_means_failure(tmp_path):
    log = str(tmp_path / "log")
    commands = {"A": Command(_appender(log, "A", code=2), dict(os.environ), warmup=False)}
    with pytest.raises(BenchError, match="exited with 2"):
        measure(commands, 1, str(tmp_path), "test", str(tmp_path))


# -- verdicts ---------------------------------------------------------------------------
def test_verdicts():
    target = targets.Target("k", "case", 5.0, "CPU")
    assert targets.verdict(target, targets.Measured(5.0)) == "met"
    assert targets.verdict(target, targets.Measured(5.01)) == "NOT MET"
    assert targets.verdict(target, targets.Measured(missing="peer skipped")) == \
        "not measured (peer skipped)"


def test_linear_limit_follows_the_scale_factor():
    limits = {t.key: t.limit for t in targets.issue_targets(5)}
    assert limits["scale_time"] == 5.5 and limits["scale_memory"] == 1.25
    assert {t.key: t.limit for t in targets.issue_targets(3)}["scale_time"] == 3.3


def test_a_target_with_no_figure_is_not_measured_never_met():
    rows = targets.judge(targets.issue_targets(5), {}, {"posts": "1", "pages": "1",
                                                        "scaled": "5", "jobs": "2 jobs"})
    assert all(row["verdict"] == "not measured (not run)" for row in rows)


def _rep(linted: int = 10, verified: bool | None = True) -> dict:
    """A minimal report: one Markdown set of 10 posts with the peer, nothing else."""
    subject = runs({0: 2.0, 1: 4.0}, cpu_share=0.5)  # CPU below wall: it waited
    commands = {"read floor": {"runs": runs({0: 1.0, 1: 1.0})},
                report.PEER: {"runs": runs({0: 40.0}),
                              "stdout": f"Linting: {linted} files\n"},
                report.SUBJECT: {"runs": subject}}
    pairs = {report.SUBJECT: {b: {k: paired(subject, commands[b]["runs"], k)
                                  for k in ("wall", "cpu")}
                              for b in ("read floor", report.PEER)}}
    return {"sets": [{"key": "posts", "commands": commands, "paired": pairs,
                      "sizes": {report.SUBJECT: (10, 1000)}}],
            "peer": {"skipped": None}, "rules_in_force": {"verified": verified},
            "settings": {"jobs_note": None}}


def test_figures_come_from_the_paired_ratios():
    figures = report.measurements(_rep())
    assert figures["posts_read"].value == 3.0      # median of 2/1 and 4/1: wall, not CPU
    assert figures["posts_peer"].value == 0.025    # 1/40: CPU, not wall; round 0 only
    assert figures["precommit_start"].missing == "set not run"


def test_a_peer_that_did_not_lint_every_file_is_not_measured():
    figures = report.measurements(_rep(linted=9))
    assert figures["posts_peer"].value is None
    assert figures["posts_peer"].missing == "markdownlint-cli2 linted 9 of 10 files"


def test_nothing_counts_when_a_configuration_narrows_the_rules():
    figures = report.measurements(_rep(verified=False))
    assert all(f.value is None for f in figures.values())
    # Unreadable answers from attriblint (None) are reported but do not void the figures.
    assert report.measurements(_rep(verified=None))["posts_read"].value == 3.0


# -- the peer -------------------------------------------------------------------------
def test_markdownlint_summary_lines():
    assert peers.files_linted(MARKDOWNLINT_STDOUT) == 10000
    assert peers.issues_summary(MARKDOWNLINT_STDOUT) == (150747, 9998)
    assert peers.files_linted("Linting: 1 file\n") == 1
    assert peers.files_linted(None) is None


def test_npm_failures_are_named():
    assert peers.npm_failure(NPM_OFFLINE).startswith(
        "ECONNREFUSED: FetchError: request to http://127.0.0.1:9/markdownlint-cli2 failed")
    assert peers.npm_failure(NPM_NO_VERSION) == \
        "ETARGET: notarget No matching version found for markdownlint-cli2@0.0.999."
    assert peers.npm_failure("") == "no output"


def test_engine_note_only_when_node_is_older():
    peer = peers.Peer(version="0.24.1", node_version="v20.20.2", engines=">=22")
    assert "declares node >=22" in peers.engine_note(peer)
    assert peers.engine_note(peers.Peer(version="0.24.1", node_version="v22.1.0",
                                        engines=">=22")) is None


def test_config_files_found(tmp_path):
    (tmp_path / ".markdownlint.json").write_text("{}")
    (tmp_path / "post.md").write_text("# x\n")
    assert peers.config_files([str(tmp_path)]) == [str(tmp_path / ".markdownlint.json")]


# -- the scaled set -------------------------------------------------------------------
def test_scaled_copies_keep_the_jekyll_date_and_the_bytes(tmp_path):
    src = tmp_path / "_posts"
    src.mkdir()
    post = src / "2015-01-01-a-post.md"
    post.write_bytes(b"---\ntitle: x\n---\nbody\n")
    done = scaled_copies([str(post)], str(tmp_path / "x3"), 3)
    names = sorted(os.listdir(tmp_path / "x3"))
    assert names == [f"2015-01-01-a-post-copy{k}.md" for k in (1, 2, 3)]
    assert all((tmp_path / "x3" / n).read_bytes() == post.read_bytes() for n in names)
    assert done["files"] == 3 and done["hard_links"] + done["copies"] == 3
