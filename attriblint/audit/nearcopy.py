"""Near copies: pages that hold most of one of the publisher's articles.

A copy with every credit, link and copyright line stripped names nobody, so
nothing in it makes a rule apply; only its text gives it away.  Each
original article's prose becomes a set of word shingles (every run of
``SHINGLE_WORDS`` words, case, punctuation and invisible characters
ignored), less the publisher's template: shingles that many originals share
(notes, newsletter boxes, disclaimers), which a stripped copy leaves out.
A MinHash signature of each set (``rensa``) finds, through locality-
sensitive hashing (bands of two values), the originals that
may share shingles with a page; each candidate is then scored exactly.

The score is **containment**: the share of the original's shingles that
are in the page.  Unlike Jaccard similarity it does not fall when the page
adds a sidebar, comments or a second article around the copy.  A page is a
near copy of an original when it holds at least ``DEFAULT_THRESHOLD`` (0.6)
of it: a whole copy scores 0.7 to 1, a tenth of its words changed about
0.6, half the article 0.5, a two-paragraph excerpt about 0.25, a quoted
paragraph about 0.1 (``docs/audit.md`` gives the measurements; the tests
hold the line between them).

A page is looked up window by window (``WINDOW`` shingles, overlapping by
half), so that a copy inside a page many times its length is proposed as
surely as a copy on its own: the window that holds the copy has a Jaccard
similarity of 0.2 or more with any original of 80 shingles or more, and
bands of two values make such an original a candidate 99.4% of the time.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

SHINGLE_WORDS = 5
PERMUTATIONS = 256
SEED = 20261202
# A page is looked up in windows of this many shingles, each starting this
# many after the last: see NearCopyIndex.best.
WINDOW = 400
STEP = 200
DEFAULT_THRESHOLD = 0.6
# Shorter articles (once the template is gone) share too few shingles with
# anything to judge by.
MIN_SHINGLES = 36
# A shingle in this share of the originals (and in at least TEMPLATE_MIN of
# them) is the publisher's template, not an article's text.
TEMPLATE_SHARE = 0.05
TEMPLATE_MIN = 3

_WORD = re.compile(r"\w+")
# Invisible characters that split a word for ``\w`` but not for a reader:
# soft hyphen, zero-width space and joiners, word joiner, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Match:
    """A page's best-matching original, and the share of it the page holds."""

    url: str
    similarity: float


@dataclass(frozen=True)
class _Original:
    url: str
    signature: tuple[int, ...]
    shingles: frozenset[int]  # the CRC-32 of each of its own shingles (see _hashes)


@dataclass
class NearCopyIndex:
    """The signatures of a publisher's original articles.

    Plain data (tuples, dicts, frozensets of ints and strings): it pickles
    to a process pool's workers or a Dask cluster as it is.
    """

    threshold: float = DEFAULT_THRESHOLD
    originals: list[_Original] = field(default_factory=list)
    bands: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: Iterable[tuple[str, str]],
              threshold: float = DEFAULT_THRESHOLD) -> tuple["NearCopyIndex", int]:
        """An index of (address, text) articles, and how many were too
        short to index once the template shared by many of them (the
        publisher's notes, disclaimers, newsletter boxes) is left out.  An
        address given twice is indexed once."""
        texts = dict(articles)
        hashed = {url: _hashes(shingles_of(text)) for url, text in texts.items()}
        template = _template(hashed.values())
        index, too_short = cls(threshold), 0
        for url, text in texts.items():
            own = {shingle: number for shingle, number in hashed[url].items()
                   if number not in template}
            too_short += not index._add(url, own)
        return index, too_short

    def _add(self, url: str, shingles: dict[str, int]) -> bool:
        if len(shingles) < MIN_SHINGLES:
            return False
        signature = _signature(shingles)
        number = len(self.originals)
        self.originals.append(_Original(url, signature, frozenset(shingles.values())))
        for band in _bands(signature):
            self.bands.setdefault(band, []).append(number)
        return True

    def __len__(self) -> int:
        return len(self.originals)

    def best(self, text: str) -> Match | None:
        """The original the page holds most of, if it holds at least
        ``threshold`` of it; ties go to the original indexed first."""
        if not self.originals:
            return None
        sequence = shingle_sequence(text)
        if not sequence:
            return None
        candidates = {n for start in range(0, max(1, len(sequence) - WINDOW + STEP), STEP)
                      for band in _bands(_signature(set(sequence[start:start + WINDOW])))
                      for n in self.bands.get(band, ())}
        if not candidates:
            return None  # most pages: no hashing of every shingle
        shingles = set(sequence)
        hashes = frozenset(_hashes(shingles).values())
        best: Match | None = None
        for number in sorted(candidates):
            original = self.originals[number]
            score = len(original.shingles & hashes) / len(original.shingles)
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Match(original.url, round(score, 3))
        return best


def shingles_of(text: str) -> set[str]:
    """Every run of ``SHINGLE_WORDS`` words of ``text``, lower case."""
    return set(shingle_sequence(text))


def shingle_sequence(text: str) -> list[str]:
    """The runs of ``SHINGLE_WORDS`` words of ``text``, lower case, in order."""
    words = _WORD.findall(_INVISIBLE.sub("", text).lower())
    return [" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def _hashes(shingles: set[str]) -> dict[str, int]:
    """Each shingle's CRC-32: what the exact score compares (a 32-bit number
    takes a fraction of a string's memory, and collisions are too rare to
    move a score)."""
    return {shingle: zlib.crc32(shingle.encode("utf-8", "surrogatepass"))
            for shingle in shingles}


def _template(articles: Iterable[dict[str, int]]) -> frozenset[int]:
    """The shingles in at least TEMPLATE_SHARE of the articles (and at least
    TEMPLATE_MIN): what the publisher prints around every article."""
    articles = list(articles)
    least = max(TEMPLATE_MIN, math.ceil(TEMPLATE_SHARE * len(articles)))
    counts = Counter(number for shingles in articles for number in shingles.values())
    return frozenset(number for number, count in counts.items() if count >= least)


def _signature(shingles: Iterable[str]) -> tuple[int, ...]:
    from rensa import RMinHash

    minhash = RMinHash(PERMUTATIONS, SEED)
    minhash.update(list(shingles))  # a set's minimum does not depend on the order
    return tuple(minhash.digest())


def _bands(signature: tuple[int, ...]):
    """The signature's bands: its values two by two, each pair with its place."""
    return zip(itertools.count(), signature[0::2], signature[1::2])
