"""Live pages and sitemaps for ``attriblint audit``, against local servers.

Every server listens on 127.0.0.1 only and records what it was asked, so a
test can say a URL was never requested, how often one was retried, and how
many requests were in flight at once.
"""

from __future__ import annotations

import gzip
import re
import socket
import threading
import time
import tracemalloc
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from attriblint.audit.fetch import (FetchPolicy, Fetched, SitemapError, _pause, fetch_pages,
                                    sitemap_urls)

HTML = b"<!doctype html><title>A repost</title><p>Copyright Global Research</p>"


def quick(**settings) -> FetchPolicy:
    """A policy with short timeouts and pauses, so that failures are fast."""
    return FetchPolicy(**{"timeout": 0.5, "backoff": 0.01, **settings})


# A local web site


class Gauge:
    """Requests in flight, and the most there ever were (shared by sites)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


class Site:
    """An HTTP server whose paths each test sets (``routes``: path ->
    function of the request handler); unknown paths are 404."""

    def __init__(self, gauge: Gauge | None = None) -> None:
        self.routes: dict = {}
        self.requests: list[str] = []
        self.started: list[tuple[str, float]] = []
        self.sent: dict[str, int] = {}
        self.gauge = gauge or Gauge()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.server.site = self
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def count(self, path: str) -> int:
        with self.lock:
            return self.requests.count(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.requests.append(self.path)
            site.started.append((self.path, time.monotonic()))
        try:
            site.routes.get(self.path, page(b"not found", status=404))(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:
        pass


def reply(handler, status: int, body: bytes = b"", headers: dict | None = None) -> None:
    headers = {"Content-Length": str(len(body)), **(headers or {})}
    handler.send_response_only(status)
    if "Date" not in headers:
        handler.send_header("Date", handler.date_time_string())
    for name, value in headers.items():
        if value is not None:
            handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def page(body: bytes = HTML, content_type: str | None = "text/html; charset=utf-8",
         status: int = 200, **headers):
    headers = {"Content-Type": content_type, **{k.replace("_", "-"): v for k, v in headers.items()}}
    return lambda handler: reply(handler, status, body, headers)


def redirect(to: str, status: int = 302):
    return page(b"", None, status, Location=to)


def in_turn(*routes):
    """The first route for the first request, the second for the next...;
    the last for all after."""
    remaining = list(routes)

    def route(handler):
        (remaining.pop(0) if len(remaining) > 1 else remaining[0])(handler)
    return route


def slow(seconds: float, route):
    """``route`` after a pause, during which the request counts as in flight
    on the site's gauge.  It stops counting before the answer is sent: once
    the client has the answer it may rightly send its next request, which a
    gauge counting until the handler returned would see as one too many."""
    def delayed(handler):
        gauge = handler.server.site.gauge
        gauge.enter()
        try:
            time.sleep(seconds)
        finally:
            gauge.leave()
        route(handler)
    return delayed


def robots(text: str):
    return page(text.encode(), "text/plain")


@pytest.fixture
def site():
    server = Site()
    yield server
    server.close()


def fetch_one(url: str, policy: FetchPolicy) -> Fetched:
    (fetched,) = list(fetch_pages([url], policy))
    assert fetched.url == url
    return fetched


# Pages


def test_a_page_is_fetched_with_its_media_type_and_date(site):
    site.routes["/post"] = page(Date="Mon, 30 Nov 2026 12:00:00 GMT")
    fetched = fetch_one(site.url("/post"), quick())
    assert fetched == Fetched(site.url("/post"), site.url("/post"), 200, "text/html", HTML,
                              "2026-11-30T12:00:00Z", None, "utf-8")
    assert site.requests == ["/robots.txt", "/post"]  # no robots.txt (404): everything allowed


def test_a_page_without_a_content_type_is_left_to_the_caller_to_sniff(site):
    site.routes["/post"] = page(content_type=None)
    fetched = fetch_one(site.url("/post"), quick())
    assert (fetched.body, fetched.content_type, fetched.error) == (HTML, None, None)


@pytest.mark.parametrize("content_type", ["text/plain", "text/markdown", "application/xhtml+xml"])
def test_text_pages_of_every_kind_the_readers_know_are_accepted(site, content_type):
    site.routes["/post"] = page(content_type=content_type.upper() + "; charset=utf-8")
    fetched = fetch_one(site.url("/post"), quick())
    assert (fetched.body, fetched.content_type, fetched.error) == (HTML, content_type, None)


def test_an_image_is_not_a_page(site):
    site.routes["/photo.png"] = page(b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
    fetched = fetch_one(site.url("/photo.png"), quick())
    assert (fetched.status, fetched.content_type, fetched.body) == (200, "image/png", None)
    assert fetched.error == "content type image/png is not a page"


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
])
def test_a_compressed_body_is_decompressed(site, encoding, compress):
    site.routes["/post"] = page(compress(HTML * 50), Content_Encoding=encoding)
    fetched = fetch_one(site.url("/post"), quick())
    assert (fetched.body, fetched.error) == (HTML * 50, None)


def test_a_page_that_decompresses_past_the_limit_is_refused_without_holding_it(site):
    bomb = gzip.compress(bytes(50 * 1024 * 1024), 9)  # 50 MiB of zeros in about 50 KiB
    site.routes["/bomb"] = page(bomb, Content_Encoding="gzip")
    tracemalloc.start()
    try:
        fetched = fetch_one(site.url("/bomb"), quick(max_bytes=64 * 1024))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (fetched.body, fetched.error) == (None, "larger than 64 KiB once decompressed")
    assert peak < 4 * 1024 * 1024


def streamed(total: int, declare: bool):
    """A body of ``total`` bytes written 64 KiB at a time; how much the client
    took before it hung up goes to ``site.sent``."""
    chunk = b"x" * 65536

    def route(handler):
        handler.send_response_only(200)
        handler.send_header("Content-Type", "text/html")
        if declare:
            handler.send_header("Content-Length", str(total))
        handler.end_headers()
        sent = 0
        try:
            while sent < total:
                handler.wfile.write(chunk)
                sent += len(chunk)
        finally:
            handler.server.site.sent[handler.path] = sent
    return route


def wait_for(condition, seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)


@pytest.mark.parametrize("declare", [True, False], ids=["content-length", "no-length"])
def test_a_huge_page_is_cut_off_without_reading_it_all(site, declare):
    total = 256 * 1024 * 1024
    site.routes["/huge"] = streamed(total, declare)
    start = time.monotonic()
    fetched = fetch_one(site.url("/huge"), quick(max_bytes=64 * 1024))
    assert (fetched.status, fetched.body, fetched.error) == (200, None, "larger than 64 KiB")
    wait_for(lambda: "/huge" in site.sent)
    assert site.sent["/huge"] < 32 * 1024 * 1024  # what the sockets' buffers took, no more
    assert time.monotonic() - start < 5


def test_a_single_url_string_is_one_url(site):
    site.routes["/post"] = page()
    assert [r.body for r in fetch_pages(site.url("/post"), quick())] == [HTML]


@pytest.mark.parametrize("setting", [{"workers": 0}, {"per_host": 0}, {"timeout": 0},
                                     {"max_bytes": 0}, {"retries": -1}, {"user_agent": " "}])
def test_a_policy_that_cannot_work_is_refused(setting):
    with pytest.raises(ValueError, match=f"invalid {next(iter(setting))}"):
        FetchPolicy(**setting)


# Timeouts and failures


def test_a_slow_page_times_out_and_is_not_retried(site):
    site.routes["/slow"] = slow(2, page())
    start = time.monotonic()
    fetched = fetch_one(site.url("/slow"), quick(timeout=0.3))
    assert (fetched.status, fetched.body, fetched.error) == (None, None, "timed out after 0.3 s")
    assert time.monotonic() - start < 1.5
    assert site.count("/slow") == 1


@pytest.fixture
def silent_port():
    """A port that accepts connections (the kernel does) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


