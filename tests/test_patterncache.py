"""attriblint's own patterns are kept as engine code between runs: a run
after the store is made compiles none of them, what is stored is what
``re`` compiles, and what a rule file or a post makes never gets in."""

import dataclasses
import json
import os
import re
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from attriblint import patterncache
from attriblint.regexcode import code_of
from attriblint.rules import bundled_rules_dir, load_rules, rule_files

from .conftest import FIXTURES

POST = str(FIXTURES / "md/missing_copyright.md")

# A check run in a fresh process, counting what the engine's compiler is
# asked to compile after the store is loaded (cli.main loads it first).
PROBE = textwrap.dedent("""\
    import json, sys
    from re import _compiler
    compiled = []
    original = _compiler.compile
    def counting(pattern, flags=0):
        compiled.append(pattern if isinstance(pattern, str) else repr(pattern))
        return original(pattern, flags)
    from attriblint import cli, patterncache
    preload = patterncache.preload
    def preload_then_count(folder):
        known = preload(folder)
        _compiler.compile = counting
        return known
    patterncache.preload = preload_then_count
    code = cli.main(["check", sys.argv[1]])
    print(json.dumps({"code": code, "compiled": compiled}), file=sys.stderr)
    """)


def check(cache: Path) -> dict:
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-c", PROBE, POST], env=env, capture_output=True,
                          text=True, timeout=120)
    return json.loads(done.stderr.strip().splitlines()[-1]) | {"stdout": done.stdout}


def store(cache: Path) -> Path:
    return patterncache.store_path(cache)


def test_a_run_after_the_store_is_made_compiles_none_of_attriblints_patterns(tmp_path):
    first = check(tmp_path)  # compiles them, notes them as seen
    assert len(first["compiled"]) > 100
    second = check(tmp_path)  # compiles them again: now they are stored
    assert len(second["compiled"]) > 100
    # The first run compiles the rules too, which can push some of
    # attriblint's patterns out of re's cache before they are seen.
    check(tmp_path)
    written = store(tmp_path).stat().st_mtime_ns
    third = check(tmp_path)
    assert third["compiled"] == []
    assert third["stdout"] == second["stdout"] == first["stdout"]
    assert "AL301" in third["stdout"] and third["code"] == first["code"] == 1
    assert store(tmp_path).stat().st_mtime_ns == written  # nothing new: not rewritten
    assert oct(store(tmp_path).stat().st_mode & 0o777) == "0o600"


def test_what_is_stored_is_what_re_compiles(tmp_path):
    check(tmp_path)
    check(tmp_path)
    records, _ = patterncache._read(store(tmp_path))
    assert len(records) > 100
    for source, flags, about, code in records:
        made_about, made_code = code_of(re.compile(source, flags))
        assert code == made_code, source
        assert {k: v for k, v in about.items() if k not in ("at", "length", "bytes")} == made_about


@pytest.fixture
def fresh_re_cache():
    """re's cache emptied, as in a new process, before and after."""
    re.purge()
    yield
    re.purge()


def a_run(folder: Path, *sources: str) -> None:
    """One run, as cli.main makes it: preload, compile, save."""
    re.purge()
    known = patterncache.preload(folder)
    for source in sources:
        re.compile(source)
    patterncache.save(folder, known)


def test_a_pattern_is_stored_once_a_second_run_compiles_it(tmp_path, fresh_re_cache):
    source = f"attriblint-test-{uuid.uuid4().hex}-(?P<n>[0-9]+)"
    a_run(tmp_path, source)
    records, seen = patterncache._read(store(tmp_path))
    assert [r for r in records if r[0] == source] == []
    assert patterncache._mark(source, 0) in seen
    assert source not in store(tmp_path).read_text(encoding="utf-8", errors="replace")

    a_run(tmp_path, source)
    records, seen = patterncache._read(store(tmp_path))
    assert [r[0] for r in records] == [source]
    assert patterncache._mark(source, 0) not in seen

    re.purge()
    patterncache.preload(tmp_path)
    rebuilt = re.compile(source)  # from re's cache: the stored pattern
    assert rebuilt is re._cache[str, source, 0]
    assert rebuilt.pattern == source and rebuilt.groupindex == {"n": 1}
    assert rebuilt.fullmatch(source.replace("(?P<n>[0-9]+)", "42")).group("n") == "42"


def test_a_pattern_compiled_in_one_run_only_is_never_stored(tmp_path, fresh_re_cache):
    for _ in range(3):
        a_run(tmp_path, f"attriblint-once-{uuid.uuid4().hex}")
    records, seen = patterncache._read(store(tmp_path))
    assert records == [] and len(seen) == 3


def test_the_store_keeps_the_most_recent_patterns(tmp_path, fresh_re_cache, monkeypatch):
    monkeypatch.setattr(patterncache, "MAX_PATTERNS", 3)
    sources = [f"attriblint-bounded-{i}-{uuid.uuid4().hex}" for i in range(5)]
    for source in sources:
        a_run(tmp_path, source)
        a_run(tmp_path, source)
    records, _ = patterncache._read(store(tmp_path))
    assert [r[0] for r in records] == sources[2:]


