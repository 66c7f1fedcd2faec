"""Live pages and sitemaps for ``attriblint audit``: fetched politely, never
trusted.

One call of :func:`fetch_pages` or :func:`sitemap_urls` is one run
(:class:`_Run`): it owns the connection pools, the robots.txt cache and the
per-host slots, and they go when it ends; nothing is kept in module state.

Polite: robots.txt (RFC 9309, parsed by protego) is read once per scheme,
host and port and obeyed for every URL and every redirect hop.  One that is
missing (4xx) allows everything; one that cannot be read (5xx, no answer)
forbids the whole host, as the RFC asks (a host that cannot be reached at
all is reported as such: "connection refused").  At most ``per_host``
requests are in flight per host, and a Crawl-delay is kept between their
starts.

Robust: every request has connect and read timeouts, and a body must arrive
within ``_BODY_TIME_FACTOR`` times the timeout (a server that trickles a
byte at a time defeats a read timeout).  Bodies are streamed and dropped as
soon as they pass ``max_bytes``, before and after decompression: gzip and
deflate are decoded here, with a cap, not by urllib3.  One URL's failure is
a :class:`Fetched` with an ``error``, never an exception.

Sitemaps are parsed with expat, refusing entity declarations (the billion
laughs and external entity attacks need them; sitemaps never do).
"""

from __future__ import annotations

import email.utils
import errno
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

import urllib3
from protego import Protego
from urllib3.exceptions import (HTTPError, LocationValueError, NameResolutionError,
                                NewConnectionError, ProtocolError, ReadTimeoutError, SSLError)
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from .. import __version__
from ..files import FileNotRead, read_regular_file
from ..lint import one_line
from .pages import PAGE_KINDS, size_text

# Retry-After and Crawl-delay are the server's to set, within reason: a
# robots.txt asking for an hour between requests would stall the audit.
_MAX_RETRY_AFTER = 30.0
_MAX_CRAWL_DELAY = 10.0

# RFC 9309: a crawler must parse at least 500 KiB of a robots.txt (the rest
# may be ignored) and follow at least five redirects to it.
_ROBOTS_MAX_BYTES = 500 * 1024
_ROBOTS_REDIRECTS = 5

# A body must arrive within this many times the timeout.
_BODY_TIME_FACTOR = 3

_SITEMAP_DEPTH = 3
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = ("text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,"
           "application/xml;q=0.5,*/*;q=0.1")
# URLs read ahead of the workers, per worker: enough to find other hosts'
# URLs while one host's are waiting for a slot.
_LOOKAHEAD = 32
_END = object()


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how far pages are fetched; one policy for a run."""

    user_agent: str = f"attriblint-audit/{__version__} (+https://github.com/attriblint)"
    timeout: float = 20.0          # seconds, connect and read each
    retries: int = 2               # extra attempts for connection errors, 429 and 5xx
    backoff: float = 0.5           # seconds; doubled each retry (Retry-After honoured up to 30 s)
    max_bytes: int = 10 * 1024 * 1024   # a larger body is an error, never read whole
    max_redirects: int = 5
    per_host: int = 2              # concurrent requests per host
    workers: int = 16              # concurrent requests in all
    obey_robots: bool = True

    def __post_init__(self) -> None:
        wrong = [name for name, ok in (
            ("user_agent", bool(self.user_agent.strip())), ("timeout", self.timeout > 0),
            ("retries", self.retries >= 0), ("backoff", self.backoff >= 0),
            ("max_bytes", self.max_bytes > 0), ("max_redirects", self.max_redirects >= 0),
            ("per_host", self.per_host >= 1), ("workers", self.workers >= 1)) if not ok]
        if wrong:
            raise ValueError(f"FetchPolicy: invalid {', '.join(wrong)}")


@dataclass(frozen=True)
class Fetched:
    """One URL's outcome: a body, or the one-line reason there is none."""

    url: str                 # as requested
    final_url: str           # after redirects (== url when none)
    status: int | None       # HTTP status, None when no response
    content_type: str | None  # media type only, lower case, no parameters
    body: bytes | None       # None on error
    date: str | None         # the response's Date header as ISO 8601 UTC, else None
    error: str | None        # why there is no body
    charset: str | None = None  # the Content-Type's charset parameter, as sent