def test_a_server_that_never_answers_does_not_hang_the_run(silent_port):
    urls = [f"http://127.0.0.1:{silent_port}/{n}" for n in range(5)]
    start = time.monotonic()
    results = list(fetch_pages(urls, quick(timeout=0.3)))
    assert time.monotonic() - start < 3
    assert sorted(r.url for r in results) == urls
    assert {r.error for r in results} == {
        f"robots.txt of 127.0.0.1:{silent_port} could not be read (timed out after 0.3 s); "
        "not fetched"}

    start = time.monotonic()
    results = list(fetch_pages(urls[:2], quick(timeout=0.3, obey_robots=False)))
    assert time.monotonic() - start < 3
    assert {r.error for r in results} == {"timed out after 0.3 s"}


def test_a_body_that_trickles_in_is_abandoned(site):
    def trickle(handler):
        handler.send_response_only(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "10000")
        handler.end_headers()
        for _ in range(10000):
            handler.wfile.write(b"x")
            time.sleep(0.05)
    site.routes["/drip"] = trickle
    start = time.monotonic()
    fetched = fetch_one(site.url("/drip"), quick(timeout=0.3))
    assert fetched.body is None
    assert fetched.error == "timed out after 0.9 s (the body arrived too slowly)"
    assert time.monotonic() - start < 3


