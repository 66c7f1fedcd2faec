"""Permissions a site records (the post's ``permission:`` field, or the
configuration's ``site.permissions``) waive the requirements of the kinds
whose terms say "unless you have permission" (images, window,
no-derivatives, noncommercial), and only those."""

import pytest

from attriblint.identify import identify
from attriblint.kinds import kinds
from attriblint.kinds._base import WAIVABLE_KINDS, permitted
from attriblint.readers import read_document
from attriblint.rules import load_rule
from attriblint.settings import Fields, Permission, Settings, Site
from attriblint.source import decode

# ProPublica: CC BY-NC-ND ("Attribution-NonCommercial-NoDerivs"); "no
# edits except to reflect relative changes in time, location and editorial
# style"; "link to us"; no photographs without specific permission.
PROPUBLICA = """\
id: propublica
publisher: ProPublica
terms: https://www.propublica.org/steal-our-stories
domains: [propublica.org]
detect:
  source_domains: true
requires:
  - credit: "(This story was )?originally published by {publisher}"
  - link: article
  - images: {}
  - no-derivatives: {}
  - noncommercial: true
"""

# Undark: material "that first appeared at Undark within the last 90 days".
UNDARK = """\
id: undark
publisher: Undark
terms: https://undark.org/republishing-guidelines/
domains: [undark.org]
requires:
  - window: {max_days: 90}
"""

# Global Research: "the source and copyright are acknowledged".
GLOBAL_RESEARCH = """\
id: globalresearch
publisher: Global Research
terms: https://www.globalresearch.ca/disclaimer
domains: [globalresearch.ca]
requires:
  - copyright: "Copyright © ({author}, )?{publisher}(, {year})?"
"""

PP_URL = "https://www.propublica.org/article/nursing-homes-staffing-levels"

# A commercial site's repost that breaks every ProPublica requirement: no
# credit line, no link, a ProPublica photo, a new headline.
PP_POST = f"""\
---
title: "Why your nursing home can't keep its staff"
original_title: "Nursing Homes Are Short of Staff, and Residents Pay the Price"
source_url: {PP_URL}
{{permission}}---

Nursing homes across the country reported fewer aides per resident last year than at any
time since federal records began.

![An aide in a hallway](https://img.assets-d.propublica.org/v5/images/aide-hallway.jpg "Photo: Jane Doe/ProPublica")

Families say call buttons go unanswered for half an hour at night.
"""

UNDARK_POST = """\
---
title: Microplastics in clouds
source_url: https://undark.org/2024/01/10/microplastics-in-clouds/
original_date: 2024-01-10
date: 2024-05-09
{permission}---

Scientists flying through clouds over Japan found microplastics in every sample.
"""

GR_POST = """\
---
title: The Grain Corridor and the Price of Bread
source_url: https://www.globalresearch.ca/grain-corridor-price-bread/5827734
{permission}---

When the Black Sea grain arrangement lapsed in July, wheat futures jumped.

The original source of this article is Global Research.
"""

IN_FRONT_MATTER = 'permission: "Email from ProPublica\'s J. Doe, 2024-03-02"\n'
COMMERCIAL = Site(name="Acme Health blog", commercial=True)
EVERYTHING = ["AL101", "AL201", "AL801", "AL911", "AL921"]


def lint(tmp_path, rule_text, text, site=COMMERCIAL, fields=Fields()):
    """Codes of one rule's findings for one Markdown post."""
    rule_file = tmp_path / "rule.yaml"
    rule_file.write_text(rule_text, encoding="utf-8")
    rule = load_rule(rule_file)
    document = read_document(str(tmp_path / "post.md"), "markdown",
                             decode(text.encode("utf-8")).text)
    applies = identify(document, rule, Settings(fields=fields, site=site))
    assert applies is not None
    checks = kinds()
    return sorted(f.code for requirement in rule.requirements
                  for f in checks[requirement.kind].check(document, requirement, applies))


