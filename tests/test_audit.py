"""``attriblint audit``: a publisher's audit of a crawl, page by page."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attriblint.audit.command import AuditRequest, audit
from attriblint.audit.nearcopy import NearCopyIndex
from attriblint.audit.sources import Limits
from attriblint.rules import bundled_rules_dir, load_rules

from .auditpages import (
    AUTHOR, CREDIT_HTML, ORIGINAL_URL, PARAGRAPHS, Capture, article_html, edited, html_capture,
    page, write_warc,
)

RULE = load_rules([bundled_rules_dir() / "globalresearch.yaml"])[0]
ROOT = Path(__file__).resolve().parent.parent


def crawl_captures() -> list[Capture]:
    """A crawl holding every case a publisher meets, by URL."""
    canonical = f'<link rel="canonical" href="{ORIGINAL_URL}">'
    quote = PARAGRAPHS[2].split(". ")[0]
    return [
        html_capture("https://valley-notes.example/2025/aquifers/",
                     page(article_html() + "\n" + CREDIT_HTML)),
        html_capture("https://careless.example/water-auction/",
                     page(article_html() + "\n<p>The original source of this article is "
                                           "Global Research</p>",
                          head='<meta property="article:published_time" '
                               'content="2025-02-20T08:00:00+01:00">')),
        html_capture("https://mirror.example/aquifers.html",
                     page(article_html(), head=canonical), date="2025-04-02T11:00:00Z"),
        html_capture("https://copycat.example/p/8812",
                     page(article_html(), site="Daily Digest Now")),
        html_capture("https://rewriter.example/aquifers-auction/",
                     page(article_html(edited()), site="Rewriter")),
        html_capture("https://excerpt.example/reading/",
                     page(article_html(PARAGRAPHS[:2]) + "\n<p>We will come back to this "
                                                         "story next week.</p>")),
        html_capture("https://citer.example/essay/",
                     page(f'<p>As <a href="{ORIGINAL_URL}">a piece on Global Research</a> put '
                          f'it, "{quote}."</p><p>Our own town has no such auction yet, and '
                          "the council says it has no plans for one this year or next.</p>")),
        html_capture("https://cats.example/", page("<p>Cats sleep most of the day and spend "
                                                   "the rest of it asking for food.</p>")),
        html_capture(ORIGINAL_URL, page(article_html() + CREDIT_HTML, site="Global Research")),
        html_capture("https://latin1.example/agua/",
                     page(article_html() + "\n" + CREDIT_HTML.replace("©", "&copy;")
                          + "<p>Traducción: señora Núñez</p>", charset="windows-1252"),
                     content_type="text/html; charset=windows-1252", encoding="cp1252"),
        Capture("https://valley-notes.example/logo.png", b"\x89PNG\r\n", "image/png"),
        Capture("https://valley-notes.example/gone/", b"<p>Not here</p>", status="404 Not Found"),
    ]


# url -> (repost, reason, compliant, codes)
EXPECTED = {
    "https://valley-notes.example/2025/aquifers/": (True, "credit line", True, []),
    "https://careless.example/water-auction/": (True, "credit line", False, ["AL201", "AL301"]),
    "https://mirror.example/aquifers.html": (True, "source metadata", False,
                                             ["AL101", "AL201", "AL301"]),
    "https://copycat.example/p/8812": (True, "near copy", False, ["AL101", "AL201", "AL301"]),
    "https://rewriter.example/aquifers-auction/": (True, "near copy", False,
                                                   ["AL101", "AL201", "AL301"]),
    "https://excerpt.example/reading/": (False, None, None, []),
    "https://citer.example/essay/": (False, None, None, []),
    "https://cats.example/": (False, None, None, []),
    ORIGINAL_URL: (False, "publisher's own site", None, []),
    "https://latin1.example/agua/": (True, "credit line", True, []),
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crawl")
    write_warc(folder / "crawl.warc.gz", crawl_captures())
    originals = folder / "originals" / "www.globalresearch.ca" / "aquifers"
    originals.mkdir(parents=True)
    (originals / "index.html").write_text(
        page(article_html() + CREDIT_HTML, site="Global Research",
             head=f'<link rel="canonical" href="{ORIGINAL_URL}">'), encoding="utf-8")
    return folder


def run_audit(crawl: Path, output: Path, **options) -> tuple[int, list[dict]]:
    said: list[str] = []
    request = AuditRequest(RULE, [str(crawl / "crawl.warc.gz")],
                           options.pop("originals", [str(crawl / "originals")]),
                           output=str(output), **options)
    code = audit(request, said.append, said.append)
    lines = output.read_text(encoding="utf-8").splitlines()
    return code, [json.loads(line) for line in lines]


def summary(result: dict) -> tuple:
    return (result["repost"], result["reason"], result["compliant"],
            sorted({f["code"] for f in result["findings"]}))


def test_each_page_of_a_crawl_gets_its_verdict(crawl, tmp_path):
    code, results = run_audit(crawl, tmp_path / "results.jsonl", jobs=1)
    assert code == 1  # some reposts do not comply
    assert {r["url"]: summary(r) for r in results} == EXPECTED
    by_url = {r["url"]: r for r in results}
    copy = by_url["https://copycat.example/p/8812"]
    assert copy["article"] == ORIGINAL_URL  # the canonical address, not the saved file's
    assert copy["similarity"] >= 0.9
    assert copy["site"] == "copycat.example" and copy["rule"] == "globalresearch"
    assert copy["date"] == "2025-03-14T09:30:00Z"
    missing_credit = next(f for f in copy["findings"] if f["code"] == "AL101")
    assert "near copy of " + ORIGINAL_URL in missing_credit["message"]
    assert missing_credit["path"] == "https://copycat.example/p/8812"
    assert by_url["https://mirror.example/aquifers.html"]["article"] == ORIGINAL_URL
    assert by_url["https://careless.example/water-auction/"]["published"] == "2025-02-20"
    assert copy["published"] is None
    assert 0.6 <= by_url["https://rewriter.example/aquifers-auction/"]["similarity"] < 0.95
    assert by_url["https://excerpt.example/reading/"]["similarity"] is None
    # Every result has every field, and records are unique.
    fields = {"record", "url", "site", "date", "repost", "rule", "reason", "published",
              "article", "similarity", "compliant", "findings", "error"}
    assert all(set(r) == fields for r in results)
    assert len({r["record"] for r in results}) == len(results)


def test_without_originals_stripped_copies_go_unseen(crawl, tmp_path):
    """The near-copy check is what finds copies that name nobody."""
    _, results = run_audit(crawl, tmp_path / "results.jsonl", originals=[], jobs=1)
    verdicts = {r["url"]: r["repost"] for r in results}
    assert not verdicts["https://copycat.example/p/8812"]
    assert verdicts["https://careless.example/water-auction/"]
    assert all(r["reason"] != "near copy" for r in results)


def test_the_local_pool_and_dask_give_the_same_results(crawl, tmp_path):
    _, alone = run_audit(crawl, tmp_path / "alone.jsonl", jobs=1)
    _, pooled = run_audit(crawl, tmp_path / "pool.jsonl", jobs=2)
    _, dask = run_audit(crawl, tmp_path / "dask.jsonl", jobs=2, engine="dask")
    assert len(alone) == len(EXPECTED)
    assert pooled == alone
    assert dask == alone


def test_a_rerun_skips_what_is_done_and_drops_a_cut_short_line(crawl, tmp_path):
    full = tmp_path / "full.jsonl"
    _, expected = run_audit(crawl, full, jobs=1)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    partial = tmp_path / "partial.jsonl"
    partial.write_text("".join(lines[:4]) + lines[4][:25], encoding="utf-8")  # killed mid-write
    _, resumed = run_audit(crawl, partial, jobs=1)
    assert sorted(resumed, key=lambda r: r["record"]) == sorted(expected, key=lambda r: r["record"])
    _, again = run_audit(crawl, partial, jobs=1)  # nothing left to do
    assert again == resumed


def response_offsets(path: Path) -> list[int]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(path, "rb") as stream:
        return [r.stream_pos for r in ArchiveIterator(stream, WarcRecordType.response)]


@pytest.mark.parametrize("tail", [b"", b"\x00garbage" * 10], ids=["cut short", "garbage"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_damaged_warc_keeps_the_records_before_the_damage(crawl, tmp_path, tail, jobs):
    """A download cut short in the middle of the sixth page (and perhaps
    followed by garbage): the five pages before it are audited, and one
    result says where the file is damaged."""
    data = (crawl / "crawl.warc.gz").read_bytes()
    offsets = response_offsets(crawl / "crawl.warc.gz")
    cut = (offsets[5] + offsets[6]) // 2
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[:cut] + tail)
    out = tmp_path / "out.jsonl"
    code = audit(AuditRequest(RULE, [str(damaged)], output=str(out), jobs=jobs),
                 print, print)
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert code == 1
    urls = [c.url for c in crawl_captures() if c.status.startswith("200")][:5]
    assert [r["url"] for r in results if r["error"] is None] == urls
    errors = [r for r in results if r["error"] is not None]
    assert [e["record"] for e in errors] == [f"{damaged}#damaged"]
    assert "damaged.warc.gz: damaged after the record at offset " in errors[0]["error"]
    assert [r["record"] for r in results if r["error"] is None] == \
        [f"{damaged}#{n}" for n in range(5)]


def test_a_folder_of_saved_pages(tmp_path):
    saved = tmp_path / "saved"
    (saved / "careless.example" / "2025").mkdir(parents=True)
    (saved / "careless.example" / "2025" / "water.html").write_text(
        page(article_html() + "<p>The original source of this article is Global Research</p>"))
    (saved / "Some Post.htm").write_bytes(
        b"<!-- saved from url=(0033)https://browser.example/a-post/ -->\n"
        + page(article_html() + CREDIT_HTML).encode())
    (saved / "notes.txt").write_text("Shopping list: eggs, milk.")
    (saved / "logo.png").write_bytes(b"\x89PNG")
    out = tmp_path / "out.jsonl"
    code = audit(AuditRequest(RULE, [str(saved)], output=str(out), jobs=1), print, print)
    results = {r["record"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert code == 1
    results = {key.removeprefix(f"{saved}/"): r for key, r in results.items()}
    assert sorted(results) == ["Some Post.htm", "careless.example/2025/water.html", "notes.txt"]
    assert results["Some Post.htm"]["url"] == "https://browser.example/a-post/"
    assert results["Some Post.htm"]["compliant"] is True
    careless = results["careless.example/2025/water.html"]
    assert careless["url"] == "https://careless.example/2025/water.html"
    assert careless["site"] == "careless.example" and careless["compliant"] is False
    assert results["notes.txt"]["repost"] is False


def test_near_copies_are_told_from_excerpts_and_quotations():
    index, too_short = NearCopyIndex.build([(ORIGINAL_URL, " ".join(PARAGRAPHS)),
                                            ("https://www.globalresearch.ca/b/1", "Too short.")])
    assert (len(index), too_short) == (1, 1)
    sidebar = " ".join(["Planting tomatoes in raised beds and the best bicycle routes."] * 40)
    assert index.best(" ".join(PARAGRAPHS)).similarity == 1.0
    assert index.best(" ".join(PARAGRAPHS) + sidebar).similarity == 1.0
    assert index.best(" ".join(edited())).similarity >= 0.8
    assert index.best(" ".join(PARAGRAPHS[:2])) is None  # an excerpt
    assert index.best(" ".join(PARAGRAPHS[:4])) is None  # half of it
    assert index.best(PARAGRAPHS[2]) is None  # a quotation
    assert index.best("Cats sleep most of the day.") is None
    strict, _ = NearCopyIndex.build([(ORIGINAL_URL, " ".join(PARAGRAPHS))], threshold=0.95)
    assert strict.best(" ".join(edited())) is None


def test_a_copy_in_a_page_many_times_its_length_is_found():
    """Four hundred comments under a stripped copy: the window of the page
    that holds the copy is what finds it."""
    import random

    rng = random.Random(5)
    vocabulary = " ".join(PARAGRAPHS).lower().split()
    comments = [" ".join(rng.choice(vocabulary) for _ in range(25)) for _ in range(400)]
    index, _ = NearCopyIndex.build([(ORIGINAL_URL, " ".join(PARAGRAPHS))])
    for copy_at in (0, 200, 400):
        text = " ".join(comments[:copy_at] + PARAGRAPHS + comments[copy_at:])
        assert index.best(text).similarity == 1.0, copy_at


# What Global Research prints around every article: in every original,
# in no stripped copy.
TEMPLATE = ("All Global Research articles can be read in 51 languages by activating the "
            "Translate Website button below the author's name. To receive Global Research's "
            "Daily Newsletter, click here. Visit and follow us on Instagram and Twitter and "
            "subscribe to our Telegram Channel. Feel free to repost and share widely Global "
            "Research articles. The original source of this article is Global Research. "
            "Disclaimer: the contents of this article are of sole responsibility of the "
            "author(s). The Centre for Research on Globalization will not be responsible for "
            "any inaccurate or incorrect statement in this article.")


def short_articles(count: int) -> list[str]:
    """Distinct articles of about 70 words each, from the test article's sentences."""
    sentences = [s.strip() + "." for p in PARAGRAPHS for s in p.split(". ") if s.strip()]
    assert len(sentences) >= 3 * count
    return [" ".join(sentences[3 * i:3 * i + 3]) for i in range(count)]


