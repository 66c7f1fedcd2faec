"""The audit report: reading an audit's JSON Lines, counting them, the HTML
page (also in a real browser) and the CSV."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import random
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from attriblint.audit import report as audit_report
from attriblint.audit.report import (CSV_COLUMNS, KindRow, MonthRow, Page, SiteRow, Totals,
                                     read_results, summarise, timeline, write_csv,
                                     write_report)

ARTICLE = "https://www.globalresearch.ca/war-story/5812345"
HOSTILE_SCRIPT = ('<script>document.body.appendChild('
                  'document.createElement("hostile-marker"))</script>')
HOSTILE_URL = 'https://evil.example/x?q="><img/src=x/onerror=alert(1)>' + HOSTILE_SCRIPT


def finding(kind: str, code: str, severity: str = "error", message: str = "") -> dict:
    return {"path": "https://blog.example/", "line": 40, "column": 5, "code": code,
            "rule": "globalresearch", "kind": kind, "severity": severity,
            "message": message or f"{kind} missing", "end_line": 40, "end_column": 30,
            "fix": None}


CREDIT = finding("credit", "AL101")
LINK = finding("link", "AL201")
COPYRIGHT = finding("copyright", "AL301")
PIXEL = finding("pixel", "AL501")
CANONICAL_WARNING = finding("canonical", "AL401", "warning")
LICENCE_WARNING = finding("licence", "AL601", "warning")
HOSTILE_FINDING = finding("byline", "AL701", message="byline says " + HOSTILE_SCRIPT)


def page(url: str, date: str | None, *findings: dict, site: str | None = "",
         repost: bool = True, reason: str = "credit line", similarity: float | None = None,
         article: str | None = ARTICLE, error: str | None = None, **fields) -> dict:
    """A record as ``attriblint audit`` writes it; ``site`` by default from
    the URL, ``compliant`` from the findings."""
    record = {"record": f"crawl.warc.gz#{abs(hash(url)) % 10_000}", "url": url,
              "site": url.split("/")[2].removeprefix("www.") if site == "" else site,
              "date": date, "repost": repost, "rule": "globalresearch" if repost else None,
              "reason": reason if repost else None, "article": article if repost else None,
              "similarity": similarity,
              "compliant": (not any(f["severity"] == "error" for f in findings)
                            if repost else None),
              "findings": list(findings), "error": error}
    record.update(fields)
    return record


def realistic_records() -> list[dict]:
    """Thirty pages of six sites; the expected counts are written out in
    the tests below."""
    blog, news, aggregator = ("https://blog.example/", "https://news-digest.example/",
                              "https://aggregator.example/")
    mirror, other = "https://mirror.example/", "https://other.example/"
    return [
        # blog.example: six reposts, four breaking the terms (one a stripped copy)
        page(blog + "2026/01/a/", "2026-01-10T08:00:00Z", LINK),
        page(blog + "2026/02/b/", "2026-02-11T08:00:00Z", LINK, COPYRIGHT),
        page(blog + "2026/03/c/", "2026-03-12T08:00:00Z", CREDIT, LINK, COPYRIGHT,
             reason="near copy", similarity=0.97),
        page(blog + "2026/05/d/", "2026-05-13T08:00:00Z", COPYRIGHT),
        page(blog + "2026/05/e/", "2026-05-14T08:00:00Z"),
        page(blog + "2026/05/f/", None, CANONICAL_WARNING),
        page(blog + "about/", "2026-05-01T00:00:00Z", repost=False),
        page(blog + "contact/", "2026-05-01T00:00:00Z", repost=False),
        page(blog + "gone/", None, repost=False, error="HTTP 404"),
        # news-digest.example: five reposts, two without the credit line
        page(news + "1", "2026-01-20", CREDIT),
        page(news + "2", "2026-03-02", CREDIT),
        page(news + "3", "2026-03-05", reason="source metadata"),
        page(news + "4", "2026-04-01", reason="canonical link"),
        page(news + "5", "2026-04-09"),
        page(news + "sports", "2026-04-09", repost=False),
        # aggregator.example: four reposts, all failing; two stripped copies
        page(aggregator + "x", "2026-04-02", CREDIT, LINK, reason="near copy",
             similarity=0.88),
        page(aggregator + "y", "2026-04-03", CREDIT, LINK, COPYRIGHT, reason="near copy",
             similarity=0.93),
        page(aggregator + "z", "2026-05-20", LINK),
        page(aggregator + "w", None, PIXEL),
        page(aggregator + "slow", None, repost=False, error="timed out after 30 s"),
        # mirror.example: four compliant reposts, one without a site field
        page(mirror + "1", "2026-01-05"),
        page(mirror + "2", "2026-02-05"),
        page(mirror + "3", "2026-03-05"),
        page("https://www.mirror.example/4", "2026-05-05", site=None),
        # evil.example: a hostile page and a compliant one
        page(HOSTILE_URL, "2026-05-06", HOSTILE_FINDING, site="evil.example",
             article="javascript:alert(1)"),
        page("https://evil.example/fine", "2026-05-07"),
        # other.example: a repost whose compliant field is missing (a warning only)
        page(other + "1", "2026-02-14", LICENCE_WARNING, compliant=None),
        page(other + "2", "2026-02-14", repost=False),
        page(other + "3", "2026-02-15", repost=False),
        page(other + "4", None, repost=False, error="not HTML"),
    ]


# The bars of the realistic records: {(site or kind, class): value}
SITE_BARS = {
    ("blog.example", "compliant"): 2, ("blog.example", "noncompliant"): 4,
    ("news-digest.example", "compliant"): 3, ("news-digest.example", "noncompliant"): 2,
    ("aggregator.example", "compliant"): 0, ("aggregator.example", "noncompliant"): 4,
    ("mirror.example", "compliant"): 4, ("mirror.example", "noncompliant"): 0,
    ("evil.example", "compliant"): 1, ("evil.example", "noncompliant"): 1,
    ("other.example", "compliant"): 1, ("other.example", "noncompliant"): 0}
KIND_BARS = {
    ("link", "failing"): 6, ("credit", "failing"): 5, ("copyright", "failing"): 4,
    ("byline", "failing"): 1, ("pixel", "failing"): 1, ("canonical", "failing"): 0,
    ("licence", "failing"): 0}


def report_of(records, **options) -> str:
    out = io.StringIO()
    write_report(records, out, **options)
    return out.getvalue()


# -- A small DOM, from our page and from the browser's --------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str, class_: str | None = None) -> list[Element]:
        return [e for e in self.iter()
                if e.tag == tag and (class_ is None or class_ in e.classes())]

    def by_id(self, key: str) -> Element:
        (found,) = [e for e in self.iter() if e.attrs.get("id") == key]
        return found

    def all_text(self) -> str:
        return "".join(self.text) + "".join(child.all_text() for child in self.children)


class TreeBuilder(HTMLParser):
    """Builds the element tree; with ``strict``, any end tag that does not
    close the open element is an error (our page must be well formed)."""

    def __init__(self, strict: bool):
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.root = Element("#document", {})
        self.open = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.open)
        self.open.children.append(element)
        if tag not in VOID:
            self.open = element

    def handle_startendtag(self, tag, attrs):
        self.open.children.append(Element(tag, dict(attrs), self.open))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.strict:
            assert tag == self.open.tag, f"</{tag}> closes <{self.open.tag}>"
        while self.open is not self.root and self.open.tag != tag:
            self.open = self.open.parent
        if self.open is not self.root:
            self.open = self.open.parent

    def handle_data(self, data):
        self.open.text.append(data)


def dom(markup: str, strict: bool = True) -> Element:
    builder = TreeBuilder(strict)
    builder.feed(markup)
    builder.close()
    if strict:
        assert builder.open is builder.root, f"<{builder.open.tag}> is never closed"
    return builder.root


def bar_values(root: Element, chart: str, key: str) -> dict[tuple[str, str], int]:
    """{(data-<key>, segment class): data-value} of a chart's bars."""
    bars = root.by_id(chart).find_all("rect", "bar")
    return {(bar.attrs[f"data-{key}"], (bar.classes() - {"bar"}).pop()): int(bar.attrs["data-value"])
            for bar in bars}


