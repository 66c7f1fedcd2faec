"""A seeded synthetic blog: Jekyll Markdown posts and rendered HTML pages.

Used by ``bench.py``; run on its own to keep a corpus for profiling::

    python benchmarks/corpus.py OUTDIR [--posts N] [--pages N] [--seed S]

Everything is decided by ``random.Random(seed)``, so the same arguments give
the same bytes.  About half the posts (and pages) are Global Research
reposts ending in an attribution block, compliant or broken in the ways
people break them (no copyright line, a homepage link only, a plain-text
credit, "(c)" and "&copy;" spellings, a wrong year...); the other half are
ordinary posts, a few of which cite a Global Research article in running
text.  Standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
from dataclasses import dataclass, field

WORDS = """
the of and to in a is that for it as was with be by on not he this are or his
from at which but have an they you were her she there been one all we their
has would when what more if no out so said up about than into them can only
other new some could time these two may then do first any my now such like our
over man me even most made after also did many before must through back years
where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between
both life being under never day same another know while last might us great old
year off come since against go came right used take three states himself few
house use during without again place american around however home small found
thought went say part once general high upon school every does got united left
number course war until always away something fact though water less public put
think almost hand enough far took head yet government system better set told
nothing night end why called didn't eyes find going look asked later knew point
next program city business give group toward young days let room president side
social given present several order national possible rather second face per
among form important often things looked early white john case become large big
need four within felt along children saw best church ever least power development
light thing seemed family interest want members mind country area others done
turned although open god service problem certain kind different thus began door
help means sense whole matter perhaps itself york times law human line above
name example action company hands local show whether five history gave today
either act feet across taken past quite anything seen having death week body
supply chain port harbour cargo freight tariff subsidy aquifer allocation permit
licence union contract wage pension council budget ministry treaty sanction
reactor pipeline refinery grid battery turbine magnet ore smelter quota auction
""".split()
ACCENTED = ["café", "naïve", "façade", "Zürich", "São Paulo", "Kraków", "Malmö",
            "Ελλάδα", "Besançon", "coöperation", "résumé", "Gdańsk"]
PUNCT_UNICODE = ["\u2014", "\u2013", "\u2019", "\u201c", "\u201d", "\u2026", "\u00a0"]
AUTHORS = ["Anders Holm", "Daniel Kovač", "Prof. Helen Arbuthnot", "Nadia Berrada",
           "Tomás Ferreira", "Stephen Lendman", "Michel Chossudovsky", "Ana Ribeiro",
           "Kurt Nimmo", "F. William Engdahl", "Dr. Binoy Kampmark", "Mira Salonen",
           "Joseph Adeyemi", "Li Wen", "Élodie Marchand", "Rajesh Iyer", "Greta Lund",
           "Pablo Quintero", "Yusuf Demir", "Hannah O'Leary"]
BLOGGERS = ["Sam Carter", "jdoe", "Ruth Abernathy", "Kenji Mori", "the editors"]
HOSTS = ["en.wikipedia.org", "www.reuters.com", "apnews.com", "www.theguardian.com",
         "www.ft.com", "data.worldbank.org", "www.imf.org", "arxiv.org", "github.com",
         "www.bbc.co.uk", "www.lemonde.fr", "www.spiegel.de", "www.oecd.org",
         "news.ycombinator.com", "www.nytimes.com", "ourworldindata.org"]
TAGS = ["economics", "labour", "energy", "water", "shipping", "mining", "agriculture",
        "housing", "transport", "health", "climate", "trade", "repost", "notes", "links"]
LANGS = {
    "python": ["import json", "with open(path) as fh:", "    data = json.load(fh)",
               "for row in data['rows']:", "    print(row['id'], row['total'])"],
    "yaml": ["source_url: https://example.org/a", "tags: [one, two]", "draft: false"],
    "sh": ["curl -s https://api.example.org/v1/items | jq '.[] | .name'",
           "bundle exec jekyll build", "grep -rn 'TODO' _posts/"],
    "sql": ["SELECT region, SUM(tonnes) FROM exports", "GROUP BY region",
            "ORDER BY 2 DESC LIMIT 10;"],
}
GR = "https://www.globalresearch.ca"
GR_HOME_FORMS = [GR + "/", "https://globalresearch.ca", GR]

# Attribution variants for reposts: (name, weight).  "ok_*" comply.
VARIANTS = [
    ("ok_inline", 20), ("ok_ref", 8), ("ok_c", 8), ("ok_amp", 8), ("ok_italic", 6),
    ("ok_html", 5), ("ok_top_quote", 5),
    ("no_copyright", 12), ("homepage_only", 10), ("no_link", 6), ("no_credit", 5),
    ("year_mismatch", 4), ("author_mismatch", 3),
]
HTML_VARIANTS = [
    ("ok_inline", 30), ("ok_c", 8), ("ok_amp", 12), ("ok_meta", 8),
    ("no_copyright", 14), ("homepage_only", 12), ("no_link", 8), ("no_credit", 5),
    ("year_mismatch", 3),
]


@dataclass
class Corpus:
    root: str
    posts_dir: str
    pages_dir: str
    posts: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    precommit: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # variant -> count
    posts_bytes: int = 0
    pages_bytes: int = 0


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.unicode = False  # per post: curly quotes, dashes, accented words

    # -- words ------------------------------------------------------------
    def words(self, n: int) -> list[str]:
        out = self.rng.choices(WORDS, k=n)
        if self.unicode and self.rng.random() < 0.35:
            out[self.rng.randrange(n)] = self.rng.choice(ACCENTED)
        return out

    def sentence(self, lo: int = 8, hi: int = 22) -> str:
        w = self.words(self.rng.randint(lo, hi))
        w[0] = w[0].capitalize()
        if self.unicode and self.rng.random() < 0.3:
            i = self.rng.randrange(1, len(w))
            w[i] = self.rng.choice(PUNCT_UNICODE[:2]) + " " + w[i]
        if self.unicode and self.rng.random() < 0.2:
            i = self.rng.randrange(len(w))
            w[i] = "\u201c" + w[i] + "\u201d"
        if self.rng.random() < 0.25:
            w[self.rng.randrange(1, len(w)) - 1] += ","
        return " ".join(w) + self.rng.choice(".....?!")

    def title(self) -> str:
        return " ".join(x.capitalize() for x in self.words(self.rng.randint(3, 8)))

    def url(self) -> str:
        host = self.rng.choice(HOSTS)
        path = "/".join("-".join(self.rng.choices(WORDS, k=self.rng.randint(1, 4)))
                        for _ in range(self.rng.randint(1, 3))).replace("'", "")
        if self.rng.random() < 0.2:
            path += f"?id={self.rng.randint(1, 99999)}&utm_source=feed"
        return f"https://{host}/{path}"

    def gr_article(self) -> str:
        """The address of a Global Research article: /<slug>/<7-digit id>."""
        slug = "-".join(self.rng.choices(WORDS, k=self.rng.randint(3, 7))).replace("'", "")
        return f"{GR}/{slug}/{self.rng.randint(5_600_000, 5_899_999)}"


def _wrap(tokens: list[str], width: int = 78) -> str:
    """Join tokens with spaces, breaking lines between tokens (soft breaks)."""
    lines, line, n = [], [], 0
    for t in tokens:
        if line and n + 1 + len(t) > width:
            lines.append(" ".join(line))
            line, n = [], 0
        line.append(t)
        n += len(t) + (1 if n else 0)
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


# -- Markdown posts ---------------------------------------------------------
class _Post:
    """Builds one Markdown post body to a target size and link count."""

    def __init__(self, g: _Gen, links: int) -> None:
        self.g = g
        self.rng = g.rng
        self.links_left = links
        self.refs: list[tuple[str, str]] = []
        self.footnotes = 0

    def link(self) -> str:
        g, rng = self.g, self.rng
        self.links_left -= 1
        text = " ".join(g.words(rng.randint(1, 4)))
        url = g.url()
        form = rng.random()
        if form < 0.45:
            return f"[{text}]({url})"
        if form < 0.55:
            return f'[{text}]({url} "{g.title()}")'
        if form < 0.75:
            ref = f"ref{len(self.refs) + 1}"
            self.refs.append((ref, url))
            return f"[{text}][{ref}]"
        if form < 0.83:
            return f"<{url}>"
        if form < 0.93:
            return f'<a href="{url}">{text}</a>'
        return url  # bare URL

    def inline_extra(self) -> str:
        rng, g = self.rng, self.g
        kind = rng.random()
        if kind < 0.3:
            return f"`{rng.choice(['config.yml', 'make build', '--dry-run', 'SELECT *', 'x += 1', 'null'])}`"
        if kind < 0.45:
            return f'<abbr title="{g.title()}">{rng.choice(["OECD", "IMF", "WTO", "EU", "NATO"])}</abbr>'
        if kind < 0.55:
            return f"<sup>{rng.randint(1, 9)}</sup>"
        if kind < 0.7:
            return f"*{' '.join(g.words(rng.randint(1, 3)))}*"
        if kind < 0.8:
            return f"**{' '.join(g.words(rng.randint(1, 3)))}**"
        if kind < 0.88:
            self.footnotes += 1
            return f"[^{self.footnotes}]"
        if kind < 0.94:
            return "&mdash;"
        return "<kbd>Ctrl</kbd>"

    def paragraph(self, sentences: int | None = None) -> str:
        rng = self.rng
        tokens: list[str] = []
        for _ in range(sentences or rng.randint(2, 6)):
            tokens.extend(self.g.sentence().split(" "))
            if self.links_left > 0 and rng.random() < 0.3:
                tokens.insert(rng.randrange(len(tokens)), self.link())
            if rng.random() < 0.35:
                tokens.insert(rng.randrange(len(tokens)), self.inline_extra())
        return _wrap(tokens)

    def block(self) -> str:
        rng, g = self.rng, self.g
        r = rng.random()
        if r < 0.55:
            return self.paragraph()
        if r < 0.63:
            return "#" * rng.randint(2, 3) + " " + g.title()
        if r < 0.71:
            return "\n".join("> " + line for line in self.paragraph(rng.randint(1, 3)).split("\n"))
        if r < 0.80:
            ordered = rng.random() < 0.4
            items = []
            for i in range(rng.randint(3, 6)):
                body = g.sentence(4, 12)
                if self.links_left > 0 and rng.random() < 0.3:
                    body += " " + self.link()
                items.append(f"{i + 1}. {body}" if ordered else f"- {body}")
            return "\n".join(items)
        if r < 0.86:
            slug = "-".join(g.words(2)).lower()
            if rng.random() < 0.8:
                return f"![{' '.join(g.words(3))}](/assets/images/{slug}.jpg)"
            return f'<img src="/assets/images/{slug}.png" alt="{" ".join(g.words(3))}" width="640">'
        if r < 0.91:
            lang = rng.choice(list(LANGS))
            lines = rng.sample(LANGS[lang], k=min(len(LANGS[lang]), rng.randint(2, 5)))
            return f"```{lang}\n" + "\n".join(lines) + "\n```"
        if r < 0.95:
            return (f'<div class="note">\n<p>{g.sentence()} {g.sentence()}</p>\n'
                    f'<p><em>{g.sentence(4, 8)}</em></p>\n</div>')
        if r < 0.98:
            head = "| Region | Tonnes | Share |\n|---|---:|---:|\n"
            rows = "\n".join(f"| {g.title()} | {rng.randint(100, 99999)} | {rng.randint(1, 60)}% |"
                             for _ in range(rng.randint(3, 6)))
            return head + rows
        return "---"

    def body(self, size: int) -> list[str]:
        blocks, n = [], 0
        while n < size:
            b = self.block()
            blocks.append(b)
            n += len(b) + 2
        if self.links_left > 0:
            items = [f"- {self.link()}" for _ in range(self.links_left)]
            blocks += ["## Further reading", "\n".join(items)]
        return blocks

    def tail(self) -> list[str]:
        out = []
        if self.footnotes:
            out.append("\n".join(f"[^{i}]: {self.g.sentence(5, 12)}"
                                 for i in range(1, self.footnotes + 1)))
        if self.refs:
            out.append("\n".join(f"[{r}]: {u}" for r, u in self.refs))
        return out


def _md_attribution(variant: str, url: str, author: str, year: int, rng: random.Random,
                    refs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(blocks at the top, blocks at the end) for a repost's attribution."""
    credit = "The original source of this article is"
    copy = f"Copyright © {author}, Global Research, {year}"
    home = rng.choice(GR_HOME_FORMS)
    if variant == "ok_inline":
        return [], [f"{credit} [Global Research]({url}).", copy]
    if variant == "ok_ref":
        refs.append(("gr", url))
        return [], [f"{credit} [Global Research][gr].\n{copy}"]
    if variant == "ok_c":
        return [], [f"{credit} [Global Research]({url}).\n"
                    f"Copyright (c) {author}, Global Research, {year}"]
    if variant == "ok_amp":
        return [], [f"{credit} [Global Research]({url}).<br>\n"
                    f"Copyright &copy; {author}, Global Research, {year}"]
    if variant == "ok_italic":
        return [], [f"*{credit} [Global Research]({url}).*\n*{copy}*"]
    if variant == "ok_html":
        return [], [f'<p class="source">{credit} <a href="{url}">Global Research</a>.<br>\n'
                    f"Copyright &copy; {author}, Global Research, {year}</p>"]
    if variant == "ok_top_quote":
        refs.append(("gr", url))
        return [f"> {credit} [Global Research][gr].\n> Copyright (c) {author}, "
                f"Global Research, {year}"], []
    if variant == "no_copyright":
        return [], [f"{credit} [Global Research]({url})."]
    if variant == "homepage_only":
        return [], [f"{credit} [Global Research]({home}).", copy]
    if variant == "no_link":
        return [], [f"{credit} Global Research.", copy]
    if variant == "no_credit":
        return [], [f"Read the original at [globalresearch.ca]({url}).", copy]
    if variant == "year_mismatch":
        return [], [f"{credit} [Global Research]({url}).",
                    f"Copyright © {author}, Global Research, {year - rng.randint(1, 3)}"]
    if variant == "author_mismatch":
        other = rng.choice([a for a in AUTHORS if a != author])
        return [], [f"{credit} [Global Research]({url}).",
                    f"Copyright © {other}, Global Research, {year}"]
    raise ValueError(variant)


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_post(g: _Gen, index: int) -> tuple[str, str, str]:
    """(file name, text, kind) of post number ``index``."""
    rng = g.rng
    g.unicode = rng.random() < 0.5
    year = rng.randint(2015, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    title = g.title()
    slug = "-".join(title.lower().split())
    slug = "".join(c for c in slug if c.isascii() and (c.isalnum() or c == "-"))[:60].strip("-")
    name = f"{year}-{month:02d}-{day:02d}-{slug}-{index}.md"
    repost = rng.random() < 0.5
    fm = [f"title: {_yaml_str(title)}", f"date: {year}-{month:02d}-{day:02d} "
          f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00 +0000",
          "layout: post"]
    post = _Post(g, rng.randint(5, 20))
    top: list[str] = []
    end: list[str] = []
    if repost:
        kind = rng.choices([v for v, _ in VARIANTS], [w for _, w in VARIANTS])[0]
        author = rng.choice(AUTHORS)
        orig_year = year if rng.random() < 0.8 or year == 2015 else year - 1
        url = g.gr_article()
        fm.append(f"author: {_yaml_str(author if rng.random() < 0.6 else rng.choice(BLOGGERS))}")
        tags = rng.sample(TAGS[:-3], 2) + ["repost"]
        if rng.random() < 0.7:
            fm.append(f"source_url: {url}")
        if rng.random() < 0.5:
            fm.append(f"original_date: {orig_year}-{month:02d}-{max(day - 2, 1):02d}")
        if rng.random() < 0.3:
            fm.append(f"original_author: {_yaml_str(author)}")
        top, end = _md_attribution(kind, url, author, orig_year, rng, post.refs)
    else:
        fm.append(f"author: {_yaml_str(rng.choice(BLOGGERS))}")
        tags = rng.sample(TAGS, rng.randint(1, 4))
        kind = "ordinary"
        if rng.random() < 0.06:
            kind = "cites_gr"
        elif rng.random() < 0.03:
            kind = "mentions_gr"
    fm.append("tags: [" + ", ".join(tags) + "]")
    if rng.random() < 0.3:
        fm.append(f"excerpt: {_yaml_str(g.sentence(6, 14))}")
    body = post.body(rng.randint(4300, 6300))
    if kind == "cites_gr":
        url = g.gr_article()
        body.insert(rng.randrange(len(body)) + 1, _wrap(
            g.sentence().split(" ") + ["As", f"[an article in Global Research]({url})", "put",
                                       "it,"] + g.sentence().split(" ")))
    elif kind == "mentions_gr":
        body.insert(rng.randrange(len(body)) + 1, _wrap(
            g.sentence().split(" ") + ["Global", "Research", "ran", "a", "similar", "piece."]))
    text = "---\n" + "\n".join(fm) + "\n---\n\n" + "\n\n".join(top + body + end + post.tail())
    return name, text + "\n", kind


# -- HTML pages ---------------------------------------------------------------
def _html_links(g: _Gen, n: int) -> list[str]:
    out = []
    for _ in range(n):
        href = g.url().replace("&", "&amp;")
        out.append(f'<a href="{href}">{" ".join(g.words(g.rng.randint(1, 4)))}</a>')
    return out


def make_page(g: _Gen, index: int) -> tuple[str, str, str]:
    rng = g.rng
    g.unicode = rng.random() < 0.5
    year, month = rng.randint(2015, 2025), rng.randint(1, 12)
    title = g.title()
    slug = "".join(c for c in "-".join(title.lower().split())
                   if c.isascii() and (c.isalnum() or c == "-"))[:60].strip("-")
    path = f"{year}/{month:02d}/{slug}-{index}.html"
    repost = rng.random() < 0.5
    kind = "ordinary"
    author = rng.choice(AUTHORS)
    url = g.gr_article()
    head_extra = ""
    if repost:
        kind = rng.choices([v for v, _ in HTML_VARIANTS], [w for _, w in HTML_VARIANTS])[0]
        if kind == "ok_meta" or rng.random() < 0.4:
            head_extra = f'<link rel="canonical" href="{url}">\n'
        if rng.random() < 0.3:
            head_extra += f'<meta name="author" content="{author}">\n'
    else:
        head_extra = f'<link rel="canonical" href="https://blog.example.net/{path}">\n'
    nav = "\n".join(f"    <li>{a}</li>" for a in _html_links(g, rng.randint(12, 20)))
    blogroll = _html_links(g, rng.randint(4, 8))
    if not repost and rng.random() < 0.1:
        blogroll.append(f'<a href="{GR}/">Global Research</a>')
        kind = "blogroll_gr"
    article: list[str] = []
    size, n = rng.randint(5500, 7000), 0
    links_left = rng.randint(5, 20)
    while n < size:
        r = rng.random()
        if r < 0.6:
            parts = []
            for _ in range(rng.randint(2, 6)):
                s = g.sentence()
                if links_left and rng.random() < 0.35:
                    links_left -= 1
                    s += " " + _html_links(g, 1)[0]
                if rng.random() < 0.2:
                    s += f" <code>{rng.choice(['make', 'jq', 'git log', 'x = 1'])}</code>"
                if rng.random() < 0.1:
                    s += " &mdash; " + g.sentence(3, 6)
                parts.append(s)
            b = "<p>" + "\n".join(parts) + "</p>"
        elif r < 0.7:
            b = f"<h2 id=\"s{n}\">{g.title()}</h2>"
        elif r < 0.78:
            b = f"<blockquote>\n<p>{g.sentence()} {g.sentence()}</p>\n</blockquote>"
        elif r < 0.86:
            b = "<ul>\n" + "\n".join(f"<li>{g.sentence(4, 10)}</li>"
                                     for _ in range(rng.randint(3, 6))) + "\n</ul>"
        elif r < 0.92:
            b = (f'<figure><img src="/assets/images/{index}-{n}.jpg" alt="{" ".join(g.words(3))}" '
                 f'loading="lazy"><figcaption>{g.sentence(4, 9)}</figcaption></figure>')
        else:
            lang = rng.choice(list(LANGS))
            code = "\n".join(LANGS[lang]).replace("&", "&amp;").replace("<", "&lt;")
            b = f'<pre><code class="language-{lang}">{code}</code></pre>'
        article.append(b)
        n += len(b)
    if links_left:
        article.append("<ul>" + "".join(f"<li>{a}</li>" for a in _html_links(g, links_left))
                       + "</ul>")
    if repost:
        credit = "The original source of this article is"
        home = rng.choice(GR_HOME_FORMS)
        copy = {"ok_c": "Copyright (c)", "ok_amp": "Copyright &copy;"}.get(kind, "Copyright ©")
        year_c = year - (rng.randint(1, 3) if kind == "year_mismatch" else 0)
        credit_html = {
            "homepage_only": f'{credit} <a href="{home}">Global Research</a>',
            "no_link": f"{credit} Global Research",
            "no_credit": f'Read it at <a href="{url}">globalresearch.ca</a>',
        }.get(kind, f'{credit} <a href="{url}">Global Research</a>')
        lines = [credit_html]
        if kind != "no_copyright":
            lines.append(f"{copy} {author}, Global Research, {year_c}")
        article.append('<p class="source"><em>' + "<br>\n".join(lines) + "</em></p>")
    body_article = "\n".join(article)
    aside = "\n".join(f"      <li>{a}</li>" for a in blogroll)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Field Notes</title>
<meta name="description" content="{g.sentence(8, 16)}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{year}-{month:02d}-{rng.randint(1, 28):02d}T08:00:00+00:00">
{head_extra}<link rel="stylesheet" href="/assets/css/main.css">
<link rel="alternate" type="application/rss+xml" title="Field Notes" href="/feed.xml">
<style>
  body {{ font-family: Georgia, serif; max-width: 42rem; margin: 0 auto; }}
  .site-nav a {{ margin-right: 1em; }} .source {{ font-size: 0.9em; color: #555; }}
</style>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date()); gtag('config', 'G-XXXX');
</script>
</head>
<body>
<header class="site-header">
  <a class="site-title" href="/">Field Notes</a>
  <nav class="site-nav">
  <ul>
{nav}
  </ul>
  </nav>
</header>
<main class="page-content" aria-label="Content">
  <article class="post h-entry" itemscope itemtype="http://schema.org/BlogPosting">
    <header class="post-header">
      <h1 class="post-title p-name" itemprop="name headline">{title}</h1>
      <p class="post-meta"><time class="dt-published" datetime="{year}-{month:02d}-01">{year}-{month:02d}-01</time> &bull; {author if repost else rng.choice(BLOGGERS)}</p>
    </header>
    <div class="post-content e-content" itemprop="articleBody">
{body_article}
    </div>
  </article>
  <aside class="blogroll">
    <h2>Elsewhere</h2>
    <ul>
{aside}
    </ul>
  </aside>
</main>
<footer class="site-footer h-card">
  <p>&copy; {year} Field Notes. {g.sentence(6, 12)}</p>
  <ul class="social-media-list">
    <li><a href="https://github.com/fieldnotes">GitHub</a></li>
    <li><a href="/feed.xml">RSS</a></li>
    <li><a href="mailto:editor@example.net">editor@example.net</a></li>
  </ul>
</footer>
</body>
</html>
"""
    return path, page, kind


# -- the whole corpus -----------------------------------------------------------
def generate(root: str, posts: int, pages: int, seed: int = 1) -> Corpus:
    rng = random.Random(seed)
    g = _Gen(rng)
    corpus = Corpus(root, os.path.join(root, "blog", "_posts"), os.path.join(root, "site"))
    os.makedirs(corpus.posts_dir, exist_ok=True)
    by_kind: dict[str, list[str]] = {}
    for i in range(posts):
        name, text, kind = make_post(g, i)
        path = os.path.join(corpus.posts_dir, name)
        data = text.encode()
        with open(path, "wb") as fh:
            fh.write(data)
        corpus.posts.append(path)
        corpus.posts_bytes += len(data)
        corpus.kinds["post:" + kind] = corpus.kinds.get("post:" + kind, 0) + 1
        by_kind.setdefault(kind, []).append(path)
    for i in range(pages):
        rel, text, kind = make_page(g, i)
        path = os.path.join(corpus.pages_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode()
        with open(path, "wb") as fh:
            fh.write(data)
        corpus.pages.append(path)
        corpus.pages_bytes += len(data)
        corpus.kinds["page:" + kind] = corpus.kinds.get("page:" + kind, 0) + 1
    # The pre-commit scenario: a handful of staged posts, named one by one:
    # three reposts (one compliant, two broken) and two ordinary posts.
    wanted = ["ok_inline", "no_copyright", "homepage_only", "ordinary", "ordinary"]
    used: set[str] = set()
    for kind in wanted:
        pool = [p for p in by_kind.get(kind, []) if p not in used] or \
               [p for p in corpus.posts if p not in used]
        if pool:
            used.add(pool[0])
            corpus.precommit.append(pool[0])
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    c = generate(args.outdir, args.posts, args.pages, args.seed)
    print(f"{len(c.posts)} posts ({c.posts_bytes / 1e6:.1f} MB) in {c.posts_dir}")
    print(f"{len(c.pages)} pages ({c.pages_bytes / 1e6:.1f} MB) in {c.pages_dir}")
    print("pre-commit set:", *c.precommit, sep="\n  ")
    for kind, n in sorted(c.kinds.items()):
        print(f"  {kind:24} {n}")


if __name__ == "__main__":
    main()
