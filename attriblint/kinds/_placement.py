"""Where on the page a line must stand: ``at: top|bottom|any``, ``within: N``.

Shared by the kinds whose terms say where (credit, copyright, byline).

Positions are counted in *blocks*: the top-level paragraphs, headings,
lists, quotes, tables... of the article body, in reading order
(``Document.blocks``).  Blocks without prose (an image, a pixel) do not
count.  The top of a post is its byline area (everything before the first
body paragraph, ``Document.lead_end``: title, byline, dateline, a credit
line) and that first body paragraph, or its first ``within`` blocks,
whichever reaches further; the bottom is its last ``within`` blocks.  A place attriblint cannot tell (a document
whose reader gives no blocks, a line outside every block) satisfies any
placement: a finding must rest on what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document, Span

DEFAULT_WITHIN = 3

PLACEMENT_OPTIONS = {
    "at": {"description": "Where the line must stand: top (in the byline area or the "
                          "first body paragraph, or within the first blocks), bottom (within "
                          "the last blocks) or any (the default).",
           "enum": ["top", "bottom", "any"]},
    "within": {"description": "How many blocks (paragraphs, headings...) from that end count "
                              "as the top or the bottom (default 3).",
               "type": "integer", "minimum": 1, "maximum": 100},
}


@dataclass(frozen=True)
class Placement:
    """Where a requirement's line must stand."""

    at: str = "any"  # top, bottom, any
    within: int = DEFAULT_WITHIN

    @property
    def anywhere(self) -> bool:
        return self.at == "any"


def placement_of(options: dict) -> Placement:
    """The placement a requires item asks for (``at``, ``within``)."""
    return Placement(options.get("at", "any"), options.get("within", DEFAULT_WITHIN))


def is_placed(document: Document, start: int, end: int, placement: Placement) -> bool:
    """Whether the line at ``text[start:end]`` stands where ``placement``
    asks, judged by the block where it begins."""
    if placement.at == "top":
        if start < document.lead_end:
            return True
        rank = document.blocks_from_top(start)
        return rank is None or rank < placement.within or rank <= _lead_rank(document)
    if placement.at == "bottom":
        rank = document.blocks_from_bottom(start)
        return rank is None or rank < placement.within
    return True


def _lead_rank(document: Document) -> int:
    """The rank of the first body paragraph among the blocks (-1 if none).

    It counts as the top too: a credit that opens the story's text, or a
    credit line long enough to pass for a body paragraph ("This story by
    ... originally appeared on Global Voices on March 11, 2024: https://...")
    right after the title, byline and dateline, stands at the top."""
    if document.lead_end >= len(document.text):
        return -1
    rank = document.blocks_from_top(document.lead_end)
    return -1 if rank is None else rank


def wanted_place(placement: Placement) -> str:
    """Where the line should be, in words: "at the top of the post (in the
    byline area or the first 3 blocks)"."""
    count = "block" if placement.within == 1 else f"{placement.within} blocks"
    if placement.at == "top":
        return f"at the top of the post (in the byline area or the first {count})"
    if placement.at == "bottom":
        return f"at the bottom of the post (in the last {count})"
    return "anywhere in the post"


def found_place(document: Document, start: int) -> str:
    """Where the line at ``text[start]`` is, in words: "in block 12 of 20"."""
    rank = document.blocks_from_top(start)
    if rank is None:
        return "in the post"
    total = rank + 1 + document.blocks_from_bottom(start)
    if rank + 1 == total:
        return f"in the last block (block {total} of {total})"
    return f"in block {rank + 1} of {total}"


def nearest_to_place(spans: list[tuple[int, int]], placement: Placement) -> tuple[int, int]:
    """Of several misplaced lines, the one nearest where it should be (the
    one a reader would move): the first for the top, the last for the
    bottom."""
    return spans[-1] if placement.at == "bottom" else spans[0]


def placed_words(words: str, options: dict) -> str:
    """``words`` describing a requirement, with where it must stand (for
    ``describe``): "a credit line ..., at the top of the post (...)"."""
    placement = placement_of(options)
    return words if placement.anywhere else f"{words}, {wanted_place(placement)}"


def misplaced(document: Document, matches, placement: Placement, what: str,
              publisher: str) -> tuple[Span, str]:
    """Where to report that ``what`` (a "credit line", a "byline") was
    found, but not where the terms ask: the match nearest its place, and
    the message saying where it is and where it belongs."""
    start, end = nearest_to_place([(m.start, m.end) for m in matches], placement)
    return (document.text_span(start, end),
            f"{what} found {found_place(document, start)}, but {publisher} asks for it "
            f"{wanted_place(placement)}")