def patterns_in(value, seen=None):
    """Every compiled pattern a rule holds, however deep."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from patterns_in(getattr(value, field.name), seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from patterns_in(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from patterns_in(item, seen)


def test_rule_files_leave_no_pattern_in_res_cache(fresh_re_cache):
    """Templates' patterns are made from rule files: the rule cache keeps
    them, and in re's cache they would crowd out attriblint's own."""
    rules = load_rules(rule_files([str(bundled_rules_dir())]))
    held = {(type(p.pattern), p.pattern, p.flags & ~re.UNICODE) for rule in rules
            for p in patterns_in(rule)}
    assert len(held) > 100
    cached = {(kind, source, flags & ~re.UNICODE) for kind, source, flags in re._cache}
    assert sorted(str(key[1])[:80] for key in held & cached) == []


def damaged(data: bytes, how: str) -> bytes:
    header, _, rest = data.partition(b"\n")
    body, _, code = rest.partition(b"\n")
    about = json.loads(header)

    def sealed(new_body: bytes, new_code: bytes = code) -> bytes:
        new_rest = new_body + b"\n" + new_code
        return json.dumps(dict(about, checksum=patterncache.checksum(new_rest))).encode() \
            + b"\n" + new_rest

    if how == "a flipped byte":
        return data[:-5] + bytes([data[-5] ^ 0x40]) + data[-4:]
    if how == "truncated":
        return data[: len(data) // 2]
    if how == "another Python":
        return json.dumps(dict(about, python="3.99.0")).encode() + b"\n" + rest
    if how == "another version":
        return json.dumps(dict(about, version=99)).encode() + b"\n" + rest
    if how == "not JSON":
        return sealed(b"{not json")
    if how == "code outside the file":
        stored = json.loads(body)
        stored["patterns"][0][2]["at"] = len(code) + 10
        return sealed(json.dumps(stored).encode())
    if how == "a record of another shape":
        stored = json.loads(body)
        stored["patterns"][0] = {"source": "x"}
        return sealed(json.dumps(stored).encode())
    if how == "code that is not the engine's":
        return sealed(body, b"\xff" * len(code))
    stored = json.loads(body)
    record = stored["patterns"][0]
    if how == "more groups than code":
        record[2]["groups"] = 10 ** 8
    elif how == "group names that are a list":
        record[2]["groupindex"] = ["n"]
    elif how == "a group number out of range":
        record[2]["groupindex"] = {"n": 5}
    elif how == "the DEBUG flag":
        record[1] = 128
    elif how == "a source that does not compile":  # and code that is not the engine's
        record[0] = "("
        return sealed(json.dumps(stored).encode(), b"\xff" * len(code))
    else:
        raise AssertionError(how)
    return sealed(json.dumps(stored).encode())


@pytest.mark.parametrize("how", ["a flipped byte", "truncated", "another Python",
                                 "another version", "not JSON", "code outside the file",
                                 "a record of another shape", "code that is not the engine's",
                                 "more groups than code", "group names that are a list",
                                 "a group number out of range", "the DEBUG flag",
                                 "a source that does not compile"])
def test_a_damaged_or_foreign_store_is_compiled_around_and_rewritten(tmp_path, fresh_re_cache,
                                                                     capfd, how):
    source = f"attriblint-damaged-{uuid.uuid4().hex}[a-z]+"
    a_run(tmp_path, source)
    a_run(tmp_path, source)
    path = store(tmp_path)
    path.write_bytes(damaged(path.read_bytes(), how))

    re.purge()
    known = patterncache.preload(tmp_path)  # no exception
    assert capfd.readouterr() == ("", "")  # nothing printed (DEBUG would)
    pattern = re.compile(source)
    assert pattern.groups == 0 and pattern.groupindex == {}
    assert pattern.fullmatch(source.replace("[a-z]+", "abc"))
    assert pattern.fullmatch(source.replace("[a-z]+", "ABC")) is None
    if how != "code that is not the engine's":  # that one fails only when rebuilt
        assert (str, source, 0) not in known or how in (
            "more groups than code", "group names that are a list", "a group number out of range")
    assert (str, "(", 0) not in known and not any(key[2] & re.DEBUG for key in known)
    patterncache.save(tmp_path, known)
    a_run(tmp_path, source)
    records, _ = patterncache._read(path)
    if how == "a source that does not compile":  # its record is skipped until it is dropped
        assert [r[0] for r in records] == ["(", source]
    else:
        assert [r[0] for r in records] == [source]


def test_a_folder_others_can_write_to_is_neither_read_nor_written(tmp_path, fresh_re_cache):
    source = f"attriblint-shared-{uuid.uuid4().hex}"
    a_run(tmp_path, source)
    a_run(tmp_path, source)
    tmp_path.chmod(0o777)
    try:
        re.purge()
        assert (str, source, 0) not in patterncache.preload(tmp_path)
        store(tmp_path).unlink()
        a_run(tmp_path, "another")
        a_run(tmp_path, "another")
        assert not store(tmp_path).exists()
    finally:
        tmp_path.chmod(0o700)


def test_no_cache_folder_means_nothing_is_kept(fresh_re_cache):
    known = patterncache.preload(None)
    re.compile(f"attriblint-nowhere-{uuid.uuid4().hex}")
    patterncache.save(None, known)  # nothing to write to, and no error


def test_the_words_of_posts_stay_out_of_the_store(tmp_path):
    """A suppression names a code or a word of the post's front matter;
    patterns made of such words are compiled without re's cache, so they
    never crowd out attriblint's own or land in the store."""
    posts = tmp_path / "posts"
    posts.mkdir()
    for i in range(5):
        (posts / f"post-{i}.md").write_text(
            f"---\ntitle: Post {i}\nattriblint:\n  ignore: [zzword{i}]\n  reason: testing\n"
            f"---\n\nA post about gardens.\n", encoding="utf-8")
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(3):
        subprocess.run([sys.executable, "-m", "attriblint", "check", "--jobs", "1", str(posts)],
                       env=env, capture_output=True, timeout=120)
    data = store(tmp_path / "cache").read_bytes()
    assert b"zzword" not in data
    records, seen = patterncache._read(store(tmp_path / "cache"))
    assert len(records) > 100
    marks = {patterncache._mark(rf"(?<![\w-])zzword{i}(?![\w-])", 0) for i in range(5)}
    assert not marks & set(seen)
