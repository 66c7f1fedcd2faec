"""Creative Commons licences as posts write them: SPDX ids, names, deeds.

A post declares a work's licence as ``CC-BY-ND-4.0``, ``CC BY-ND 4.0``,
"Creative Commons Attribution-NoDerivatives 4.0 International" or the
deed's address (``https://creativecommons.org/licenses/by-nd/4.0/``); all
of them are one licence.  :func:`spdx_id` reads any of these forms, and
:func:`mentions` finds licences named in prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Licence elements in the order SPDX ids and deed addresses write them.
_ELEMENTS = ("by", "nc", "nd", "sa")
_WORDS = {"attribution": "by", "noncommercial": "nc", "non-commercial": "nc",
          "noderivatives": "nd", "noderivs": "nd", "no-derivatives": "nd", "no derivatives": "nd",
          "sharealike": "sa", "share-alike": "sa", "share alike": "sa"}
_VERSION = r"(\d\.\d)"
# "CC BY-NC-ND 4.0", "CC-BY-SA-4.0", "cc by 4.0", "CC BY-ND 3.0 US"
_SHORT = re.compile(r"\bcc[ -]?(by(?:[ -](?:nc|nd|sa)){0,2})[ -]?v?" + _VERSION, re.I)
# "creativecommons.org/licenses/by-nd/4.0"
_DEED = re.compile(r"creativecommons\.org/licenses/((?:by)(?:-(?:nc|nd|sa)){0,2})/" + _VERSION,
                   re.I)
# "Creative Commons Attribution-NoDerivatives 4.0 International"
_LONG = re.compile(
    r"\bcreative commons (attribution(?:[ -]+(?:non-?commercial|no-?deriv(?:ative)?s|"
    r"no derivatives|share-?alike|share alike)){0,2})(?:[ -]+licen[cs]e)?[ ,]+(?:version )?"
    + _VERSION, re.I)


@dataclass(frozen=True)
class Mention:
    """A licence named in the text: which one, and where."""

    spdx: str
    start: int
    end: int


def _spdx(elements: list[str], version: str) -> str | None:
    if not elements or elements[0] != "by" or len(set(elements)) != len(elements):
        return None
    ordered = [e for e in _ELEMENTS if e in elements]
    if "nd" in ordered and "sa" in ordered:
        return None  # no such licence
    return "CC-" + "-".join(e.upper() for e in ordered) + "-" + version


def _elements(words: str) -> list[str]:
    text = words.lower()
    found = []
    for word, element in _WORDS.items():
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) and element not in found:
            found.append(element)
    return found


def mentions(text: str) -> list[Mention]:
    """Every CC licence named in ``text`` (short, long or deed form)."""
    found = []
    for m in _SHORT.finditer(text):
        spdx = _spdx(re.split(r"[ -]", m.group(1).lower()), m.group(2))
        if spdx:
            found.append(Mention(spdx, m.start(), m.end()))
    for m in _DEED.finditer(text):
        spdx = _spdx(m.group(1).lower().split("-"), m.group(2))
        if spdx:
            found.append(Mention(spdx, m.start(), m.end()))
    for m in _LONG.finditer(text):
        spdx = _spdx(_elements(m.group(1)), m.group(2))
        if spdx:
            found.append(Mention(spdx, m.start(), m.end()))
    return sorted(found, key=lambda mention: mention.start)


def spdx_id(text: str) -> str | None:
    """The licence a metadata value declares, as an SPDX id, or None."""
    value = text.strip()
    if re.fullmatch(r"(?i)cc0(-1\.0)?", value):
        return "CC0-1.0"
    found = mentions(value)
    return found[0].spdx if found else None


def deed(spdx: str) -> str:
    """The address of a CC licence's deed: ``creativecommons.org/licenses/by-nd/4.0/``."""
    parts = spdx.lower().split("-")  # cc, by, nd, 4.0
    return f"creativecommons.org/licenses/{'-'.join(parts[1:-1])}/{parts[-1]}/"


def short_name(spdx: str) -> str:
    """``CC BY-ND 4.0``."""
    parts = spdx.split("-")
    return f"CC {'-'.join(parts[1:-1])} {parts[-1]}"