class SitemapError(ValueError):
    """A sitemap that cannot be read or parsed; the message names it."""


def fetch_pages(urls: Iterable[str], policy: FetchPolicy = FetchPolicy()) -> Iterator[Fetched]:
    """Every URL once, as its fetch finishes (any order); never raises for
    one URL's failure.  A URL given twice is fetched and reported once; a
    string is one URL, not an iterable of characters."""
    if isinstance(urls, str):
        urls = [urls]
    run = _Run(policy)
    try:
        yield from _Dispatcher(run).results(urls)
    finally:
        run.close()


def sitemap_urls(source: str, policy: FetchPolicy = FetchPolicy(), *,
                 warn: Callable[[str], None] | None = None) -> Iterator[str]:
    """Page URLs of a sitemap or sitemap index (http(s) URL or local file path;
    .xml or .xml.gz), following nested indexes (depth limit 3, each sitemap
    read once, size capped by max_bytes both compressed and decompressed),
    de-duplicated, in document order.  A plain-text sitemap (one URL per
    line) is accepted too.

    The top-level sitemap is read now: SitemapError is raised by this call,
    not by the first ``next``.  A nested sitemap that fails is skipped, with
    a warning to ``warn``.  Nested sitemaps must be http(s) URLs: a remote
    index cannot make the audit read local files.
    """
    run = _Run(policy)
    try:
        listing = _read_sitemap(run, source, local=True)
    except BaseException:
        run.close()
        raise
    return _walk_sitemaps(run, source, listing, warn or _ignore)


# One run


@dataclass(frozen=True)
class _BodyRule:
    """What a request accepts as a body."""

    max_bytes: int
    pages_only: bool = True   # refuse media types that are not pages
    truncate: bool = False    # keep the first max_bytes instead of refusing more


@dataclass(frozen=True)
class _Answer:
    """What one request brought back (or why nothing)."""

    status: int | None = None
    content_type: str | None = None
    date: str | None = None
    charset: str | None = None
    body: bytes | None = None
    error: str | None = None
    retry: bool = False              # worth another attempt
    retry_after: str | None = None   # the Retry-After header
    location: str | None = None      # absolute redirect target
    unreachable: bool = False        # no connection at all (DNS, refused, connect timeout)


