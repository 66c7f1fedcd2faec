"""``pixel``: the publisher's tracking pixel (an image or a script), kept.

Rule file::

    requires:
      - pixel:
          src: '^counter\\.theconversation\\.com/content/(\\d+)/count\\.gif'
          tags: [img]        # img, script or both (the default)
          id: article        # group 1 must be the original article's id

``src`` is an RE2 pattern searched in the address of every image and script
the post loads (Markdown images, ``<img>``, ``<script src>``), without its
scheme: ``counter.theconversation.com/content/194596/count.gif?distributor=x``.
With ``id: article``, the pattern's first group must equal the id of the
original article (the rule's ``article_urls`` group, else the digits that
end its address): a counter copied from another repost counts the wrong
article.  When the metadata names no original, any matching pixel passes.
"""

from __future__ import annotations

from typing import Iterator

from ..document import Document, Embed
from ..findings import Code, Finding
from ..identify import Applies
from ..rules import BuildContext, Requirement
from ..urls import article_id, pattern_in_words, without_scheme
from ._base import finding, possessive, why

KIND = "pixel"
SUMMARY = "the publisher's tracking pixel (image or script) is kept"
TAGS = ("img", "script")
OPTIONS = {
    "pixel": {
        "description": "The pixel the terms ask to keep: src, an RE2 pattern searched in the "
                       "address without its scheme (host, path, query); tags, the elements "
                       "that may load it (img, script; default both); id: article, the "
                       "pattern's first group must be the original article's id.",
        "type": "object",
        "additionalProperties": False,
        "required": ["src"],
        "properties": {
            "src": {"description": "RE2 pattern searched in the address without its scheme, "
                                   "e.g. '^pixel\\\\.propublica\\\\.org/pixel\\\\.js'.",
                    "type": "string", "minLength": 1},
            "tags": {"description": "Elements that may load the pixel (default: img and "
                                    "script; a Markdown image is an img).",
                     "type": "array", "minItems": 1, "uniqueItems": True,
                     "items": {"enum": list(TAGS)}},
            "id": {"description": "article: the pattern's first group must equal the original "
                                  "article's id.",
                   "enum": ["article"]},
        },
    },
    "example": {"description": "The pixel's address in words for messages, e.g. "
                               "'counter.theconversation.com/content/ID/count.gif'; by default "
                               "it is read from the pattern.",
                "type": "string", "minLength": 1},
}

CODES = (
    Code(
        "AL501", "pixel-missing", "The publisher's tracking pixel is missing",
        """Why it matters: some publishers let you republish only if you keep their
page-view counter, a 1x1 image or a small script that tells them how many
people read the article on your site ("You must use our page view counter
when republishing online" - The Conversation; "retain our pixel" - The 19th;
ProPublica's PixelPing tag).  Markdown converters and editors often drop it.

Fails (a repost of The Conversation's article 194596 without its counter):

    ---
    source_url: https://theconversation.com/why-rivers-run-dry-194596
    ---
    This article is republished from The Conversation ...

Passes (the counter, as an HTML tag or a Markdown image):

    ![The Conversation](https://counter.theconversation.com/content/194596/count.gif?distributor=republish-lightbox-basic)

How to fix: open the original article, use the publisher's "Republish"
button, and copy the <img> or <script> tag at the end of the code it gives
into your post, unchanged (in Markdown, paste the HTML tag as it is, or
write it as an image).  The finding points at what shows the post is a
repost; the message names the address the pixel loads.""",
        not_fixable="the pixel's exact address comes from the publisher's republish tool: copy it from there",
    ),
    Code(
        "AL502", "pixel-other-article", "The tracking pixel counts another article",
        """Why it matters: a counter such as The Conversation's carries the article's
id (counter.theconversation.com/content/194596/count.gif for the article
whose address ends in -194596).  A counter copied from another article, or
left over from a template, counts your readers for the wrong article, and
the one you republished gets none.

Fails:  source_url: https://theconversation.com/why-rivers-run-dry-194596
        ... <img src="https://counter.theconversation.com/content/113886/count.gif">
Passes: ... <img src="https://counter.theconversation.com/content/194596/count.gif">

How to fix: copy the pixel again from the "Republish" button of the article
you republished (or correct its id to the one ending the article's address).""",
        not_fixable="the pixel's address comes from the publisher's republish tool: copy it from there",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    spec = item[KIND]
    pattern = context.pattern(spec["src"], KIND, "src")
    if spec.get("id") == "article" and pattern.groups < 1:
        raise context.error("with id: article, src needs a group that captures the article's "
                            "id, as in 'content/(\\d+)/count\\.gif'", KIND, "src")
    return Requirement(KIND, "error", item, patterns={KIND: pattern})


def describe(requirement: Requirement) -> str:
    spec = requirement.value
    words = f"the tracking pixel ({_tags_in_words(requirement)} loading {_address(requirement)})"
    if spec.get("id") == "article":
        words += ", counting the original article's id"
    return words


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    pixels = [(embed, m) for embed in document.embeds
              if embed.tag in _tags(requirement) and embed.src
              and (m := requirement.patterns[KIND].search(without_scheme(embed.src)))]
    publisher = possessive(applies.rule.publisher)
    if not pixels:
        yield finding(document, applies.where, "AL501", KIND, applies, requirement.severity,
                      f"missing {publisher} tracking pixel: expected "
                      f"{_tags_in_words(requirement)} loading {_address(requirement)} "
                      f"({why(applies)})")
        return
    if requirement.value.get("id") != "article":
        return
    expected = article_id(applies.rule, applies.source_url)
    if expected is None or any(_same_id(m.group(1), expected) for _, m in pixels):
        return
    embed, m = pixels[0]
    yield finding(document, embed.source, "AL502", KIND, applies, requirement.severity,
                  f"{publisher} tracking pixel counts article {m.group(1)}, but the original "
                  f"article is {expected} ({applies.source_url})")


def is_pixel_of(requirement: Requirement, embed: Embed) -> bool:
    """Whether ``embed`` loads the address of the pixel ``requirement``
    asks for (whatever article it counts, and whatever element loads it:
    ProPublica's pixel.js written as a Markdown image is a broken pixel,
    not a photo).  The images kind leaves a publisher's own pixel be."""
    return bool(embed.src) and \
        requirement.patterns[KIND].search(without_scheme(embed.src)) is not None


def _tags(requirement: Requirement) -> tuple[str, ...]:
    return tuple(requirement.value.get("tags") or TAGS)


def _same_id(found: str | None, expected: str) -> bool:
    """Ids compare as numbers when both are ("0194596" is 194596)."""
    if found is None:
        return False
    if found.isdigit() and expected.isdigit():
        return int(found) == int(expected)
    return found == expected


def _tags_in_words(requirement: Requirement) -> str:
    tags = _tags(requirement)
    if set(tags) == {"img", "script"}:
        return "an <img> or <script>"
    return f"an <{tags[0]}>" if tags[0] == "img" else f"a <{tags[0]}>"


def _address(requirement: Requirement) -> str:
    """The pixel's address in words: the rule's ``example``, else the
    pattern read as an address when it is simple enough, else the pattern."""
    if requirement.options.get("example"):
        return str(requirement.options["example"])
    source = requirement.patterns[KIND].pattern
    return pattern_in_words(source) or f"an address matching /{source}/"