def test_the_publishers_template_is_not_part_of_an_original():
    """A short article inside a long template: a stripped copy (without the
    template) holds all of the article, and a page holding only the
    template (a post about reposting policy) holds none of any."""
    articles = short_articles(6)
    index, _ = NearCopyIndex.build(
        [(f"https://www.globalresearch.ca/a/{i}", f"{TEMPLATE} {text} {TEMPLATE}")
         for i, text in enumerate(articles)])
    assert len(index) == 6
    match = index.best("Reposted here: " + articles[2])
    # All but the few shingles that run from the template into the article.
    assert match.url == "https://www.globalresearch.ca/a/2" and match.similarity >= 0.8
    assert index.best(f"What their footer says: {TEMPLATE}") is None


def test_words_split_by_inline_markup_or_invisible_characters_are_one_word():
    from attriblint.audit.pages import rough_text

    text = " ".join(PARAGRAPHS)
    index, _ = NearCopyIndex.build([(ORIGINAL_URL, text)])
    marked = text.replace("auction", "auc<wbr>tion").replace("water", "<mark>wat</mark>er")
    shy = text.replace("groundwater", "ground&shy;water").replace("investment", "invest\u200bment")
    for words in (marked, shy):
        assert index.best(rough_text(f"<p>{words}</p>", "html")).similarity == 1.0


