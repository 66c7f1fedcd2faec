"""Plain text: every character is prose; blank lines separate blocks.

Email-style quote markers ("> ", "> > ") at the start of a line are not
prose, so a credit line quoted in a forwarded newsletter still reads as one;
each run of quoted lines is a quotation region, so detection can tell a
forwarded article (mostly quoted) from a reply quoting its footer.
"""

from __future__ import annotations

import re

from ..document import Document, TextBuilder
from .links import find_bare_links

_LINE = re.compile(r"((?:[ \t]*+>)*+)[ \t]?([^\r\n]*+)(\r\n|\r|\n)?")


def read_plain_text(path: str, source: str) -> Document:
    builder = TextBuilder()
    quoting = False
    for m in _LINE.finditer(source):
        if m.start() == m.end():
            break
        quoted = bool(m.group(1))
        if quoted != quoting:
            if quoted:
                builder.open_region("quote")
            else:
                builder.close_region("quote")
            quoting = quoted
        builder.add(m.group(2), m.start(2), m.end(2))
        if m.group(3):
            builder.add("\n", m.start(3), m.end(3))
    text, text_map = builder.build()
    links = find_bare_links(text, text_map, source, [])
    return Document(path, "text", source, {}, {}, text, text_map, links,
                    regions=builder.regions)
