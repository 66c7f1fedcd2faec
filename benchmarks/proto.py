"""Baseline "prototype": the few-regex checker one would write in an afternoon.

For every file: split off the front matter with a regex (no YAML parsing,
just a ``source_url:`` line), scan the raw text for links with one regex
(inline, reference definitions, autolinks, ``href=``, bare URLs), and search
the raw text for the Global Research credit line and copyright line.  It
knows nothing of code spans, entities, HTML structure or positions, which
is exactly what attriblint's parsing pays for; timing attriblint against it
says what that fidelity costs.  Prints one line per problem; exit 1 when
there are any.  Standard library only.

    python benchmarks/proto.py PATH...
"""

import re
import sys

from read_floor import files  # the same walk as the read floor (same folder)

FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
SOURCE = re.compile(
    r"""^(?:source_url|original_url|canonical_url|canonical|source)[ \t]*:[ \t]*['"]?"""
    r"""(https?://[^\s'"]+)""", re.M)
CANONICAL = re.compile(r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']?([^"'\s>]+)""",
                       re.I)
LINK = re.compile(
    r"""\]\(\s*<?([^)\s>]+)"""                 # [text](url)
    r"""|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?[ \t]*$"""  # [ref]: url
    r"""|\bhref\s*=\s*["']?([^"'\s>]+)"""       # <a href=url>
    r"""|<(https?://[^>\s]+)>"""               # <url>
    r"""|(?<![(<"'=])(https?://[^\s<>"')\]]+)""",  # bare url
    re.M | re.I)
PUBLISHER = r"\W{0,4}Global(?:\s|&nbsp;)+Research"
CREDIT = re.compile(
    r"(?:original source of this article is|(?:originally|first)\s+(?:published|posted|appeared)"
    r"\s+(?:on|in|at|by)|source:)\s*(?:<a\b[^>]*>|\[)?" + PUBLISHER, re.I)
COPYRIGHT = re.compile(
    r"(?:copyright|©|\(c\)|&copy;)(?:\s*(?:copyright|©|\(c\)|&copy;))*\s*"
    r"(?:[^\n,<]{1,120},\s*)?Global(?:\s|&nbsp;)+Research(?:,?\s*((?:19|20)\d\d))?", re.I)
GR_URL = re.compile(r"^(?:https?:)?//(?:[\w-]+\.)*globalresearch\.ca(?:[:/?#]|$)", re.I)
ARTICLE = re.compile(r"/\d{4,}/?(?:[?#].*)?$|[?&]aid=\d+", re.I)


def page_key(url):
    url = re.sub(r"^(?:https?:)?//(?:www\.)?", "", url.strip().lower())
    return url.split("#")[0].rstrip("/")


def check(path, text):
    front = FRONT.match(text)
    meta = front.group(1) if front else ""
    body = text[front.end():] if front else text
    source = SOURCE.search(meta) or CANONICAL.search(text)
    source_url = source.group(1) if source and GR_URL.match(source.group(1)) else None
    credit = CREDIT.search(body)
    copyright = COPYRIGHT.search(body)
    if not (source_url or credit or copyright):
        return []
    links = [next(g for g in m.groups() if g) for m in LINK.finditer(body)]
    gr_links = [u for u in links if GR_URL.match(u)]
    problems = []
    if not credit:
        problems.append("AL101 missing credit line")
    if source_url and ARTICLE.search(source_url):
        if not any(page_key(u) == page_key(source_url) for u in gr_links):
            problems.append(f"AL201 no link to {source_url}")
    elif not any(ARTICLE.search(u) for u in gr_links):
        problems.append("AL202 link is not an article" if gr_links else "AL201 no link")
    if not copyright:
        problems.append("AL301 missing copyright line")
    return [f"{path}: {p}" for p in problems]


def main(paths):
    problems = count = 0
    out = []
    for path in files(paths):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
        count += 1
        found = check(path, text)
        problems += len(found)
        out.extend(found)
    out.append(f"{problems} problems in {count} files")
    print("\n".join(out))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