def test_server_errors_are_retried_until_they_pass(site):
    site.routes["/flaky"] = in_turn(page(status=500), page(status=500), page())
    fetched = fetch_one(site.url("/flaky"), quick(retries=2))
    assert (fetched.status, fetched.body, fetched.error) == (200, HTML, None)
    assert site.count("/flaky") == 3


def test_a_server_error_that_outlasts_the_retries_is_reported(site):
    site.routes["/down"] = page(status=503)
    fetched = fetch_one(site.url("/down"), quick(retries=1))
    assert (fetched.status, fetched.body, fetched.error) == (503, None, "HTTP 503")
    assert site.count("/down") == 2


def test_not_found_is_not_retried(site):
    fetched = fetch_one(site.url("/gone"), quick(retries=2))
    assert (fetched.status, fetched.body, fetched.error) == (404, None, "HTTP 404")
    assert site.count("/gone") == 1


def test_too_many_requests_waits_as_long_as_the_server_asks(site):
    site.routes["/busy"] = in_turn(page(status=429, Retry_After="1"), page())
    start = time.monotonic()
    fetched = fetch_one(site.url("/busy"), quick(retries=1))
    assert (fetched.body, fetched.error) == (HTML, None)
    assert site.count("/busy") == 2
    assert time.monotonic() - start >= 0.9


def test_retry_after_is_honoured_up_to_a_cap():
    policy = quick(backoff=0.5)
    assert _pause(policy, 0, None) == 0.5
    assert _pause(policy, 2, None) == 2.0           # doubled each retry
    assert _pause(policy, 0, "7") == 7.0
    assert _pause(policy, 0, "86400") == 30.0       # a day is not waited for
    in_five = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=5), usegmt=True)
    assert 3 < _pause(policy, 0, in_five) <= 5
    assert _pause(policy, 0, "soon") == 0.5


def test_one_bad_url_is_one_error_and_every_url_is_answered_once(site):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused = f"http://127.0.0.1:{closed.getsockname()[1]}/post"
    closed.close()
    site.routes["/post"] = page()
    urls = ["ftp://example.org/file", "file:///etc/passwd", "not a url", "http://",
            "http://[::1/", f"http://{site.host}:99999/", "http://host.invalid/post",
            refused, site.url("/post"), site.url("/post")]
    results = {r.url: r for r in fetch_pages(urls, quick(retries=1))}
    assert sorted(results) == sorted(set(urls))
    errors = {url: r.error for url, r in results.items()}
    assert errors["ftp://example.org/file"] == \
        "unsupported scheme ftp: (only http and https are fetched)"
    assert errors["file:///etc/passwd"].startswith("unsupported scheme file:")
    for url in ("not a url", "http://", "http://[::1/", f"http://{site.host}:99999/"):
        assert errors[url].startswith("not a valid URL"), url
    assert errors["http://host.invalid/post"] == "could not resolve host host.invalid"
    assert errors[refused] == "connection refused"
    assert results[site.url("/post")].body == HTML
    assert site.count("/post") == 1
    assert all(r.body is None for url, r in results.items() if url != site.url("/post"))


