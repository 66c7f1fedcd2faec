"""Plain text: every character is prose; blank lines separate blocks.

Blocks are the runs of lines between blank lines; a run of quoted lines
only is a quotation.  The header lines an email or a newsletter archive
starts with ("From: ...", "Subject: ...") are no block of the post: "at
the top" means under them.

Email-style quote markers ("> ", "> > ") at the start of a line are not
prose, so a credit line quoted in a forwarded newsletter still reads as one;
each run of quoted lines is a quotation region, so detection can tell a
forwarded article (mostly quoted) from a reply quoting its footer.
"""

from __future__ import annotations

import re

from ..document import Document, StructureBuilder, TextBuilder
from .links import find_bare_links

_LINE = re.compile(r"((?:[ \t]*+>)*+)[ \t]?([^\r\n]*+)(\r\n|\r|\n)?")
# "From: Editors <editors@example.org>": a header line of an email.
_HEADER = re.compile(r"(?:From|To|Cc|Date|Subject|Reply-To|Sender|Message-ID|List-Id|"
                     r"Newsgroups|Organization|X-[\w-]++):[ \t]", re.IGNORECASE)


def read_plain_text(path: str, source: str) -> Document:
    builder = TextBuilder()
    structure = StructureBuilder()
    quoting = False
    # The run of lines being read: source start, text start, all quoted so far, source end.
    block: tuple[int, int, bool, int] | None = None
    headers = True  # the lines so far are an email's header lines
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
        if m.group(2).isspace() or not m.group(2):  # a blank line ends a block
            if block is not None and not headers:
                _close(structure, block, builder.length)
            block, headers = None, False
        else:
            headers = headers and _HEADER.match(m.group(2)) is not None
            if block is None:
                block = m.start() if quoted else m.start(2), builder.length, quoted, m.end(2)
            else:
                block = block[0], block[1], block[2] and quoted, m.end(2)
        builder.add(m.group(2), m.start(2), m.end(2))
        if m.group(3):
            builder.add("\n", m.start(3), m.end(3))
    if block is not None and not headers:
        _close(structure, block, builder.length)
    text, text_map = builder.build()
    links = find_bare_links(text, text_map, source, [])
    _, _, blocks = structure.build(text)
    return Document(path, "text", source, {}, {}, text, text_map, links,
                    regions=builder.regions, blocks=blocks)


def _close(structure: StructureBuilder, block: tuple[int, int, bool, int], text_end: int) -> None:
    """A run of lines is a block: a quotation if every line of it is quoted."""
    source_start, text_start, all_quoted, source_end = block
    structure.open_block("quote" if all_quoted else "paragraph", source_start, text_start)
    structure.close_block(source_end, text_end)
