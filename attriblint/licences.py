"""Creative Commons licences as posts write them: SPDX ids, names, deeds.

A post declares a work's licence as ``CC-BY-ND-4.0``, ``CC BY-ND 4.0``,
"Creative Commons Attribution-NoDerivatives 4.0 International" or the
deed's address (``https://creativecommons.org/licenses/by-nd/4.0/``); all
of them are one licence.  :func:`parse` reads an id, :func:`spdx_id` reads
any form a metadata value takes, and :func:`mentions` finds licences named
in prose.

Ports (the national versions of 3.0 and earlier: "CC BY-NC-ND 3.0 US",
``/licenses/by-nc-nd/3.0/us/``) mostly have no SPDX id, so they are written
``LicenseRef-CC-BY-NC-ND-3.0-US`` (ProPublica's licence); ``parse`` also
reads the SPDX form ``CC-BY-3.0-US``.  A port is its own licence when a
metadata value declares it, but prose that names the unported licence of
the same elements and version ("CC BY-NC-ND 3.0") names it well enough
(:meth:`Licence.named_by`).

"A Creative Commons license" with neither elements nor a version is a
:class:`Mention` whose ``licence`` is None: it says that a CC licence
applies, not which one.  "CC BY-SA" without a version is a Mention whose
licence has ``version`` "": it says which elements, not which version.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

# Licence elements in the order SPDX ids and deed addresses write them.
_ELEMENTS = ("by", "nc", "nd", "sa")
_WORDS = {"attribution": "by", "noncommercial": "nc", "non-commercial": "nc",
          "noderivatives": "nd", "noderivs": "nd", "no-derivatives": "nd", "no derivatives": "nd",
          "no-derivs": "nd", "sharealike": "sa", "share-alike": "sa", "share alike": "sa"}
_VERSIONS = ("1.0", "2.0", "2.5", "3.0", "4.0")
_VERSION = r"([1-4]\.[05])"
# Ports as prose names them; others are written as their two-letter code.
_PORT_NAMES = {"united states": "us", "germany": "de", "igo": "igo"}
_PORT = r"(?-i:\b([A-Z]{2}|IGO)\b)|\b(United States|Germany)\b"
_ELEMENT_CODES = r"(by(?:[ -](?:nc|nd|sa)){0,2})"

# "CC BY-NC-ND 4.0", "CC-BY-SA-4.0", "cc by 4.0", "CC BY-ND 3.0 US"
_SHORT = re.compile(r"\bcc[ -]?" + _ELEMENT_CODES + r"[ -]?v?" + _VERSION
                    + r"(?:[ -](?:" + _PORT + r"))?", re.I)
# "BY-NC-ND 4.0 Creative Commons license" (Floodlight's words)
_CODES_THEN_CC = re.compile(r"\b" + _ELEMENT_CODES + r" " + _VERSION + r" creative commons\b",
                            re.I)
# "CC BY-SA" without a version: elements only; capitals, so that "cc by
# email" is not one.
_SHORT_NO_VERSION = re.compile(r"\bCC[ -](BY(?:[ -](?:NC|ND|SA)){0,2})\b"
                               r"(?![ -]?v?\d)(?![ -](?:NC|ND|SA)\b)")
# "creativecommons.org/licenses/by-nd/4.0", ".../by-nc-nd/3.0/us/"
_DEED = re.compile(r"creativecommons\.org/licenses/((?:by)(?:-(?:nc|nd|sa)){0,2})/" + _VERSION
                   + r"(?:/([a-z]{2}|igo)(?![\w.]))?", re.I)
_ZERO = re.compile(r"\bcc0(?:[ -]v?1\.0)?\b|creativecommons\.org/publicdomain/zero/1\.0", re.I)
_LONG_WORDS = (r"(attribution(?:[ -]+(?:non-?commercial|no-?deriv(?:ative)?s|no derivatives|"
               r"share-?alike|share alike)){0,2})")
# "Creative Commons Attribution-NoDerivatives 4.0 International",
# "Creative Commons Attribution-NonCommercial-NoDerivs 3.0 United States License"
_LONG = re.compile(r"\bcreative commons " + _LONG_WORDS + r"(?:[ -]+licen[cs]e)?[ ,]+(?:version )?"
                   + _VERSION + r"(?:[ ,]+(?:" + _PORT + r"))?", re.I)
# The deed's own title without "Creative Commons": "Attribution-NoDerivatives
# 4.0 International" (a bare "Attribution 4.0" could be prose).
_DEED_TITLE = re.compile(r"\b" + _LONG_WORDS + r" " + _VERSION
                         + r"(?= (?:international|unported|licen[cs]e)\b)", re.I)
# "a Creative Commons license": a CC licence, not saying which.
# With the elements but no version ("a Creative Commons Attribution-NoDerivs
# license"), it says which elements.
_GENERIC = re.compile(r"\bcreative commons(?: \(cc\))?(?:[ -]+" + _LONG_WORDS + r")?"
                      r"[ -]+licen[cs]ed?\b", re.I)


@dataclass(frozen=True)
class Licence:
    """A Creative Commons licence: its elements, version and port.

    ``elements`` is ``("by", "nd")`` for BY-ND, ``("zero",)`` for CC0;
    ``version`` is "" when a mention does not say it; ``port`` is a
    lower-case jurisdiction code ("us") or "".
    """

    elements: tuple[str, ...]
    version: str
    port: str = ""

    @property
    def spdx(self) -> str:
        """``CC-BY-ND-4.0``; ``LicenseRef-CC-BY-NC-ND-3.0-US`` for a port."""
        if self.elements == ("zero",):
            return "CC0-1.0"
        base = "CC-" + "-".join(e.upper() for e in self.elements) + "-" + self.version
        return f"LicenseRef-{base}-{self.port.upper()}" if self.port else base

    @property
    def short_name(self) -> str:
        """``CC BY-ND 4.0``, ``CC BY-NC-ND 3.0 US``, ``CC0 1.0``."""
        if self.elements == ("zero",):
            return "CC0 1.0"
        name = f"CC {'-'.join(e.upper() for e in self.elements)} {self.version}".rstrip()
        return f"{name} {self.port.upper()}" if self.port else name

    @property
    def deed(self) -> str:
        """``creativecommons.org/licenses/by-nd/4.0/`` (no scheme)."""
        if self.elements == ("zero",):
            return "creativecommons.org/publicdomain/zero/1.0/"
        port = f"{self.port}/" if self.port else ""
        return f"creativecommons.org/licenses/{'-'.join(self.elements)}/{self.version}/{port}"

    def named_by(self, other: Licence | None) -> bool:
        """Whether a mention of ``other`` names this licence: same elements and
        version (a port is named by its unported licence, and the other way)."""
        return other is not None and other.elements == self.elements \
            and other.version == self.version

    def contradicted_by(self, other: Licence | None) -> bool:
        """Whether a mention of ``other`` claims a different licence: other
        elements, or another version when the mention gives one."""
        if other is None:
            return False
        return other.elements != self.elements or bool(other.version
                                                       and other.version != self.version)


@dataclass(frozen=True)
class Mention:
    """A licence named in the text: which one (None: "a Creative Commons
    license", not saying which), and where."""

    licence: Licence | None
    start: int
    end: int

    @property
    def spdx(self) -> str | None:
        """The licence's id, when the mention says elements and version."""
        return self.licence.spdx if self.licence and self.licence.version else None


def _licence(elements: list[str], version: str, port: str = "") -> Licence | None:
    if not elements or elements[0] != "by" or len(set(elements)) != len(elements):
        return None
    ordered = tuple(e for e in _ELEMENTS if e in elements)
    if "nd" in ordered and "sa" in ordered:
        return None  # no such licence
    if version and version not in _VERSIONS:
        return None
    if port and version not in ("1.0", "2.0", "2.5", "3.0"):
        port = ""  # 4.0 has no ports: "CC BY 4.0 IN" is not one
    return Licence(ordered, version, port.lower())


def _elements(words: str) -> list[str]:
    text = words.lower()
    found = []
    for word, element in _WORDS.items():
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) and element not in found:
            found.append(element)
    return found