# -- Reading -------------------------------------------------------------------

def write_lines(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "audit.jsonl"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_a_cut_short_last_line_is_skipped_with_a_warning(tmp_path):
    whole = json.dumps(page("https://blog.example/a", "2026-05-03"))
    path = write_lines(tmp_path, whole + "\n" + whole + "\n" + whole[:57])
    records, warnings = read_results(path)
    assert len(records) == 2 and records[0]["url"] == "https://blog.example/a"
    assert warnings == [f"{path}:3: last line cut short (an interrupted run?): skipped"]


def test_lines_that_are_not_json_objects_are_skipped_with_file_and_line(tmp_path):
    whole = json.dumps(page("https://blog.example/a", "2026-05-03"))
    text = "\n".join([whole, "{not json", "", "   ", "[1, 2]", '"text"', "null", whole[:40],
                      "[" * 100_000, whole]) + "\n"
    records, warnings = read_results(write_lines(tmp_path, text))
    assert len(records) == 2
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "not JSON: skipped", "not a JSON object: skipped", "not a JSON object: skipped",
        "not a JSON object: skipped", "not JSON: skipped", "not JSON: skipped"]
    assert [int(w.split(":")[1]) for w in warnings] == [2, 5, 6, 7, 8, 9]


def test_a_whole_last_line_without_newline_a_bom_and_bad_utf8_are_read(tmp_path):
    line = json.dumps({"url": "https://blog.example/caf\u00e9", "repost": False},
                      ensure_ascii=False).encode("utf-8")
    path = write_lines(tmp_path, b"\xef\xbb\xbf" + line + b"\r\n" + line.replace(b"\xc3\xa9", b"\xff"))
    records, warnings = read_results(path)
    assert warnings == []
    assert [r["url"] for r in records] == ["https://blog.example/caf\u00e9",
                                          "https://blog.example/caf\ufffd"]


