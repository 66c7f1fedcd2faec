"""``images``: images the publisher's terms do not let you republish.

Rule file::

    requires:
      - images: {}                       # images hosted on the rule's domains
      - images:
          hosts: [images.theconversation.com, cdn.theconversation.com]
          credited: ["The Conversation", "©"]
          allowed: '/logos?/'            # addresses that are fine (a logo the terms ask for)
        severity: warning
      - images: {hosts: [], credited: ["©"]}                    # captions only
      - images: {credited: [], unless_credited: ["City Desk"]}  # photos only with that credit

Many terms cover the text only: ProPublica's photographs need permission,
The Conversation's "images, charts and graphics are NOT covered", Dialogue
Earth's "© Creator" multimedia "cannot be republished", Global Voices'
photos from other creators "may not always be available on the same terms"
(a warning fits a "may").  An image is a finding when it is hosted on
``hosts`` (default: the rule's domains and their subdomains; ``hosts: []``
for none, when the terms exclude images by their credit only) or when its
caption (``Embed.caption``: a figcaption, a Markdown image's title, or the
short text sharing its paragraph) credits one of the ``credited`` words
(default: the publisher's names; ``©`` also matches "(c)" and "Copyright";
``credited: []`` turns the caption test off).  A caption credits a word
that follows a credit cue ("Photo", "Image", "Credit", "Courtesy", "©",
"/", "("): "Jane Doe/ProPublica" credits ProPublica, "Protesters outside
ProPublica's office" does not.

Never a finding: tracking pixels (1x1 or 0x0 images, and the rule's own
``pixel``), logos (an address or alt text saying "logo": terms such as The
Conversation's ask for their logo), addresses matching ``allowed``, images
whose caption credits one of the ``unless_credited`` words (City Desk ABQ
allows its photos only "if the credit line includes City Desk"), and
images outside the article's blocks (a sidebar of an HTML page).  Nor any
image when a permission is recorded (the post's ``permission:`` field, or
the configuration's ``site.permissions``; see ``_base.permitted``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable, Iterator

from ..document import Document, Embed
from ..findings import Code, Finding
from ..identify import Applies
from ..rules import BuildContext, Requirement, Rule
from ..ruleschema import HOST
from ..urls import host_of, without_scheme
from ._base import PERMISSION_HOW, finding, permitted, possessive
from .pixel import is_pixel_of

KIND = "images"
SUMMARY = "images the terms do not cover (the publisher's photos, credited or © images)"
OPTIONS = {
    "images": {
        "description": "Images the terms do not let you republish: those hosted on hosts "
                       "(default: the rule's domains and their subdomains), or whose caption "
                       "holds one of the credited words (default: the publisher's names; "
                       "© also matches (c) and Copyright). allowed: an RE2 pattern of "
                       "addresses that are fine, searched without the scheme.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "hosts": {"description": "Hosts whose images are not covered; their subdomains "
                                     "too. [] for none: only captions are checked.",
                      "type": "array", "maxItems": 64,
                      "items": {"type": "string", "pattern": HOST}},
            "credited": {"description": "Caption words that mark an image as not covered "
                                        "(e.g. the publisher's name, ©); [] for none.",
                         "type": "array", "maxItems": 64,
                         "items": {"type": "string", "minLength": 1, "maxLength": 200}},
            "unless_credited": {"description": "Caption words that make an image fine "
                                               "(terms that allow their photos only with a "
                                               "credit, e.g. ['City Desk']): an image whose "
                                               "caption credits one of them is no finding.",
                                "type": "array", "minItems": 1, "maxItems": 64,
                                "items": {"type": "string", "minLength": 1,
                                          "maxLength": 200}},
            "allowed": {"description": "RE2 pattern searched in an image's address without "
                                       "its scheme: matching images are fine.",
                        "type": "string", "minLength": 1},
        },
    },
}

CODES = (
    Code(
        "AL801", "image-not-covered", "An image the publisher's terms do not cover",
        """Why it matters: a licence to republish an article often covers its text
only.  ProPublica: no photographs without permission; The Conversation:
"images, charts and graphics are NOT covered"; Dialogue Earth: multimedia
credited "© Creator" "cannot be republished"; Global Voices: photos from
other creators "may not always be available on the same terms".  Copying
the article's HTML copies its photos too, and the photographer's rights
are not the publisher's to give.

