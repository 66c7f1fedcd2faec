"""Compiled rules are cached: a warm run imports no rule-loading machinery."""

import os
import subprocess
import sys
import textwrap

from .conftest import FIXTURES

PROBE = textwrap.dedent("""\
    import sys
    from attriblint.cli import main
    code = main(["check", sys.argv[1]])
    heavy = sorted(m for m in ("pyparsing", "fastjsonschema") if m in sys.modules)
    print("HEAVY", heavy, file=sys.stderr)
    """)


def run(args, cache):
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_second_run_loads_compiled_rules_from_the_cache(tmp_path):
    post = str(FIXTURES / "md/citation_only.md")
    first = run([post], tmp_path)
    assert "HEAVY ['fastjsonschema', 'pyparsing']" in first.stderr
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 1
    second = run([post], tmp_path)
    assert "HEAVY []" in second.stderr
    assert second.stdout == first.stdout == "No problems found in 1 file.\n"


def test_an_edited_rule_file_is_compiled_again(tmp_path, capsys):
    from attriblint.rulecache import load_rules_cached

    rule = tmp_path / "r.yaml"
    rule.write_text("id: one\npublisher: P\nterms: https://p.org/t\ndomains: [p.org]\n"
                    "requires:\n  - link: any\n", encoding="utf-8")
    assert [r.id for r in load_rules_cached([rule])] == ["one"]
    rule.write_text(rule.read_text().replace("id: one", "id: two"), encoding="utf-8")
    assert [r.id for r in load_rules_cached([rule])] == ["two"]


def test_an_empty_cache_setting_turns_the_cache_off(tmp_path, monkeypatch):
    from attriblint.rulecache import cache_dir

    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", "")
    assert cache_dir() is None
