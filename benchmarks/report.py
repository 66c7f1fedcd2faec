"""``bench.py``'s output: each target's figure from the measurements, and the text.

The targets table comes first (``targets.py`` decides the verdicts), then
the detailed tables.  Standard library only.
"""

from __future__ import annotations

import peers
import targets

PEER = peers.NAME
SUBJECT = "attriblint check"


def fmt_table(rows: list[tuple[str, ...]]) -> str:
    """Rows as text: the first left-aligned, the rest right-aligned, a rule under the header."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ratio(x: float | None) -> str:
    """A ratio for a table cell: 0.074, 0.52, 8.3, 578."""
    if x is None:
        return "-"
    return f"{x:.2g}" if x < 1 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def subjects_table(sets: list[dict], baselines: list[str]) -> str:
    """One row per subject: sizes, medians, paired ratios to each baseline (wall/CPU)."""
    rows = [("subject", "files", "MB", "wall s", "CPU s",
             *(f"÷ {b} (wall/CPU)" for b in baselines), "files/s")]
    for s in sets:
        c = s["commands"]
        for subject in s["subjects"]:
            files, size = s["sizes"][subject]
            wall, cpu = c[subject]["median"], c[subject]["median_cpu"]
            cells = []
            for b in baselines:
                pair = s["paired"][subject].get(b, {})
                cells.append("-" if not pair else
                             f"{ratio(_r(pair['wall']))}/{ratio(_r(pair['cpu']))}")
            rows.append((label(s, subject), f"{files}", f"{size / 1e6:.1f}",
                         f"{wall:.3f}", "-" if cpu is None else f"{cpu:.2f}", *cells,
                         f"{files / wall:,.0f}"))
    return fmt_table(rows)


def label(s: dict, subject: str) -> str:
    """A subject's row name: with its set's, or with its own size when that differs."""
    files = s["sizes"][subject][0]
    if files == s["sizes"][s["subjects"][0]][0]:
        return f"{subject}, {s['name']}"
    return f"{subject}, {files} posts"


def baselines_table(sets: list[dict], baselines: list[str]) -> str:
    """Each baseline's median wall (and CPU) seconds, per set."""
    rows = [("baselines, median wall s (CPU s)", *baselines)]
    for s in sets:
        c = s["commands"]
        cells = []
        for b in baselines:
            if b not in c:
                cells.append("-")
                continue
            runs = f" [{len(c[b]['runs'])} run{'s' if len(c[b]['runs']) > 1 else ''}]" \
                if len(c[b]["runs"]) != len(c[s["subjects"][0]]["runs"]) else ""
            cpu = c[b]["median_cpu"]
            cells.append(f"{c[b]['median']:.3f}" + ("" if cpu is None else f" ({cpu:.2f})")
                         + runs)
        rows.append((s["name"], *cells))
    return fmt_table(rows)


def _r(pair: dict | None) -> float | None:
    return None if pair is None else pair["ratio"]


