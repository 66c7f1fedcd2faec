"""Pages for the audit tests: a publisher's original article, reposts of it
(compliant, careless, stripped), pages that only cite it, and WARC files of
them written with warcio (an independent writer: the reader is FastWARC)."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ORIGINAL_URL = "https://www.globalresearch.ca/aquifers-auction-block-water-rights-drought/5820417"
AUTHOR = "Marta Okafor"

TITLE = "Aquifers on the Auction Block: Who Buys the Water When the Rain Stops?"

PARAGRAPHS = [
    "When the third dry winter in a row left the reservoirs of the southern valley at a "
    "fifth of their capacity, the regional water board did something it had never done "
    "before: it put the right to pump groundwater up for sale to the highest bidder.",
    "The first auction, held in a school gymnasium in March, drew eleven bidders. Four of "
    "them were family farms that had irrigated the same fields for three generations. The "
    "other seven were investment funds, two of them registered overseas, which had bought "
    "land in the valley over the previous decade with little apparent interest in farming it.",
    "By the end of the afternoon the funds held permits for almost two thirds of the water "
    "on offer. One of the farmers, who asked not to be named because he is negotiating to "
    "lease water back from a buyer, said the prices had been set for people who never "
    "intended to grow anything.",
    "Supporters of the market say that pricing water is the only honest way to ration a "
    "resource that is running out. Flat allocations, they argue, reward whoever happened to "
    "drill first and give nobody a reason to save. A price makes waste expensive and lets "
    "water move to the uses that value it most.",
    "Hydrologists who have studied the basin are less sure that the market measures what "
    "matters. The aquifer recharges slowly, over decades, and wells that draw down the "
    "water table near the river can dry up springs and wetlands that no bidder owns and "
    "nobody pays to protect.",
    "There is also the question of what happens to the towns. Each permit sold to a fund "
    "that leases the water to distant cities is a field that goes out of production, a "
    "harvest crew that is not hired and a seed merchant with one customer fewer. The "
    "county's own economists expect the population of two villages to fall by a quarter.",
    "Other regions have tried to square the circle. Some cap how much water any single "
    "buyer may hold; others reserve a share of every auction for farms below a certain "
    "size, or require that water bought for resale stay within the basin it came from.",
    "The water board meets again in September to decide whether the next auction will "
    "carry any such conditions. Its chair said only that the board would listen to "
    "everyone. The farmers who lost out in March have started to organise, and they "
    "intend to be heard before the gavel falls again.",
]

CREDIT_HTML = (f'<p>The original source of this article is <a href="{ORIGINAL_URL}">'
               f"Global Research</a></p>\n<p>Copyright © {AUTHOR}, Global Research, 2024</p>")


def article_html(paragraphs=PARAGRAPHS, title: str = TITLE) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<h1>{title}</h1>\n<p class=\"byline\">By {AUTHOR}</p>\n{body}"


def page(content: str, site: str = "Valley Notes", head: str = "",
         charset: str = "utf-8") -> str:
    """A blog's page around ``content``: header, navigation, sidebar, footer."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>{site}</title>
{head}
</head>
<body>
<header><a href="/">{site}</a><nav><a href="/news/">News</a> <a href="/about/">About</a></nav></header>
<main><article>
{content}
</article></main>
<aside><h2>Popular this week</h2><ul><li><a href="/garden/">Planting tomatoes in raised beds</a></li>
<li><a href="/bikes/">The best bicycle routes around the lake</a></li></ul></aside>
<footer><p>{site} is a community news site run by volunteers.</p></footer>
</body>
</html>
"""


def edited(paragraphs=PARAGRAPHS) -> list[str]:
    """The article lightly edited: one paragraph rewritten, two words changed."""
    changed = list(paragraphs)
    changed[3] = ("Those in favour of auctions argue that a price is the fairest way to share "
                  "out water that is getting scarce, since fixed quotas favour early drillers.")
    changed[0] = changed[0].replace("third dry winter", "third straight dry winter")
    return changed


@dataclass(frozen=True)
class Capture:
    """One HTTP response in a WARC."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2025-03-14T09:30:00Z"


def html_capture(url: str, html: str, date: str = "2025-03-14T09:30:00Z",
                 content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8") -> Capture:
    return Capture(url, html.encode(encoding), content_type, date=date)


def write_warc(path, captures: list[Capture], with_requests: bool = True) -> None:
    """A gzipped WARC of ``captures`` (each preceded by its request record)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for capture in captures:
            if with_requests:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")],
                                           is_http_request=True)
                writer.write_record(writer.create_warc_record(
                    capture.url, "request", http_headers=request,
                    warc_headers_dict={"WARC-Date": capture.date}))
            headers = StatusAndHeaders(capture.status, [("Content-Type", capture.content_type)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                capture.url, "response", payload=io.BytesIO(capture.body),
                http_headers=headers, warc_headers_dict={"WARC-Date": capture.date}))


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)
