"""Plain text: every character is prose; blank lines separate blocks."""

from __future__ import annotations

import re

from ..document import Document, TextBuilder
from .links import find_bare_links


def read_plain_text(path: str, source: str) -> Document:
    builder = TextBuilder()
    for m in re.finditer(r"[^\r\n]+|\r\n|\r|\n", source):
        builder.add("\n" if m.group() in ("\r\n", "\r") else m.group(), m.start(), m.end())
    text, text_map = builder.build()
    links = find_bare_links(text, text_map, source, [])
    return Document(path, "text", source, {}, {}, text, text_map, links)
