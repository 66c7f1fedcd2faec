"""The report of an ``attriblint audit`` run: one HTML page, or a CSV.

``attriblint audit`` writes JSON Lines, one object per page it looked at
(``url``, ``site``, ``date``, ``published``, ``repost``, ``rule``, ``reason``,
``article``, ``similarity``, ``compliant``, ``findings``, ``error``; any
may be null).  :func:`read_results` reads such a file, :func:`summarise`
counts it, :func:`write_report` draws one self-contained HTML page (inline
CSS and SVG, a few lines of script to sort the tables; it reads nothing
over the network and is complete without the script), and
:func:`write_csv` writes one spreadsheet row per page.

Everything in the records comes from pages on other people's sites, so it
is treated as hostile: every string is escaped, only ``http(s)`` addresses
become links, a Content-Security-Policy lets only the page's own script
and style run (by hash), and CSV cells that a spreadsheet would read as a
formula are quoted.  The same records give the same bytes: nothing depends
on the clock, and every ordering breaks ties by name.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from typing import TextIO
from urllib.parse import urlsplit

from ..output.escaping import escape, valid_unicode

DEFAULT_TITLE = "attriblint audit report"
TOP = 20  # sites drawn in the per-site chart and ranked among the worst offenders
NEAR_COPY = "near copy"  # the reason of a copy found by its text alone
MAX_FILLED_MONTHS = 240  # a longer span shows only the months that have pages
UNKNOWN_SITE = "(unknown)"
UNKNOWN_KIND = "(none)"

CSV_COLUMNS = ("url", "site", "date", "published", "repost", "rule", "reason", "article",
               "similarity", "compliant", "error_findings", "warnings", "codes", "error")
# What a spreadsheet may read as the start of a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


# -- Reading -----------------------------------------------------------------

def read_results(path: str | PathLike[str]) -> tuple[list[dict], list[str]]:
    """The page objects of an audit's JSON Lines file, and one warning
    (``file:line: why``) for each line skipped.

    A run that was interrupted leaves its last line cut short: that line is
    skipped with its own warning.  Blank lines are ignored; any other line
    that is not a JSON object is skipped with a warning.  Bytes that are not
    UTF-8 read as U+FFFD.  The file is read a line at a time.
    """
    name = escape(str(path))
    records: list[dict] = []
    warnings: list[str] = []
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, 1):
            text = raw.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
            if not text:
                continue
            value, why = _parsed(text, cut_short=not raw.endswith(b"\n"))
            if why:
                warnings.append(f"{name}:{number}: {why}: skipped")
            else:
                records.append(value)
    return records, warnings


def _parsed(text: str, cut_short: bool) -> tuple[dict | None, str | None]:
    """(the object on a line, None), or (None, why the line is not one)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        # A line without its newline is the file's last: an interrupted run.
        return None, "last line cut short (an interrupted run?)" if cut_short else "not JSON"
    if not isinstance(value, dict):
        return None, "not a JSON object"
    return value, None


# -- One page ----------------------------------------------------------------

