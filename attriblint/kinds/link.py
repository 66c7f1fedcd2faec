"""``link``: a hyperlink to the original article (or the publisher's site).

Rule file::

    article_urls: ['/\\d{4,}/?$']   # how an article address differs from a section page
    requires:
      - link: article    # article | homepage | any, or a list: [homepage, article]
        direct: true     # not through a shortener or a redirect
        followed: true   # not rel="nofollow", "ugc" or "sponsored"

``article`` asks for a link to the article itself: when the metadata names
the source (``source_url``, ``canonical_url``...), a link to that very page;
otherwise a link to any article address of the publisher.  ``homepage`` is
the home page itself (an empty path or ``/``, any query); ``any`` is any
page of the publisher.  An edition's root counts as a home page: a path
that is a language or country code (``/uk``, ``/fr``, ``/en-us``), or one
the rule lists in ``home_paths`` (``["/africa", "/global"]``).  A list is
met by a link to any one of them.  Links count in every form: inline,
reference-style, autolinks, bare URLs and ``<a href>``; a URL inside code
is not a link.

A link through a redirector whose destination is in its address
(``l.facebook.com/l.php?u=...``, ``google.com/url?q=...``,
``example.org/redirect?url=...``) leads to that destination, so it counts
unless the rule asks for ``direct: true``.  A shortener (``bit.ly``,
``t.co``...) hides where it goes, so it never counts as the link; with
``direct: true`` it is named as the culprit when no direct link is there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import parse_qsl, unquote, urlsplit

from ..document import Document, Link
from ..findings import Code, Finding
from ..identify import Applies
from ..rules import BuildContext, Requirement
from ..urls import host_of, is_article, same_article
from ._base import finding, owns, possessive, publisher_links, why

KIND = "link"
SUMMARY = "a hyperlink to the original article or to the publisher's site"
TARGETS = ("article", "homepage", "any")
OPTIONS = {
    "link": {
        "description": "What the link must point at: article (the original article), "
                       "homepage (the publisher's home page itself) or any (any page of the "
                       "publisher); a list means any one of them.",
        "oneOf": [{"enum": list(TARGETS)},
                  {"type": "array", "minItems": 1, "uniqueItems": True,
                   "items": {"enum": list(TARGETS)}}],
    },
    "direct": {
        "description": "The link must go straight to the publisher: not through a URL "
                       "shortener (bit.ly, t.co, tinyurl.com...) or a redirect "
                       "(l.facebook.com, google.com/url?q=, /redirect?url=...).",
        "type": "boolean",
    },
    "home_paths": {
        "description": "Paths that are home pages too, for `homepage`: the roots of a "
                       "publisher's editions (\"/africa\", \"/global\").  Roots named by a "
                       "language or country code (\"/uk\", \"/fr\", \"/en-us\") always are.",
        "type": "array", "minItems": 1, "uniqueItems": True,
        "items": {"type": "string", "pattern": "^/[^/?#]+/?$"},
    },
    "followed": {
        "description": "The link must not be marked rel=\"nofollow\", \"ugc\" or "
                       "\"sponsored\".",
        "type": "boolean",
    },
}

# Hosts that hide where a link goes behind a short code.
SHORTENERS = frozenset((
    "bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd", "lnkd.in",
    "dlvr.it", "trib.al", "j.mp", "rebrand.ly", "shorturl.at", "tiny.cc", "cutt.ly",
))
# Hosts (and host + path) that redirect to an address given in the query.
REDIRECTOR_HOSTS = frozenset(("l.facebook.com", "lm.facebook.com", "out.reddit.com", "href.li"))
REDIRECTOR_PATHS = frozenset(("google.com/url",))
# Path words of a redirect on any site ("/redirect?url=", "/out.php?u=").
REDIRECT_WORDS = frozenset(("redirect", "redir", "url", "out", "exit", "away", "goto", "go",
                            "link", "click", "outbound", "external"))
# Query parameters that carry a redirect's destination.
DESTINATION_PARAMS = ("url", "u", "q", "to", "target", "dest", "destination", "redirect",
                      "redirect_url", "redirect_uri", "link", "href", "goto", "out")
# Paths of share buttons, which carry the article's address but go to the
# social site ("twitter.com/intent/tweet?url=...").
SHARE_WORDS = ("share", "intent", "submit", "sharer", "compose", "sendmail", "pin/create")
UNFOLLOWED = frozenset(("nofollow", "ugc", "sponsored"))

CODES = (
    Code(
        "AL201", "link-missing", "No link to the original article",
        """Why it matters: most reposting terms ask for a hyperlink to the original