def measurements(rep: dict) -> dict[str, targets.Measured]:
    """Each target's ratio from the report, or why it has none."""
    M = targets.Measured
    sets = {s["key"]: s for s in rep["sets"]}
    peer, rules = rep["peer"], rep["rules_in_force"]

    def pair(set_key: str, subject: str, baseline: str, key: str) -> M:
        s = sets.get(set_key)
        if s is None:
            return M(missing="set not run")
        if baseline not in s["commands"]:
            return M(missing=f"{baseline} skipped, see below" if baseline == PEER
                     else f"{baseline} not run")
        if baseline == PEER:
            want, got = s["sizes"][SUBJECT][0], peers.files_linted(s["commands"][PEER]["stdout"])
            if got != want:
                return M(missing=f"{PEER} linted {got} of {want} files")
        p = s["paired"][subject][baseline][key] if subject in s["paired"] else None
        if p is None:
            return M(missing=f"no {key} time")
        return M(p["ratio"], f"{'CPU' if key == 'cpu' else 'wall'}, {pairs(p['pairs'])}")

    out = {"precommit_start": pair("precommit", SUBJECT, "python -c pass", "cpu"),
           "precommit_peer": pair("precommit", SUBJECT, PEER, "cpu"),
           "posts_read": pair("posts", SUBJECT, "read floor", "wall"),
           "posts_peer": pair("posts", SUBJECT, PEER, "cpu"),
           "pages_read": pair("pages", SUBJECT, "read floor", "wall")}
    if rep["settings"]["jobs_note"]:
        out["posts_read"] = M(out["posts_read"].value, out["posts_read"].how,
                              out["posts_read"].missing, rep["settings"]["jobs_note"])
    scaled = rep.get("scaled")
    if scaled:
        time_pair = sets["posts"]["paired"].get(scaled["subject"], {})
        # The scaled subject is paired with the 10,000-post run of the same rounds.
        p = time_pair.get(SUBJECT, {}).get("cpu")
        out["scale_time"] = (M(p["ratio"], f"CPU, {pairs(p['pairs'])}")
                             if p else M(missing="no CPU time"))
        mem = rep.get("tree_memory")
        if mem and mem["small"]["peak_tree_pss_kib"] and mem["big"]["peak_tree_pss_kib"]:
            out["scale_memory"] = M(mem["big"]["peak_tree_pss_kib"]
                                    / mem["small"]["peak_tree_pss_kib"],
                                    f"PSS {mem['small']['peak_tree_pss_kib'] / 1024:.0f} → "
                                    f"{mem['big']['peak_tree_pss_kib'] / 1024:.0f} MiB")
        elif mem and mem["small"]["peak_tree_rss_kib"]:
            out["scale_memory"] = M(mem["big"]["peak_tree_rss_kib"]
                                    / mem["small"]["peak_tree_rss_kib"],
                                    f"RSS (no PSS) {mem['small']['peak_tree_rss_kib'] / 1024:.0f}"
                                    f" → {mem['big']['peak_tree_rss_kib'] / 1024:.0f} MiB")
        else:
            out["scale_memory"] = M(missing="no /proc to sample")
    else:
        out["scale_time"] = out["scale_memory"] = M(missing="--scale 0")
    imports = rep.get("imports")
    if imports:
        out["import_budget"] = M(imports["ratio"], f"{imports['median_us'] / 1000:.0f} ms ÷ "
                                                   f"{imports['start_median'] * 1000:.0f} ms, "
                                                   f"{pairs(len(imports['ratios']))}")
    if rules["verified"] is False:  # a configuration narrows the rules: not issue 9's case
        why = "not every bundled rule is in force"
        out = {k: targets.Measured(missing=why) for k in out}
    return out


def pairs(n: int) -> str:
    return "1 pair" if n == 1 else f"median of {n} pairs"


def differs(st: dict) -> str:
    """How the sets differ from the issue's (10,000 posts, 2,000 pages, 5x), or ""."""
    changed = [f"{st[k]:,} {k}" for k, issue in (("posts", 10_000), ("pages", 2_000))
               if st[k] != issue]
    if st["scale"] != 5:
        changed.append(f"scale {st['scale']}")
    return ("; SMALLER SETS THAN THE ISSUE'S (" + ", ".join(changed) + "): verdicts "
            "indicative only") if changed else ""