def test_a_credited_repost_names_the_article_it_links_to(tmp_path):
    folder = tmp_path / "saved" / "linker.example"
    folder.mkdir(parents=True)
    (folder / "post.html").write_text(page(
        article_html() + f'<p>Source: <a href="{ORIGINAL_URL}">Global Research</a></p>'))
    out = tmp_path / "out.jsonl"
    audit(AuditRequest(RULE, [str(tmp_path / "saved")], output=str(out), jobs=1), print, print)
    [result] = map(json.loads, out.read_text().splitlines())
    assert result["repost"] and result["reason"] == "credit line"
    assert result["article"] == ORIGINAL_URL


# The command line


def attriblint(*arguments: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attriblint", *arguments], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_the_command_writes_json_lines_and_a_summary(crawl, tmp_path):
    done = attriblint("audit", "--rule", "globalresearch", "--originals",
                      str(crawl / "originals"), str(crawl / "crawl.warc.gz"), "-j", "1",
                      cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["url"]: summary(r) for r in results} == EXPECTED
    assert "10 pages, 6 reposts (2 compliant, 4 not, 2 stripped copies), 0 not read" \
        in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("arguments, message", [
    (["--rule", "nosuchpublisher", "x.warc"], "unknown rule 'nosuchpublisher'"),
    (["--rule", "globalresearch", "missing.warc.gz"], "missing.warc.gz: no such file"),
    (["--rule", "globalresearch", "--similarity", "1.5", "x"], "is not a share"),
    (["--rule", "globalresearch", "--scheduler", "tcp://127.0.0.1:1", "x"],
     "--scheduler is for --engine dask"),
])
def test_bad_requests_exit_2_with_one_line(arguments, message, tmp_path):
    done = attriblint("audit", *arguments, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_originals_with_no_article_are_an_error(crawl, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = attriblint("audit", "--rule", "globalresearch", "--originals", str(empty),
                      str(crawl / "crawl.warc.gz"), cwd=tmp_path)
    assert done.returncode == 2
    assert "no original article found" in done.stderr


def test_ctrl_c_leaves_a_valid_file_and_a_rerun_finishes(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    html = page(article_html() + "<p>The original source of this article is Global Research</p>")
    for number in range(1500):
        (saved / f"post-{number:04d}.html").write_text(html)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "attriblint", "audit", "--rule", "globalresearch",
               "-o", str(out), "-j", "2", str(saved)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 2000):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted after" in stderr and "run the same command again" in stderr
    assert "Traceback" not in stderr
    first = [json.loads(line) for line in out.read_text().splitlines()]
    assert 0 < len(first) < 1500
    finished = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
    assert finished.returncode == 1, finished.stderr
    records = [json.loads(line)["record"] for line in out.read_text().splitlines()]
    assert sorted(records) == [f"{saved}/post-{n:04d}.html" for n in range(1500)]


def test_pages_over_the_size_limit_are_an_error_record(crawl, tmp_path):
    out = tmp_path / "out.jsonl"
    audit(AuditRequest(RULE, [str(crawl / "crawl.warc.gz")], output=str(out), jobs=1,
                       limits=Limits(max_page_size=2048)), print, print)
    errors = {r["url"]: r["error"] for r in map(json.loads, out.read_text().splitlines())}
    large = {c.url for c in crawl_captures() if len(c.body) > 2048}
    assert large and {url for url, error in errors.items() if error} == large
    assert all(errors[url] == "larger than 2 KiB; not read" for url in large)


def test_the_readme_audit_example_prints_what_the_readme_shows(tmp_path):
    import re
    import shlex
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(\.venv/bin/attriblint audit .*?)```", readme, flags=re.S).group(1)
    shown = re.search(r"```text\n(attriblint audit: .*?)```", readme, flags=re.S).group(1)
    shutil.copytree(ROOT / "audit-example", tmp_path / "audit-example")
    audit_line, report_line = block.strip().splitlines()
    done = attriblint(*shlex.split(audit_line)[1:], cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == shown
    results = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in results if not r["compliant"] and r["repost"]] == \
        ["credit line", "near copy"]
    made = attriblint(*shlex.split(report_line)[1:], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "report.csv").read_text(encoding="utf-8").count("\n") == 5


# Hostile and odd pages


def test_rough_text_keeps_the_words_and_drops_the_markup():
    from attriblint.audit.pages import rough_text

    html = ('<html><head><title>Water</title><script>var p = "<p>not prose</p>";</script>'
            '<style>p { color: red }</style></head><body><p>Rain&amp;<b>snow</b></p>'
            '<!-- a <p>comment</p> --><SCRIPT src="x.js"></SCRIPT><p>fell<br/>again</p>')
    assert rough_text(html, "html").split() == ["Water", "Rain&snow", "fell", "again"]
    # A self-closing hidden element hides nothing after it.
    icon = '<p>one</p><svg class="logo" viewBox="0 0 10 10"/><p>two</p><svg><path/></svg><p>x'
    assert rough_text(icon, "html").split() == ["one", "two", "x"]
    assert rough_text("# Title\n\nWords *here*", "markdown") == "# Title\n\nWords *here*"


@pytest.mark.parametrize("body", [
    "<script" * 200_000,               # never closed
    "<!--" * 200_000,
    "<a " * 200_000,
    "<script>" + "</scrip" * 100_000,
    "<p>" * 300_000,
    "<script>" * 100_000,              # each opened, none closed
    "<svg/>" * 100_000,
], ids=["open scripts", "open comments", "open tags", "almost closed", "many tags",
        "unclosed scripts", "self-closing"])
def test_rough_text_is_linear_on_hostile_markup(body):
    """Each case would take minutes if any scan started again at every ``<``."""
    from attriblint.audit.pages import rough_text

    start = time.process_time()
    rough_text(body, "html")
    assert time.process_time() - start < 5  # seconds: a guard against a hang, not a timing


def test_odd_pages_are_examined_without_failing(tmp_path):
    odd = [
        Capture("https://binary.example/", bytes(range(256)) * 40),
        Capture("https://nul.example/", b"<p>Global Research\x00\x00 copy</p>"),
        Capture("https://latin.example/", "<p>Caf\u00e9 Global Research</p>".encode("latin-1")),
        Capture("https://empty.example/", b""),
        Capture("https://plain.example/notes.txt", b"The original source of this article is "
                b"Global Research", content_type="text/plain"),
        Capture("https://deep.example/", ("<div>" * 50_000 + "Global Research").encode()),
    ]
    warc = tmp_path / "odd.warc.gz"
    write_warc(warc, odd)
    out = tmp_path / "out.jsonl"
    audit(AuditRequest(RULE, [str(warc)], output=str(out), jobs=1), print, print)
    results = {r["url"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(results) == {c.url for c in odd}
    assert all(r["error"] is None for r in results.values())
    assert results["https://plain.example/notes.txt"]["repost"] is True
    assert not results["https://binary.example/"]["repost"]


# Live pages, from servers on this machine


@pytest.fixture
def blog_server():
    """A site on 127.0.0.1: reposts, a page robots.txt forbids, a missing
    page, a page in windows-1252 said only by the Content-Type header, and
    a sitemap of them all."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    latin = page(article_html() + "\n" + CREDIT_HTML, charset="windows-1252")
    latin = latin.replace('<meta charset="windows-1252">', "")
    routes = {
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/good/": ("text/html; charset=utf-8", page(article_html() + CREDIT_HTML).encode()),
        "/copy/": ("text/html; charset=utf-8", page(article_html()).encode()),
        "/private/copy/": ("text/html; charset=utf-8", page(article_html()).encode()),
        "/latin/": ("text/html; charset=windows-1252", latin.encode("cp1252")),
    }
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            if self.path == "/sitemap.xml":
                base = f"http://127.0.0.1:{self.server.server_port}"
                urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in
                               ["/good/", "/copy/", "/private/copy/", "/latin/", "/gone/"])
                kind, body = "application/xml", (
                    '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
                    f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()
            elif self.path in routes:
                kind, body = routes[self.path]
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requested
    finally:
        server.shutdown()
        server.server_close()


def test_a_sitemap_and_a_list_of_urls_are_fetched_politely(crawl, blog_server, tmp_path):
    base, requested = blog_server
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# reposts to check\n{base}/good/\n\nnot a url\n{base}/copy/\n")
    out = tmp_path / "out.jsonl"
    said: list[str] = []
    code = audit(AuditRequest(RULE, [f"{base}/sitemap.xml", str(listed)],
                              [str(crawl / "originals")], output=str(out), jobs=1,
                              limits=Limits(timeout=5)), said.append, said.append)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    results = {r["record"]: r for r in lines}
    assert code == 1
    # Each URL once, though both sources list /good/ and /copy/.
    assert sorted(r["record"] for r in lines) == sorted(
        f"{base}{p}" for p in ["/good/", "/copy/", "/private/copy/", "/latin/", "/gone/"])
    assert summary(results[f"{base}/good/"]) == (True, "credit line", True, [])
    assert summary(results[f"{base}/copy/"])[:3] == (True, "near copy", False)
    assert results[f"{base}/private/copy/"]["error"] == "robots.txt disallows this URL"
    assert "/private/copy/" not in requested
    assert results[f"{base}/gone/"]["error"] == "HTTP 404"
    # The copyright sign decodes as the server's charset says.
    assert summary(results[f"{base}/latin/"]) == (True, "credit line", True, [])
    assert results[f"{base}/good/"]["date"]  # the response's Date
    assert any("urls.txt:4: not an http(s) URL" in line for line in said)


def test_a_fetched_page_is_decoded_as_its_server_says(blog_server):
    from attriblint.audit.pages import page_text
    from attriblint.audit.sources import Partition, pages_of

    base, _ = blog_server
    [fetched] = pages_of(Partition("urls", items=(f"{base}/latin/",)), Limits(timeout=5))
    assert fetched.charset == "windows-1252"
    assert f"Copyright © {AUTHOR}" in page_text(fetched)


def test_checking_posts_imports_nothing_of_the_audit(tmp_path):
    """A pre-commit run pays for the audit's name in --help, not its code."""
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A walk\n---\n\nWe walked by the river.\n")
    probe = ("import sys\nfrom attriblint.cli import main\nmain(['check', sys.argv[1]])\n"
             "print(sorted(m for m in sys.modules if m.startswith('attriblint.audit.') or "
             "m.split('.')[0] in ('fastwarc', 'rensa', 'urllib3', 'protego', 'dask')))")
    done = subprocess.run([sys.executable, "-c", probe, str(post)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


# What a red team found (each once a traceback, a hang, a lost page or a
# destroyed input)


def test_the_results_never_go_into_a_source(crawl, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes((crawl / "crawl.warc.gz").read_bytes())
    before = warc.read_bytes()
    saved = tmp_path / "saved"
    saved.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for output, sources, message in [
        (warc, [warc], "would be written into the source"),
        (saved / "results.jsonl", [saved], "would be written into the source"),
        (fifo, [warc], "not a regular file"),
    ]:
        said: list[str] = []
        code = audit(AuditRequest(RULE, [str(s) for s in sources], output=str(output), jobs=1),
                     said.append, said.append)
        assert code == 2 and message in said[-1], said
    assert warc.read_bytes() == before and not (saved / "results.jsonl").exists()


def test_the_report_never_overwrites_the_results(crawl, tmp_path):
    results = tmp_path / "results.jsonl"
    run_audit(crawl, results, jobs=1)
    before = results.read_bytes()
    for option in ("-o", "--csv"):
        done = attriblint("report", str(results), option, str(results), cwd=tmp_path)
        assert done.returncode == 2 and "is the results file" in done.stderr
    assert results.read_bytes() == before


def test_a_warc_compressed_as_one_stream_gives_every_page(crawl, tmp_path):
    """``gzip crawl.warc`` makes one stream: its records cannot be sought."""
    import gzip as gz

    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gz.compress(gz.decompress((crawl / "crawl.warc.gz").read_bytes())))
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}.jsonl"
        audit(AuditRequest(RULE, [str(whole)], output=str(out), jobs=jobs), print, print)
        results = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r["url"] for r in results] == list(EXPECTED)
        assert len({r["record"] for r in results}) == len(EXPECTED)


def test_sources_with_the_same_file_names_keep_their_records_apart(crawl, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "crawl.warc.gz").write_bytes((crawl / "crawl.warc.gz").read_bytes())
    out = tmp_path / "out.jsonl"
    sources = [str(tmp_path / "a" / "crawl.warc.gz"), str(tmp_path / "b" / "crawl.warc.gz")]
    audit(AuditRequest(RULE, sources, output=str(out), jobs=1), print, print)
    records = [json.loads(line)["record"] for line in out.read_text().splitlines()]
    assert len(records) == 2 * len(EXPECTED) == len(set(records))
    audit(AuditRequest(RULE, sources + sources[:1], output=str(out), jobs=1), print, print)
    assert len(out.read_text().splitlines()) == len(records)  # all done; a source twice is once


def test_a_file_name_that_is_not_utf8_is_a_record_like_any_other(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    name = os.fsencode(saved) + b"/caf\xe9.html"
    with open(name, "w") as page_file:
        page_file.write(page(article_html() + CREDIT_HTML))
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run finds it done
        code = audit(AuditRequest(RULE, [str(saved)], output=str(out), jobs=1), print, print)
        assert code == 0
    [result] = map(json.loads, out.read_text().splitlines())
    assert result["record"].endswith("caf\udce9.html") and result["compliant"] is True


def test_resuming_with_another_rule_is_refused(crawl, tmp_path):
    out = tmp_path / "out.jsonl"
    run_audit(crawl, out, jobs=1)
    propublica = load_rules([bundled_rules_dir() / "propublica.yaml"])[0]
    said: list[str] = []
    code = audit(AuditRequest(propublica, [str(crawl / "crawl.warc.gz")], output=str(out)),
                 said.append, said.append)
    assert code == 2 and "holds results for the rule 'globalresearch'" in said[-1]


def test_a_results_file_with_junk_is_resumed(crawl, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("[" * 100_000 + "\nnot json\n42\n")
    said: list[str] = []
    code = audit(AuditRequest(RULE, [str(crawl / "crawl.warc.gz")], output=str(out), jobs=1),
                 said.append, said.append)
    assert code == 1 and len(out.read_text().splitlines()) == 3 + len(EXPECTED)


@pytest.mark.parametrize("content", [b"<html><body>A page, not a crawl</body></html>",
                                     bytes(range(256)) * 10])
def test_a_file_that_is_not_a_warc_says_so(tmp_path, content):
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(content)
    out = tmp_path / "out.jsonl"
    audit(AuditRequest(RULE, [str(fake)], output=str(out), jobs=1), print, print)
    [result] = map(json.loads, out.read_text().splitlines())
    assert result["record"] == f"{fake}#damaged"
    assert "damaged before its first record" in result["error"]


def test_a_worker_that_dies_stops_the_audit_with_one_line(crawl, tmp_path, monkeypatch):
    from attriblint.audit import command, engines

    monkeypatch.setattr(command, "BATCH", 3)  # partitions enough for a pool
    monkeypatch.setattr(engines, "audit_partition", lambda *arguments: os._exit(9))
    out = tmp_path / "out.jsonl"
    said: list[str] = []
    code = audit(AuditRequest(RULE, [str(crawl / "crawl.warc.gz")], output=str(out), jobs=2),
                 said.append, said.append)
    assert code == 2 and "a worker process died" in said[-1]


def test_a_dask_scheduler_that_never_answers_is_given_up(tmp_path, monkeypatch):
    import socket

    from attriblint.audit import engines

    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", 1.0)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        for address in (f"tcp://127.0.0.1:{silent.getsockname()[1]}", "nonsense://x:y"):
            start = time.monotonic()
            with pytest.raises(engines.EngineError, match="cannot reach the Dask scheduler"):
                list(engines.run("dask", None, [], engines.Limits(), 1, address))
            assert time.monotonic() - start < 30


def test_fetched_pages_come_out_in_the_order_listed(blog_server, tmp_path):
    base, _ = blog_server
    urls = [f"{base}/{p}" for p in ("gone/", "latin/", "good/", "copy/")]
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(urls) + "\n")
    outputs = []
    for run in range(2):
        out = tmp_path / f"out-{run}.jsonl"
        audit(AuditRequest(RULE, [str(listed)], output=str(out), jobs=1,
                           limits=Limits(timeout=5)), print, print)
        outputs.append([json.loads(line)["url"] for line in out.read_text().splitlines()])
    assert outputs == [urls, urls]


def test_a_binary_file_given_as_urls_gives_a_few_warnings(tmp_path):
    junk = tmp_path / "crawl.warc.bz2"
    junk.write_bytes(bytes(range(256)) * 400)
    said: list[str] = []
    code = audit(AuditRequest(RULE, [str(junk)], output=str(tmp_path / "o.jsonl"), jobs=1),
                 said.append, said.append)
    assert code == 0
    assert len(said) <= 13 and all(line.isprintable() for line in said)
    assert "more lines that are not http(s) URLs were skipped" in "\n".join(said)


def test_a_folder_too_deep_to_walk_is_an_error(tmp_path):
    deep = tmp_path / "deep"
    path = os.fsencode(deep)
    os.mkdir(path)
    for _ in range(1200):
        path += b"/d"
        os.mkdir(path)
    try:
        said: list[str] = []
        code = audit(AuditRequest(RULE, [str(deep)], output=str(tmp_path / "o.jsonl"), jobs=1),
                     said.append, said.append)
        assert code in (0, 2)  # Python 3.12 walks any depth; 3.11 recursed and gave up
        assert all("Traceback" not in line for line in said)
    finally:  # bottom up: pytest's clean-up of old temporary folders recurses
        while path != os.fsencode(tmp_path):
            os.rmdir(path)
            path = os.path.dirname(path)


def test_an_endless_timeout_is_refused(tmp_path):
    done = attriblint("audit", "--rule", "globalresearch", "--timeout", "inf", "x", cwd=tmp_path)
    assert done.returncode == 2 and "--timeout must be" in done.stderr


def test_the_progress_bar_counts_only_the_pages_left_to_do():
    from attriblint.audit.command import _known_total
    from attriblint.audit.sources import Partition

    parts = [Partition("warc", "x", start=0, count=64, first=0, skip=frozenset({1, 2})),
             Partition("files", "d", ("a.html", "b.html")), Partition("urls", "", ("u",))]
    assert _known_total(parts) == 62 + 2 + 1
    assert _known_total(parts + [Partition("warc", "y")]) is None  # a whole file: unknown