def test_an_empty_file_has_no_records_and_no_warnings(tmp_path):
    assert read_results(write_lines(tmp_path, "")) == ([], [])


# -- Counting ------------------------------------------------------------------

def test_totals():
    assert summarise(realistic_records()).totals == Totals(
        pages=30, reposts=22, compliant=11, noncompliant=11, stripped=3, errors=3)
    assert summarise(realistic_records()).totals.compliant_percent == 50.0


def test_per_site_counts_most_reposts_first_ties_by_name():
    assert summarise(realistic_records()).sites == (
        SiteRow("blog.example", pages=9, reposts=6, compliant=2, noncompliant=4, findings=8,
                errors=1, codes=(("AL201", 3), ("AL301", 3), ("AL101", 1), ("AL401", 1)),
                worst="https://blog.example/2026/03/c/"),
        SiteRow("news-digest.example", 6, 5, 3, 2, 2, 0, (("AL101", 2),),
                "https://news-digest.example/1"),  # a tie: the first by URL
        SiteRow("aggregator.example", 5, 4, 0, 4, 7, 1,
                (("AL201", 3), ("AL101", 2), ("AL301", 1), ("AL501", 1)),
                "https://aggregator.example/y"),
        SiteRow("mirror.example", 4, 4, 4, 0, 0, 0, ()),
        SiteRow("evil.example", 2, 2, 1, 1, 1, 0, (("AL701", 1),), HOSTILE_URL),
        SiteRow("other.example", 4, 1, 1, 0, 1, 1, (("AL601", 1),)),
    )


def test_worst_offenders_by_noncompliant_reposts_then_findings_then_name():
    offenders = summarise(realistic_records()).offenders
    assert [(row.site, row.noncompliant, row.findings) for row in offenders] == [
        ("blog.example", 4, 8), ("aggregator.example", 4, 7), ("news-digest.example", 2, 2),
        ("evil.example", 1, 1)]
    tied = [page(f"https://{site}/p", "2026-01-01", LINK) for site in ("b.example", "a.example")]
    assert [row.site for row in summarise(tied).offenders] == ["a.example", "b.example"]
    rows = [SiteRow(site, 1, 1, 0, 1, 1, 0, ()) for site in ("b.example", "a.example")]
    assert [row.site for row in audit_report.offenders(rows)] == ["a.example", "b.example"]


