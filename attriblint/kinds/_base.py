"""Helpers shared by the checks: building findings and testing links."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from ..document import Document, Link, Span
from ..findings import Finding
from ..identify import Applies
from ..rules import BuildContext, Requirement, Rule
from ..urls import host_of

if TYPE_CHECKING:
    from ..fixing.model import Fix


EXAMPLE_OPTION = {
    "description": "The words messages show for this requirement, instead of the template's "
                   "first reading.",
    "type": "string", "minLength": 1,
}


def possessive(name: str) -> str:
    """ "ProPublica's", "Global Voices'"."""
    return name + ("'" if name.endswith("s") else "'s")


def whose_work(applies: Applies) -> str:
    """How messages name the reposted work: "ProPublica's work", or for a
    licence rule (whose "publisher" is the licence) "the work"."""
    rule = applies.rule
    return "the work" if rule.detect_licences else f"{possessive(rule.publisher)} work"


def template_requirement(kind: str, item: dict, context: BuildContext) -> Requirement:
    """The requirement of a kind whose own key is a template (credit,
    copyright, byline), compiled with the item's ``example``."""
    template = context.template(item[kind], kind, example=item.get("example", ""))
    return Requirement(kind, "error", item, {kind: template})


def finding(document: Document, span: Span, code: str, kind: str, applies: Applies,
            severity: str, message: str, fix: "Fix | None" = None,
            fix_note: str = "") -> Finding:
    """A finding at ``span``, with the repair ``attriblint fix`` can make
    (see ``fixing/repairs.py``) or why it cannot make one."""
    start = document.position(span.start)
    end = document.position(max(span.end, span.start))
    return Finding(document.path, start.line, start.column, code, applies.rule.id, kind,
                   severity, message, end.line, end.column, fix, fix_note)


def owns(rule: Rule, source_url: str | None, host: str) -> bool:
    """``host`` is the publisher's; for a rule without domains (a licence
    rule), the site of the source the metadata names."""
    if rule.domains:
        return rule.owns(host)
    source = host_of(source_url or "").removeprefix("www.")
    return bool(source) and host.lower().removeprefix("www.") == source


def publisher_links(document: Document, rule: Rule, source_url: str | None = None) -> list[Link]:
    """Links to the publisher's domains (for a licence rule, to the site of
    the source the metadata names)."""
    if rule.domains:  # a domain is written in the address of every link on it
        return [l for l in document.links
                if any(domain in l.href.lower() for domain in rule.domains)
                and rule.owns(host_of(l.href))]
    return [l for l in document.links if owns(rule, source_url, host_of(l.href))]


# The kinds whose terms say "unless you have permission": their checks ask
# :func:`permitted` first.  A permission never waives the others (credit,
# link, copyright...): it is a reason to repost, not a credit.
WAIVABLE_KINDS = ("images", "window", "no-derivatives", "noncommercial")


def permitted(applies: Applies, kind: str) -> bool:
    """Whether a permission waives ``kind``'s requirements of the rule
    that applies: one recorded in the post's own metadata (``permission:
    "who, when"``: it covers the post, whatever the kind), or one the site's
    configuration records for this rule (``site.permissions``) whose kinds
    are all that a permission waives (none listed) or include ``kind``
    (one of :data:`WAIVABLE_KINDS`)."""
    if applies.permission:
        return True
    granted = applies.site.permission_for(applies.rule.id)
    return granted is not None and (not granted.kinds or kind in granted.kinds)


PERMISSION_HOW = """Record a permission you were given in the post's front matter
(permission: "email from J. Doe, 2024-03-02": who granted it, and when),
or, for every post under the rule, in the configuration's site.permissions
(propublica: {kinds: [images], note: "..."}; no kinds: every kind a
permission waives).  A permission waives the images, window,
no-derivatives and noncommercial requirements only, never the credit,
link or copyright ones."""


def why(applies: Applies) -> str:
    return f"{applies.rule.publisher} terms apply because {applies.reason}"


_NOT_NAME_WORDS = frozenset({"and", "prof", "dr", "mr", "mrs", "ms", "by", "phd", "jr", "sr"})
_PEOPLE_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b)\s*", re.IGNORECASE)


def people(text: str) -> list[list[str]]:
    """The people a name list names, each as lower-case ASCII words
    ("Dr. Ana Ruiz and Li Wei" gives [["ana", "ruiz"], ["li", "wei"]])."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    people = []
    for part in _PEOPLE_SEPARATORS.split(text):
        words = [w for w in re.findall(r"[a-z0-9]{2,}", part) if w not in _NOT_NAME_WORDS]
        if words:
            people.append(words)
    return people


def same_people(names: str, metadata: str) -> bool:
    """Whether two lists of names (a byline's or a copyright line's, and the
    metadata's) share a person: one's surname (last word) among the other's
    words, accents, initials and titles aside.  Unreadable names are given
    the benefit of the doubt."""
    ours, theirs = people(names), people(metadata)
    if not ours or not theirs:
        return True
    return any(a[-1] in b or b[-1] in a for a in ours for b in theirs)
