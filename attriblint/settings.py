"""What a repository says about itself, as plain data: which metadata keys
hold what, who the site is, which findings it wants and how loud.

``attriblint/config.py`` reads these from ``.attriblint.yaml`` or
``pyproject.toml``; the linter and ``identify`` only ever see these values,
so tests and other drivers can build them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def normal_key(name: object) -> str:
    """A metadata key as fields are compared: case, ``_``, ``-`` and ``:``
    ignored (``source_url``, ``sourceURL`` and ``source-url`` are one)."""
    return "".join(ch for ch in str(name) if ch not in "_-:").lower()


@dataclass(frozen=True)
class Fields:
    """Which front-matter keys hold what, in order of preference (normalised
    with :func:`normal_key`).  The defaults cover Jekyll, Hugo (and its
    ``params``), Eleventy and Astro themes, dev.to, Hexo, Zola and Medium."""

    # The original of a repost.  Canonical fields count for publisher rules
    # (a repost's canonical address is the original); see CANONICAL below.
    source_url: tuple[str, ...] = (
        "sourceurl", "originalurl", "canonicalurl", "canonical", "canonicallink", "source",
        "original", "originalsource", "sourcelink", "originallink", "repostof",
        "syndicationsource", "ogurl",
    )
    original_author: tuple[str, ...] = ("originalauthor", "sourceauthor")
    original_date: tuple[str, ...] = (
        "originaldate", "sourcedate", "originallypublished", "firstpublished",
        "originalpublished", "originalpublicationdate",
    )
    # The reposted work's licence (a plain ``license`` key counts only beside
    # the work's author: it is usually the blog's own licence).
    licence: tuple[str, ...] = ("sourcelicense", "sourcelicence", "originallicense",
                                "originallicence")
    # A permission the publisher granted for this post (who, when).
    permission: tuple[str, ...] = ("permission", "repostpermission", "reprintpermission")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return ("source_url", "original_author", "original_date", "licence", "permission")


# Keys that declare the reposted work's licence only beside its author
# (``original_author``): alone, they are usually the blog's own licence.
LICENCE_FIELDS = ("license", "licence")

# Source fields that are canonical addresses: a blogger cross-posting their
# own article points them home, so they never make a licence rule apply.
CANONICAL = frozenset({"canonicalurl", "canonical", "canonicallink", "ogurl"})


@dataclass(frozen=True)
class Permission:
    """A publisher's permission the site recorded: it waives the requirements
    of ``kinds`` (all that a permission can waive when empty) of ``rule``."""

    rule: str
    kinds: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Site:
    """The blog itself."""

    name: str | None = None  # like its authors: an author: naming the site is its own
    authors: tuple[str, ...] = ()  # its own authors: never compared with the original's
    commercial: bool | None = None  # None: not said
    permissions: tuple[Permission, ...] = ()

    def is_own_author(self, name: str) -> bool:
        """Whether ``name`` is one of the site's own authors, or the site
        itself (case and spacing ignored)."""
        wanted = " ".join(name.split()).casefold()
        own = (*self.authors, self.name) if self.name else self.authors
        return any(" ".join(author.split()).casefold() == wanted for author in own)

    def permission_for(self, rule: str) -> Permission | None:
        return next((p for p in self.permissions if p.rule == rule), None)


@dataclass(frozen=True)
class Settings:
    """Everything a linter needs besides the rules."""

    fields: Fields = field(default_factory=Fields)
    site: Site = field(default_factory=Site)
    severity: Mapping[str, str] = field(default_factory=dict)  # code -> error | warning | off
    select: tuple[str, ...] | None = None  # codes or kind names; None: all
    ignore: tuple[str, ...] = ()  # codes or kind names
    # (gitwildmatch pattern relative to ``root``, codes or kind names)
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: str = "."
