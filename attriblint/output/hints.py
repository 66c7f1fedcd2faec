"""The fix hint of a code: the first sentence of its "How to fix:" paragraph.

The explain text (``attriblint explain CODE``) is the one place that says
how to fix a finding; the text format repeats its first sentence under each
finding so that the way out is on the screen where the problem is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..kinds import codes

_MARKER = "How to fix:"
# A sentence ends at ". ", "! " or "? " (or the paragraph's end); a full stop
# inside parentheses or an abbreviation such as "e.g." does not end it.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.!?](?=\s|$)")


def fix_hints() -> dict[str, str]:
    """Every code that documents a fix, with its one-sentence hint."""
    hints = {}
    for code, entry in codes().items():
        hint = first_sentence(fix_paragraph(entry.doc))
        if hint:
            hints[code] = hint
    return hints


def fix_paragraph(doc: str) -> str:
    """The "How to fix:" paragraph of an explain text, on one line ("" if none)."""
    start = doc.find(_MARKER)
    if start < 0:
        return ""
    paragraph = doc[start + len(_MARKER):].split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def first_sentence(paragraph: str) -> str:
    """The paragraph up to the end of its first sentence, outside parentheses."""
    depth = 0
    for index, char in enumerate(paragraph):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and _SENTENCE_END.match(paragraph, index):
            return paragraph[:index + 1]
    return paragraph


def fix_note_of(finding) -> str:
    """Why ``attriblint fix`` does not repair ``finding``: its own note
    (what metadata would make it fixable), else its code's (a kind that
    nothing in the metadata can repair); "" if it has a fix."""
    if finding.fix is not None:
        return ""
    if finding.fix_note:
        return finding.fix_note
    return _not_fixable().get(finding.code, "")


@lru_cache(maxsize=1)
def _not_fixable() -> dict[str, str]:
    return {code: entry.not_fixable for code, entry in codes().items()}