def test_a_consumer_that_stops_early_does_not_wait_for_the_rest(site):
    site.routes.update({f"/{n}": slow(0.3, page()) for n in range(20)})
    start = time.monotonic()
    results = fetch_pages([site.url(f"/{n}") for n in range(20)], quick(per_host=1))
    next(results)
    results.close()
    assert time.monotonic() - start < 2
    assert len(site.requests) < 6


def test_a_consumer_that_stops_early_does_not_wait_out_a_retry_pause(site):
    site.routes["/down"] = page(status=503, Retry_After="20")
    site.routes["/post"] = page()
    start = time.monotonic()
    results = fetch_pages([site.url("/post"), site.url("/down")], quick(retries=2))
    assert next(results).url == site.url("/post")
    wait_for(lambda: site.count("/down") == 1)
    results.close()
    assert time.monotonic() - start < 3
    assert site.count("/down") == 1


# Redirects


def test_redirects_are_followed_within_the_limit(site):
    site.routes.update({"/r1": redirect("/r2", 301), "/r2": redirect(site.url("/r3"), 307),
                        "/r3": redirect("final", 308), "/final": page()})
    fetched = fetch_one(site.url("/r1"), quick(max_redirects=5))
    assert (fetched.final_url, fetched.body, fetched.error) == (site.url("/final"), HTML, None)


def test_a_redirect_loop_is_stopped(site):
    site.routes.update({"/a": redirect("/b"), "/b": redirect("/a")})
    fetched = fetch_one(site.url("/a"), quick())
    assert fetched.error == f"redirect loop ({site.url('/b')} redirects back to {site.url('/a')})"
    assert fetched.body is None
    assert (site.count("/a"), site.count("/b")) == (1, 1)


def test_more_redirects_than_allowed_are_not_followed(site):
    site.routes.update({f"/c{n}": redirect(f"/c{n + 1}") for n in range(10)})
    fetched = fetch_one(site.url("/c0"), quick(max_redirects=5))
    assert (fetched.status, fetched.body) == (302, None)
    assert fetched.error == "too many redirects (more than 5)"
    assert [p for p in site.requests if p.startswith("/c")] == [f"/c{n}" for n in range(6)]


def test_a_redirect_to_a_path_robots_txt_disallows_is_not_followed(site):
    site.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /private/\n")
    site.routes["/go"] = redirect("/private/post")
    site.routes["/private/post"] = page()
    fetched = fetch_one(site.url("/go"), quick())
    assert fetched.error == \
        f"redirected to {site.url('/private/post')}: robots.txt disallows this URL"
    assert (fetched.final_url, fetched.body) == (site.url("/private/post"), None)
    assert site.count("/private/post") == 0


def test_a_redirect_to_another_scheme_is_not_followed(site):
    site.routes["/go"] = redirect("ftp://files.example.org/post.html")
    fetched = fetch_one(site.url("/go"), quick())
    assert fetched.error == ("redirected to ftp://files.example.org/post.html: "
                             "unsupported scheme ftp: (only http and https are fetched)")


# robots.txt


def test_a_path_robots_txt_disallows_is_never_requested(site):
    site.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /private/\n")
    site.routes.update({f"/post{n}": page() for n in range(5)})
    site.routes["/private/post"] = page()
    urls = [site.url(f"/post{n}") for n in range(5)] + [site.url("/private/post")]
    results = {r.url: r for r in fetch_pages(urls, quick(per_host=4))}
    assert results[site.url("/private/post")].error == "robots.txt disallows this URL"
    assert results[site.url("/private/post")].status is None
    assert all(results[site.url(f"/post{n}")].body == HTML for n in range(5))
    assert site.count("/private/post") == 0
    assert site.count("/robots.txt") == 1  # read once, though six workers asked at once


