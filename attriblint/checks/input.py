"""Input errors: files that cannot be read as what they claim to be."""

from __future__ import annotations

from ..findings import Code

CODES = (
    Code(
        "AL001", "undecodable-file", "The file is not UTF-8 (or UTF-16/32 with a BOM)",
        """The file names a publisher, but its bytes are not valid UTF-8 and it has
no byte-order mark saying otherwise, so attriblint cannot read its text and
checks nothing in it.  (Files that name no publisher are not decoded at all.)

How to fix: save the file as UTF-8.  The finding points at the first byte
that is not UTF-8.""",
    ),
    Code(
        "AL002", "broken-front-matter", "The front matter cannot be parsed",
        """The YAML (---), TOML (+++) or JSON ({) block at the top of the post has a
syntax error, so its fields (source_url, author, dates) are unknown and the
post is not checked.  Your site generator would fail on it too.

How to fix: correct the front matter at the position given.""",
    ),
)