def _port(code: str | None, name: str | None) -> str:
    if code:
        return code.lower()
    return _PORT_NAMES.get((name or "").lower(), "")


# Each form runs only where its key words occur: a plain substring test is
# a hundred times faster than a case-insensitive scan of a long post.
def _has(lowered: str, *words: str) -> bool:
    return any(word in lowered for word in words)


def _specific(text: str, lowered: str) -> list[Mention]:
    """Mentions that say the elements (and usually the version)."""
    found = []
    short = _has(lowered, "cc by", "cc-by", "ccby")
    named = _has(lowered, "creative commons")
    for m in _SHORT.finditer(text) if short else ():
        licence = _licence(re.split(r"[ -]", m.group(1).lower()), m.group(2),
                           _port(m.group(3), m.group(4)))
        found.append(Mention(licence, m.start(),
                             m.end() if licence and licence.port else m.end(2)))
    for m in _CODES_THEN_CC.finditer(text) if named else ():
        found.append(Mention(_licence(re.split(r"[ -]", m.group(1).lower()), m.group(2)),
                             m.start(), m.end()))
    for m in _SHORT_NO_VERSION.finditer(text) if short else ():
        found.append(Mention(_licence(re.split(r"[ -]", m.group(1).lower()), ""),
                             m.start(), m.end()))
    for m in _DEED.finditer(text) if _has(lowered, "creativecommons.org/licenses/") else ():
        found.append(Mention(_licence(m.group(1).lower().split("-"), m.group(2),
                                      m.group(3) or ""), m.start(), m.end()))
    for m in _ZERO.finditer(text) if _has(lowered, "cc0", "publicdomain/zero") else ():
        found.append(Mention(Licence(("zero",), "1.0"), m.start(), m.end()))
    for m in _LONG.finditer(text) if named else ():
        found.append(Mention(_licence(_elements(m.group(1)), m.group(2),
                                      _port(m.group(3), m.group(4))), m.start(), m.end()))
    for m in _DEED_TITLE.finditer(text) if _has(lowered, "attribution") else ():
        found.append(Mention(_licence(_elements(m.group(1)), m.group(2)), m.start(), m.end()))
    return [mention for mention in found if mention.licence is not None]


