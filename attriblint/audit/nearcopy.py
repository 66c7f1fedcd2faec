"""Near copies: pages that hold most of one of the publisher's articles.

A copy with every credit, link and copyright line stripped names nobody, so
nothing in it makes a rule apply; only its text gives it away.  Each
original article's prose becomes a set of word shingles (every run of
``SHINGLE_WORDS`` words, case and punctuation ignored) and a MinHash
signature of that set (``rensa``); a page's signature finds the originals
that may share shingles with it through locality-sensitive hashing (bands of
``ROWS_PER_BAND`` signature values), and each candidate is scored.

The score is **containment**: the share of the original's shingles that
are in the page, estimated from the MinHash Jaccard estimate J and both
sets' sizes (``|A ∩ B| = J (|A| + |B|) / (1 + J)``).  Containment, unlike
Jaccard, does not fall when the page adds a sidebar, comments or a second
article around the copy.  ``DEFAULT_THRESHOLD``: a page is a near copy of an
original when at least 0.6 of the original's shingles are in it.  Measured
on a 416-word article: a whole copy scores 1.0 (inside a page three times
its length too), one paragraph in eight rewritten 0.86, a twentieth of the
words changed 0.79, a tenth 0.60; half the article 0.51, a two-paragraph
excerpt 0.24, a quoted paragraph 0.12 (``docs/audit.md``; the tests hold
the line between them).

Bands of two values make an original with Jaccard 0.2 (a whole copy in a
page five times its length) a candidate 99.4% of the time, at the price of
more candidates to score, which is cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SHINGLE_WORDS = 5
PERMUTATIONS = 256
ROWS_PER_BAND = 2
SEED = 20261202
DEFAULT_THRESHOLD = 0.6
# Shorter articles share too few shingles with anything to judge by.
MIN_WORDS = 40

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    """A page's best-matching original, and the share of it the page holds."""

    url: str
    similarity: float


@dataclass(frozen=True)
class _Original:
    url: str
    signature: tuple[int, ...]
    shingles: int


@dataclass
class NearCopyIndex:
    """The signatures of a publisher's original articles.

    Plain data (tuples and dicts of ints and strings): it pickles to a
    process pool's workers or a Dask cluster as it is.
    """

    threshold: float = DEFAULT_THRESHOLD
    originals: list[_Original] = field(default_factory=list)
    bands: dict[tuple[int, tuple[int, ...]], list[int]] = field(default_factory=dict)

    def add(self, url: str, text: str) -> bool:
        """Index an original; False (and not indexed) when it is too short."""
        shingles = shingles_of(text)
        if len(shingles) < MIN_WORDS - SHINGLE_WORDS + 1:
            return False
        signature = _signature(shingles)
        number = len(self.originals)
        self.originals.append(_Original(url, signature, len(shingles)))
        for band in _bands(signature):
            self.bands.setdefault(band, []).append(number)
        return True

    def __len__(self) -> int:
        return len(self.originals)

    def best(self, text: str) -> Match | None:
        """The original the page holds most of, if it holds at least
        ``threshold`` of it; ties go to the original indexed first."""
        shingles = shingles_of(text)
        if not shingles or not self.originals:
            return None
        signature = _signature(shingles)
        candidates = sorted({n for band in _bands(signature) for n in self.bands.get(band, ())})
        best: Match | None = None
        for number in candidates:
            original = self.originals[number]
            score = containment(signature, len(shingles), original.signature, original.shingles)
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Match(original.url, round(score, 3))
        return best


def shingles_of(text: str) -> set[str]:
    """Every run of ``SHINGLE_WORDS`` words of ``text``, lower case."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + SHINGLE_WORDS])
            for i in range(len(words) - SHINGLE_WORDS + 1)}


def containment(page: tuple[int, ...], page_size: int,
                original: tuple[int, ...], original_size: int) -> float:
    """The estimated share of the original's shingles that are in the page."""
    same = sum(1 for a, b in zip(page, original) if a == b)
    jaccard = same / len(page)
    common = jaccard * (page_size + original_size) / (1 + jaccard)
    return min(1.0, common / original_size)


def _signature(shingles: set[str]) -> tuple[int, ...]:
    from rensa import RMinHash

    minhash = RMinHash(PERMUTATIONS, SEED)
    minhash.update(list(shingles))  # a set's minimum does not depend on the order
    return tuple(minhash.digest())


def _bands(signature: tuple[int, ...]):
    for start in range(0, len(signature), ROWS_PER_BAND):
        yield start, signature[start:start + ROWS_PER_BAND]