def test_per_kind_counts_reposts_failing_then_warned():
    kinds = summarise(realistic_records()).kinds
    assert [(k.kind, k.failing, k.warned, k.findings) for k in kinds] == [
        ("link", 6, 0, 6), ("credit", 5, 0, 5), ("copyright", 4, 0, 4), ("byline", 1, 0, 1),
        ("pixel", 1, 0, 1), ("canonical", 0, 1, 1), ("licence", 0, 1, 1)]
    twice = page("https://a.example/p", "2026-01-01", LINK, LINK,
                 finding("link", "AL202", "warning", "odd link"))
    assert summarise([twice]).kinds == (KindRow("link", 1, 0, 3, "link missing"),)


def test_reposts_over_time_by_month_with_the_undated_apart():
    timeline = summarise(realistic_records()).timeline
    assert timeline.months == (MonthRow("2026-01", 1, 2), MonthRow("2026-02", 2, 1),
                               MonthRow("2026-03", 2, 2), MonthRow("2026-04", 2, 2),
                               MonthRow("2026-05", 3, 3))
    assert (timeline.undated_pages, timeline.undated_reposts) == (5, 2)


def test_months_without_reposts_are_listed_unless_the_span_is_absurd():
    gap = [page("https://a.example/1", "2025-11-30"), page("https://a.example/2", "2026-02-01")]
    assert [m.month for m in summarise(gap).timeline.months] == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
    absurd = [page("https://a.example/1", "0001-01-01"), page("https://a.example/2", "9999-12-31")]
    assert [m.month for m in summarise(absurd).timeline.months] == ["0001-01", "9999-12"]
    bad = [page("https://a.example/1", "2026-13-01"), page("https://a.example/2", "May 2026")]
    assert summarise(bad).timeline.months == () and summarise(bad).timeline.undated_reposts == 2


def test_stripped_copies_are_near_copies_with_findings_most_similar_first():
    records = realistic_records() + [page("https://clean.example/p", "2026-01-01",
                                          reason="near copy", similarity=0.99)]
    stripped = summarise(records).stripped
    assert [(p.url, p.site, p.similarity) for p in stripped] == [
        ("https://blog.example/2026/03/c/", "blog.example", 0.97),
        ("https://aggregator.example/y", "aggregator.example", 0.93),
        ("https://aggregator.example/x", "aggregator.example", 0.88)]


def test_fields_of_the_wrong_type_count_as_null():
    records = [{"url": 5, "site": ["x"], "repost": "yes", "findings": "none"},
               {"url": "https://A.example/p", "repost": True, "compliant": "no",
                "similarity": "high", "date": 20260501, "findings": [7, None, {"kind": 3}]},
               {"url": "http://[::1", "repost": True, "similarity": float("nan")},
               "not a record"]
    audit = summarise(records)
    assert audit.totals == Totals(pages=3, reposts=2, compliant=2, noncompliant=0, stripped=0,
                                  errors=0)
    assert [row.site for row in audit.sites] == ["(unknown)", "a.example"]
    assert audit.kinds == (KindRow("(none)", 0, 1, 1, ""),)
    assert audit.timeline.undated_reposts == 2
    report_of(records)  # and the page is still written


# -- The page ------------------------------------------------------------------

def test_the_page_has_every_section_and_chart_with_the_counts():
    root = dom(report_of(realistic_records()))
    for key in ("summary", "sites", "kinds", "stripped", "offenders", "time"):
        root.by_id(key)
    stats = {key: root.by_id(f"stat-{key}").attrs["data-value"]
             for key in ("pages", "reposts", "compliant", "stripped", "errors")}
    assert stats == {"pages": "30", "reposts": "22", "compliant": "50.0", "stripped": "3",
                     "errors": "3"}
    assert bar_values(root, "chart-sites", "site") == SITE_BARS
    assert bar_values(root, "chart-kinds", "kind") == KIND_BARS
    months = bar_values(root, "chart-months", "month")
    assert months[("2026-05", "compliant")] == 3 and months[("2026-01", "noncompliant")] == 2
    assert len(months) == 10
    assert root.by_id("undated").attrs["data-pages"] == "5"
    stripped_rows = root.by_id("table-stripped").find_all("tr")[1:]
    assert [row.find_all("td")[3].all_text() for row in stripped_rows] == ["0.97", "0.93", "0.88"]
    offenders = root.by_id("table-offenders").find_all("tr")[1:]
    assert [row.find_all("td")[1].all_text() for row in offenders] == [
        "blog.example", "aggregator.example", "news-digest.example", "evil.example"]