def test_robots_txt_rules_for_attriblint_apply(site):
    site.routes["/robots.txt"] = robots("User-agent: attriblint-audit\nDisallow: /mine/\n\n"
                                        "User-agent: *\nDisallow: /\n")
    site.routes.update({"/mine/post": page(), "/post": page()})
    results = {r.url: r.error for r in fetch_pages([site.url("/mine/post"), site.url("/post")],
                                                   quick())}
    assert results == {site.url("/mine/post"): "robots.txt disallows this URL",
                       site.url("/post"): None}


def test_robots_txt_rules_for_a_word_of_our_user_agent_header_do_not_apply(site):
    # "github" is in the header's URL, not in the product token a group names
    site.routes["/robots.txt"] = robots("User-agent: github\nDisallow: /\n")
    site.routes["/post"] = page()
    assert fetch_one(site.url("/post"), quick()).error is None


def test_a_host_whose_robots_txt_fails_is_not_fetched(site):
    site.routes["/robots.txt"] = page(status=503)
    site.routes["/post"] = page()
    fetched = fetch_one(site.url("/post"), quick(retries=0))
    assert fetched.error == \
        f"robots.txt of {site.host} could not be read (HTTP 503); not fetched"
    assert (fetched.status, fetched.body) == (None, None)
    assert site.count("/post") == 0


def test_robots_txt_is_not_read_when_the_policy_ignores_it(site):
    site.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /\n")
    site.routes["/post"] = page()
    assert fetch_one(site.url("/post"), quick(obey_robots=False)).body == HTML
    assert site.requests == ["/post"]


def test_the_crawl_delay_is_kept_between_requests(site):
    site.routes["/robots.txt"] = robots("User-agent: *\nCrawl-delay: 0.3\n")
    site.routes.update({f"/{n}": page() for n in range(3)})
    list(fetch_pages([site.url(f"/{n}") for n in range(3)], quick(per_host=2)))
    starts = [when for _, when in site.started]
    assert len(starts) == 4
    assert all(b - a >= 0.27 for a, b in zip(starts, starts[1:]))


# Concurrency


def test_no_more_than_per_host_requests_are_in_flight_on_a_host(site):
    site.routes.update({f"/{n}": slow(0.15, page()) for n in range(8)})
    results = list(fetch_pages([site.url(f"/{n}") for n in range(8)],
                               quick(per_host=2, workers=8, timeout=10)))
    assert all(r.body == HTML for r in results)
    assert site.gauge.most == 2


def test_no_more_than_workers_requests_are_in_flight_in_all():
    gauge = Gauge()
    sites = [Site(gauge), Site(gauge)]
    try:
        urls = []
        for one in sites:
            one.routes.update({f"/{n}": slow(0.15, page()) for n in range(6)})
            urls += [one.url(f"/{n}") for n in range(6)]
        results = list(fetch_pages(urls, quick(per_host=2, workers=3, obey_robots=False, timeout=10)))
    finally:
        for one in sites:
            one.close()
    assert all(r.body == HTML for r in results)
    # The bound is the point; whether a loaded machine starts the third
    # request before one of the first two ends is up to its scheduler.  (The
    # long timeout: a request given up on while the server still sleeps
    # would free its worker early, and the server would count one more.)
    assert 2 <= gauge.most <= 3


