"""The noncommercial kind: terms for non-commercial sites only (AL921),
reported when the site's configuration says it is commercial."""

import contextlib
import inspect
import io
import json

import pytest

from attriblint.cli import main
from attriblint.identify import identify
from attriblint.kinds import kinds
from attriblint.kinds.noncommercial import describe
from attriblint.lint import Linter
from attriblint.readers import read_document
from attriblint.rules import RuleFileError, bundled_rules_dir, load_rule
from attriblint.settings import Permission, Settings, Site
from attriblint.source import decode

# Global Research: "grants permission to cross-post Global Research articles
# on community internet sites as long the source and copyright are
# acknowledged together with a hyperlink to the original Global Research
# article.  For publication ... including commercial internet sites, contact"
GLOBAL_RESEARCH = """\
id: globalresearch
publisher: Global Research
terms: https://www.globalresearch.ca/disclaimer
domains: [globalresearch.ca]
detect:
  source_domains: true
  phrases: ["(The )?original source of this article is {publisher}"]
requires:
  - credit: "(The )?original source of this article is {publisher}"
  - link: article
  - copyright: "Copyright © ({author}, )?{publisher}(, {year})?"
  - noncommercial: true
"""

# CC BY-NC 4.0: NonCommercial, "not primarily intended for or directed
# towards commercial advantage or monetary compensation".
CC_BY_NC = """\
id: cc-by-nc-4.0
publisher: Creative Commons Attribution-NonCommercial 4.0 International
terms: https://creativecommons.org/licenses/by-nc/4.0/legalcode
detect:
  licences: [CC-BY-NC-4.0]
requires:
  - noncommercial: true
    severity: warning
"""

GR_URL = "https://www.globalresearch.ca/grain-corridor-price-bread-north-africa/5827734"

GR_POST = f"""\
---
title: "The Grain Corridor and the Price of Bread in North Africa"
date: 2023-08-04
source_url: {GR_URL}
original_author: Karim Haddad
---

When the Black Sea grain arrangement lapsed in July, wheat futures in Chicago jumped by
more than eight percent in two days.

Egypt is the world's largest wheat importer, buying roughly twelve million tonnes a year.

The original source of this article is [Global Research]({GR_URL})

Copyright © Karim Haddad, Global Research, 2023
"""

GR_PAGE = f"""\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Grain and bread | Acme Foods blog</title></head>
<body><header><nav><a href="/">Acme Foods</a> <a href="/shop/">Shop</a></nav></header>
<main><article>
<h1>The Grain Corridor and the Price of Bread in North Africa</h1>
<p>When the Black Sea grain arrangement lapsed in July, wheat futures jumped.</p>
<p>Egypt is the world's largest wheat importer.</p>
<p>The original source of this article is <a href="{GR_URL}">Global Research</a></p>
<p>Copyright © Karim Haddad, Global Research, 2023</p>
</article></main>
<footer><p>© 2024 Acme Foods Ltd. All prices include VAT.</p></footer>
</body></html>
"""

PHOTO_ESSAY = """\
---
title: "Harbour lights"
source_url: https://www.flickr.com/photos/annaberg/53412345678/
original_author: Anna Berg
source_license: CC-BY-NC-4.0
---

"Harbour lights" by Anna Berg is licensed under CC BY-NC 4.0.

Fishing boats come in at dusk.
"""

COMMERCIAL = Settings(site=Site(name="Acme Foods blog", commercial=True))


def lint(tmp_path, rule_text, text, settings, kind="markdown", name="post.md"):
    """Findings of one rule for one post, read and identified with ``settings``."""
    rule_file = tmp_path / "rule.yaml"
    rule_file.write_text(rule_text, encoding="utf-8")
    rule = load_rule(rule_file)
    source = decode(text.encode("utf-8"), html=kind == "html")
    document = read_document(str(tmp_path / name), kind, source.text)
    applies = identify(document, rule, settings)
    if applies is None:
        return []
    checks = kinds()
    return sorted(f for requirement in rule.requirements
                  for f in checks[requirement.kind].check(document, requirement, applies))


def at(text, needle):
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def test_a_commercial_site_reposting_global_research_is_al921_at_the_source_field(tmp_path):
    (f,) = lint(tmp_path, GLOBAL_RESEARCH, GR_POST, COMMERCIAL)
    assert (f.code, f.kind, f.rule, f.severity) == ("AL921", "noncommercial", "globalresearch",
                                                    "error")
    assert (f.line, f.column) == at(GR_POST, "source_url:")
    assert "Global Research's terms allow reposting on non-commercial sites only" in f.message
    assert "configured as commercial (site.commercial: true" in f.message
    assert f.message.endswith("with no permission recorded")


@pytest.mark.parametrize("commercial", [False, None])
def test_a_site_not_said_to_be_commercial_gets_no_finding(tmp_path, commercial):
    settings = Settings(site=Site(name="Jane's blog", commercial=commercial))
    assert lint(tmp_path, GLOBAL_RESEARCH, GR_POST, settings) == []


def test_an_html_page_is_reported_at_its_credit_line(tmp_path):
    (f,) = lint(tmp_path, GLOBAL_RESEARCH, GR_PAGE, COMMERCIAL, kind="html", name="post.html")
    assert f.code == "AL921"
    assert (f.line, f.column) == at(GR_PAGE, "The original source of this article")