Fails (a photo served from The Conversation's image host, or captioned as
someone's copyright):

    ![Dry riverbed](https://images.theconversation.com/files/512345/original/river.jpg)

    <figure><img src="/img/river.jpg"><figcaption>Image © Jane Doe</figcaption></figure>

Passes: the article without those images, an image of your own or one you
have a licence for, the publisher's tracking pixel and logo.

How to fix: remove the image, or replace it with one you may use (your
own, or one under a licence that allows it), or get the rights holder's
permission, keep its credit and record the permission.  A rule author
whose terms allow some images lists their addresses under the
requirement's allowed: option.
""" + PERMISSION_HOW,
        not_fixable="remove the image, or record the permission you were given",
    ),
)


def build(item: dict, context: BuildContext) -> Requirement:
    spec = item[KIND]
    if spec.get("hosts") == [] and spec.get("credited") in ([], None):
        raise context.error("with hosts: [], give the caption words that mark an image as "
                            "not covered in credited (e.g. ['©']): otherwise nothing is "
                            "checked", KIND)
    patterns = {}
    if "allowed" in spec:
        patterns["allowed"] = context.pattern(spec["allowed"], KIND, "allowed")
    return Requirement(KIND, "error", item, patterns=patterns)


def describe(requirement: Requirement) -> str:
    spec = requirement.value
    which = []
    if spec.get("hosts") != []:
        hosts = ", ".join(spec["hosts"]) if spec.get("hosts") else "the publisher's domains"
        which.append(f"hosted on {hosts}")
    credited = spec.get("credited")
    if credited is None:
        which.append("credited to the publisher")
    elif credited:
        which.append("credited " + " / ".join(f'"{w}"' for w in credited))
    words = "no images " + " or ".join(which)
    if spec.get("unless_credited"):
        words += ", unless their caption credits " + " or ".join(
            f'"{w}"' for w in spec["unless_credited"])
    return words


def check(document: Document, requirement: Requirement, applies: Applies) -> Iterator[Finding]:
    if permitted(applies, KIND):
        return
    rule = applies.rule
    spec = requirement.value
    credited = _credit_pattern(spec.get("credited", rule.names))
    asked_credit = _credit_pattern(spec.get("unless_credited", ()))
    in_article = _article_test(document)
    for embed in document.embeds:
        if not (_an_image_to_judge(requirement, rule, embed) and in_article(embed)):
            continue
        if asked_credit and _credit_in(embed.caption, asked_credit):
            continue  # the credit the terms ask for
        host = host_of(embed.src)
        if host and _hosted_there(spec, rule, host):
            yield finding(document, embed.source, "AL801", KIND, applies, requirement.severity,
                          f"image hosted on {host}: {_not_covered(rule, spec)}")
            continue
        credit = _credit_in(embed.caption, credited) if credited else None
        if credit:
            yield finding(document, embed.source, "AL801", KIND, applies, requirement.severity,
                          f'image credited "{_shorten(embed.caption)}": '
                          f'{possessive(rule.publisher)} terms do not cover images credited "{credit.group(0)}"; remove it '
                          f"or get permission")


def _not_covered(rule: Rule, spec: dict) -> str:
    """What the terms say of an image hosted on the publisher's site."""
    terms = f"{possessive(rule.publisher)} terms"
    if spec.get("unless_credited"):
        words = " or ".join(f'"{w}"' for w in spec["unless_credited"])
        return (f"{terms} allow its images only with a credit naming {words}; add the "
                f"original credit, or remove the image")
    return f"{terms} do not cover its images; remove it or get permission"


def _an_image_to_judge(requirement: Requirement, rule: Rule, embed: Embed) -> bool:
    """An image, not a pixel, a logo or an allowed address."""
    if embed.tag != "img" or not embed.src or embed.is_tracking_pixel or _is_logo(embed):
        return False
    if any(is_pixel_of(r, embed) for r in rule.requirements if r.kind == "pixel"):
        return False
    allowed = requirement.patterns.get("allowed")
    return allowed is None or not allowed.search(without_scheme(embed.src))


def _hosted_there(spec: dict, rule: Rule, host: str) -> bool:
    """Whether ``host`` is one whose images are not covered: the given
    hosts (none for ``hosts: []``), by default the rule's domains."""
    hosts = spec.get("hosts")
    if hosts is None:
        return rule.owns(host)
    host = host.rstrip(".")
    return any(host == h or host.endswith("." + h) for h in hosts)


_LOGO = re.compile(r"logo", re.IGNORECASE)


def _is_logo(embed: Embed) -> bool:
    """An image whose address or alt text says it is a logo."""
    return bool(_LOGO.search(without_scheme(embed.src)) or _LOGO.search(embed.attr("alt") or ""))


def _article_test(document: Document) -> Callable[[Embed], bool]:
    """Whether an embed stands in one of the article's blocks (an HTML
    page's sidebar and footer are not the article).  A document without
    blocks gives the benefit of the doubt to the article."""
    blocks = document.blocks
    starts = [block.source.start for block in blocks]

    def in_article(embed: Embed) -> bool:
        if not blocks:
            return True
        i = bisect_right(starts, embed.source.start) - 1
        return i >= 0 and embed.source.start < blocks[i].source.end
    return in_article


def _credit_pattern(words) -> re.Pattern[str] | None:
    """One pattern for the credited words, whole words where they begin or
    end with a letter; "©" also matches "(c)", "&copy;" and "Copyright"."""
    parts = []
    for word in words:
        if word.strip() == "©":
            parts.append(r"©|\(c\)|&copy;|\bcopyright\b")
            continue
        escaped = r"\s+".join(map(re.escape, word.split()))
        if not escaped:
            continue
        parts.append((r"\b" if word.strip()[0].isalnum() else "") + escaped
                     + (r"\b" if word.strip()[-1].isalnum() else ""))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


# What begins a credit in a caption: "Photo: Jane Doe/ProPublica", "Image ©
# Creator", "(Jane Doe for The Conversation)", "Courtesy of ProPublica".
_CREDIT_CUE = re.compile(
    r"©|\(c\)|&copy;|\bcopyright\b|/|\(|\b(?:photo(?:graph)?s?|images?|pictures?|"
    r"illustrations?|graphics?|charts?|maps?|videos?|credits?|courtesy|source)\b",
    re.IGNORECASE)


def _credit_in(caption: str, credited: re.Pattern[str]) -> re.Match[str] | None:
    """A credited word in the credit part of ``caption``: after a cue such
    as "Photo", "©", "/" or "(", or words that carry their own cue ("AP
    Photo" in "AP Photo/Rich Pedroncelli").  A caption that only mentions
    the publisher ("Protesters outside ProPublica's office") credits no one."""
    cue = _CREDIT_CUE.search(caption)
    for match in credited.finditer(caption):
        if (cue and match.start() >= cue.start()) or _CREDIT_CUE.search(match.group(0)):
            return match
    return None


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."
