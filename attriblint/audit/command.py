"""``attriblint audit`` and ``attriblint report``: what they do once the
command line is parsed and the audited rule is loaded (``cli.py``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..lint import Linter, one_line
from ..rules import Rule
from .engines import EngineError, run
from .examine import BY_TEXT, Auditor
from .nearcopy import NearCopyIndex
from .results import ResultsFileError, ResultsWriter, check_output, read_done
from .sources import Limits, Partition, SourceError, pages_of, plan, source_form

# Pages per partition: enough to amortise sending one to a worker, few
# enough that a 2-core machine's workers stay busy on a small audit.
BATCH = 64
# URLs per partition: each partition reads robots.txt once per host.
URL_BATCH = 256
INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


@dataclass(frozen=True)
class AuditRequest:
    """An audit as the command line asks for it."""

    rule: Rule
    sources: list[str]
    originals: list[str] = field(default_factory=list)
    engine: str = "local"
    scheduler: str | None = None
    output: str | None = None  # None: standard output (no resuming)
    jobs: int = 1
    threshold: float | None = None
    limits: Limits = Limits()
    show_progress: bool = False


@dataclass
class Tally:
    """Counts for the closing summary."""

    pages: int = 0
    reposts: int = 0
    compliant: int = 0
    not_compliant: int = 0
    stripped: int = 0
    errors: int = 0

    def add(self, result: dict[str, Any]) -> None:
        self.pages += 1
        self.errors += result["error"] is not None
        if result["repost"]:
            self.reposts += 1
            self.compliant += result["compliant"] is True
            self.not_compliant += result["compliant"] is False
            self.stripped += result["reason"] == BY_TEXT and bool(result["findings"])


def audit(request: AuditRequest, warn: Callable[[str], object],
          say: Callable[[str], object]) -> int:
    """Run the audit, telling problems to ``warn`` and counts to ``say``.

    0 when every repost found complies, 1 when one does not, 2 when a
    source or the results file cannot be used, 130 when interrupted (the
    results so far are kept: run it again to resume)."""
    try:
        return _audit(request, warn, say)
    except KeyboardInterrupt:  # before any result was written
        warn("attriblint audit: interrupted")
        return INTERRUPTED


def _audit(request: AuditRequest, warn: Callable[[str], object],
           say: Callable[[str], object]) -> int:
    try:
        if request.output:
            check_output(request.output, request.sources + request.originals)
        index = _originals(request, warn, say)
        resumed = read_done(request.output, request.rule.id) if request.output else None
        jobs = max(1, request.jobs)
        warcs = sum(source_form(s) == "warc" for s in request.sources)
        partitions = plan(request.sources, resumed.done if resumed else set(), BATCH,
                          split_warcs=warcs < 2 * jobs, limits=request.limits, warn=warn,
                          url_batch=URL_BATCH)
        writer = ResultsWriter.append_to(request.output) if request.output \
            else ResultsWriter(sys.stdout)
    except (SourceError, ResultsFileError) as error:
        warn(f"attriblint audit: {error}")
        return 2
    auditor = Auditor(Linter.from_rules([request.rule]), request.rule, index)
    tally = Tally()
    try:
        _write_all(request, auditor, partitions, writer, tally)
    except KeyboardInterrupt:
        warn(f"attriblint audit: interrupted after {tally.pages} pages"
             + (f"; run the same command again to resume from {request.output}"
                if request.output else ""))
        return INTERRUPTED
    except EngineError as error:
        warn(f"attriblint audit: {error}")
        return 2
    except Exception as error:  # a bug: one line, the results so far kept
        warn(f"attriblint audit: internal error ({one_line(error)}) after {tally.pages} "
             "pages; this is a bug in attriblint, please report it ('attriblint explain "
             "AL009' says how)")
        return 2
    finally:
        writer.close()
    say(_summary(tally, resumed, request.output))
    not_compliant = tally.not_compliant + (resumed.not_compliant if resumed else 0)
    return 1 if not_compliant else 0


def _write_all(request: AuditRequest, auditor: Auditor, partitions: list[Partition],
               writer: ResultsWriter, tally: Tally) -> None:
    from ..output.progress import progress

    total = _known_total(partitions)
    with progress(total, request.show_progress, unit="page") as bar:
        for results in run(request.engine, auditor, partitions, request.limits,
                           request.jobs, request.scheduler):
            for result in results:
                writer.write(result)
                tally.add(result)
            bar.advance(len(results))


def _known_total(partitions: list[Partition]) -> int | None:
    total = 0
    for partition in partitions:
        if partition.kind == "warc":
            if partition.count is None:
                return None
            total += partition.count - len(partition.skip)
        else:
            total += len(partition.items)
    return total


def _originals(request: AuditRequest, warn: Callable[[str], object],
               say: Callable[[str], object]) -> NearCopyIndex | None:
    """The signatures of the publisher's own articles, from ``--originals``."""
    if not request.originals:
        return None
    from .nearcopy import DEFAULT_THRESHOLD

    articles = list(_original_texts(request, warn))
    threshold = request.threshold if request.threshold is not None else DEFAULT_THRESHOLD
    index, too_short = NearCopyIndex.build(articles, threshold)
    if not len(index):
        raise SourceError(f"no original article found in {', '.join(request.originals)} "
                          f"({_count(len(articles), 'page')} read, {too_short} too short "
                          "to compare)")
    say(f"attriblint audit: {_count(len(index), 'original article')} indexed"
        + (f" ({too_short} too short to compare)" if too_short else ""))
    return index