def test_one_host_with_many_urls_does_not_hold_up_the_others():
    busy, other = Site(), Site()
    try:
        busy.routes.update({f"/{n}": slow(0.2, page()) for n in range(20)})
        other.routes.update({f"/{n}": page() for n in range(3)})
        urls = [busy.url(f"/{n}") for n in range(20)] + [other.url(f"/{n}") for n in range(3)]
        results = fetch_pages(urls, quick(per_host=1, workers=2, obey_robots=False))
        first = [next(results).url for _ in range(3)]
        results.close()
    finally:
        busy.close()
        other.close()
    # the busy host has one worker, the other host the other: its pages come
    # first, not each behind a worker waiting for the busy host's slot
    assert sorted(first) == [other.url(f"/{n}") for n in range(3)]


def test_redirects_from_many_hosts_to_one_do_not_crowd_it():
    gauge = Gauge()
    target = Site(gauge)
    sources = [Site() for _ in range(3)]
    try:
        target.routes.update({f"/{n}": slow(0.15, page()) for n in range(6)})
        urls = []
        for number, source in enumerate(sources):
            for n in (2 * number, 2 * number + 1):
                source.routes[f"/{n}"] = redirect(target.url(f"/{n}"))
                urls.append(source.url(f"/{n}"))
        results = list(fetch_pages(urls, quick(per_host=2, workers=6, obey_robots=False, timeout=10)))
    finally:
        for one in [target, *sources]:
            one.close()
    assert all(r.body == HTML for r in results)
    assert gauge.most == 2


# Sitemaps