class _Run:
    """The shared state of one run: pools, robots.txt cache, host slots."""

    def __init__(self, policy: FetchPolicy):
        self.policy = policy
        self.agent = _product_token(policy.user_agent)
        self.stopped = threading.Event()
        self.http = urllib3.PoolManager(
            num_pools=64, maxsize=policy.per_host, retries=False,
            timeout=urllib3.Timeout(connect=policy.timeout, read=policy.timeout),
            headers={"User-Agent": policy.user_agent, "Accept": _ACCEPT,
                     "Accept-Encoding": "gzip, deflate"})
        self.slots = _HostSlots(policy.per_host, self.stopped)
        self.robots = _RobotsCache(self)

    def close(self) -> None:
        self.stopped.set()
        self.http.clear()

    def fetch(self, url: str, pages_only: bool = True) -> Fetched:
        """One URL, redirects followed; never raises."""
        try:
            final, answer = self.follow(url, robots=self.policy.obey_robots,
                                        redirects=self.policy.max_redirects,
                                        rule=_BodyRule(self.policy.max_bytes, pages_only))
        except Exception as error:  # a bug in attriblint: one URL's error, not the run's end
            return Fetched(url, url, None, None, None, None,
                           f"internal error ({one_line(error)}); this is a bug in attriblint")
        body = answer.body if answer.error is None else None
        return Fetched(url, final, answer.status, answer.content_type, body, answer.date,
                       answer.error, answer.charset)

    def follow(self, url: str, *, robots: bool, redirects: int,
               rule: _BodyRule) -> tuple[str, _Answer]:
        """The final URL and its answer, each hop checked (scheme, robots.txt)."""
        chain = [url]
        while True:
            current = chain[-1]
            refused = self._refusal(current, robots, first=len(chain) == 1)
            if refused:
                return current, _Answer(error=refused)
            answer = self.get(current, rule)
            if answer.location is None:
                return current, answer
            if answer.location in chain:
                return current, replace(answer, error=f"redirect loop ({current} redirects "
                                        f"back to {answer.location})")
            if len(chain) > redirects:
                return current, replace(answer, error=f"too many redirects (more than {redirects})")
            chain.append(answer.location)

    def _refusal(self, url: str, robots: bool, first: bool) -> str | None:
        """Why ``url`` is not requested (bad URL, robots.txt), or None."""
        problem = _url_problem(url)
        if problem is None and robots:
            problem = self.robots.refusal(url)
        if problem is None or first:
            return problem
        return f"redirected to {url}: {problem}"

    def get(self, url: str, rule: _BodyRule) -> _Answer:
        """One URL, no redirects followed, retried for connection errors,
        429 and 5xx after a growing pause (or the server's Retry-After)."""
        host = _host_key(url)
        attempt = 0
        while True:
            if self.stopped.is_set():
                return _Answer(error="not fetched (the run was stopped)")
            with self.slots.hold(host, self.robots.known_delay(url)):
                answer = self._get_once(url, rule)
            if not answer.retry or attempt >= self.policy.retries:
                return answer
            self.stopped.wait(_pause(self.policy, attempt, answer.retry_after))
            attempt += 1

    def _get_once(self, url: str, rule: _BodyRule) -> _Answer:
        deadline = time.monotonic() + self.policy.timeout * _BODY_TIME_FACTOR
        try:
            response = self.http.request("GET", url, redirect=False, preload_content=False,
                                         decode_content=False)
        except (HTTPError, OSError, ValueError) as error:  # UnicodeError (IDNA) is a ValueError
            return _failure(error, url, self.policy.timeout)
        try:
            return self._answer(url, response, rule, deadline)
        finally:
            if not response.closed:  # a body left unread: drop the connection, not read it
                response.close()
            response.release_conn()

    def _answer(self, url: str, response, rule: _BodyRule, deadline: float) -> _Answer:
        status = response.status
        headers = response.headers
        answer = _Answer(status, _media_type(headers.get("Content-Type")),
                         _iso_date(headers.get("Date")), _charset(headers.get("Content-Type")))
        if status in _REDIRECTS and headers.get("Location"):
            return replace(answer, location=urljoin(url, headers["Location"].strip()))
        if status == 429 or status >= 500:
            return replace(answer, error=f"HTTP {status}", retry=True,
                           retry_after=headers.get("Retry-After"))
        if not 200 <= status < 300:
            return replace(answer, error=f"HTTP {status}")
        if rule.pages_only and answer.content_type and answer.content_type not in PAGE_KINDS:
            return replace(answer, error=f"content type {answer.content_type} is not a page")
        try:
            return replace(answer, body=_read_body(response, rule, deadline, self.policy.timeout))
        except _BodyError as error:
            return replace(answer, error=str(error))
        except (HTTPError, OSError) as error:
            failed = _failure(error, url, self.policy.timeout)
            return replace(answer, error=failed.error, retry=failed.retry)


