"""Where an audit's pages come from: WARC files, folders of saved pages,
sitemaps, files of URLs and single URLs.

The work is cut into :class:`Partition` values, small and picklable, that
name pages without holding them (a WARC file and a run of its records, some
saved files, a batch of URLs): an engine ships partitions to its workers,
and each worker reads its own pages (:func:`pages_of`).  The same partitions
feed the local pool and a Dask cluster, so both run the same code on the
same pages.

A WARC is read with FastWARC.  A record is a page when it is a ``response``
(status 2xx) or ``resource`` record whose media type is one of
``pages.PAGE_KINDS``; other records (requests, metadata, images, redirects)
are not pages and are skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .pages import Page, kind_of, size_text

DEFAULT_MAX_PAGE_SIZE = 10 * 1024 * 1024

# Saved pages, by extension, and the reader for each.
SAVED_PAGE_KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
                    ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst", ".warc.lz4", ".arc", ".arc.gz")
SITEMAP_SUFFIXES = (".xml", ".xml.gz")

# "<!-- saved from url=(0044)https://... -->": browsers' mark on a saved page.
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]{1,2000}?)\s*-->",
                         re.IGNORECASE)
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?")


class SourceError(ValueError):
    """A source that cannot be used at all (missing, unreadable sitemap...)."""


@dataclass(frozen=True)
class Partition:
    """Some pages of one source, named but not read.

    ``kind`` is "warc" (``location`` is the file; ``start`` the offset of a
    page record, ``first`` its number among the file's page records,
    ``count`` how many to read from there, None for all; ``skip`` the
    numbers of those already audited), "damaged" (the WARC ``location``
    cannot be read past some record: ``items`` holds why), "files"
    (``items`` are paths under the folder ``location``) or "urls" (``items``
    are URLs).  ``location`` is absolute, so that workers elsewhere (a Dask
    cluster) find it; ``name`` is the source as the user gave it.
    """

    kind: str
    location: str = ""
    items: tuple[str, ...] = ()
    start: int = 0
    count: int | None = None
    skip: frozenset[int] = field(default_factory=frozenset)
    name: str = ""  # the source as given: its records' keys start with it
    first: int = 0  # the number of the page record at ``start`` (WARC)


@dataclass(frozen=True)
class Limits:
    """What every source reads at most, and how long a live page may take
    (the rest of the fetching policy is ``fetch.FetchPolicy``'s)."""

    max_page_size: int = DEFAULT_MAX_PAGE_SIZE
    timeout: float = 20.0


def plan(sources: list[str], done: set[str], batch: int, split_warcs: bool,
         limits: Limits = Limits(), warn: Callable[[str], object] = print,
         url_batch: int = 256) -> list[Partition]:
    """The partitions of every source, without the records in ``done``.

    ``split_warcs``: cut each WARC into runs of ``batch`` records (a first
    pass over the file finds where they start), so that one large WARC
    keeps every worker busy; otherwise each WARC is one partition, which is
    what a cluster wants when there are many files.  URLs go ``url_batch``
    to a partition (each partition fetches robots.txt once per host).
    Raises SourceError for a source that does not exist or cannot be listed.
    """
    partitions: list[Partition] = []
    listed: set[str] = set(done)  # a URL in two sources is fetched once
    for source in _each_once(sources):
        form = source_form(source)
        name = source_name(source)
        if form == "warc":
            partitions += _warc_partitions(source, name, done, batch, split_warcs,
                                           limits.max_page_size)
        elif form == "folder":
            paths = [p for p in saved_pages(source) if record_of_file(name, p) not in done]
            partitions += [Partition("files", os.path.abspath(source), tuple(paths[i:i + batch]),
                                     name=name)
                           for i in range(0, len(paths), batch)]
        else:
            urls = list(_new(list_urls(source, form, limits, warn), listed))
            partitions += [Partition("urls", "", tuple(urls[i:i + url_batch]))
                           for i in range(0, len(urls), url_batch)]
    return partitions


def source_name(source: str) -> str:
    """A local source as its records' keys name it: the path as given,
    normalised (``./saved/`` is ``saved``)."""
    return os.path.normpath(source).replace(os.sep, "/")


def _each_once(sources: list[str]) -> list[str]:
    """The sources without a second mention of the same file or folder."""
    seen: set[str] = set()
    unique = []
    for source in sources:
        key = source if source.lower().startswith(("http://", "https://")) \
            else os.path.realpath(source)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def source_form(source: str) -> str:
    """"warc", "folder", "sitemap", "url" (one page) or "url-list" (a file
    of URLs, one per line); SourceError when a local source is missing."""
    lower = source.lower()
    if lower.startswith(("http://", "https://")):
        path = urlsplit(source).path.lower()
        name = path.rsplit("/", 1)[-1]
        return "sitemap" if path.endswith(SITEMAP_SUFFIXES) or "sitemap" in name else "url"
    if os.path.isdir(source):
        return "folder"
    if not os.path.exists(source):
        raise SourceError(f"{source}: no such file, folder or URL (URLs start with http:// "
                          "or https://)")
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(SITEMAP_SUFFIXES):
        return "sitemap"
    return "url-list"


def pages_of(partition: Partition, limits: Limits = Limits()) -> Iterator[Page]:
    """Every page a partition names, each read (or fetched) on demand."""
    if partition.kind == "warc":
        yield from _warc_pages(partition, limits.max_page_size)
    elif partition.kind == "damaged":
        yield Page(damaged_record(partition.name), "", None, error=partition.items[0])
    elif partition.kind == "files":
        for path in partition.items:
            yield _saved_page(partition.location, partition.name, path, limits.max_page_size)
    else:
        yield from _fetched_pages(partition.items, limits)


# WARC files


def _warc_partitions(path: str, name: str, done: set[str], batch: int, split: bool,
                     max_size: int) -> list[Partition]:
    """A WARC file's partitions; its records are keyed ``NAME#N``, N the
    number of the page record in the file (from 0)."""
    location = os.path.abspath(path)
    prefix = name + "#"
    skip = frozenset(int(key[len(prefix):]) for key in done
                     if key.startswith(prefix) and key[len(prefix):].isdigit())
    if not split:
        return [Partition("warc", location, skip=skip, name=name)]
    offsets: list[int] = []
    damage = None
    try:
        offsets += (offset for offset, _, _ in _page_records(path, 0, max_size))
    except SourceError as error:  # the records before the damage are audited
        damage = str(error)
    if any(a >= b for a, b in zip(offsets, offsets[1:])):
        # A file compressed as one stream (gzip crawl.warc): its records
        # have no offsets to seek to, so it is read from the start, whole.
        partitions = [Partition("warc", location, skip=skip, name=name)]
    else:
        partitions = [Partition("warc", location, start=offsets[i],
                                count=len(offsets[i:i + batch]), name=name, first=i,
                                skip=frozenset(n for n in skip if i <= n < i + batch))
                      for i in range(0, len(offsets), batch)
                      if any(n not in skip for n in range(i, min(i + batch, len(offsets))))]
        if damage and damaged_record(name) not in done:
            partitions.append(Partition("damaged", location, (damage,), name=name))
    return partitions


def damaged_record(name: str) -> str:
    """The record of a WARC file's damage (a result with only an ``error``)."""
    return f"{name}#damaged"


# Longer headers than FastWARC's default (32 KiB) are seen in real crawls;
# past this, a record cannot be parsed and is damage.
MAX_HEADER = 1024 * 1024


def _page_records(path: str, start: int = 0, max_size: int = DEFAULT_MAX_PAGE_SIZE):
    """(offset, record, payload) of each page record of a WARC file, from
    ``start``; the payload is read up to ``max_size`` + 1 bytes.

    Raises SourceError where the file is damaged (bytes that are not a
    record, a compressed stream that does not decompress, a record cut
    short, or no record at all): the records before the damage have been
    yielded.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    page_types = WarcRecordType.response | WarcRecordType.resource
    try:
        stream = open(path, "rb")
    except OSError as error:
        raise SourceError(f"{path}: cannot read it ({error.strerror or error})") from None
    with stream:
        if start:
            stream.seek(start)
        records = ArchiveIterator(stream, auto_decode="all", quirks_mode=True,
                                  max_header_len=MAX_HEADER)
        last = None  # the offset of the last record read whole
        try:
            for record in records:
                if record.record_type == WarcRecordType.no_type:
                    raise OSError("not a WARC record")  # what FastWARC makes of other bytes
                if record.record_type & page_types and _is_page_record(record):
                    payload = record.reader.read(max_size + 1)
                    if _cut_short(record, payload, max_size):
                        raise OSError("a record is cut short")
                    yield record.stream_pos, record, payload
                last = record.stream_pos
            if last is None and start == 0 and os.path.getsize(path) > 0:
                raise OSError("no WARC record in it")
        except OSError as error:
            where = "before its first record" if last is None else \
                f"after the record at offset {last}"
            raise SourceError(f"{path}: damaged {where} ({error}); the records before it "
                              "were read, the rest of the file was not") from None


def _cut_short(record, payload: bytes, max_size: int) -> bool:
    """Whether a record holds less than its Content-Length says (a download
    cut short).  Only knowable when the payload was not decoded: a chunked
    or compressed one is another length once decoded."""
    if len(payload) > max_size:
        return False
    if record.is_http and any(record.http_headers.get(name) for name in
                              ("Transfer-Encoding", "Content-Encoding")):
        return False
    return len(payload) < record.content_length


def _is_page_record(record) -> bool:
    if record.is_http:
        status = record.http_headers.status_code
        if status is None or not 200 <= status < 300:
            return False
        return kind_of(record.http_content_type) is not None
    return kind_of(record.headers.get("Content-Type")) is not None


def _warc_pages(partition: Partition, max_size: int) -> Iterator[Page]:
    number = partition.first
    end = None if partition.count is None else partition.first + partition.count
    try:
        for _, record, payload in _page_records(partition.location, partition.start, max_size):
            if number not in partition.skip:
                yield _warc_page(f"{partition.name}#{number}", record, payload, max_size)
            number += 1
            if number == end:
                return  # before reading the next partition's first record
    except SourceError as error:
        yield Page(damaged_record(partition.name), "", None, error=str(error))


def _warc_page(key: str, record, body: bytes, max_size: int) -> Page:
    url = record.headers.get("WARC-Target-URI") or ""
    url = url.strip().strip("<>")  # WARC 1.0 wrote it in angle brackets
    date = record.headers.get("WARC-Date")
    media = record.http_content_type if record.is_http else record.headers.get("Content-Type")
    charset = record.http_charset if record.is_http else None
    if len(body) > max_size:
        return Page(key, url, None, date=date,
                    error=f"larger than {size_text(max_size)}; not read")
    return Page(key, url, body, kind_of(media) or "html", charset, date)


# Folders of saved pages


def saved_pages(folder: str) -> list[str]:
    """The saved pages under ``folder``, sorted, as paths relative to it.
    SourceError when a folder in it cannot be listed: a page left out
    silently would look audited."""
    def unlistable(error: OSError) -> None:
        raise SourceError(f"{error.filename}: cannot list it ({error.strerror or error})")

    found = []
    try:
        for root, folders, files in os.walk(folder, onerror=unlistable):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in files:
                if Path(name).suffix.lower() in SAVED_PAGE_KINDS and not name.startswith("."):
                    found.append(os.path.relpath(os.path.join(root, name), folder))
    except RecursionError:
        raise SourceError(f"{folder}: its folders are nested too deep to walk") from None
    return sorted(found)


def record_of_file(name: str, relative: str) -> str:
    """A saved page's key: the folder as given, then its path under it."""
    relative = relative.replace(os.sep, "/")
    return relative if name == "." else f"{name}/{relative}"


def _saved_page(folder: str, name: str, relative: str, max_size: int) -> Page:
    """A saved page; its address is the one the browser noted when saving
    it, else the one wget's mirror layout (``host/path``) implies, else the
    file's own."""
    from ..files import FileNotRead, read_regular_file

    path = os.path.join(folder, relative)
    record = record_of_file(name, relative)
    kind = SAVED_PAGE_KINDS[Path(relative).suffix.lower()]
    try:
        body = read_regular_file(path, max_size)
    except FileNotRead as error:
        return Page(record, Path(path).resolve().as_uri(), None, kind, error=str(error))
    return Page(record, _saved_url(path, relative.replace(os.sep, "/"), body), body, kind)


def _saved_url(path: str, relative: str, body: bytes) -> str:
    saved = _SAVED_FROM.search(body, 0, 4096)
    if saved:
        return saved.group(1).decode("ascii", errors="replace")
    first, _, rest = relative.partition("/")
    if rest and _HOST.fullmatch(first.lower()):
        return f"https://{first.lower()}/{rest}"
    return Path(path).resolve().as_uri()


# URLs


def list_urls(source: str, form: str, limits: Limits,
              warn: Callable[[str], object]) -> Iterator[str]:
    """The page URLs of a sitemap, a file of URLs or a single URL."""
    if form == "url":
        yield source
        return
    if form == "sitemap":
        from .fetch import SitemapError, sitemap_urls

        try:
            yield from sitemap_urls(source, _policy(limits), warn=warn)
        except SitemapError as error:
            raise SourceError(str(error)) from None
        return
    yield from _url_file(source, warn)


# Lines that are not URLs are each warned about, up to this many.
MAX_URL_WARNINGS = 10


def _url_file(path: str, warn: Callable[[str], object]) -> Iterator[str]:
    """URLs one per line; blank lines and ``#`` comments skipped, anything
    else that is not an http(s) URL warned about with its line number (the
    first few: a file that is not a list of URLs at all gets one count)."""
    skipped = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if line.lower().startswith(("http://", "https://")) and line.isprintable() \
                        and " " not in line:
                    yield line
                    continue
                skipped += 1
                if skipped <= MAX_URL_WARNINGS:
                    shown = line[:80].encode("unicode_escape").decode("ascii")
                    warn(f"{path}:{number}: not an http(s) URL, skipped: {shown}")
    except OSError as error:
        raise SourceError(f"{path}: cannot read it ({error.strerror or error})") from None
    if skipped > MAX_URL_WARNINGS:
        warn(f"{path}: {skipped - MAX_URL_WARNINGS} more lines that are not http(s) URLs "
             "were skipped")


def _fetched_pages(urls: Iterable[str], limits: Limits) -> Iterator[Page]:
    from .fetch import fetch_pages

    urls = list(urls)
    done = {fetched.url: fetched for fetched in fetch_pages(urls, _policy(limits))}
    for url in urls:  # in the order listed, whichever answered first
        fetched = done[url]
        kind = kind_of(fetched.content_type) or "html"
        yield Page(fetched.url, fetched.final_url or fetched.url, fetched.body, kind,
                   fetched.charset, fetched.date, fetched.error)


def _policy(limits: Limits):
    from .fetch import FetchPolicy

    return FetchPolicy(timeout=limits.timeout, max_bytes=limits.max_page_size)


def _new(items: Iterable[str], seen: set[str]) -> Iterator[str]:
    """The items not in ``seen``, each once (``seen`` grows)."""
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item
