"""``window``: how long after the original a repost may (or must) appear.

Rule file::

    requires:
      - window: {max_days: 90}   # Undark: "first appeared at Undark within the last 90 days"
      - window: {min_days: 2}    # Dialogue Earth asks for a delay of at least two days
        severity: warning

The days counted are those from the original's publication date
(``original_date``, ``source_date``, ``originally_published``...) to the
post's own date (``date``, ``published``..., or a Jekyll file name's
``2024-05-09-``).  The post's date, not today's: a term such as "remove it
after 90 days" cannot be checked from the post.  When either date is
unknown there is no finding, nor when a permission is recorded (the
post's ``permission:`` field, or the configuration's ``site.permissions``;
see ``_base.permitted``).
"""

from __future__ import annotations

from typing import Iterator

from ..document import Document, Span
from ..findings import Code, Finding
from ..identify import DATE_FIELDS, Applies, field_span, fields
from ..rules import BuildContext, Requirement
from ._base import PERMISSION_HOW, finding, permitted

KIND = "window"
SUMMARY = "the repost is dated within the days the terms allow after the original"
_DAYS = {"type": "integer", "minimum": 0, "maximum": 36500}
OPTIONS = {
    "window": {
        "description": "The days allowed between the original's publication date and the "
                       "post's date: min_days (at least), max_days (at most), or both.",
        "type": "object", "additionalProperties": False, "minProperties": 1,
        "properties": {
            "min_days": {**_DAYS, "description": "The post is dated at least this many days "
                                                 "after the original."},
            "max_days": {**_DAYS, "description": "The post is dated at most this many days "
                                                 "after the original."},
        },
    },
}

_DATES = """Which dates: the original's publication date from the metadata
(original_date, source_date, originally_published, first_published...)
and the post's own date (date, published, pubdate, an HTML page's
article:published_time, or a Jekyll file name such as
2024-05-09-title.md).  When either is unknown there is no finding: add
original_date to the front matter to have the window checked.  The post's
date is compared, not today's, so "remove it after 90 days" is not checked."""

CODES = (
    Code(
        "AL901", "window-too-early", "Reposted sooner after the original than the terms allow",
        """Why it matters: some publishers want their story to run first on their own
site for a while.  Dialogue Earth: "we request that you delay republication
by at least two days after the original publication date" (a request, so
its rule may say `severity: warning`).  Asked for with
`window: {min_days: N}`.

""" + _DATES + """

Fails (rule: `window: {min_days: 2}`):

    original_date: 2024-05-08
    date: 2024-05-09

Passes:

    original_date: 2024-05-08
    date: 2024-05-10

How to fix: publish the repost later (and date it so), or correct a
wrong date in the front matter, or get the publisher's permission to
repost sooner and record it.  The finding points at the post's date.
""" + PERMISSION_HOW,
        not_fixable="the dates decide: nothing to write",
    ),
    Code(
        "AL902", "window-too-late", "Reposted later after the original than the terms allow",
        """Why it matters: some publishers license only recent stories.  Undark
covers material "that first appeared at Undark within the last 90 days";
older pieces need the author's permission.  City Desk ABQ likewise allows
90 days.  Asked for with `window: {max_days: N}`.

""" + _DATES + """

Fails (rule: `window: {max_days: 90}`):

    original_date: 2024-01-10
    date: 2024-05-09

Passes:

    original_date: 2024-03-01
    date: 2024-05-09

How to fix: ask the publisher (or the author) for permission and record
it, or link to the original instead of reposting it; correct a wrong date
in the front matter.  The finding points at the post's date.
""" + PERMISSION_HOW,
        not_fixable="the dates decide: nothing to write",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    window = item[KIND]
    low, high = window.get("min_days"), window.get("max_days")
    if low is not None and high is not None and low > high:
        raise context.error(f"min_days ({low}) is more than max_days ({high})", KIND)
    return Requirement(KIND, "error", item)


def describe(requirement: Requirement) -> str:
    low, high = requirement.value.get("min_days"), requirement.value.get("max_days")
    parts = []
    if low is not None:
        parts.append(f"at least {_days(low)} after the original")
    if high is not None:
        parts.append(f"at most {_days(high)} after the original")
    return "a repost dated " + " and ".join(parts)


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    if applies.original_date is None or applies.post_date is None or permitted(applies, KIND):
        return
    days = (applies.post_date - applies.original_date).days
    low, high = requirement.value.get("min_days"), requirement.value.get("max_days")
    dates = f"{applies.original_date.isoformat()} to {applies.post_date.isoformat()}"
    publisher = applies.rule.publisher
    if low is not None and days < low:
        when = f"{_days(-days)} before" if days < 0 else f"{_days(days)} after"
        yield finding(document, _post_date_span(document, applies), "AL901", KIND, applies,
                      requirement.severity,
                      f"reposted {when} the original ({dates}); {publisher} asks for at "
                      f"least {_days(low)}")
    if high is not None and days > high:
        yield finding(document, _post_date_span(document, applies), "AL902", KIND, applies,
                      requirement.severity,
                      f"reposted {_days(days)} after the original ({dates}); {publisher} "
                      f"allows at most {_days(high)}")


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _post_date_span(document: Document, applies: Applies) -> Span:
    """The post's date field; where the rule applies when the date comes
    from the file name."""
    meta = fields(document.meta)
    for normal in DATE_FIELDS:
        name, value = meta.get(normal, ("", None))
        if value is not None:
            return field_span(document, name, applies.where)
    return applies.where