def urlset(*urls: str, namespace: bool = True) -> bytes:
    xmlns = ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' if namespace else ""
    entries = "".join(f"<url><loc> {url} </loc><lastmod>2026-01-01</lastmod></url>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset{xmlns}>{entries}</urlset>'.encode()


def index(*urls: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</sitemapindex>").encode()


def test_a_sitemap_index_is_followed_in_order_and_a_failing_sitemap_skipped(site):
    a, b, c = (f"https://publisher.example/{n}" for n in "abc")
    site.routes.update({
        "/index.xml": page(index(site.url("/one.xml"), site.url("/missing.xml"),
                                 site.url("/two.xml.gz"), site.url("/one.xml")), "text/xml"),
        "/one.xml": page(urlset(a, b), "application/xml"),
        "/two.xml.gz": page(gzip.compress(urlset(b, c, namespace=False)), "application/gzip"),
    })
    warnings = []
    urls = list(sitemap_urls(site.url("/index.xml"), quick(), warn=warnings.append))
    assert urls == [a, b, c]
    assert warnings == [f"sitemap {site.url('/missing.xml')}: HTTP 404; skipped"]
    assert [site.count(p) for p in ("/index.xml", "/one.xml", "/two.xml.gz")] == [1, 1, 1]


def test_a_plain_text_sitemap_is_one_url_a_line(site):
    site.routes["/sitemap.txt"] = page(b"https://p.example/1\n\n  https://p.example/2  \r\n"
                                       b"https://p.example/1\n", "text/plain")
    assert list(sitemap_urls(site.url("/sitemap.txt"), quick())) == \
        ["https://p.example/1", "https://p.example/2"]


def test_a_local_sitemap_file_is_read(tmp_path):
    (tmp_path / "sitemap.xml").write_bytes(b"\xef\xbb\xbf\n\n" + urlset("https://p.example/1"))
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(urlset("https://p.example/2")))
    assert list(sitemap_urls(str(tmp_path / "sitemap.xml"))) == ["https://p.example/1"]
    assert list(sitemap_urls(str(tmp_path / "sitemap.xml.gz"))) == ["https://p.example/2"]


def test_a_gzip_bomb_sitemap_is_refused(tmp_path):
    bomb = tmp_path / "sitemap.xml.gz"
    bomb.write_bytes(gzip.compress(b"<urlset>" + b" " * (20 * 1024 * 1024) + b"</urlset>", 9))
    with pytest.raises(SitemapError) as raised:
        sitemap_urls(str(bomb), quick(max_bytes=1024 * 1024))
    assert str(raised.value) == f"sitemap {bomb}: larger than 1 MiB once decompressed"


def test_a_sitemap_larger_than_the_limit_is_refused(tmp_path):
    big = tmp_path / "sitemap.xml"
    big.write_bytes(urlset(*[f"https://p.example/{n}" for n in range(1000)]))
    with pytest.raises(SitemapError, match=r"^sitemap .*sitemap\.xml: .*larger than"):
        sitemap_urls(str(big), quick(max_bytes=1024))


def test_a_malformed_sitemap_is_an_error_naming_it(site):
    site.routes["/sitemap.xml"] = page(b"<urlset><url><loc>https://p.example/1</url>", "text/xml")
    with pytest.raises(SitemapError) as raised:
        sitemap_urls(site.url("/sitemap.xml"), quick())
    assert isinstance(raised.value, ValueError)
    assert re.fullmatch(rf"sitemap {re.escape(site.url('/sitemap.xml'))}: not well-formed XML "
                        r"\(mismatched tag: line 1, column \d+\)", str(raised.value))


def test_a_sitemap_that_cannot_be_fetched_is_an_error_when_asked_for(site):
    with pytest.raises(SitemapError, match=r"^sitemap http://.*/sitemap.xml: HTTP 404$"):
        sitemap_urls(site.url("/sitemap.xml"), quick())
    with pytest.raises(SitemapError, match="no such file"):
        sitemap_urls("/nonexistent/sitemap.xml", quick())


def test_a_web_page_is_not_a_sitemap(site):
    site.routes["/sitemap.xml"] = page(b"<html><body><p>Not here</p></body></html>")
    with pytest.raises(SitemapError, match=r"not a sitemap \(its root element is <html>\)"):
        sitemap_urls(site.url("/sitemap.xml"), quick())
    site.routes["/list.txt"] = page(b"Sorry, nothing here.", "text/plain")
    with pytest.raises(SitemapError, match="neither XML nor a list of URLs"):
        sitemap_urls(site.url("/list.txt"), quick())


def test_an_entity_expansion_sitemap_fails_fast(tmp_path):
    laughs = ['<!ENTITY lol0 "lol">']
    laughs += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    document = (f'<?xml version="1.0"?><!DOCTYPE urlset [{"".join(laughs)}]>'
                "<urlset><url><loc>https://p.example/&lol9;</loc></url></urlset>")
    path = tmp_path / "sitemap.xml"
    path.write_text(document)
    start = time.monotonic()
    with pytest.raises(SitemapError, match="declares XML entities"):
        sitemap_urls(str(path))
    assert time.monotonic() - start < 0.5


def test_nested_sitemaps_stop_three_levels_down(site):
    site.routes.update({
        "/i0.xml": page(index(site.url("/i1.xml"), site.url("/i0.xml")), "text/xml"),
        "/i1.xml": page(index(site.url("/i2.xml")), "text/xml"),
        "/i2.xml": page(index(site.url("/s3.xml"), site.url("/i3.xml")), "text/xml"),
        "/s3.xml": page(urlset("https://p.example/3"), "text/xml"),
        "/i3.xml": page(index(site.url("/s4.xml")), "text/xml"),
        "/s4.xml": page(urlset("https://p.example/4"), "text/xml"),
    })
    warnings = []
    assert list(sitemap_urls(site.url("/i0.xml"), quick(), warn=warnings.append)) == \
        ["https://p.example/3"]
    assert warnings == [f"sitemap {site.url('/s4.xml')}: nested more than 3 levels deep; skipped"]
    assert site.count("/s4.xml") == 0
    assert site.count("/i0.xml") == 1  # it lists itself: read once


def test_a_remote_index_cannot_make_the_audit_read_local_files(site, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(urlset("https://p.example/secret"))
    site.routes["/index.xml"] = page(index(secret.as_uri(), str(secret), "sitemap2.xml"),
                                     "text/xml")
    warnings = []
    assert list(sitemap_urls(site.url("/index.xml"), quick(), warn=warnings.append)) == []
    assert warnings == [f"sitemap {site.url('/index.xml')}: 3 entries are not an http(s) URL; "
                        "skipped"]