class _HostSlots:
    """At most ``per_host`` requests in flight per host (host and port), and
    the host's crawl delay between the starts of its requests."""

    def __init__(self, per_host: int, stopped: threading.Event):
        self._per_host = per_host
        self._stopped = stopped
        self._lock = threading.Lock()
        self._slots: dict[tuple[str, int], threading.Semaphore] = {}
        self._last_start: dict[tuple[str, int], float] = {}

    @contextmanager
    def hold(self, host: tuple[str, int], delay: float) -> Iterator[None]:
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with slot:
            self._wait_turn(host, delay)
            yield

    def _wait_turn(self, host: tuple[str, int], delay: float) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._last_start.get(host, -delay) + delay)
            self._last_start[host] = start
        if start > now:
            self._stopped.wait(start - now)


@dataclass(frozen=True)
class _Robots:
    """One origin's robots.txt: rules, or the reason the host is not fetched."""

    rules: Protego | None = None   # None: everything allowed (or refused, with problem)
    problem: str | None = None
    delay: float = 0.0


class _RobotsCache:
    """robots.txt per scheme, host and port, read once however many threads ask."""

    def __init__(self, run: _Run):
        self._run = run
        self._lock = threading.Lock()
        self._entries: dict[str, Future[_Robots]] = {}

    def refusal(self, url: str) -> str | None:
        """Why robots.txt keeps ``url`` from being fetched, or None."""
        robots = self._robots(url)
        if robots.problem:
            return robots.problem
        if robots.rules is not None and not robots.rules.can_fetch(url, self._run.agent):
            return "robots.txt disallows this URL"
        return None

    def known_delay(self, url: str) -> float:
        """The crawl delay of ``url``'s robots.txt if it has been read (never
        waits: the thread reading robots.txt asks too)."""
        entry = self._entries.get(_origin(url))
        if entry is None or not entry.done() or entry.exception():
            return 0.0
        return entry.result().delay

    def _robots(self, url: str) -> _Robots:
        origin = _origin(url)
        with self._lock:
            entry = self._entries.get(origin)
            mine = entry is None
            if mine:
                entry = self._entries[origin] = Future()
        if mine:
            try:
                entry.set_result(self._read(origin))
            except BaseException as error:
                entry.set_exception(error)
                raise
        return entry.result()

    def _read(self, origin: str) -> _Robots:
        host = urlsplit(origin).netloc
        _, answer = self._run.follow(f"{origin}/robots.txt", robots=False,
                                     redirects=_ROBOTS_REDIRECTS,
                                     rule=_BodyRule(_ROBOTS_MAX_BYTES, False, truncate=True))
        if answer.error is None:
            return self._parse(host, answer.body or b"")
        if answer.status and 300 <= answer.status < 500 and answer.status != 429:
            return _Robots()  # none (4xx) or lost in redirects: RFC 9309 allows everything
        if answer.unreachable:  # the host's fault, not its robots.txt's: say so plainly
            return _Robots(problem=answer.error)
        return _Robots(problem=f"robots.txt of {host} could not be read ({answer.error}); "
                               "not fetched")

    def _parse(self, host: str, body: bytes) -> _Robots:
        try:
            rules = Protego.parse(body.decode("utf-8", errors="replace"))
        except Exception as error:  # protego's bug; fail closed, as for an unread robots.txt
            return _Robots(problem=f"robots.txt of {host} could not be parsed "
                                   f"({one_line(error)}); not fetched")
        return _Robots(rules, None, self._delay(rules))

    def _delay(self, rules: Protego) -> float:
        delay = rules.crawl_delay(self._run.agent) or 0.0
        rate = rules.request_rate(self._run.agent)
        if rate and rate.requests > 0:
            delay = max(delay, rate.seconds / rate.requests)
        return min(max(float(delay), 0.0), _MAX_CRAWL_DELAY)