article ("together with a hyperlink to the original Global Research
article"), so readers and search engines find the source.

Fails: a repost that names Global Research but links nowhere.
Passes: The original source of this article is [Global Research](https://www.globalresearch.ca/russia-againgate/5740210).

How to fix: link to the original article's address, for example on the
publisher's name in the credit line.""",
        fix="attriblint fix links the publisher's name in the credit line, copyright line or byline to the original article (safe; where any page will do, to the source's address or the home page); it needs the line, and source_url or a link to the article.",
    ),
    Code(
        "AL202", "link-not-article", "Links only to the publisher's homepage or a section page",
        """Why it matters: "a hyperlink to the original article" is not met by a link
to the publisher's homepage or to a topic page: the reader cannot get from
there to the article.

Fails:  The original source of this article is [Global Research](https://www.globalresearch.ca/).
Passes: The original source of this article is [Global Research](https://www.globalresearch.ca/russia-againgate/5740210).

How to fix: point the link at the article's own address.""",
        fix="attriblint fix points the link at the original article, from source_url (unsafe: --unsafe-fixes).",
    ),
    Code(
        "AL203", "link-wrong-article", "Links to a different article than the source named in the metadata",
        """Why it matters: the post's metadata (source_url, canonical_url...) names the
article it reposts, but no link goes to that article; the links that do go
to the publisher point at other articles, usually a copy-and-paste slip.

Fails:  source_url: https://www.globalresearch.ca/a/5740210, but the credit links .../b/5831584
Passes: the credit links https://www.globalresearch.ca/a/5740210

How to fix: link to the address in the metadata (or correct the metadata).""",
        fix="attriblint fix points the link at the article source_url names (unsafe: --unsafe-fixes).",
    ),
    Code(
        "AL204", "link-not-direct", "The link goes through a URL shortener or a redirect",
        """Why it matters: some terms ask for a *direct* link.  Stack Exchange: each
link must "hyperlink directly to the original question" and "not use a
tinyurl or any other form of obfuscation or redirection".  A shortened or
redirected link hides the source from readers and search engines, and
breaks when the shortener or the redirect goes away.  Asked for with
`direct: true`.

Shorteners: bit.ly, t.co, tinyurl.com, goo.gl, ow.ly, buff.ly, is.gd,
lnkd.in, dlvr.it, trib.al, j.mp, rebrand.ly, shorturl.at, tiny.cc, cutt.ly.
Redirects: l.facebook.com, google.com/url?q=, out.reddit.com, href.li, and
any address whose path says redirect (/redirect, /out.php, /away, /go...)
or whose url= (u=, q=, to=...) parameter carries the publisher's address
(share buttons such as twitter.com/intent/tweet?url= are not redirects).
A shortened link is reported only when no direct link meets the terms: it
may be the link the terms ask for, in disguise.

Fails:  from [Stack Overflow](https://bit.ly/3kXq9Zr)
Fails:  from [Stack Overflow](https://l.facebook.com/l.php?u=https%3A%2F%2Fstackoverflow.com%2Fquestions%2F11227809)
Passes: from [Stack Overflow](https://stackoverflow.com/questions/11227809)

How to fix: replace the link with the address it hides (the message names
it when the link shows it), the publisher's own address.""",
        fix="attriblint fix points the link at its destination when the link shows it (unsafe: --unsafe-fixes).",
    ),
    Code(
        "AL205", "link-not-followed", "The link is marked nofollow, ugc or sponsored",
        """Why it matters: some terms ask that the link back pass credit to the
source in search engines.  Stack Exchange: "the links must not be
nofollowed".  rel="nofollow" (and "ugc", "sponsored", which search engines
treat alike) tells them to ignore the link.  Asked for with
`followed: true`.  Markdown links carry no rel; many blog engines add
rel="nofollow" to links in rendered HTML or in comments, so check the
published page too.

Fails:  <a href="https://stackoverflow.com/questions/11227809" rel="nofollow">Stack Overflow</a>
Passes: <a href="https://stackoverflow.com/questions/11227809">Stack Overflow</a>

How to fix: remove nofollow, ugc and sponsored from the link's rel
attribute (keep noopener or noreferrer if you like); in a blog engine that
adds them, exempt this link (or the publisher's domain).""",
        not_fixable="a site's templates usually add rel marks: change them there",
    ),
    Code(
        "AL206", "link-not-homepage", "No link to the publisher's home page itself",
        """Why it matters: some terms ask for a link to the publisher's site as such,
its home page: The Texas Tribune asks for "the links from the story, and a
link to texastribune.org".  The story's own links to other Tribune
articles, kept as the terms also ask, are not that link; readers should
find the publisher, not only one of its stories.  Asked for with
`link: homepage`.  The home page is an address on the publisher's domains
with an empty path or "/" (any query), or the root of one of its editions:
a language or country code ("/uk", "/fr", "/en-us") or a path the rule
lists in `home_paths` ("/africa").  Where a link to the article will
do as well ("a link back to either our home page or the article URL", The
Conversation), the rule says `link: [homepage, article]` and this code is
not used.

Fails:  ... [The Texas Tribune](https://www.texastribune.org/2024/05/01/texas-water-plan/)
Passes: ... [The Texas Tribune](https://www.texastribune.org/)

How to fix: add a link to the publisher's home page, for example on its
name in the credit line.""",
        fix="attriblint fix points the link at the publisher's home page (unsafe: --unsafe-fixes).",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    return Requirement(KIND, "error", item)


def targets_of(requirement: Requirement) -> tuple[str, ...]:
    """The targets a link may point at (``link: article`` or a list)."""
    value = requirement.value
    return (value,) if isinstance(value, str) else tuple(value)


def describe(requirement: Requirement) -> str:
    words = {"article": "the original article", "homepage": "the publisher's home page",
             "any": "the publisher's site"}
    text = "a link to " + " or to ".join(words[t] for t in targets_of(requirement))
    if requirement.options.get("direct"):
        text += ", direct (no shortener or redirect)"
    if requirement.options.get("followed"):
        text += ", followed (no rel=nofollow, ugc or sponsored)"
    return text


# -- what a link is ----------------------------------------------------------

@dataclass(frozen=True)
class Detour:
    """A link that goes through a shortener or a redirect."""

    link: Link
    via: str  # the shortener's or redirector's host
    kind: str  # "shortener" or "redirect"
    destination: str | None  # where it leads, when its address or its words show it


def detour_of(document: Document, link: Link, applies: Applies) -> Detour | None:
    """How ``link`` goes through a shortener or a redirect, if it does."""
    try:
        parts = urlsplit(link.href.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    bare = host.removeprefix("www.")
    if bare in SHORTENERS:
        shown = document.text[link.text_start:link.text_end].strip()
        return Detour(link, bare, "shortener", shown if host_of(shown) else None)
    if owns(applies.rule, applies.source_url, host):
        return None
    destination = _destination(parts)
    path = parts.path.rstrip("/")
    known = bare in REDIRECTOR_HOSTS or f"{bare}{path}" in REDIRECTOR_PATHS
    says_redirect = _last_word(path) in REDIRECT_WORDS or "redirect" in path.lower()
    to_publisher = destination is not None \
        and owns(applies.rule, applies.source_url, host_of(destination)) \
        and not any(word in path.lower() for word in SHARE_WORDS)
    if known or (says_redirect and destination is not None) or to_publisher:
        return Detour(link, bare, "redirect", destination)
    return None


def _destination(parts) -> str | None:
    """The web address a redirect's query carries, if any."""
    if parts.query.startswith(("http://", "https://", "http%3A", "https%3A")):
        return unquote(parts.query)  # href.li/?https://...
    params = dict(parse_qsl(parts.query))
    for name in DESTINATION_PARAMS:
        value = params.get(name, "").strip()
        if value.startswith(("http://", "https://")):
            return value
    return None


def _last_word(path: str) -> str:
    return path.rsplit("/", 1)[-1].split(".", 1)[0].lower()


def is_homepage(applies: Applies, url: str, home_paths: tuple[str, ...] = ()) -> bool:
    """The publisher's home page itself: an empty path or ``/`` (also
    ``/index.html``), any query; or an edition's root: a language or
    country code (``/uk``, ``/en-us``) or one of ``home_paths``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if not owns(applies.rule, applies.source_url, (parts.hostname or "").lower()):
        return False
    path = parts.path.strip("/").lower()
    return path in ("", "index.html", "index.htm", "index.php") or \
        _EDITION.fullmatch(path) is not None or \
        path in {p.strip("/").lower() for p in home_paths}


# An edition's root named by its language or country: /uk, /fr, /en-us, /pt_br.
_EDITION = re.compile(r"[a-z]{2}(?:[-_][a-z]{2})?")


def _source_article(applies: Applies) -> str | None:
    source = applies.source_url
    return source if source and is_article(applies.rule, source) else None


def leads_to(applies: Applies, url: str, target: str, source: str | None,
             home_paths: tuple[str, ...] = ()) -> bool:
    """Whether an address meets one target of the requirement; ``source``
    is the original article's address when the metadata names one."""
    if not owns(applies.rule, applies.source_url, host_of(url)):
        return False
    if target == "homepage":
        return is_homepage(applies, url, home_paths)
    if target == "article":
        return same_article(applies.rule, url, source) if source \
            else is_article(applies.rule, url)
    return True


# -- the check ---------------------------------------------------------------

def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    targets = targets_of(requirement)
    direct = bool(requirement.options.get("direct"))
    home_paths = tuple(requirement.options.get("home_paths", ()))
    source = _source_article(applies)

    def meets(url: str | None) -> bool:
        return url is not None and \
            any(leads_to(applies, url, t, source, home_paths) for t in targets)

    links = publisher_links(document, applies.rule, applies.source_url)
    satisfying = [l for l in links if meets(l.href)]
    # Detours are looked for only when no direct link will do: a compliant
    # post never pays for them.
    detours = [] if satisfying else [d for d in (detour_of(document, l, applies)
                                                 for l in document.links) if d is not None]
    if not direct:  # a redirect that shows its destination leads there
        satisfying += [d.link for d in detours if d.kind == "redirect" and meets(d.destination)]
    if satisfying:
        yield from _followed(document, requirement, applies, satisfying)
        return
    if direct:
        detour = next((d for d in detours if meets(d.destination)), None) or \
            next((d for d in detours if d.kind == "shortener" and d.destination is None), None)
        if detour is not None:
            yield _indirect(document, requirement, applies, detour, targets)
            return
    yield from _missing(document, requirement, applies, links, targets)


def _followed(document, requirement, applies, satisfying: list[Link]) -> Iterator[Finding]:
    """AL205 when every link that meets the terms is nofollow/ugc/sponsored."""
    if not requirement.options.get("followed"):
        return
    if any(UNFOLLOWED.isdisjoint(l.rel) for l in satisfying):
        return
    link = satisfying[0]
    marks = " ".join(t for t in link.rel if t in UNFOLLOWED)
    yield finding(document, link.source, "AL205", KIND, applies, requirement.severity,
                  f'link to {link.href} is marked rel="{marks}"; {applies.rule.publisher} '
                  f"asks for a followed link (remove {marks.replace(' ', ', ')})")


def _indirect(document, requirement, applies, detour: Detour, targets) -> Finding:
    through = f"the {detour.kind} {detour.via}"
    from ..fixing.repairs import repoint

    hides = f" to {detour.destination}" if detour.destination else ""
    repair = repoint(document, applies, detour.link, detour.destination) \
        if detour.destination else {"fix_note": "where the link leads is not known: replace "
                                                "it with the article's address by hand"}
    return finding(document, detour.link.source, "AL204", KIND, applies, requirement.severity,
                   f"link {detour.link.href} goes through {through}{hides}; "
                   f"{applies.rule.publisher} asks for a direct link to "
                   f"{_wanted(applies, targets)}", **repair)


def _wanted(applies: Applies, targets) -> str:
    """What the requirement wants, in words, for messages."""
    rule = applies.rule
    words = {"article": _source_article(applies) or f"the original {rule.publisher} article",
             "homepage": f"{possessive(rule.publisher)} home page",
             "any": f"{rule.publisher} ({', '.join(rule.domains)})" if rule.domains
             else f"{rule.publisher}"}
    return " or ".join(words[t] for t in targets)


# Pages about people: a byline's links to the author's profile or
# institution are rarely where a missing article link belongs.
_PEOPLE_PAGES = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:profiles?|users?|authors?|"
                           r"contributors?|people|staff|institutions?)/", re.IGNORECASE)


def _credit_links_first(links: list[Link]) -> list[Link]:
    """The links in the order to report them: links to people's pages (a
    byline's link to the author's profile) after the others, so that the
    finding points at the credit's link, where the fix goes."""
    def about_people(link: Link) -> bool:
        try:
            return bool(_PEOPLE_PAGES.match(urlsplit(link.href.strip()).path))
        except ValueError:
            return False
    return sorted(links, key=about_people)


def _fix_target(applies: Applies, targets) -> str:
    """What a fix links to: the article; the home page when only it will
    do; for ``any``, the source's own address on the publisher's site, or
    else its home page."""
    if "article" in targets:
        return "article_url"
    if "any" in targets and applies.source_url and \
            owns(applies.rule, applies.source_url, host_of(applies.source_url)):
        return applies.source_url
    return "homepage"


def _missing(document, requirement, applies, links: list[Link], targets) -> Iterator[Finding]:
    """No link meets the terms: none to the publisher (AL201), only to other
    pages (AL202, AL203, AL206)."""
    from ..fixing.repairs import link_publisher_name, repoint

    rule, severity = applies.rule, requirement.severity
    links = _credit_links_first(links)
    target = _fix_target(applies, targets)
    if not links:
        if "article" in targets:
            message = (f"no link to the original article; expected a link to "
                       f"{_wanted(applies, targets)} ({why(applies)})")
        else:
            message = f"no link to {_wanted(applies, ('any',))}; {why(applies)}"
        yield finding(document, applies.where, "AL201", KIND, applies, severity, message,
                      **link_publisher_name(document, applies, target))
        return
    if "article" not in targets:
        yield finding(document, links[0].source, "AL206", KIND, applies, severity,
                      f"links to {links[0].href} but not to {possessive(rule.publisher)} home page; "
                      f"expected a link to {_wanted(applies, targets)}",
                      **repoint(document, applies, links[0], "homepage"))
        return
    source = _source_article(applies)
    others = [l for l in links if is_article(rule, l.href)] if source else []
    if others:
        yield finding(document, others[0].source, "AL203", KIND, applies, severity,
                      f"links to {others[0].href} but the post reposts {source}; "
                      f"expected a link to the original article",
                      **repoint(document, applies, others[0], source))
        return
    what = "neither an article nor the home page" if "homepage" in targets else "not an article"
    yield finding(document, links[0].source, "AL202", KIND, applies, severity,
                  f"link to {links[0].href} is {what}; expected a link to "
                  f"{_wanted(applies, targets)}",
                  **repoint(document, applies, links[0], "article_url"))
