"""URLs as the checks see them: host, article or not, same page or not."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from .document import Link
from .rules import Rule


@lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    """The host of ``url``, lower case ("" if none).  Cached: every check
    asks it of the same few addresses, and ``urlsplit`` is slow."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def is_article(rule: Rule, url: str) -> bool:
    """An article, rather than the homepage or a section page.

    The rule's ``article_urls`` patterns are searched in the path, and in
    the path with its query (tracking parameters make no difference).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    path = page_path(parts.path)
    if not rule.article_urls:
        return path.strip("/") != ""
    with_query = f"{path}?{parts.query}"
    return any(p.search(path) or p.search(with_query) for p in rule.article_urls)


_AMP = re.compile(r"/amp/?$")


def page_path(path: str) -> str:
    """The path of the page itself: an AMP copy (``/story/amp/``) is the
    page it copies (``/story/``)."""
    return _AMP.sub("/", path)


def same_article(rule: Rule, a: str, b: str) -> bool:
    """Same page, or the same article id on the publisher's site.

    A rule's ``article_urls`` pattern with a group captures the article's
    id, so ``/old-title/5782140`` and ``/new-title/5782140`` are one article.
    """
    if same_page(a, b):
        return True
    if not (rule.owns(host_of(a)) and rule.owns(host_of(b))):
        return False
    # An id is an id whichever pattern found it: /title/5824415 and
    # /?p=5824415 name the same article.
    return not set(_article_ids(rule, a)).isdisjoint(_article_ids(rule, b))


def article_id(rule: Rule, url: str | None) -> str | None:
    """The article's id in ``url``: the first group of the rule's first
    ``article_urls`` pattern that captures one, else the digits that end
    the path (``/politics/water-deal-194596`` gives "194596"); None if
    neither says.  Tracking pixels count views by this id."""
    if not url:
        return None
    ids = _article_ids(rule, url)
    if ids:
        return ids[0]
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    trailing = _TRAILING_DIGITS.search(path)
    return trailing.group(1) if trailing else None


_TRAILING_DIGITS = re.compile(r"(\d+)/*$")


def without_scheme(url: str) -> str:
    """``url`` without its scheme and ``//``, its host in lower case: what a
    rule's pixel pattern sees (``https://counter.example.org/x``,
    ``//COUNTER.example.org/x`` are both ``counter.example.org/x``).

    Host names are case-insensitive, so a pattern written in lower case
    must match however the post spells the host; the path keeps its case
    (paths are case-sensitive on most servers).  An address with no ``//``
    (``data:``, a relative path) is returned as it is.
    """
    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme is None:
        return url
    rest = url[scheme.end():]
    host_end = _HOST_END.search(rest)
    cut = host_end.start() if host_end else len(rest)
    return rest[:cut].lower() + rest[cut:]


_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_HOST_END = re.compile(r"[/?#\\]")


# Reading an address pattern as words: a group of digits is an id, an
# escaped character is itself, an optional scheme or "www." is left out.
_DIGITS = r"(?:\\d|\[0-9\])(?:[+*]|\{\d*,?\d*\})"
_ID_GROUP = re.compile(rf"\((?:\?:)?{_DIGITS}\)|{_DIGITS}")
_OPTIONAL_PREFIX = re.compile(r"https\?://|\((?:\?:)?www\\\.\)\?")
_ESCAPED = re.compile(r"\\([^\w\s])")
_REGEX_LEFT = re.compile(r"[\\()\[\]{}*+?|^$]")


def pattern_in_words(pattern: str) -> str | None:
    """An address pattern as a reader would write the address, or None if
    it is not simple enough: ``^counter\\.example\\.org/content/(\\d+)/c\\.gif``
    reads ``counter.example.org/content/ID/c.gif``."""
    words = _ID_GROUP.sub("ID", pattern.removeprefix("^").removesuffix("$"))
    words = _OPTIONAL_PREFIX.sub("", words)
    if not words or _REGEX_LEFT.search(_ESCAPED.sub("", words).replace(".", "")):
        return None
    return _ESCAPED.sub(r"\1", words)


def _article_ids(rule: Rule, url: str) -> list[str]:
    """The ids the rule's ``article_urls`` groups capture in ``url``, in
    the order of the patterns."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return []
    ids = []
    for pattern in rule.article_urls:
        if pattern.groups:
            path = page_path(parts.path)
            m = pattern.search(path) or pattern.search(f"{path}?{parts.query}")
            if m and m.group(1) and m.group(1) not in ids:
                ids.append(m.group(1))
    return ids


def same_page(a: str, b: str) -> bool:
    """Same page, whatever the scheme, ``www.``, trailing slash or tracking.

    An address that cannot be parsed (``http://[oops``) is no page at all,
    so it is the same page as nothing, not even itself.
    """
    key_a, key_b = _page_key(a), _page_key(b)
    return key_a is not None and key_a == key_b


def _page_key(url: str) -> tuple[str, str, str] | None:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        query = sorted((k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_"))
    except ValueError:  # a malformed host, port or query
        return None
    return host, page_path(parts.path).rstrip("/") or "/", urlencode(query)


def is_original_article(rule: Rule, source_url: str | None, url: str) -> bool:
    """``url`` is the original article: the source the metadata names (when
    it names an article), else any article of the publisher."""
    if source_url and is_article(rule, source_url):
        return same_article(rule, url, source_url)
    return rule.owns(host_of(url)) and is_article(rule, url)


def satisfies(rule: Rule, source_url: str | None, link: Link, target: str) -> bool:
    """Whether ``link`` goes where a template's ``[words](target)`` asks:
    a built-in target (article_url, homepage, url), one of the rule's
    ``targets`` by name, or a literal address."""
    if target == "url":
        return True
    if target == "homepage":
        return rule.owns(host_of(link.href))
    if target == "article_url":
        return is_original_article(rule, source_url, link.href)
    if target in rule.targets:
        # A rule's named target ([{author}]({profile})): its pattern
        # searched in the address.
        return rule.targets[target].search(link.href.strip()) is not None
    return same_page(link.href, target)