class _Dispatcher:
    """Hands URLs to the workers, a host's URL only while the host has a free
    slot, so that one host with many URLs does not take every worker while
    other hosts' URLs wait (the slots themselves are enforced by
    :class:`_HostSlots`, which also covers redirect hops and robots.txt)."""

    def __init__(self, run: _Run):
        self.run = run
        self.waiting: dict[tuple[str, int], deque[str]] = {}
        self.running: Counter[tuple[str, int]] = Counter()
        self.ready: deque[tuple[str, int]] = deque()
        self.queued: set[tuple[str, int]] = set()  # the hosts in ready
        self.buffered = 0

    def results(self, urls: Iterable[str]) -> Iterator[Fetched]:
        policy = self.run.policy
        source = iter(urls)
        seen: set[str] = set()
        exhausted = False
        in_flight: dict[Future[Fetched], tuple[str, int]] = {}
        pool = ThreadPoolExecutor(max_workers=policy.workers, thread_name_prefix="attriblint-fetch")
        try:
            while True:
                exhausted = exhausted or self._take(source, seen, policy.workers * _LOOKAHEAD)
                self._submit(pool, in_flight, policy.workers)
                if not in_flight:
                    return  # so none waiting: a waiting URL's host would have a free slot
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    self._finished(in_flight.pop(future))
                    yield future.result()
        finally:
            self.run.stopped.set()  # a consumer that stops early: no more retries or pauses
            pool.shutdown(wait=True, cancel_futures=True)

    def _take(self, source: Iterator[str], seen: set[str], room: int) -> bool:
        """Reads URLs until ``room`` are buffered; True when the source is done."""
        while self.buffered < room:
            url = next(source, _END)
            if url is _END:
                return True
            url = url if isinstance(url, str) else str(url)
            if url in seen:
                continue
            seen.add(url)
            host = _host_key(url)
            self.waiting.setdefault(host, deque()).append(url)
            self.buffered += 1
            self._mark_ready(host)
        return False

    def _submit(self, pool: ThreadPoolExecutor, in_flight: dict, workers: int) -> None:
        while len(in_flight) < workers and self.ready:
            host = self.ready.popleft()
            self.queued.discard(host)
            url = self.waiting[host].popleft()
            self.buffered -= 1
            self.running[host] += 1
            in_flight[pool.submit(self.run.fetch, url)] = host
            self._mark_ready(host)

    def _finished(self, host: tuple[str, int]) -> None:
        self.running[host] -= 1
        if not self.running[host]:
            del self.running[host]
        self._mark_ready(host)

    def _mark_ready(self, host: tuple[str, int]) -> None:
        """Queue ``host`` for a worker if it has URLs waiting and a free slot."""
        queue = self.waiting.get(host)
        if not queue:
            self.waiting.pop(host, None)
            return
        if self.running[host] < self.run.policy.per_host and host not in self.queued:
            self.ready.append(host)
            self.queued.add(host)


# Bodies


class _BodyError(Exception):
    """A body not accepted; the message is the Fetched error."""


def _read_body(response, rule: _BodyRule, deadline: float, timeout: float) -> bytes:
    """The decoded body, refused as soon as it passes ``rule.max_bytes``
    (declared, received or decoded) or ``deadline``."""
    declared = _content_length(response.headers.get("Content-Length"))
    if declared is not None and declared > rule.max_bytes and not rule.truncate:
        raise _BodyError(f"larger than {size_text(rule.max_bytes)}")
    inflater = _Inflater(_encoding(response.headers.get("Content-Encoding")), rule.max_bytes,
                         rule.truncate)
    received = 0
    while not inflater.full:
        # read1: one socket read at most, so the deadline is checked however slow the server
        chunk = response.read1(_CHUNK, decode_content=False)
        if not chunk:
            break
        received += len(chunk)
        if received > rule.max_bytes and not rule.truncate:
            raise _BodyError(f"larger than {size_text(rule.max_bytes)}")
        inflater.feed(chunk)
        if time.monotonic() > deadline:
            raise _BodyError(f"timed out after {timeout * _BODY_TIME_FACTOR:g} s "
                             "(the body arrived too slowly)")
    return inflater.finish()