def _original_texts(request: AuditRequest, warn: Callable[[str], object]):
    """(address, prose) of each page of ``--originals``."""
    from ..readers import ReadError, read_document
    from .pages import page_text

    for partition in plan(request.originals, set(), BATCH, split_warcs=False,
                          limits=request.limits, warn=warn):
        for page in pages_of(partition, request.limits):
            if page.body is None:
                warn(f"attriblint audit: original {page.url or page.record} not read: "
                     f"{page.error}")
                continue
            try:
                document = read_document(page.url, page.kind, page_text(page))
            except ReadError as error:
                warn(f"attriblint audit: original {page.url} not read: {error}")
                continue
            yield _address(document, page.url, request.rule), document.text


def _address(document, url: str, rule: Rule) -> str:
    """An original's address: its canonical one when that is on the
    publisher's site (a saved page's file name may not be its address)."""
    from ..urls import host_of

    for key in ("canonical", "og:url"):
        value = document.meta.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")) \
                and rule.owns(host_of(value)):
            return value.strip()
    return url


def _summary(tally: Tally, resumed, output: str | None) -> str:
    text = (f"attriblint audit: {_count(tally.pages, 'page')}, "
            f"{_count(tally.reposts, 'repost')} ({tally.compliant} compliant, "
            f"{tally.not_compliant} not, {_count(tally.stripped, 'stripped copy', 'stripped copies')}"
            f"), {tally.errors} not read")
    if resumed and resumed.done:
        text += f"; {len(resumed.done)} done before were skipped"
    if output:
        text += f"; results in {output}"
    return text


def _count(number: int, thing: str, things: str | None = None) -> str:
    return f"{number} {thing if number == 1 else things or thing + 's'}"


def report(results: str, html: str, csv: str | None, title: str,
           warn: Callable[[str], object]) -> int:
    """Write the HTML report (and CSV) of an audit's results; 2 when the
    results cannot be read or the report not written."""
    from .report import read_results, write_csv, write_report

    for written in (html, csv):
        if written and _same_file(written, results):
            warn(f"attriblint report: {written} is the results file: give another "
                 "name to write to")
            return 2
    try:
        records, warnings = read_results(results)
    except OSError as error:
        warn(f"attriblint report: {results}: cannot read it ({error.strerror or error})")
        return 2
    for warning in warnings:
        warn(f"attriblint report: {warning}")
    try:
        _write_text(html, lambda out: write_report(records, out, title=title))
        if csv:
            _write_text(csv, lambda out: write_csv(records, out), newline="")
    except OSError as error:
        warn(f"attriblint report: cannot write the report ({error.strerror or error})")
        return 2
    warn(f"attriblint report: {len(records)} pages; report in {html}"
         + (f", table in {csv}" if csv else ""))
    return 0


def _same_file(one: str, other: str) -> bool:
    import os

    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _write_text(path: str, write: Callable[[TextIO], object], newline: str | None = None) -> None:
    with open(path, "w", encoding="utf-8", newline=newline) as out:
        write(out)
