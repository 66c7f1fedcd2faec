"""Compiled rules are cached: a warm run imports no rule-loading machinery,
and the cache holds data that cannot lie about the rules or run code."""

import dataclasses
import json
import os
import pickle
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from attriblint import cachefolder, patterncache, regexcode, rulecache
from attriblint.rulecache import (PACKAGE_ROOT, cache_key, from_data, load_rules_cached,
                                  read_entry, to_data)
from attriblint.rules import Rule, bundled_rules_dir, load_rule, load_rules, rule_files

from .conftest import FIXTURES

BUNDLED = rule_files([str(bundled_rules_dir())])

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
    assert len(list(tmp_path.glob("rules-*.json"))) == 1
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


# -- the entry is data: a faithful round trip -----------------------------------

def same_value(a, b, where="rule") -> None:
    """Field by field; patterns by source and flags (a compiled ``re``
    pattern and its cached, lazily compiled form are the same pattern)."""
    if hasattr(a, "pattern") and hasattr(b, "pattern") and not dataclasses.is_dataclass(a):
        assert (a.pattern, getattr(a, "flags", None)) == (b.pattern, getattr(b, "flags", None)), where
        assert type(b).__name__ in ("Pattern", "LazyPattern", "LinearPattern"), where
        return
    if dataclasses.is_dataclass(a):
        assert type(a) is type(b), where
        for field in dataclasses.fields(a):
            same_value(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
        return
    if isinstance(a, (tuple, list)):
        assert type(a) is type(b) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same_value(x, y, f"{where}[{i}]")
        return
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            same_value(a[key], b[key], f"{where}[{key!r}]")
        return
    assert type(a) is type(b) and a == b, where


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_a_bundled_rule_survives_the_json_round_trip(path):
    fresh = load_rule(path)
    text = json.dumps(to_data([fresh], list[Rule]))
    (cached,) = from_data(json.loads(text), list[Rule])
    same_value(fresh, cached)
    assert cached == fresh


def test_cached_patterns_match_like_the_compiled_ones():
    (fresh,) = load_rules(BUNDLED[:1])
    (cached,) = from_data(json.loads(json.dumps(to_data([fresh], list[Rule]))), list[Rule])
    text = ("Reposted from Global Research.\n\nCopyright \u00a9 Ann Lee, Global Research, 2021")
    for a, b in zip([*fresh.detect_phrases, *(r.template for r in fresh.requirements)],
                    [*cached.detect_phrases, *(r.template for r in cached.requirements)]):
        if a is not None:
            assert list(a.finditer(text)) == list(b.finditer(text))
    assert pickle.loads(pickle.dumps(cached)) == fresh  # as the process pool sends it


def test_cached_url_patterns_match_like_the_compiled_ones_and_are_compiled_when_used():
    from attriblint.rules import LinearPattern, PatternError

    (fresh,) = load_rules(BUNDLED[:1])
    (cached,) = from_data(json.loads(json.dumps(to_data([fresh], list[Rule]))), list[Rule])
    paths = ["/politics/2021/05/a-title/", "/2021/05/a-title/", "/about", ""]
    sent = pickle.loads(pickle.dumps(cached))  # as the process pool sends it
    for a, b, c in zip(fresh.article_urls, cached.article_urls, sent.article_urls):
        assert b._compiled is None and c._compiled is None  # nothing compiled on load
        for path in paths:
            assert bool(a.search(path)) == bool(b.search(path)) == bool(c.search(path))
        assert a.groups == b.groups == c.groups
    with pytest.raises(PatternError):
        LinearPattern("(unclosed")  # a rule file's pattern is checked when it is read
    assert LinearPattern.checked("(unclosed").pattern == "(unclosed"


def test_an_entry_names_no_classes_the_annotations_do_not_allow():
    (fresh,) = load_rules(BUNDLED[:1])
    data = to_data([fresh], list[Rule])
    data[0]["requirements"][0]["template"] = {"__class__": "os.system", "args": ["true"]}
    with pytest.raises(Exception) as caught:
        from_data(data, list[Rule])
    assert type(caught.value).__name__ == "_ForeignEntry"


# -- the key: everything that shapes the compiled rules -------------------------

@pytest.fixture
def package_copy(tmp_path):
    copy = tmp_path / "attriblint"
    shutil.copytree(PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize("changed", ["schema/rule.schema.json", "template.py", "rules.py",
                                     "kinds/credit.py"])
def test_a_changed_package_file_changes_the_key(package_copy, changed):
    before = cache_key(BUNDLED, package_copy)
    assert cache_key(BUNDLED, package_copy) == before
    with open(package_copy / changed, "a", encoding="utf-8") as file:
        file.write("\n")
    assert cache_key(BUNDLED, package_copy) != before


def test_a_package_file_reinstalled_with_its_old_size_and_time_changes_the_key(package_copy):
    """The key goes by what the file system says of package files, not
    their bytes: a file put back with the same size and modification time
    (an installer keeping a wheel's timestamps) is still a new file."""
    before = cache_key(BUNDLED, package_copy)
    original = package_copy / "template.py"
    info = original.stat()
    text = original.read_text(encoding="utf-8")
    replacement = package_copy / "template.py.new"
    replacement.write_text(text.replace("MAX_CAPTURE = 120", "MAX_CAPTURE = 121"),
                           encoding="utf-8")
    assert replacement.stat().st_size == info.st_size
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, original)
    assert original.stat().st_mtime_ns == info.st_mtime_ns
    assert cache_key(BUNDLED, package_copy) != before


def test_a_new_package_file_changes_the_key(package_copy):
    before = cache_key(BUNDLED, package_copy)
    (package_copy / "kinds" / "extra.py").write_text("", encoding="utf-8")
    assert cache_key(BUNDLED, package_copy) != before


def test_the_python_version_and_rule_paths_are_in_the_key(tmp_path, monkeypatch):
    before = cache_key(BUNDLED)
    copy = tmp_path / BUNDLED[0].name
    copy.write_bytes(BUNDLED[0].read_bytes())
    assert cache_key([copy, *BUNDLED[1:]]) != before
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert cache_key(BUNDLED) != before


# -- planted, damaged and foreign entries ---------------------------------------

class Planted:
    """Unpickling this would write a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return Path.write_text, (self.marker, "code ran")


def foreign_entries(valid: bytes, marker: Path) -> dict[str, bytes]:
    header_line, body, code = valid.split(b"\n", 2)
    header = json.loads(header_line)
    rules = json.loads(body)

    def entry(header: dict, body: bytes, code: bytes = code) -> bytes:
        return json.dumps(header).encode() + b"\n" + body + b"\n" + code

    def checked(rules) -> bytes:  # data with a checksum that fits it
        body = json.dumps(rules).encode()
        return entry(dict(header, checksum=rulecache._checksum(body)), body)

    lying = json.loads(body)
    lying[0]["id"] = "liar"  # edited data, old checksum
    outside = json.loads(body)
    pattern = next(p for p in _patterns(outside) if p["code"] is not None)
    pattern["code"]["at"] = len(code)  # points past the end of the code
    return {
        "garbage": b"\x80\x00 not json at all",
        "empty": b"",
        "header only": header_line,
        "truncated": valid[: len(valid) // 2],
        "pickle": pickle.dumps(Planted(marker)),
        "other format": entry(dict(header, format="something-else"), body),
        "other version": entry(dict(header, version=header["version"] + 1), body),
        "version 1": json.dumps(dict(header, version=1, rules=rules)).encode(),
        "wrong shape": checked({"id": "x"}),
        "edited": entry(header, json.dumps(lying).encode()),
        "code outside": checked(outside),
        "deep": b"[" * 100_000,
    }


def _patterns(data):
    """The patterns' data in an entry's rules data."""
    if isinstance(data, dict):
        if set(data) == {"pattern", "flags", "code"}:
            yield data
        else:
            for value in data.values():
                yield from _patterns(value)
    elif isinstance(data, list):
        for value in data:
            yield from _patterns(value)


def test_patterns_are_rebuilt_from_their_stored_code_and_match_alike(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(tmp_path))
    fresh = load_rules(BUNDLED)
    load_rules_cached(BUNDLED)  # writes the entry
    (entry,) = tmp_path.glob("rules-*.json")
    _, body, code = entry.read_bytes().split(b"\n", 2)
    stored = list(_patterns(json.loads(body)))
    assert stored and all(p["code"] is not None for p in stored)
    assert sum(p["code"]["length"] for p in stored) == len(code)
    cached = load_rules_cached(BUNDLED)
    compiled = []
    monkeypatch.setattr(rulecache, "rebuild", lambda *args: compiled.append(args[3]) or
                        regexcode.rebuild(*args))
    text = ("Reposted from Global Research.\n\nCopyright \u00a9 Ann Lee, Global Research, 2021. "
            "This article was originally published by ProPublica; \u017fee https://example.org")
    found = 0
    for a, b in zip(fresh, cached):
        for x, y in zip(_rule_patterns(a), _rule_patterns(b)):
            assert list(x.finditer(text)) == list(y.finditer(text))
            found += len(list(x.finditer(text)))
    assert found > 3
    assert compiled and all(code is not None for code in compiled)  # none compiled from source


def _rule_patterns(rule):
    for requirement in rule.requirements:
        if requirement.template is not None:
            yield requirement.template
    yield from rule.detect_phrases


def test_damaged_engine_code_is_compiled_from_the_source_instead(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(tmp_path))
    (fresh,) = load_rules(BUNDLED[:1])
    load_rules_cached(BUNDLED[:1])
    (entry,) = tmp_path.glob("rules-*.json")
    header, body, code = entry.read_bytes().split(b"\n", 2)
    # Each pattern pointed at the next one's code: valid engine code, for
    # other words.  Only the patterns' own checksums can tell.
    rules = json.loads(body)
    stored = [p["code"] for p in _patterns(rules) if p["code"] is not None]
    places = [(c["at"], c["length"]) for c in stored]
    for about, (at, length) in zip(stored, places[1:] + places[:1]):
        about["at"], about["length"] = at, length
    body = json.dumps(rules).encode()
    header = json.dumps(dict(json.loads(header), checksum=rulecache._checksum(body))).encode()
    entry.write_bytes(header + b"\n" + body + b"\n" + code)
    (cached,) = load_rules_cached(BUNDLED[:1])
    text = ("This story was originally published by CalMatters. Sign up for their newsletters. "
            "Copyright \u00a9 2021 CalMatters")
    found = 0
    for x, y in zip(_rule_patterns(fresh), _rule_patterns(cached)):
        assert list(x.finditer(text)) == list(y.finditer(text))
        found += len(list(x.finditer(text)))
    assert found


def test_engine_code_of_another_python_is_not_used():
    about, code = regexcode.code_of(re.compile(r"(?P<year>\d{4})|ab", re.I))
    for foreign in (dict(about, magic=about["magic"] + 1), dict(about, size=8), None, {}):
        pattern = regexcode.rebuild(r"(?P<year>\d{4})|ab", re.I, foreign, code)
        assert pattern.groupindex == {"year": 1} and pattern.search("xAB").span() == (1, 3)
    rebuilt = regexcode.rebuild(r"(?P<year>\d{4})|ab", re.I, about, code)
    assert rebuilt.search("in 2021").group("year") == "2021"
    assert regexcode.rebuild("x", 0, about, b"\x00" * 12).pattern == "x"  # invalid code


def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(tmp_path, package_copy, monkeypatch):
    monkeypatch.setattr(rulecache, "PACKAGE_ROOT", package_copy)  # a key that stays put
    cache = tmp_path / "cache"
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(cache))
    expected = load_rules(BUNDLED)
    assert load_rules_cached(BUNDLED) == expected
    (entry,) = cache.glob("rules-*.json")
    valid = entry.read_bytes()
    key = cache_key(BUNDLED)
    assert read_entry(entry, key) == expected
    marker = tmp_path / "marker"
    for name, data in foreign_entries(valid, marker).items():
        entry.write_bytes(data)
        assert read_entry(entry, key) is None, name
        assert load_rules_cached(BUNDLED) == expected, name
        assert read_entry(entry, key) == expected, f"{name}: not rebuilt"
    assert not marker.exists()


def test_a_world_writable_cache_folder_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(shared))
    assert load_rules_cached(BUNDLED) == load_rules(BUNDLED)
    assert list(shared.iterdir()) == []


def test_a_cache_folder_of_another_user_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "theirs"
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(folder))
    monkeypatch.setattr(cachefolder.os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)
    assert load_rules_cached(BUNDLED) == load_rules(BUNDLED)
    assert list(folder.iterdir()) == []


def test_the_cache_is_private_to_its_owner(tmp_path, monkeypatch):
    folder = tmp_path / "new" / "attriblint"
    monkeypatch.setenv("ATTRIBLINT_CACHE_DIR", str(folder))
    load_rules_cached(BUNDLED)
    (entry,) = folder.iterdir()
    assert entry.name.startswith("rules-") and entry.suffix == ".json"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_concurrent_cold_runs_agree_and_leave_a_valid_cache(tmp_path):
    posts = [str(FIXTURES / "md" / name) for name in
             ("missing_copyright.md", "citation_only.md", "wrong_year.md")]

    def run(cache: Path) -> tuple[int, str, str]:
        env = dict(os.environ, ATTRIBLINT_CACHE_DIR=str(cache))
        done = subprocess.run([sys.executable, "-m", "attriblint", "check", *posts], env=env,
                              capture_output=True, text=True, timeout=300)
        return done.returncode, done.stdout, done.stderr

    reference = run(tmp_path / "reference")
    assert reference[0] == 1 and "AL301" in reference[1] and reference[2] == ""
    for round_ in range(3):
        cache = tmp_path / f"cold-{round_}"
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(run, [cache] * 8))
        assert results == [reference] * 8
        entries = sorted(p.name for p in cache.iterdir())
        # No temporary left: the rules' entry, and the store of attriblint's patterns.
        assert len(entries) == 2 and entries[0].startswith("patterns-"), entries
        assert read_entry(cache / entries[1], cache_key([Path(p) for p in BUNDLED])) is not None
        assert any(patterncache._read(cache / entries[0]))  # a valid store, not empty