@dataclass(frozen=True)
class PageFinding:
    """What the report uses of a finding."""

    kind: str
    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class Page:
    """One record, each field checked for its type (a wrong type counts as
    null), so that the counting below need not distrust the input."""

    url: str | None
    site: str
    date: str | None  # captured or fetched
    published: str | None  # the repost's own date, from its metadata
    repost: bool
    rule: str | None
    reason: str | None
    article: str | None
    similarity: float | None
    compliant: bool | None  # None when not a repost
    findings: tuple[PageFinding, ...]
    error: str | None

    @classmethod
    def of(cls, record: dict) -> Page:
        url = _text(record, "url")
        repost = record.get("repost") is True
        findings = _findings(record)
        return cls(url=url, site=_site(_text(record, "site"), url), date=_text(record, "date"),
                   published=_text(record, "published"), repost=repost, rule=_text(record, "rule"), reason=_text(record, "reason"),
                   article=_text(record, "article"), similarity=_similarity(record),
                   compliant=_compliant(record.get("compliant"), repost, findings),
                   findings=findings, error=_text(record, "error"))

    @property
    def month(self) -> str | None:
        """``YYYY-MM`` of when the page went up (its own date), else of when
        it was captured, as the date is written (not converted to UTC)."""
        match = _MONTH.match(self.published or "") or _MONTH.match(self.date or "")
        return match.group() if match else None

    @property
    def stripped(self) -> bool:
        """A near copy (every attribution stripped) that breaks the terms."""
        return self.repost and self.reason == NEAR_COPY and bool(self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def codes(self) -> list[str]:
        return sorted({f.code for f in self.findings if f.code})


def _text(record: dict, key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value else None


def _site(site: str | None, url: str | None) -> str:
    """The record's site, or else its URL's host, without ``www.``."""
    if not site and url:
        try:
            site = urlsplit(url).hostname
        except ValueError:
            site = None
    site = (site or "").strip().lower().removeprefix("www.")
    return site or UNKNOWN_SITE


def _similarity(record: dict) -> float | None:
    value = record.get("similarity")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _findings(record: dict) -> tuple[PageFinding, ...]:
    found = record.get("findings")
    if not isinstance(found, list):
        return ()
    return tuple(PageFinding(kind=_text(f, "kind") or UNKNOWN_KIND, code=_text(f, "code") or "",
                             severity=_text(f, "severity") or "", message=_text(f, "message") or "")
                 for f in found if isinstance(f, dict))


def _compliant(value: object, repost: bool,
               findings: tuple[PageFinding, ...]) -> bool | None:
    """The record's ``compliant``; for a repost without one, whether it has
    no error."""
    if not repost:
        return None
    if isinstance(value, bool):
        return value
    return not any(f.severity == "error" for f in findings)


# -- Counting ----------------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    pages: int
    reposts: int
    compliant: int
    noncompliant: int
    stripped: int
    errors: int  # pages that could not be read or fetched

    @property
    def compliant_percent(self) -> float | None:
        return _percent(self.compliant, self.reposts)


@dataclass(frozen=True)
class SiteRow:
    site: str
    pages: int
    reposts: int
    compliant: int
    noncompliant: int
    findings: int  # on its reposts
    errors: int
    codes: tuple[tuple[str, int], ...]  # (code, findings) most frequent first
    worst: str | None = None  # URL of its non-compliant repost with the most errors

    @property
    def compliant_percent(self) -> float | None:
        return _percent(self.compliant, self.reposts)


@dataclass(frozen=True)
class KindRow:
    kind: str
    failing: int  # reposts with an error of this kind
    warned: int  # reposts with only warnings of this kind
    findings: int
    example: str  # its most frequent message


@dataclass(frozen=True)
class MonthRow:
    month: str  # YYYY-MM
    compliant: int
    noncompliant: int

    @property
    def reposts(self) -> int:
        return self.compliant + self.noncompliant


@dataclass(frozen=True)
class Timeline:
    months: tuple[MonthRow, ...]
    undated_pages: int
    undated_reposts: int


@dataclass(frozen=True)
class Audit:
    """Everything the report shows, counted once."""

    totals: Totals
    sites: tuple[SiteRow, ...]  # sites with reposts, most reposts first
    kinds: tuple[KindRow, ...]  # most failing first
    stripped: tuple[Page, ...]  # most similar first
    offenders: tuple[SiteRow, ...]  # sites with non-compliant reposts, worst first
    timeline: Timeline


def summarise(records: Iterable[dict]) -> Audit:
    """Count the records for the report."""
    pages = [Page.of(record) for record in records if isinstance(record, dict)]
    sites = site_rows(pages)
    return Audit(totals=totals(pages),
                 sites=tuple(row for row in sites if row.reposts),
                 kinds=kind_rows(pages),
                 stripped=stripped_copies(pages),
                 offenders=offenders(sites),
                 timeline=timeline(pages))


def totals(pages: list[Page]) -> Totals:
    return Totals(pages=len(pages), reposts=sum(p.repost for p in pages),
                  compliant=sum(p.compliant is True for p in pages),
                  noncompliant=sum(p.compliant is False for p in pages),
                  stripped=sum(p.stripped for p in pages),
                  errors=sum(p.error is not None for p in pages))


def site_rows(pages: list[Page]) -> tuple[SiteRow, ...]:
    """Every site, most reposts first, then by name."""
    by_site: dict[str, list[Page]] = {}
    for page in pages:
        by_site.setdefault(page.site, []).append(page)
    rows = [_site_row(site, group) for site, group in by_site.items()]
    return tuple(sorted(rows, key=lambda row: (-row.reposts, row.site)))


def _site_row(site: str, pages: list[Page]) -> SiteRow:
    reposts = [p for p in pages if p.repost]
    codes = Counter(f.code for p in reposts for f in p.findings if f.code)
    return SiteRow(site=site, pages=len(pages), reposts=len(reposts),
                   compliant=sum(p.compliant is True for p in reposts),
                   noncompliant=sum(p.compliant is False for p in reposts),
                   findings=sum(len(p.findings) for p in reposts),
                   errors=sum(p.error is not None for p in pages),
                   codes=_most_frequent(codes), worst=_worst_url(reposts))


def _worst_url(reposts: list[Page]) -> str | None:
    """The non-compliant repost with the most errors, then most findings,
    then the first by URL."""
    failing = [p for p in reposts if p.compliant is False and p.url]
    if not failing:
        return None
    return min(failing, key=lambda p: (-p.count("error"), -len(p.findings), p.url)).url


def kind_rows(pages: list[Page]) -> tuple[KindRow, ...]:
    """Each requirement kind found on a repost: most reposts failing it
    first, then most warned, then by name."""
    failing: Counter[str] = Counter()
    warned: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    messages: dict[str, Counter[str]] = {}
    for page in pages:
        if not page.repost:
            continue
        errors = {f.kind for f in page.findings if f.severity == "error"}
        failing.update(errors)
        warned.update({f.kind for f in page.findings} - errors)
        for finding in page.findings:
            findings[finding.kind] += 1
            messages.setdefault(finding.kind, Counter())[finding.message] += 1
    rows = [KindRow(kind=kind, failing=failing[kind], warned=warned[kind], findings=count,
                    example=_most_frequent(messages[kind])[0][0])
            for kind, count in findings.items()]
    return tuple(sorted(rows, key=lambda row: (-row.failing, -row.warned, row.kind)))


def stripped_copies(pages: list[Page]) -> tuple[Page, ...]:
    """Stripped copies, most similar first, then by site and URL."""
    found = [p for p in pages if p.stripped]
    return tuple(sorted(found, key=lambda p: (-(p.similarity or 0.0), p.site, p.url or "")))


def offenders(sites: Iterable[SiteRow]) -> tuple[SiteRow, ...]:
    """Sites with a non-compliant repost: most of them first, then most
    findings, then by name."""
    found = [row for row in sites if row.noncompliant]
    return tuple(sorted(found, key=lambda row: (-row.noncompliant, -row.findings, row.site)))


def timeline(pages: list[Page]) -> Timeline:
    """Reposts per month of their date.  The months between the first and
    the last are all listed (a month without reposts is news too), unless
    the span is absurd (a date from year 1 in hostile input)."""
    compliant: Counter[str] = Counter()
    noncompliant: Counter[str] = Counter()
    for page in pages:
        if page.repost and page.month:
            (compliant if page.compliant else noncompliant)[page.month] += 1
    months = sorted(set(compliant) | set(noncompliant))
    if months and _months_between(months[0], months[-1]) <= MAX_FILLED_MONTHS:
        months = _month_range(months[0], months[-1])
    return Timeline(months=tuple(MonthRow(m, compliant[m], noncompliant[m]) for m in months),
                    undated_pages=sum(p.month is None for p in pages),
                    undated_reposts=sum(p.repost and p.month is None for p in pages))


def _months_between(first: str, last: str) -> int:
    return _month_index(last) - _month_index(first) + 1


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month_range(first: str, last: str) -> list[str]:
    return [f"{index // 12:04d}-{index % 12 + 1:02d}"
            for index in range(_month_index(first), _month_index(last) + 1)]


def _most_frequent(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


# -- HTML --------------------------------------------------------------------

def write_report(records: Iterable[dict], out: TextIO, title: str = DEFAULT_TITLE,
                 *, top: int = TOP) -> None:
    """Write the HTML report of the records: one page, no outside resources.

    ``top`` bounds the sites drawn in the per-site chart and the worst
    offenders listed; the per-site table lists every site with a repost.
    """
    # ASCII, every other character as a reference, so that the page is the
    # same whatever the encoding of ``out`` (the style and script, where
    # references would not work, are ASCII).
    page = render_report(summarise(records), title, top)
    out.write(page.encode("ascii", "xmlcharrefreplace").decode("ascii"))


def render_report(audit: Audit, title: str = DEFAULT_TITLE, top: int = TOP) -> str:
    """The report page as a string."""
    if audit.totals.pages:
        sections = [_summary_section(audit.totals), _sites_section(audit.sites, top),
                    _kinds_section(audit.kinds), _stripped_section(audit.stripped),
                    _offenders_section(audit.offenders, top), _time_section(audit.timeline)]
    else:
        sections = [_summary_section(audit.totals),
                    '<p id="no-pages" class="empty">There were no pages in the input.</p>']
    return _document(title, "\n".join(sections))


def _document(title: str, body: str) -> str:
    """The page around ``body``, with a policy that lets only its own style
    and script run: a hostile string that escaped the escaping still could
    not run or load anything."""
    policy = ("default-src 'none'; base-uri 'none'; form-action 'none'; img-src 'none'; "
              f"style-src '{_hash(_STYLE)}'; script-src '{_hash(_SCRIPT)}'")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<header><h1>{_esc(title)}</h1></header>\n<main>\n{body}\n</main>\n"
            f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _summary_section(totals: Totals) -> str:
    percent = totals.compliant_percent
    stats = [("pages", "pages", str(totals.pages), str(totals.pages)),
             ("reposts", "reposts", str(totals.reposts), str(totals.reposts)),
             ("compliant", "compliant", "" if percent is None else f"{percent:.1f}",
              _percent_text(percent)),
             ("stripped", "stripped copies", str(totals.stripped), str(totals.stripped)),
             ("errors", "pages not read", str(totals.errors), str(totals.errors))]
    items = "".join(f'<div class="stat" id="stat-{key}" data-value="{value}">'
                    f'<dt>{label}</dt><dd>{shown}</dd></div>'
                    for key, label, value, shown in stats)
    note = (f'<p>{totals.compliant} of {totals.reposts} reposts comply with their terms; '
            f'{totals.noncompliant} do not.</p>' if totals.reposts else "")
    return _section("summary", "Summary", f'<dl class="stats">{items}</dl>{note}')


def _sites_section(sites: tuple[SiteRow, ...], top: int) -> str:
    if not sites:
        return _section("sites", "Compliance per site", _empty("No reposts."))
    shown = sites[:top]
    caption = (f"The {len(shown)} sites with the most reposts, of {len(sites)}."
               if len(sites) > len(shown) else "")
    bars = [_Bar(row.site, (("site", row.site),),
                 (("compliant", row.compliant), ("noncompliant", row.noncompliant)))
            for row in shown]
    chart = _hbar_chart("chart-sites", "Compliant and non-compliant reposts per site", bars,
                        _legend(("compliant", "compliant"), ("noncompliant", "not compliant")))
    table = _table("table-sites", ("site", "pages", "reposts", "compliant", "not compliant",
                                   "compliant %", "findings", "not read"),
                   [[_cell(_esc(row.site)), _num_cell(row.pages), _num_cell(row.reposts),
                     _num_cell(row.compliant), _num_cell(row.noncompliant),
                     _cell(_percent_text(row.compliant_percent),
                           _sort_number(row.compliant_percent)),
                     _num_cell(row.findings), _num_cell(row.errors)] for row in sites])
    return _section("sites", "Compliance per site", _caption(caption) + chart + table)


def _kinds_section(kinds: tuple[KindRow, ...]) -> str:
    if not kinds:
        return _section("kinds", "Compliance per requirement", _empty("No findings on reposts."))
    bars = [_Bar(row.kind, (("kind", row.kind),), (("failing", row.failing),)) for row in kinds]
    chart = _hbar_chart("chart-kinds", "Reposts failing each requirement", bars,
                        _legend(("failing", "reposts with an error of this kind")))
    table = _table("table-kinds", ("requirement", "reposts failing", "reposts warned",
                                   "findings", "most frequent message"),
                   [[_cell(_esc(row.kind)), _num_cell(row.failing), _num_cell(row.warned),
                     _num_cell(row.findings), _cell(_esc(row.example))] for row in kinds])
    return _section("kinds", "Compliance per requirement", chart + table)


def _stripped_section(pages: tuple[Page, ...]) -> str:
    title = "Stripped copies"
    if not pages:
        return _section("stripped", title, _empty("No stripped copies."))
    intro = _caption("Copies found by their text alone, with every attribution removed.")
    table = _table("table-stripped", ("page", "site", "original article", "similarity", "codes"),
                   [[_cell(_link(p.url)), _cell(_esc(p.site)), _cell(_link(p.article)),
                     _cell(_similarity_text(p.similarity), _sort_number(p.similarity)),
                     _cell(_esc(" ".join(p.codes)))] for p in pages])
    return _section("stripped", title, intro + table)


def _offenders_section(rows: tuple[SiteRow, ...], top: int) -> str:
    title = "Worst offenders"
    if not rows:
        return _section("offenders", title, _empty("No site has a non-compliant repost."))
    shown = rows[:top]
    intro = _caption("Sites ranked by non-compliant reposts, then by findings"
                     + (f": the first {len(shown)} of {len(rows)}." if len(rows) > top else "."))
    table = _table("table-offenders", ("rank", "site", "not compliant", "findings", "reposts",
                                       "most frequent codes", "worst page"),
                   [[_num_cell(rank), _cell(_esc(row.site)), _num_cell(row.noncompliant),
                     _num_cell(row.findings), _num_cell(row.reposts),
                     _cell(_esc(", ".join(f"{code} ×{n}" for code, n in row.codes[:3]))),
                     _cell(_link(row.worst))]
                    for rank, row in enumerate(shown, 1)])
    return _section("offenders", title, intro + table)


def _time_section(line: Timeline) -> str:
    title = "Reposts over time"
    undated = (f'<p id="undated" data-pages="{line.undated_pages}" '
               f'data-reposts="{line.undated_reposts}">Without a date: {line.undated_pages} '
               f'pages, of which {line.undated_reposts} reposts.</p>')
    if not line.months:
        return _section("time", title, _empty("No dated reposts.") + undated)
    chart = _month_chart(line.months)
    return _section("time", title, chart + undated)


def _section(key: str, heading: str, body: str) -> str:
    return f'<section id="{key}">\n<h2>{heading}</h2>\n{body}\n</section>'


def _empty(text: str) -> str:
    return f'<p class="empty">{text}</p>'


def _caption(text: str) -> str:
    return f'<p class="caption">{text}</p>' if text else ""


def _esc(text: str) -> str:
    """Text for HTML: controls, bidirectional overrides and lone surrogates
    shown escaped (they could hide or reorder what is shown), then markup
    escaped."""
    return html.escape(escape(text), quote=True)


def _link(url: str | None) -> str:
    """A link to ``url`` if it is a plain http(s) address, else its text."""
    if not url:
        return '<span class="none">—</span>'
    if not _linkable(url):
        return f'<span class="url">{_esc(url)}</span>'
    return (f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer nofollow">'
            f'{_esc(url)}</a>')


def _linkable(url: str) -> bool:
    """Whether ``url`` is http(s) with a host, and holds nothing a browser
    would strip or that could hide what it is (whitespace, controls)."""
    if escape(url) != url or any(char.isspace() for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _similarity_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _sort_number(value: float | None) -> str:
    return "-1" if value is None else f"{value:.4f}"


# -- Tables ------------------------------------------------------------------

@dataclass(frozen=True)
class _Cell:
    html: str  # already escaped
    sort: str | None = None  # a number the script sorts the column by


def _cell(markup: str, sort: str | None = None) -> _Cell:
    return _Cell(markup, sort)


def _num_cell(value: int) -> _Cell:
    return _Cell(str(value), str(value))


def _table(table_id: str, headers: tuple[str, ...], rows: list[list[_Cell]]) -> str:
    """A table the script can sort by clicking its headers (without the
    script it stays in the order given)."""
    head = "".join(f'<th scope="col">{header}</th>' for header in headers)
    body = "\n".join("<tr>" + "".join(_td(cell) for cell in row) + "</tr>" for row in rows)
    return (f'<div class="scroll"><table id="{table_id}" class="sortable">'
            f'<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>')


def _td(cell: _Cell) -> str:
    if cell.sort is None:
        return f"<td>{cell.html}</td>"
    return f'<td class="num" data-sort="{cell.sort}">{cell.html}</td>'


# -- Charts ------------------------------------------------------------------

@dataclass(frozen=True)
class _Bar:
    """One row of a horizontal bar chart."""

    label: str
    data: tuple[tuple[str, str], ...]  # data- attributes naming the row, e.g. ("site", ...)
    segments: tuple[tuple[str, int], ...]  # (class, value), drawn left to right


_WORDS = {"compliant": "compliant", "noncompliant": "not compliant", "failing": "failing"}
_LABEL_WIDTH = 220
_PLOT_WIDTH = 560
_ROW_HEIGHT = 24
_BAR_HEIGHT = 16
_LABEL_CHARS = 32


def _hbar_chart(chart_id: str, title: str, bars: list[_Bar], legend: str) -> str:
    """An SVG of stacked horizontal bars, one per row, all to one scale."""
    most = max((sum(value for _, value in bar.segments) for bar in bars), default=0) or 1
    height = len(bars) * _ROW_HEIGHT + 8
    width = _LABEL_WIDTH + _PLOT_WIDTH + 60
    rows = "\n".join(_hbar_row(index, bar, most) for index, bar in enumerate(bars))
    return (f'<figure>{legend}<svg id="{chart_id}" class="chart" role="img" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_esc(title)}</title>\n{rows}\n'
            f'</svg></figure>')


def _hbar_row(index: int, bar: _Bar, most: int) -> str:
    top = index * _ROW_HEIGHT + 4
    data = "".join(f' data-{key}="{_esc(value)}"' for key, value in bar.data)
    label = _shortened(bar.label)
    parts = [f'<g class="row"{data}>',
             f'<text class="label" x="{_LABEL_WIDTH - 8}" y="{top + 12}" text-anchor="end">'
             f'<title>{_esc(bar.label)}</title>{_esc(label)}</text>']
    x = float(_LABEL_WIDTH)
    for kind, value in bar.segments:
        width = _PLOT_WIDTH * value / most
        parts.append(f'<rect class="bar {kind}"{data} data-value="{value}" x="{_coord(x)}" '
                     f'y="{top}" width="{_coord(width)}" height="{_BAR_HEIGHT}">'
                     f'<title>{_esc(bar.label)}: {value} {_WORDS[kind]}</title></rect>')
        x += width
    total = sum(value for _, value in bar.segments)
    values = "/".join(str(value) for _, value in bar.segments)
    parts.append(f'<text class="value" x="{_coord(x + 6)}" y="{top + 12}">'
                 f'{values if len(bar.segments) > 1 else total}</text></g>')
    return "".join(parts)


_MONTH_PLOT_HEIGHT = 200
_MONTH_LEFT = 40
_MONTH_LABEL_WIDTH = 56  # "2026-05" at 12px, and a gap


def _month_chart(months: tuple[MonthRow, ...]) -> str:
    """An SVG of stacked columns, one per month: compliant below, not
    compliant above."""
    step = max(6.0, min(64.0, 760 / len(months)))
    most = max(row.reposts for row in months) or 1
    width = int(_MONTH_LEFT + step * len(months) + 20)
    height = _MONTH_PLOT_HEIGHT + 50
    every = math.ceil(_MONTH_LABEL_WIDTH / step)  # labels that do not overlap
    columns = "\n".join(_month_column(index, row, step, most, index % every == 0)
                        for index, row in enumerate(months))
    axis = (f'<line class="axis" x1="{_MONTH_LEFT}" y1="{_MONTH_PLOT_HEIGHT + 10}" '
            f'x2="{width - 10}" y2="{_MONTH_PLOT_HEIGHT + 10}"></line>'
            f'<text class="value" x="{_MONTH_LEFT - 6}" y="18" text-anchor="end">{most}</text>'
            f'<text class="value" x="{_MONTH_LEFT - 6}" y="{_MONTH_PLOT_HEIGHT + 10}" '
            f'text-anchor="end">0</text>')
    legend = _legend(("compliant", "compliant"), ("noncompliant", "not compliant"))
    return (f'<figure>{legend}<div class="scroll"><svg id="chart-months" class="chart" '
            f'role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>Reposts per month</title>\n'
            f'{axis}\n{columns}\n</svg></div></figure>')


def _month_column(index: int, row: MonthRow, step: float, most: int, labelled: bool) -> str:
    x = _MONTH_LEFT + index * step + 2
    width = step - 4
    bottom = _MONTH_PLOT_HEIGHT + 10.0
    parts = [f'<g class="column" data-month="{row.month}">']
    for kind, value in (("compliant", row.compliant), ("noncompliant", row.noncompliant)):
        height = _MONTH_PLOT_HEIGHT * value / most
        bottom -= height
        parts.append(f'<rect class="bar {kind}" data-month="{row.month}" data-value="{value}" '
                     f'x="{_coord(x)}" y="{_coord(bottom)}" width="{_coord(width)}" '
                     f'height="{_coord(height)}"><title>{row.month}: {value} {_WORDS[kind]}</title></rect>')
    if labelled:
        parts.append(f'<text class="label" x="{_coord(x + width / 2)}" '
                     f'y="{_MONTH_PLOT_HEIGHT + 28}" text-anchor="middle">{row.month}</text>')
    parts.append("</g>")
    return "".join(parts)


def _legend(*entries: tuple[str, str]) -> str:
    items = "".join(f'<span class="key"><svg width="12" height="12" aria-hidden="true">'
                    f'<rect class="swatch {kind}" width="12" height="12"></rect></svg> '
                    f'{label}</span>' for kind, label in entries)
    return f'<figcaption class="legend">{items}</figcaption>'


def _shortened(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1] + "…"


def _coord(value: float) -> str:
    """A coordinate with at most two decimals, the same on every platform."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;
background:#fff;margin:0 auto;max-width:1100px;padding:0 20px 40px}
h1{font-size:1.6em;margin:24px 0 8px}h2{font-size:1.25em;margin:32px 0 8px;
border-bottom:1px solid #ddd;padding-bottom:4px}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:0}
.stat{border:1px solid #ddd;border-radius:6px;padding:8px 16px;min-width:120px;background:#fafafa}
.stat dt{font-size:.85em;color:#555}.stat dd{margin:0;font-size:1.6em;font-weight:600}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}
th,td{border-bottom:1px solid #e5e5e5;padding:4px 10px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td{overflow-wrap:break-word;max-width:420px}
th{white-space:nowrap}
th{background:#f3f3f3;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
figure{margin:8px 0}.legend{font-size:.85em;margin-bottom:4px}.key{margin-right:16px}
.chart text{font-size:12px;fill:#333}.chart .axis{stroke:#999}
.compliant{fill:#2e7d32}.noncompliant{fill:#c62828}.failing{fill:#ef6c00}
.empty,.caption{color:#555}.none{color:#999}
a{color:#0b57d0}
"""

_SCRIPT = """
(function () {
  function key(cell) {
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.toLowerCase() : Number(value);
  }
  function sort(table, header, column) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = key(a.cells[column]), y = key(b.cells[column]);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.tabIndex = 0;
      header.addEventListener("click", function () { sort(table, header, column); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort(table, header, column);
        }
      });
    });
  });
})();
"""


# -- CSV ---------------------------------------------------------------------

def write_csv(records: Iterable[dict], out: TextIO) -> None:
    """One row per page, under a header row of :data:`CSV_COLUMNS`.

    Open ``out`` with ``newline=""`` (rows end in CRLF, as RFC 4180 says).
    ``repost`` and ``compliant`` are ``true``, ``false`` or empty;
    ``codes`` are the findings' codes, sorted, each once.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        if isinstance(record, dict):
            writer.writerow([_csv_safe(cell) for cell in csv_row(Page.of(record))])


def csv_row(page: Page) -> list[str]:
    """The CSV cells of a page, before the formula guard."""
    return [page.url or "", page.site, page.date or "", page.published or "",
            _boolean(page.repost), page.rule or "",
            page.reason or "", page.article or "",
            "" if page.similarity is None else repr(page.similarity),
            _boolean(page.compliant), str(page.count("error")), str(page.count("warning")),
            " ".join(page.codes), page.error or ""]


def _boolean(value: bool | None) -> str:
    return "" if value is None else "true" if value else "false"


def _csv_safe(cell: str) -> str:
    """The cell as a spreadsheet shows it, not as a formula it runs (a
    leading apostrophe), and encodable as UTF-8 (lone surrogates, which a
    JSON string can hold, become U+FFFD)."""
    cell = valid_unicode(cell)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