def test_bars_are_drawn_to_one_scale():
    root = dom(report_of(realistic_records()))
    widths = {(bar.attrs["data-site"], bar.attrs["class"]): float(bar.attrs["width"])
              for bar in root.by_id("chart-sites").find_all("rect", "bar")}
    assert widths[("blog.example", "bar noncompliant")] == pytest.approx(
        2 * widths[("blog.example", "bar compliant")], abs=0.02)  # two decimals each
    assert widths[("mirror.example", "bar compliant")] == widths[
        ("aggregator.example", "bar noncompliant")]


def test_only_the_top_sites_are_drawn_but_every_site_is_listed():
    records = [page(f"https://site{n:02d}.example/p{i}", "2026-01-01")
               for n in range(30) for i in range(n % 4 + 1)]
    root = dom(report_of(records, top=5))
    drawn = {bar.attrs["data-site"] for bar in root.by_id("chart-sites").find_all("rect", "bar")}
    assert drawn == {"site03.example", "site07.example", "site11.example", "site15.example",
                     "site19.example"}  # four reposts each, ties by name
    assert len(root.by_id("table-sites").find_all("tr")) == 31
    failing = [page(f"https://site{n:02d}.example/p", "2026-01-01", LINK) for n in range(30)]
    offenders = dom(report_of(failing, top=5)).by_id("offenders")
    assert len(offenders.find_all("tr")) == 6 and "the first 5 of 30" in offenders.all_text()


def test_hostile_strings_are_text_and_only_http_addresses_are_links():
    records = realistic_records() + [
        page("javascript:alert(document.domain)", "2026-01-01", HOSTILE_FINDING,
             site='"><svg onload=alert(1)>'),
        page("https://ok.example/\u202egnp.exe", "2026-01-01", LINK, reason="near copy",
             article=" JAVASCRIPT:alert(1)"),
        page("https://ok.example/p", "2026-01-01", LINK, reason="near copy",
             article="https://ok.example/a\nb"),
        page("https://ok.example/q", "2026-01-01", LINK, reason="near copy",
             article="https://ok.example/a b")]
    text = report_of(records, title="Audit </title><script>alert(1)</script>")
    root = dom(text)
    assert len(root.find_all("script")) == 1  # ours, at the end
    assert not [raw for raw in ("<script>document", "<svg onload", "<img/src", "</title><script")
                if raw in text]
    hrefs = [a.attrs["href"] for a in root.find_all("a")]
    assert hrefs and all(href.startswith(("https://", "http://")) for href in hrefs)
    assert HOSTILE_URL in hrefs  # a real http address, escaped in its attribute
    assert "https://ok.example/p" in hrefs
    assert not any(char in href for href in hrefs for char in "\u202e\n ")
    cells = [td.all_text() for td in root.find_all("td")]
    assert {"javascript:alert(document.domain)", " JAVASCRIPT:alert(1)", HOSTILE_URL,
            "https://ok.example/a\\nb", "https://ok.example/a b"} <= set(cells)
    assert "byline says " + HOSTILE_SCRIPT in cells  # the message, shown as text
    assert "https://ok.example/\\u202egnp.exe" in cells  # the override shown, not obeyed
    assert root.find_all("title")[0].all_text() == "Audit </title><script>alert(1)</script>"
    sites = {bar.attrs["data-site"] for bar in root.by_id("chart-sites").find_all("rect", "bar")}
    assert '"><svg onload=alert(1)>' in sites