def text_report(rep: dict, rows: list[dict]) -> str:
    m, g, st = rep["machine"], rep["git"], rep["settings"]
    rules, peer = rep["rules_in_force"], rep["peer"]
    if rules["verified"]:
        said = (f"all {rules['rules']} bundled rules in force (attriblint config: no "
                f"configuration found in the corpus, rules = \"all bundled\")")
    elif rules["verified"] is None:
        said = "could not verify the rules in force: " + "; ".join(rules["problems"])
    else:
        said = "NOT every bundled rule is in force: " + "; ".join(rules["problems"])
    out = [f"issue 9 targets: {said}{differs(st)}",
           targets.format_rows(rows), ""]
    out.append(f"{rep['attriblint']} (commit {g['commit']}{', modified' if g['dirty'] else ''}), "
               f"Python {m['python']}, {m['cpus_usable']} CPUs ({m['cpu']}); {st['runs']} "
               f"round{'s' if st['runs'] != 1 else ''} after 1 warm-up; seed {st['seed']}; attriblint {st['jobs']}")
    if peer["skipped"]:
        out.append(f"{PEER}: skipped ({peer['skipped']})")
    else:
        linted = "; ".join(f"{s['name']}: linted {peers.files_linted(s['commands'][PEER]['stdout'])}"
                           f" of {s['sizes'][SUBJECT][0]} files"
                           for s in rep["sets"] if PEER in s["commands"])
        config = ", ".join(rep["peer_config_files"]) or "no configuration in the corpus, so its defaults"
        out.append(f"{PEER} {peer['version']} on node {peer['node_version']} ({config}; {linted}; "
                   f"exit 1 = findings)")
        if peer.get("engine_note"):
            out.append(f"  note: {peer['engine_note']}")
    sets = rep["sets"]
    baselines = [b for b in ("python -c pass", "read floor", PEER, "proto")
                 if any(b in s["commands"] for s in sets)]
    out += ["", "ratios are medians of per-round ratios, wall/CPU", 
            subjects_table(sets, baselines), "", baselines_table(sets, baselines),
            ""]
    imp = rep["imports"]
    out.append(f"-X importtime, self times of every import of 'attriblint check' on the 5 "
               f"posts, the interpreter's own included: {imp['median_us'] / 1000:.1f} ms = "
               f"{imp['ratio']:.2f}× python -c pass's wall ({imp['start_median'] * 1000:.1f} ms, "
               f"median of per-round ratios); budget {targets.IMPORT_BUDGET:g}×: "
               f"{'met' if imp['ratio'] <= targets.IMPORT_BUDGET else 'NOT MET'} (target 1 allows "
               f"a 5-post check 5 interpreter starts in all: 2 for imports leaves 3 for the rest "
               f"of start-up, loading the rules and linting)")
    out.append("  largest: " + ", ".join(f"{name} {us / 1000:.1f}" for us, name in imp["top"][:6])
               + f"; python -X importtime -c pass alone: "
                 f"{imp['python -c pass']['median_us'] / 1000:.1f} ms; import attriblint.cli: "
                 f"{imp['import attriblint.cli']['median_us'] / 1000:.1f} ms")
    for s in sets:
        for subject in s["subjects"]:
            rss = s["commands"][subject]["peak_rss_kib"]
            if rss:
                base = s["commands"]["python -c pass"]["peak_rss_kib"]
                out.append(f"peak RSS (largest process), {label(s, subject)}: "
                           f"{rss / 1024:.0f} MiB (python -c pass: {base / 1024:.0f} MiB)")
    for which in ("small", "big"):
        tree = (rep.get("tree_memory") or {}).get(which)
        if tree:
            each = tree.get("runs") or [tree]
            spread = ", ".join(f"{r['peak_tree_pss_kib'] / 1024:.0f}" for r in each)
            out.append(f"peak memory of the whole process tree (sampled every 20 ms), "
                       f"{tree['label']}: PSS {tree['peak_tree_pss_kib'] / 1024:.0f} MiB, "
                       f"RSS {tree['peak_tree_rss_kib'] / 1024:.0f} MiB, "
                       f"{tree['max_processes']} processes (median of {len(each)} runs; "
                       f"PSS of each: {spread} MiB)")
    sc = rep.get("scaled")
    if sc:
        posts_set = next((s for s in sets if s["key"] == "posts"), None)
        pair = posts_set["paired"][sc["subject"]][SUBJECT] if posts_set else {}
        if pair.get("cpu") and pair.get("wall"):
            out.append(f"{sc['files']} ÷ {st['posts']} posts: CPU {pair['cpu']['ratio']:.2f}×, "
                       f"wall {pair['wall']['ratio']:.2f}× ({pairs(pair['cpu']['pairs'])}; "
                       f"linear within the tolerance: ≤ "
                       f"{sc['factor'] * targets.LINEAR_TOLERANCE:.2f}×)")
        how = (f"{sc['hard_links']} hard links" if not sc["copies"] else
               f"{sc['hard_links']} hard links and {sc['copies']} copies")
        out.append(f"{sc['files']} posts: {sc['factor']} copies of the {st['posts']} under "
                   f"distinct names ({how}, built in {sc['built_s']:.1f} s; the corpus "
                   f"itself took {rep['corpus_s']:.0f} s to generate)")
    out.append(f"\n(whole benchmark: {rep['elapsed_s']:.0f} s)")
    return "\n".join(out)