def _encoding(header: str | None) -> str:
    codings = [c.strip().lower() for c in (header or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return "identity"
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return "deflate" if codings[0] == "deflate" else "gzip"
    raise _BodyError(f"unsupported content encoding {', '.join(codings)}")


class _Inflater:
    """Decodes an identity, gzip (one or more members) or deflate (zlib or
    raw) stream into at most ``limit`` bytes, never producing more than one
    byte past it whatever the compression ratio (a 10 KiB gzip bomb would
    otherwise be 10 MiB in one call)."""

    def __init__(self, encoding: str, limit: int, truncate: bool = False):
        self.encoding = encoding
        self.limit = limit
        self.truncate = truncate
        self.full = False
        self._out = bytearray()
        self._z: zlib._Decompress | None = None
        self._ended = False  # the last gzip member ended; ignore what follows unless a new one

    def feed(self, data: bytes) -> None:
        if self.encoding == "identity":
            self._add(data)
            return
        try:
            while data and not self.full:
                if self._z is None:
                    if self._ended and not data.startswith(b"\x1f\x8b"):
                        return  # padding after the last member
                    self._z = zlib.decompressobj(self._wbits(data))
                    self._ended = False
                self._add(self._z.decompress(data, self.limit - len(self._out) + 1))
                data = self._z.unused_data if self._z.eof else b""
                if self._z.eof:
                    self._z, self._ended = None, True
        except zlib.error as error:
            raise _BodyError(f"the {self.encoding} data is corrupt ({error})") from None

    def finish(self) -> bytes:
        if self.encoding != "identity" and not self.full and not self._ended:
            raise _BodyError(f"the {self.encoding} data is truncated")
        return bytes(self._out)

    def _wbits(self, data: bytes) -> int:
        if self.encoding == "gzip":
            return 32 + zlib.MAX_WBITS  # gzip or zlib header, detected
        zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS  # "deflate" is sent both ways

    def _add(self, piece: bytes) -> None:
        if len(self._out) + len(piece) <= self.limit:
            self._out += piece
            return
        if not self.truncate:
            once = "" if self.encoding == "identity" else " once decompressed"
            raise _BodyError(f"larger than {size_text(self.limit)}{once}")
        self._out += piece[:self.limit - len(self._out)]
        self.full = True


# Sitemaps


@dataclass(frozen=True)
class _Listing:
    """A parsed sitemap: page URLs ("urlset") or sitemap URLs ("sitemapindex")."""

    kind: str
    locations: tuple[str, ...]
    skipped: int = 0   # entries that are not http(s) URLs


def _walk_sitemaps(run: _Run, top: str, listing: _Listing,
                   warn: Callable[[str], None]) -> Iterator[str]:
    try:
        yield from _listed(run, top, listing, 0, {top}, set(), warn)
    finally:
        run.close()


def _listed(run: _Run, name: str, listing: _Listing, depth: int, read: set[str],
            seen: set[str], warn: Callable[[str], None]) -> Iterator[str]:
    """The new page URLs of one sitemap, then of the sitemaps it lists."""
    if listing.skipped:
        entries = "1 entry is" if listing.skipped == 1 else f"{listing.skipped} entries are"
        warn(f"sitemap {name}: {entries} not an http(s) URL; skipped")
    if listing.kind == "urlset":
        for url in listing.locations:
            if url not in seen:
                seen.add(url)
                yield url
        return
    for child in listing.locations:
        if child in read:
            continue
        read.add(child)
        if depth >= _SITEMAP_DEPTH:
            warn(f"sitemap {child}: nested more than {_SITEMAP_DEPTH} levels deep; skipped")
            continue
        try:
            nested = _read_sitemap(run, child, local=False)
        except SitemapError as error:
            warn(f"{error}; skipped")
            continue
        yield from _listed(run, child, nested, depth + 1, read, seen, warn)


def _read_sitemap(run: _Run, source: str, local: bool) -> _Listing:
    """One sitemap read, decompressed and parsed; SitemapError if it cannot be."""
    try:
        data = _sitemap_bytes(run, source, local)
        if data.startswith(b"\x1f\x8b"):  # .xml.gz, whatever the name or media type says
            inflater = _Inflater("gzip", run.policy.max_bytes)
            inflater.feed(data)
            data = inflater.finish()
        return _parse_sitemap(data)
    except (_BodyError, _NotSitemap) as error:
        raise SitemapError(f"sitemap {source}: {error}") from None


def _sitemap_bytes(run: _Run, source: str, local: bool) -> bytes:
    scheme = urlsplit(source).scheme.lower() if "://" in source else ""
    if scheme in ("http", "https"):
        fetched = run.fetch(source, pages_only=False)
        if fetched.error is not None or fetched.body is None:
            raise _NotSitemap(fetched.error or "no body")
        return fetched.body
    if scheme or not local:
        raise _NotSitemap("not an http(s) URL")
    try:
        return read_regular_file(source, run.policy.max_bytes, "max_bytes")
    except FileNotRead as error:
        raise _NotSitemap(str(error)) from None


class _NotSitemap(Exception):
    """Why bytes are not a sitemap (or were not read)."""


def _parse_sitemap(data: bytes) -> _Listing:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise _NotSitemap("it is empty")
    if start.startswith(b"<"):  # what came before (a BOM, blank lines) would upset expat
        return _SitemapXML().parse(start)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16, with its BOM
        return _SitemapXML().parse(data)
    return _text_sitemap(start)


def _text_sitemap(data: bytes) -> _Listing:
    """One URL per line (sitemaps.org's text format); other lines skipped,
    unless no line at all is a URL (an error page, not a sitemap)."""
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise _NotSitemap("neither XML nor UTF-8 text") from None
    lines = [line.strip() for line in lines if line.strip()]
    urls = tuple(line for line in lines if _is_web_url(line))
    if not urls:
        raise _NotSitemap("neither XML nor a list of URLs")
    return _Listing("urlset", urls, len(lines) - len(urls))


class _SitemapXML:
    """The <loc> of each <url> of a <urlset>, or of each <sitemap> of a
    <sitemapindex>, in any namespace or none."""

    _ENTRY = {"urlset": "url", "sitemapindex": "sitemap"}

    def __init__(self) -> None:
        self._root: str | None = None
        self._path: list[str] = []
        self._text: list[str] | None = None
        self._locations: list[str] = []

    def parse(self, data: bytes) -> _Listing:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.EntityDeclHandler = _refuse_entities
        parser.UnparsedEntityDeclHandler = _refuse_entities
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            raise _NotSitemap(f"not well-formed XML ({error})") from None
        if self._root is None:
            raise _NotSitemap("no root element")
        urls = tuple(loc for loc in self._locations if _is_web_url(loc))
        return _Listing(self._root, urls, len(self._locations) - len(urls))

    def _start(self, name: str, attributes: object) -> None:
        local = name.rpartition(" ")[2]
        if self._root is None:
            if local not in self._ENTRY:
                raise _NotSitemap(f"not a sitemap (its root element is <{local}>)")
            self._root = local
        self._path.append(local)
        if local == "loc" and len(self._path) == 3 and self._path[1] == self._ENTRY[self._root]:
            self._text = []

    def _end(self, name: str) -> None:
        if self._text is not None and len(self._path) == 3:
            self._locations.append("".join(self._text).strip())
            self._text = None
        self._path.pop()

    def _characters(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)


def _refuse_entities(*_: object) -> None:
    raise _NotSitemap("declares XML entities, which a sitemap never needs "
                      "(refused: they can make a small file expand without end)")


def _ignore(message: str) -> None:
    pass


# Small helpers


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be requested, or None."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return "not a valid URL (it contains control characters)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as error:
        return f"not a valid URL ({error})"
    scheme = parts.scheme.lower()
    if not scheme:
        return "not a valid URL (it does not start with http:// or https://)"
    if scheme not in ("http", "https"):
        return f"unsupported scheme {scheme}: (only http and https are fetched)"
    if not parts.hostname:
        return "not a valid URL (no host)"
    return None


def _is_web_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) and _url_problem(text) is None \
        and not any(c.isspace() for c in text)


def _origin(url: str) -> str:
    """scheme://host[:port], the key of a robots.txt."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def _host_key(url: str) -> tuple[str, int]:
    """(host, port) of a URL, ("", 0) when it has none: whom a request loads."""
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower(), 0)
        return (parts.hostname or "", port)
    except ValueError:
        return ("", 0)


def _product_token(user_agent: str) -> str:
    """"attriblint-audit" of "attriblint-audit/0.3 (+https://...)": what a
    robots.txt group names (RFC 9309); the rest of the header could match
    other groups by accident."""
    return user_agent.strip().split("/", 1)[0].split()[0]


def _failure(error: Exception, url: str, timeout: float) -> _Answer:
    """A failed request as an answer: one-line reason, and whether to retry."""
    if isinstance(error, NameResolutionError):
        return _Answer(error=f"could not resolve host {urlsplit(url).hostname}", unreachable=True)
    if isinstance(error, NewConnectionError):
        return _Answer(error=_connection_error(error), retry=True, unreachable=True)
    if isinstance(error, ReadTimeoutError):
        return _Answer(error=f"timed out after {timeout:g} s")
    if isinstance(error, Urllib3Timeout):
        return _Answer(error=f"timed out after {timeout:g} s (connecting)", retry=True,
                       unreachable=True)
    if isinstance(error, SSLError):
        return _Answer(error=f"TLS error ({one_line(error)})")
    if isinstance(error, ProtocolError):
        return _Answer(error=f"connection broken ({one_line(error)})", retry=True)
    if isinstance(error, LocationValueError):
        return _Answer(error=f"not a valid URL ({one_line(error)})")
    return _Answer(error=one_line(error))


def _connection_error(error: NewConnectionError) -> str:
    cause = error.__cause__ or error.__context__
    known = {errno.ECONNREFUSED: "connection refused", errno.ENETUNREACH: "network unreachable",
             errno.EHOSTUNREACH: "host unreachable", errno.ECONNRESET: "connection reset"}
    if isinstance(cause, OSError):
        reason = (cause.strerror or str(cause)).lower()
        return known.get(cause.errno, f"could not connect ({reason})")
    return f"could not connect ({one_line(error)})"


def _pause(policy: FetchPolicy, attempt: int, retry_after: str | None) -> float:
    """Seconds before retry ``attempt + 1``: the backoff, doubled each time,
    or longer if the server asks (up to ``_MAX_RETRY_AFTER``)."""
    pause = policy.backoff * 2 ** attempt
    asked = _retry_after_seconds(retry_after)
    if asked is not None:
        pause = max(pause, min(asked, _MAX_RETRY_AFTER))
    return pause


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: "120" or an HTTP date; None if neither."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _parse_http_date(value)
    if when is None:
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _parse_http_date(value: str) -> datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC, says RFC 5322
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def _iso_date(value: str | None) -> str | None:
    """An HTTP Date header as "2026-11-30T12:00:00Z", or None."""
    when = _parse_http_date(value) if value else None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


def _media_type(value: str | None) -> str | None:
    media = (value or "").split(";", 1)[0].strip().lower()
    return media or None


def _charset(value: str | None) -> str | None:
    """The charset parameter of a Content-Type ("text/html; charset=utf-8")."""
    for parameter in (value or "").split(";")[1:]:
        name, _, given = parameter.partition("=")
        if name.strip().lower() == "charset" and given.strip().strip('"'):
            return given.strip().strip('"')[:40]
    return None


def _content_length(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