def with_permissions(*permissions):
    return Site(name="Acme Health blog", commercial=True, permissions=permissions)


def test_without_a_permission_every_requirement_is_reported(tmp_path):
    assert lint(tmp_path, PROPUBLICA, PP_POST.format(permission="")) == EVERYTHING


def test_a_permission_in_front_matter_waives_images_titles_and_commercial_use(tmp_path):
    post = PP_POST.format(permission=IN_FRONT_MATTER)
    assert lint(tmp_path, PROPUBLICA, post) == ["AL101", "AL201"]  # credit and link stay


def test_a_permission_in_front_matter_waives_the_window(tmp_path):
    assert lint(tmp_path, UNDARK, UNDARK_POST.format(permission="")) == ["AL902"]
    granted = UNDARK_POST.format(permission='repost_permission: "Undark editor, by email, '
                                            '2024-05-01"\n')
    assert lint(tmp_path, UNDARK, granted) == []


def test_a_permission_never_waives_the_copyright_line(tmp_path):
    post = GR_POST.format(permission='permission: "publications desk, 2024-03-02"\n')
    assert lint(tmp_path, GLOBAL_RESEARCH, post) == ["AL301"]
    site = with_permissions(Permission("globalresearch", (), "publications desk, 2024-03-02"))
    assert lint(tmp_path, GLOBAL_RESEARCH, GR_POST.format(permission=""), site) == ["AL301"]


def test_a_configured_permission_for_the_rule_waives_every_kind_it_can(tmp_path):
    site = with_permissions(Permission("propublica", (), "J. Doe, ProPublica, 2024-03-02"))
    assert lint(tmp_path, PROPUBLICA, PP_POST.format(permission=""), site) == ["AL101", "AL201"]


def test_a_configured_permission_for_another_rule_waives_nothing(tmp_path):
    site = with_permissions(Permission("undark", (), "Undark editor, 2024-05-01"))
    assert lint(tmp_path, PROPUBLICA, PP_POST.format(permission=""), site) == EVERYTHING


def test_a_configured_permission_for_images_waives_images_only(tmp_path):
    site = with_permissions(Permission("propublica", ("images",), "photo desk, 2024-03-02"))
    assert lint(tmp_path, PROPUBLICA, PP_POST.format(permission=""), site) == \
        ["AL101", "AL201", "AL911", "AL921"]


def test_the_configured_permission_field_is_read(tmp_path):
    post = PP_POST.format(permission='reuse_ok: "ProPublica, 2024-03-02"\n')
    assert lint(tmp_path, PROPUBLICA, post) == EVERYTHING  # not a permission field by default
    fields = Fields(permission=("reuseok",))
    assert lint(tmp_path, PROPUBLICA, post, fields=fields) == ["AL101", "AL201"]


@pytest.mark.parametrize("kinds_granted, kind, expected", [
    ((), "images", True), ((), "noncommercial", True),
    (("images",), "images", True), (("images",), "window", False),
    (("window", "no-derivatives"), "no-derivatives", True),
])
def test_permitted_reads_the_kinds_of_a_configured_permission(tmp_path, kinds_granted, kind,
                                                               expected):
    rule_file = tmp_path / "rule.yaml"
    rule_file.write_text(PROPUBLICA, encoding="utf-8")
    rule = load_rule(rule_file)
    document = read_document(str(tmp_path / "post.md"), "markdown", PP_POST.format(permission=""))
    site = with_permissions(Permission("propublica", kinds_granted, "J. Doe, 2024-03-02"))
    applies = identify(document, rule, Settings(site=site))
    assert permitted(applies, kind) is expected


def test_every_kind_that_a_permission_waives_says_how_to_record_one():
    assert set(WAIVABLE_KINDS) <= set(kinds())
    for kind in WAIVABLE_KINDS:
        for code in kinds()[kind].CODES:
            fix = code.doc[code.doc.index("How to fix"):]
            assert "permission:" in fix and "site.permissions" in fix, code.code
