"""Plain text: every character is prose; blank lines separate blocks.

Email-style quote markers ("> ", "> > ") at the start of a line are not
prose, so a credit line quoted in a forwarded newsletter still reads as one.
"""

from __future__ import annotations

import re

from ..document import Document, TextBuilder
from .links import find_bare_links

_LINE = re.compile(r"(?:[ \t]*+>)*+[ \t]?([^\r\n]*+)(\r\n|\r|\n)?")


def read_plain_text(path: str, source: str) -> Document:
    builder = TextBuilder()
    for m in _LINE.finditer(source):
        if m.start() == m.end():
            break
        builder.add(m.group(1), m.start(1), m.end(1))
        if m.group(2):
            builder.add("\n", m.start(2), m.end(2))
    text, text_map = builder.build()
    links = find_bare_links(text, text_map, source, [])
    return Document(path, "text", source, {}, {}, text, text_map, links)