def test_a_licence_rule_names_the_licence_and_keeps_its_severity(tmp_path):
    (f,) = lint(tmp_path, CC_BY_NC, PHOTO_ESSAY, COMMERCIAL)
    assert (f.code, f.rule, f.severity) == ("AL921", "cc-by-nc-4.0", "warning")
    assert f.message.startswith("the work's licence (Creative Commons Attribution-"
                                "NonCommercial 4.0 International) allows reposting on "
                                "non-commercial sites only")
    assert (f.line, f.column) == at(PHOTO_ESSAY, "source_url:")


def test_trap_a_post_that_only_cites_global_research_is_not_a_repost(tmp_path):
    essay = ("---\ntitle: Why bread prices rose\n---\n\nAn essay on Global Research "
             f"([link]({GR_URL})) argued that the grain corridor kept prices down.\n")
    assert lint(tmp_path, GLOBAL_RESEARCH, essay, COMMERCIAL) == []


def test_a_recorded_permission_waives_it(tmp_path):
    granted = GR_POST.replace("original_author:", 'permission: "Email from Global Research\'s '
                              'publications desk, 2024-03-02"\noriginal_author:')
    assert lint(tmp_path, GLOBAL_RESEARCH, granted, COMMERCIAL) == []
    by_config = Settings(site=Site(commercial=True, permissions=(
        Permission("globalresearch", ("noncommercial",), "publications desk, 2024-03-02"),)))
    assert lint(tmp_path, GLOBAL_RESEARCH, GR_POST, by_config) == []


def test_the_rule_file_says_true_and_nothing_else(tmp_path):
    bad = tmp_path / "rule.yaml"
    bad.write_text(GLOBAL_RESEARCH.replace("noncommercial: true", "noncommercial: false"),
                   encoding="utf-8")
    with pytest.raises(RuleFileError):
        load_rule(bad)
    good = tmp_path / "good.yaml"
    good.write_text(GLOBAL_RESEARCH, encoding="utf-8")
    (requirement,) = [r for r in load_rule(good).requirements if r.kind == "noncommercial"]
    assert "non-commercial sites only" in describe(requirement)
    assert "site.commercial: true" in describe(requirement)


# Terms that grant reposting to non-commercial sites only: the NC licences
# (by their quoted names) and Global Research's "community internet sites".
NONCOMMERCIAL_RULES = ["cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nc-nd-4.0", "globalresearch",
                       "propublica", "the19th", "dialogueearth", "floodlight"]
# KFF Health News waives NC for news outlets "including for-profit news
# organizations"; the others' terms do not say non-commercial.
OTHER_RULES = ["kffhealthnews", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nd-4.0", "theconversation",
               "texastribune", "undark", "calmatters", "citydeskabq", "globalvoices"]


@pytest.mark.parametrize("rule_id", NONCOMMERCIAL_RULES + OTHER_RULES)
def test_the_bundled_rules_ask_for_it_where_their_terms_say_non_commercial(rule_id):
    rule = load_rule(bundled_rules_dir() / f"{rule_id}.yaml")
    has_it = any(r.kind == "noncommercial" for r in rule.requirements)
    assert has_it == (rule_id in NONCOMMERCIAL_RULES)


def test_through_the_linter_with_settings(tmp_path):
    if "settings" not in inspect.signature(Linter.from_rules).parameters:
        pytest.skip("Linter.from_rules does not take settings yet")
    rule_file = tmp_path / "rule.yaml"
    rule_file.write_text(GLOBAL_RESEARCH, encoding="utf-8")
    linter = Linter.from_rules([load_rule(rule_file)], settings=COMMERCIAL)
    findings = linter.lint_bytes(str(tmp_path / "post.md"), "markdown", GR_POST.encode())
    assert [f.code for f in findings] == ["AL921"]


def run_cli(tmp_path, config_text, post_text):
    """``attriblint --format json post.md`` in a blog whose .attriblint.yaml
    is ``config_text``, with the bundled rules: exit code and findings."""
    (tmp_path / ".attriblint.yaml").write_text(config_text, encoding="utf-8")
    post = tmp_path / "2023-08-04-grain-corridor.md"
    post.write_text(post_text, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--format", "json", str(post)])
    return code, json.loads(out.getvalue())["findings"]


def test_the_configuration_makes_a_bundled_rule_report_it(tmp_path):
    code, findings = run_cli(tmp_path, "site:\n  name: Acme Foods blog\n  commercial: true\n",
                             GR_POST)
    assert code == 1
    assert [(f["code"], f["rule"], f["kind"]) for f in findings] == \
        [("AL921", "globalresearch", "noncommercial")]
    assert (findings[0]["line"], findings[0]["column"]) == at(GR_POST, "source_url:")


def test_a_permission_in_the_configuration_waives_it(tmp_path):
    config = ("site:\n  commercial: true\n  permissions:\n    globalresearch:\n"
              "      kinds: [noncommercial]\n"
              "      note: \"email from the publications desk, 2024-03-02\"\n")
    assert run_cli(tmp_path, config, GR_POST) == (0, [])
    assert run_cli(tmp_path, "site:\n  commercial: false\n", GR_POST) == (0, [])
