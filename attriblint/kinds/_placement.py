"""Where on the page a line must stand: ``at: top|bottom|any``, ``within: N``.

Shared by the kinds whose terms say where (credit, copyright, byline).
"""

from __future__ import annotations

PLACEMENT_OPTIONS = {
    "at": {"description": "Where the line must stand: top (in the byline area before the "
                          "first body paragraph, or within the first blocks), bottom (within "
                          "the last blocks) or any (the default).",
           "enum": ["top", "bottom", "any"]},
    "within": {"description": "How many blocks (paragraphs, headings...) from that end count "
                              "as the top or the bottom (default 3).",
               "type": "integer", "minimum": 1, "maximum": 100},
}