def test_the_page_loads_nothing_and_allows_only_its_own_script_and_style():
    text = report_of(realistic_records())
    root = dom(text)
    assert not [e for e in root.iter() if "src" in e.attrs or e.tag in ("link", "iframe")]
    assert "@import" not in text and "url(" not in text
    (policy,) = [m.attrs["content"] for m in root.find_all("meta")
                 if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy
    for tag in ("style", "script"):
        (element,) = root.find_all(tag)
        digest = base64.b64encode(hashlib.sha256(element.all_text().encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in policy


def test_the_same_records_give_the_same_bytes_in_any_order():
    records = realistic_records()
    first = report_of(records)
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    assert report_of(shuffled) == first == report_of(records[::-1])
    assert report_of(json.loads(json.dumps(records))) == first
    assert first.isascii()  # the same whatever the stream's encoding


def test_no_pages_gives_a_valid_page_that_says_so():
    text = report_of([])
    root = dom(text)
    assert text.startswith("<!DOCTYPE html>")
    assert "There were no pages in the input." in root.by_id("no-pages").all_text()
    assert root.by_id("stat-pages").attrs["data-value"] == "0"
    assert not root.find_all("svg", "chart")


def test_pages_without_reposts_say_so_in_each_section():
    root = dom(report_of([page("https://a.example/", None, repost=False, error="HTTP 500")]))
    assert root.by_id("stat-errors").attrs["data-value"] == "1"
    assert root.by_id("stat-compliant").attrs["data-value"] == ""
    for key in ("sites", "kinds", "stripped", "offenders", "time"):
        assert root.by_id(key).find_all("p", "empty")


# -- CSV -----------------------------------------------------------------------

def csv_rows(records) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    write_csv(records, out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]


def test_reposts_count_in_the_month_they_went_up_when_they_say_it():
    """A repost's own date (``published``) places it, not when a crawler
    happened to capture it; the capture date stands in when it is unknown."""
    records = [page("https://a.example/1/", "2026-05-02T10:00:00Z", published="2024-11-30"),
               page("https://b.example/2/", "2026-05-02T10:00:00Z")]
    line = timeline([Page.of(r) for r in records])
    assert {m.month: m.compliant for m in line.months if m.compliant} == \
        {"2024-11": 1, "2026-05": 1}
    assert csv_rows(records)[0]["published"] == "2024-11-30"


def test_csv_one_row_per_page():
    records = realistic_records()
    rows = csv_rows(records)
    assert len(rows) == 30
    assert rows[2] == {
        "url": "https://blog.example/2026/03/c/", "site": "blog.example",
        "date": "2026-03-12T08:00:00Z", "published": "", "repost": "true",
        "rule": "globalresearch", "reason": "near copy", "article": ARTICLE, "similarity": "0.97", "compliant": "false",
        "error_findings": "3", "warnings": "0", "codes": "AL101 AL201 AL301", "error": ""}
    assert (rows[5]["compliant"], rows[5]["error_findings"], rows[5]["warnings"]) == (
        "true", "0", "1")
    assert rows[8] == {**{key: "" for key in CSV_COLUMNS}, "url": "https://blog.example/gone/",
                       "site": "blog.example", "repost": "false", "error_findings": "0",
                       "warnings": "0", "error": "HTTP 404"}
    assert rows[23]["site"] == "mirror.example"
    twice = page("https://a.example/p", None, LINK, CREDIT, LINK)
    assert csv_rows([twice])[0]["codes"] == "AL101 AL201"


def test_csv_cells_that_would_be_formulas_are_quoted():
    hostile = page("https://a.example/p", "=1+1", finding("link", "@SUM(A1)"),
                   site="+cmd|' /C calc'!A0", reason="-2+3", error="\tx",
                   rule="=HYPERLINK(\"http://evil.example\")")
    hostile["repost"] = True
    (row,) = csv_rows([hostile, "not a record"])
    assert row["date"] == "'=1+1" and row["site"] == "'+cmd|' /c calc'!a0"
    assert row["reason"] == "'-2+3" and row["error"] == "'\tx" and row["codes"] == "'@SUM(A1)"
    assert row["rule"] == "'=HYPERLINK(\"http://evil.example\")"
    assert row["url"] == "https://a.example/p"


def test_csv_quotes_newlines_and_replaces_lone_surrogates():
    record = page("https://a.example/p", None, error="line one\nline two, \"quoted\"")
    record["reason"] = "bad \ud800 text"
    out = io.StringIO(newline="")
    write_csv([record], out)
    out.getvalue().encode("utf-8")  # strict: no lone surrogate left
    (row,) = csv_rows([record])
    assert row["error"] == "line one\nline two, \"quoted\"" and row["reason"] == "bad \ufffd text"


# -- In a real browser ---------------------------------------------------------

def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium installed: apt-get install chromium "
                "(noxfile.py installs it in CI on Debian)")


def test_without_chromium_the_browser_test_skips_and_says_how_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser()


def run_browser(executable: str, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([executable, "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-first-run", "--no-default-browser-check",
                           "--disable-extensions", "--hide-scrollbars",
                           f"--user-data-dir={tmp_path / 'profile'}", *arguments],
                          capture_output=True, timeout=60, check=True)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of pixels) of an 8-bit RGB or RGBA PNG, not
    interlaced (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        chunks.setdefault(kind, []).append(data[offset + 8:offset + 8 + length])
        offset += length + 12
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0])
    assert depth == 8 and colour in (2, 6) and interlace == 0
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride = width * size
    rows, prior = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), prior, size)
        rows.append(row)
        prior = row
    return width, height, rows


