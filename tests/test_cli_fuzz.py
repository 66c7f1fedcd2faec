"""Whatever the posts hold, the command answers: never a traceback.

Generated front matter (impossible dates, huge numbers, broken addresses,
nested values) and arbitrary bytes go through ``attriblint check --format
json``: the exit code is 0, 1 or 2, nothing is written to stderr, and stdout
is always one valid, strict UTF-8 JSON document that reports every file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attriblint.cli import main

FIELDS = ["date", "original_date", "source_date", "source_url", "original_url", "canonical_url",
          "canonical", "author", "original_author", "title", "seo", "extra", "views"]

# Scalars written as YAML sees them unquoted, so that its resolvers (dates,
# integers, floats, booleans) get the strange ones.
DATES = st.builds("{}-{}-{}".format, st.integers(0, 99999), st.integers(0, 99),
                  st.integers(0, 99))
NUMBERS = st.one_of(st.integers().map(str), st.floats().map(repr),
                    st.integers(1, 6000).map(lambda n: "9" * n), st.just(".inf"), st.just("0x_"))
URL_PARTS = st.sampled_from(["http://", "https://", "//", "www.", "globalresearch.ca", "[", "]",
                             "::1", ":", "99999", "/", "?", "&", "=", "aid=", "p=", "#", "%",
                             "5731847", "@", " ", "\\", "xn--", "utm_source"])
URLS = st.lists(URL_PARTS, max_size=8).map("".join)
QUOTED = st.text(max_size=30).map(json.dumps)
SCALARS = st.one_of(DATES, NUMBERS, URLS, QUOTED, st.sampled_from(["null", "~", "yes", "no",
                                                                   "true", "", "2023-06-31",
                                                                   "2020-13-45", "'"]))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3).map(lambda v: f"[{', '.join(v)}]"),
                            st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3).map(
                                lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}")),
    max_leaves=6)
CREDITS = st.sampled_from([
    "The original source of this article is Global Research.",
    "Source: [{url}]({url})",
    "Reposted from [Global Research]({url}).",
    "Copyright © {value}, Global Research, {value}",
    '<a href="{url}">Global Research</a>',
])


@st.composite
def posts(draw) -> bytes:
    fields = draw(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=5))
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    credit = draw(CREDITS).format(url=draw(URLS), value=draw(SCALARS))
    return f"---\n{front}---\n\nSome text.\n\n{credit}\n".encode("utf-8", errors="surrogatepass")


NAMES = st.sampled_from(["post.md", "page.html", "note.txt"])


def run_in_process(folder: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--format", "json", "-j", "1", folder])
    return code, out.getvalue(), err.getvalue()


def assert_answered(code: int, out: str, err: str, files: int) -> None:
    assert code in (0, 1, 2)
    assert "Traceback" not in err and err == ""
    report = json.loads(out.encode("utf-8").decode("utf-8"))  # strict UTF-8
    assert report["summary"]["files"] == files
    assert (code == 2) == any(f["kind"] == "input" for f in report["findings"])


FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(post=posts(), name=NAMES)
def test_generated_front_matter_never_breaks_the_command(post, name):
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(post)
        assert_answered(*run_in_process(folder), files=1)


@FUZZ
@given(data=st.binary(max_size=300),
       prefix=st.sampled_from([b"", b"---\n", b"\xef\xbb\xbf---\n", b"+++\n", b"{", b"<html>",
                               b"\xff\xfe"]),
       name=NAMES)
def test_arbitrary_bytes_never_break_the_command(data, prefix, name):
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(prefix + data + b"\nReposted from Global Research.\n")
        assert_answered(*run_in_process(folder), files=1)


def test_a_real_process_answers_with_strict_json_whatever_the_names_and_bytes(tmp_path):
    rng = random.Random(5)
    samples = [b"---\ndate: 2023-06-31\n---\nReposted from Global Research.\n",
               b"---\nviews: " + b"9" * 5000 + b"\n---\nReposted from Global Research.\n",
               b"Source: [https://www.globalresearch.ca/x/5731847](http://[oops)\n",
               b"\xff\xfeR\x00e\x00Global Research\xd8\x00",
               b"Reposted from Global Research.\n\x1b[2J\xc3"]
    names = [b"a\nb.md", b"caf\xe9.md", b"\x1b[31m.html", b"plain.txt", b"ok.md"]
    for i, (name, sample) in enumerate(zip(names, samples)):
        folder = tmp_path / str(i)
        folder.mkdir()
        noise = bytes(rng.randrange(256) for _ in range(64))
        (Path(os.fsdecode(bytes(folder))) / os.fsdecode(name)).write_bytes(sample + noise)
    env = dict(os.environ, ATTRIBLINT_CACHE_DIR="", LC_ALL="C", PYTHONIOENCODING="")
    run = subprocess.run([sys.executable, "-m", "attriblint", "check", "--format", "json",
                          str(tmp_path)], capture_output=True, env=env, timeout=60)
    assert run.returncode in (0, 1, 2)
    assert run.stderr == b""
    report = json.loads(run.stdout.decode("utf-8"))  # strict: raises on invalid UTF-8
    assert report["summary"]["files"] == len(samples)