def mentions(text: str) -> list[Mention]:
    """Every CC licence named in ``text``, in order: short names, long names,
    deed addresses, and "a Creative Commons license" (``licence`` None)
    where no specific mention covers the words."""
    lowered = text.lower()
    found = _specific(text, lowered)
    # Overlapping forms ("Creative Commons Attribution 4.0 International"
    # is also a deed title) give one mention, the longest.
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    starts = [k.start for k in kept]
    generic = []
    for m in _GENERIC.finditer(text) if "creative commons" in lowered else ():
        i = bisect_left(starts, m.end()) - 1  # the last specific one starting before its end
        if i < 0 or kept[i].end <= m.start():
            licence = _licence(_elements(m.group(1)), "") if m.group(1) else None
            generic.append(Mention(licence, m.start(), m.end()))
    return sorted(kept + generic, key=lambda mention: mention.start)


def parse(spdx: str) -> Licence | None:
    """The licence an id names: ``CC-BY-ND-4.0``, ``CC0-1.0``,
    ``LicenseRef-CC-BY-NC-ND-3.0-US`` or ``CC-BY-3.0-US``; None for any
    other id (a custom ``LicenseRef-...``)."""
    m = re.fullmatch(r"(?:LicenseRef-)?CC-(BY(?:-(?:NC|ND|SA)){0,2})-([1-4]\.[05])"
                     r"(?:-([A-Z]{2}|IGO))?", spdx.strip(), re.I)
    if m:
        licence = _licence(m.group(1).lower().split("-"), m.group(2), m.group(3) or "")
        if licence is not None and (licence.port or not m.group(3)):
            return licence
        return None
    if re.fullmatch(r"(?i)cc0(-1\.0)?", spdx.strip()):
        return Licence(("zero",), "1.0")
    return None


def spdx_id(text: str) -> str | None:
    """The licence a metadata value declares, as an id (see
    :attr:`Licence.spdx`), or None when it names no CC licence fully."""
    value = text.strip()
    licence = parse(value)
    if licence is not None:
        return licence.spdx
    found = [m for m in mentions(value) if m.spdx]
    return found[0].spdx if found else None


def same_licence(a: str, b: str) -> bool:
    """Whether two ids or names are one licence (``CC-BY-3.0-US`` is
    ``LicenseRef-CC-BY-3.0-US``; case aside)."""
    first, second = spdx_id(a), spdx_id(b)
    if first is None or second is None:
        return a.strip().lower() == b.strip().lower()
    return first.lower() == second.lower()


def deed(spdx: str) -> str:
    """The address of a CC licence's deed: ``creativecommons.org/licenses/by-nd/4.0/``."""
    licence = parse(spdx)
    if licence is None:
        raise ValueError(f"not a Creative Commons licence id: {spdx}")
    return licence.deed


def short_name(spdx: str) -> str:
    """``CC BY-ND 4.0``."""
    licence = parse(spdx)
    if licence is None:
        raise ValueError(f"not a Creative Commons licence id: {spdx}")
    return licence.short_name


_DEED_ADDRESS = re.compile(
    r"(?i)https?://(?:www\.)?creativecommons\.org/(?:licenses/([a-z-]+)/([1-4]\.[05])"
    r"(?:/([a-z]{2}|igo))?|publicdomain/zero/(1\.0))(?:/(?:legalcode(?:\.[a-z-]+)?|"
    r"deed(?:\.[a-z-]+)?)?)?/?(?:[?#].*)?")


def deed_of(address: str) -> Licence | None:
    """The licence whose deed (or legal code) ``address`` is: http or https,
    with or without a trailing slash, ``legalcode`` or ``deed.xx``."""
    m = _DEED_ADDRESS.fullmatch(address.strip())
    if m is None:
        return None
    if m.group(4):
        return Licence(("zero",), "1.0")
    return _licence(m.group(1).lower().split("-"), m.group(2), m.group(3) or "")