def _unfilter(kind: int, row: bytearray, prior: bytes, size: int) -> bytes:
    if kind == 2:  # Up: add the row above, byte by byte, in one big-integer sum
        high, low = int.from_bytes(b"\x80" * len(row)), int.from_bytes(b"\x7f" * len(row))
        a, b = int.from_bytes(row), int.from_bytes(prior)
        return (((a & low) + (b & low)) ^ ((a ^ b) & high)).to_bytes(len(row))
    for i in range(len(row)) if kind else ():
        left = row[i - size] if i >= size else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + prior[i]) // 2) & 0xFF
        else:  # Paeth
            up, corner = prior[i], prior[i - size] if i >= size else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
    return bytes(row)


def colours(rows: list[bytes], size: int) -> Counter:
    counts = Counter()
    for row in rows:
        counts.update(row[i:i + 3] for i in range(0, len(row), size))
    return counts


def test_the_report_in_a_real_browser(tmp_path):
    executable = browser()
    report = tmp_path / "report.html"
    with open(report, "w", encoding="utf-8") as out:
        write_report(realistic_records(), out)
    url = report.as_uri()
    shot = tmp_path / "shot.png"
    run_browser(executable, tmp_path, f"--screenshot={shot}", "--window-size=1200,3000", url)
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 3000)
    size = len(rows[0]) // width
    seen = colours(rows, size)
    assert len(seen) > 50  # text, bars and rules, not a blank page
    assert seen[bytes((0x2E, 0x7D, 0x32))] > 500 and seen[bytes((0xC6, 0x28, 0x28))] > 500

    dumped = run_browser(executable, tmp_path, "--dump-dom", url).stdout.decode("utf-8")
    root = dom(dumped, strict=False)
    for chart in ("chart-sites", "chart-kinds", "chart-months"):
        assert root.by_id(chart).tag == "svg"
    assert len(root.by_id("chart-sites").find_all("rect", "bar")) == 12
    assert bar_values(root, "chart-sites", "site") == SITE_BARS
    assert len(root.by_id("chart-kinds").find_all("rect", "bar")) == 7
    assert bar_values(root, "chart-kinds", "kind") == KIND_BARS
    assert len(root.by_id("chart-months").find_all("rect", "bar")) == 10
    assert not root.find_all("hostile-marker") and not root.find_all("img")
    assert HOSTILE_URL in [a.attrs.get("href") for a in root.find_all("a")]
    assert len(root.find_all("script")) == 1
    headers = root.by_id("table-sites").find_all("th")
    assert headers and all(th.attrs.get("tabindex") == "0" for th in headers)  # our script ran
    assert "byline says " + HOSTILE_SCRIPT in [td.all_text() for td in root.find_all("td")]
