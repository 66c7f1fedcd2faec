"""``attriblint rules``, ``rules show`` and ``rules test``: rule authors'
tools, used without Python."""

from __future__ import annotations

import contextlib
import io
import json
import textwrap
from pathlib import Path

import pytest

from attriblint.cli import main
from attriblint.findings import Finding
from attriblint.kinds import kind_of_code
from attriblint.rules import bundled_rules_dir, load_rule, rule_files
from attriblint.ruletest import Expected, compare, parse_expected

BUNDLED = rule_files([str(bundled_rules_dir())])

# A ProPublica-style rule: the credit's words link to the original article.
CITYDESK = """\
id: citydesk
publisher: City Desk ABQ
terms: https://citydesk.org/republish/
licence: CC-BY-ND-4.0
domains: [citydesk.org]
article_urls: ['/\\d{4}/\\d\\d/[a-z0-9-]+/?$']
detect:
  source_domains: true
  phrases:
    - "This story was originally published by {publisher}"
notes: >-
  Stories may be republished in print or online for free; they may not be
  sold.
requires:
  - credit: "This story was originally published by [{publisher}]({article_url})"
  - link: article
    severity: warning
"""

CREDITED = """\
      ---
      title: Water rights
      source_url: https://citydesk.org/2024/03/water-rights/
      ---
      The river is low this year.

      This story was originally published by [City Desk ABQ](https://citydesk.org/2024/03/water-rights/).
"""

# The credit's words are plain text (AL102 at 7:40) and nothing links to
# the article (AL201, a warning, at the source_url field, 3:1).
UNLINKED = """\
      ---
      title: Water rights
      source_url: https://citydesk.org/2024/03/water-rights/
      ---
      The river is low this year.

      This story was originally published by City Desk ABQ.
"""

OTHER_PRESS = """\
id: otherpress
publisher: Other Press
terms: https://otherpress.example/terms/
domains: [otherpress.example]
detect:
  source_domains: false
  phrases:
    - "Reposted from {publisher}"
requires:
  - link: homepage
"""


def inline(name: str, post: str, findings: list[str], fmt: str = "") -> str:
    """An inline example entry of a rule file's ``examples`` list."""
    lines = [f"  - name: {name}"]
    if fmt:
        lines.append(f"    format: {fmt}")
    lines.append("    post: |-")
    lines.append(textwrap.indent(textwrap.dedent(post).rstrip("\n"), "      "))
    lines.append(f"    findings: {json.dumps(findings)}")
    return "\n".join(lines) + "\n"


def write_rule(folder: Path, examples: str, text: str = CITYDESK, name: str = "citydesk") -> Path:
    """A rule file ``name.yaml`` of ``text`` and, if any, ``examples`` entries."""
    path = folder / f"{name}.yaml"
    path.write_text(text + ("examples:\n" + examples if examples else ""), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


# -- rules test ----------------------------------------------------------
def test_examples_with_their_exact_findings_pass(tmp_path, capsys):
    rule = write_rule(tmp_path, inline("credited and linked", CREDITED, [])
                      + inline("credit not linked", UNLINKED, ["AL102 7:40", "AL201"]))
    code, out, err = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert (code, out, err) == (0, ["2 examples of 1 rule passed."], "")


def test_a_wrong_code_fails_naming_the_example_and_both_lists(tmp_path, capsys):
    rule = write_rule(tmp_path, inline("credited and linked", CREDITED, [])
                      + inline("credit not linked", UNLINKED, ["AL101", "AL201"]))
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert code == 1
    line = rule.read_text(encoding="utf-8").splitlines().index("  - name: credit not linked") + 1
    assert out == [
        f"{rule}:{line}:1: example 'credit not linked' of {rule} failed: "
        f"expected AL101, AL201; got AL201 3:1, AL102 7:40",
        "1 of 2 examples of 1 rule passed.",
    ]


def test_a_wrong_position_fails_and_positions_count_in_the_inline_post(tmp_path, capsys):
    rule = write_rule(tmp_path, inline("credit not linked", UNLINKED, ["AL102 8:40", "AL201 3:1"]))
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert code == 1
    assert out[0].endswith("expected AL102 8:40, AL201 3:1; got AL201 3:1, AL102 7:40")


def test_a_finding_the_example_does_not_list_fails(tmp_path, capsys):
    rule = write_rule(tmp_path, inline("credit not linked", UNLINKED, ["AL102"]))
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert code == 1
    assert out[0].endswith("expected AL102; got AL201 3:1, AL102 7:40")


def test_another_rules_findings_are_written_with_its_id(tmp_path, capsys):
    other = write_rule(tmp_path, "", OTHER_PRESS, "otherpress")
    both = CREDITED + "      \n      Reposted from Other Press.\n"
    listed = write_rule(tmp_path, inline("two publishers", both, ["otherpress:AL201"]))
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", "--rules", str(other),
                       str(listed))
    assert (code, out) == (0, ["1 example of 1 rule passed."])

    unlisted = write_rule(tmp_path, inline("two publishers", both, []))
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", "--rules", str(other),
                       str(unlisted))
    assert code == 1
    assert out[0].endswith("expected none; got otherpress:AL201 9:1")


def test_without_files_every_rule_in_force_is_tested(tmp_path, capsys):
    folder = tmp_path / "rules"
    folder.mkdir()
    write_rule(folder, inline("reposted", "Reposted from Other Press.\n", ["AL201 1:1"]),
               OTHER_PRESS, "otherpress")
    write_rule(folder, inline("credited and linked", CREDITED, []))
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", "--rules", str(folder))
    assert (code, out) == (0, ["2 examples of 2 rules passed."])


def test_file_examples_are_relative_to_the_rule_file_and_named_in_failures(tmp_path, capsys):
    examples = tmp_path / "examples" / "citydesk"
    examples.mkdir(parents=True)
    (examples / "compliant.html").write_text(
        '<!doctype html><html><head><title>Water rights</title>\n'
        '<link rel="canonical" href="https://citydesk.org/2024/03/water-rights/"></head>\n'
        '<body><article><h1>Water rights</h1><p>The river is low this year.</p>\n'
        '<p>This story was originally published by <a '
        'href="https://citydesk.org/2024/03/water-rights/">City Desk ABQ</a>.</p>\n'
        '</article></body></html>\n', encoding="utf-8")
    (examples / "unlinked.md").write_text(textwrap.dedent(UNLINKED), encoding="utf-8")
    rule = write_rule(tmp_path, "  - name: compliant page\n"
                                "    file: examples/citydesk/compliant.html\n"
                                "    findings: []\n"
                                "  - name: unlinked credit\n"
                                "    file: examples/citydesk/unlinked.md\n"
                                "    findings: [AL102]\n")
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert code == 1
    assert out == [
        f"{examples / 'unlinked.md'}:3:1: example 'unlinked credit' of {rule} failed: "
        f"expected AL102; got AL201 3:1, AL102 7:40",
        "1 of 2 examples of 1 rule passed.",
    ]


def test_a_file_example_failure_points_at_a_listed_position_not_found(tmp_path, capsys):
    (tmp_path / "unlinked.md").write_text(textwrap.dedent(UNLINKED), encoding="utf-8")
    rule = write_rule(tmp_path, "  - name: unlinked credit\n    file: unlinked.md\n"
                                "    findings: [AL201, AL102 7:40, AL101 5:2]\n")
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert code == 1
    assert out[0].startswith(f"{tmp_path / 'unlinked.md'}:5:2: example 'unlinked credit'")


def test_a_post_that_cannot_be_read_shows_why(tmp_path, capsys):
    broken = ("---\ntitle: 'Water rights\n---\n"
              "This story was originally published by City Desk ABQ.\n")
    rule = write_rule(tmp_path, inline("broken front matter", broken, []))
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert code == 1
    line = rule.read_text(encoding="utf-8").splitlines().index("  - name: broken front matter") + 1
    assert out[0].startswith(f"{rule}:{line}:1: example 'broken front matter' of {rule} failed: "
                             f"expected none; got AL002 2:8 (YAML front matter")


def test_a_missing_example_file_is_a_rule_file_error_at_its_line(tmp_path, capsys):
    rule = write_rule(tmp_path, inline("credited and linked", CREDITED, [])
                      + "  - name: gone\n    file: examples/citydesk/gone.md\n    findings: []\n")
    line = rule.read_text(encoding="utf-8").splitlines().index(
        "    file: examples/citydesk/gone.md") + 1
    code, out, err = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert (code, out) == (2, [])
    assert err.startswith(f"attriblint: error: {rule}:{line}:11: examples[1].file: ")
    assert "gone.md" in err and err.count("\n") == 1


def test_a_rule_without_examples_fails(tmp_path, capsys):
    rule = write_rule(tmp_path, "", OTHER_PRESS, "otherpress")
    code, out, _ = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert (code, out) == (1, [f"{rule}:1:1: rule otherpress has no examples",
                               "0 examples of 1 rule passed."])


def test_a_rule_file_given_twice_is_loaded_once(tmp_path, capsys):
    rule = write_rule(tmp_path, inline("credited and linked", CREDITED, []))
    code, out, err = run(capsys, "rules", "test", "--no-bundled-rules", "--rules", str(rule),
                         str(rule))
    assert (code, out, err) == (0, ["1 example of 1 rule passed."], "")


def test_unknown_rule_files_are_usage_errors(tmp_path, capsys):
    code, out, err = run(capsys, "rules", "test", str(tmp_path / "nope.yaml"))
    assert (code, out) == (2, [])
    assert err == f"attriblint: error: {tmp_path / 'nope.yaml'}: no such rule file or folder\n"


# -- compare -------------------------------------------------------------
def finding(code: str, line: int, column: int, rule: str = "citydesk") -> Finding:
    return Finding("post.md", line, column, code, rule, "credit", "error", "", line, column)


def test_an_entry_with_a_position_claims_its_finding_before_one_without():
    got = (finding("AL101", 2, 1), finding("AL101", 5, 1))
    expected = (Expected("citydesk", "AL101"), Expected("citydesk", "AL101", 2, 1))
    assert compare(expected, got) == ((), ())
    assert compare(expected[:1], got) == ((), got[1:])


def test_unprefixed_codes_belong_to_the_rule_and_input_codes_to_none():
    assert parse_expected("AL101 6:1", "citydesk") == Expected("citydesk", "AL101", 6, 1)
    assert parse_expected("cc-by-4.0:AL601", "citydesk") == Expected("cc-by-4.0", "AL601")
    assert parse_expected("AL002", "citydesk") == Expected("attriblint", "AL002")


# -- rules show ----------------------------------------------------------
def test_show_gives_the_rule_in_words(tmp_path, capsys):
    rule = write_rule(tmp_path, "")
    code, out, _ = run(capsys, "rules", "show", "citydesk", "--no-bundled-rules",
                       "--rules", str(rule))
    assert code == 0
    assert out[:5] == ["citydesk: City Desk ABQ", f"  rule file: {rule}",
                       "  terms:     https://citydesk.org/republish/",
                       "  licence:   CC-BY-ND-4.0", "  domains:   citydesk.org"]
    assert out[5:] == [
        "",
        "A post is a repost under this rule when:",
        "  - its metadata names a page on citydesk.org as its source (source_url,",
        "    original_url, canonical_url, <link rel=canonical>...)",
        '  - it carries a line such as "This story was originally published by City Desk',
        '    ABQ"',
        "",
        "A repost must carry:",
        '  - a credit line such as "This story was originally published by City Desk',
        '    ABQ" (credit, error)',
        "  - a link to the original article (link, warning)",
        "",
        "Not checked (notes):",
        "  Stories may be republished in print or online for free; they may not be",
        "  sold.",
    ]


def test_show_names_the_licences_that_make_a_licence_rule_apply(tmp_path, capsys):
    rule = tmp_path / "cc.yaml"
    rule.write_text("id: cc-by-4.0\npublisher: Creative Commons Attribution 4.0\n"
                    "terms: https://creativecommons.org/licenses/by/4.0/\nlicence: CC-BY-4.0\n"
                    "detect:\n  licences: [CC-BY-4.0]\nrequires:\n  - link: article\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "rules", "show", "cc-by-4.0", "--no-bundled-rules",
                       "--rules", str(rule))
    assert code == 0
    assert "  - it reposts a work and declares its licence: CC-BY-4.0" in out


def test_show_an_unknown_id_names_a_close_match_and_the_known_ids(tmp_path, capsys):
    rule = write_rule(tmp_path, "")
    other = write_rule(tmp_path, "", OTHER_PRESS, "otherpress")
    code, out, err = run(capsys, "rules", "--no-bundled-rules", "--rules", str(rule),
                         "--rules", str(other), "show", "citydesc")
    assert (code, out) == (2, [])
    assert err == ("attriblint: error: unknown rule 'citydesc'; did you mean 'citydesk'? "
                   "known rules: citydesk, otherpress\n")


# -- rules (the list) ----------------------------------------------------
def test_the_list_is_a_table_in_id_order(tmp_path, capsys):
    write_rule(tmp_path, "")
    write_rule(tmp_path, "", OTHER_PRESS, "otherpress")
    (tmp_path / "aaa.yaml").write_text(OTHER_PRESS.replace("otherpress", "zzz-press", 1),
                                       encoding="utf-8")
    code, out, _ = run(capsys, "rules", "--no-bundled-rules", "--rules", str(tmp_path))
    assert code == 0
    assert out == [
        "ID          PUBLISHER      LICENCE       TERMS",
        "citydesk    City Desk ABQ  CC-BY-ND-4.0  https://citydesk.org/republish/",
        "otherpress  Other Press    -             https://otherpress.example/terms/",
        "zzz-press   Other Press    -             https://otherpress.example/terms/",
    ]


def test_the_list_as_json(tmp_path, capsys):
    rule = write_rule(tmp_path, "")
    code, out, _ = run(capsys, "rules", "--format", "json", "--no-bundled-rules",
                       "--rules", str(rule))
    assert code == 0
    assert json.loads("\n".join(out)) == [{
        "id": "citydesk", "publisher": "City Desk ABQ", "licence": "CC-BY-ND-4.0",
        "terms": "https://citydesk.org/republish/", "domains": ["citydesk.org"],
        "path": str(rule)}]


def test_the_list_includes_the_bundled_rules_unless_told_not_to(tmp_path, capsys):
    rule = write_rule(tmp_path, "")
    bundled = {load_rule(path).id for path in BUNDLED}
    code, out, _ = run(capsys, "rules", "--rules", str(rule))
    assert code == 0
    assert [line.split()[0] for line in out[1:]] == sorted(bundled | {"citydesk"})
    code, out, _ = run(capsys, "rules", "--no-bundled-rules", "--rules", str(rule))
    assert [line.split()[0] for line in out[1:]] == ["citydesk"]


def test_a_broken_rule_file_is_one_line_at_its_position(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(CITYDESK.replace("  - link: article", "  - lnk: article"),
                      encoding="utf-8")
    code, out, err = run(capsys, "rules", "--no-bundled-rules", "--rules", str(broken))
    assert (code, out) == (2, [])
    assert err.startswith(f"attriblint: error: {broken}:16:5: requires[1]: unknown kind")
    assert err.count("\n") == 1


# -- the bundled rules -----------------------------------------------------
@pytest.fixture(scope="module")
def bundled_test_run() -> tuple[int, list[str]]:
    """``attriblint rules test`` on every bundled rule, once: exit code and
    output lines (loading every rule file takes a while)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["rules", "test"])
    return code, (out.getvalue() + err.getvalue()).splitlines()


@pytest.mark.parametrize("rule", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_every_bundled_rules_examples_pass(rule, bundled_test_run):
    code, lines = bundled_test_run
    about_this_rule = [line for line in lines
                       if f" of {rule} failed:" in line or line.startswith(f"{rule}:")
                       or "error:" in line]
    assert not about_this_rule, "\n".join(about_this_rule)
    assert code in (0, 1)  # 1: another rule's example failed


@pytest.mark.parametrize("path", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_every_bundled_rule_has_the_examples_its_authors_promise(path):
    """A compliant Markdown post, a compliant HTML page, and a failing post
    for each kind of requirement."""
    rule = load_rule(path, examples=True)
    compliant = {example.format for example in rule.examples if not example.findings}
    assert {"markdown", "html"} <= compliant, f"{rule.id}: compliant examples: {compliant}"
    failing = {kind_of_code(parse_expected(entry, rule.id).code)
               for example in rule.examples for entry in example.findings
               if parse_expected(entry, rule.id).rule == rule.id}
    # noncommercial fails only on a site configured as commercial, which an
    # example post cannot say (tests/test_kind_noncommercial.py covers it).
    untested = {requirement.kind for requirement in rule.requirements} - failing \
        - {"noncommercial"}
    assert not untested, f"{rule.id}: no failing example for {', '.join(sorted(untested))}"


@pytest.mark.parametrize("where", ["../outside.md", "/etc/hostname", "link.md"])
def test_an_example_file_outside_the_rule_files_folder_is_refused(tmp_path, capsys, where):
    """A third party's rule file must not make 'rules test' read other files."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (tmp_path / "outside.md").write_text("secret\n", encoding="utf-8")
    (rules / "link.md").symlink_to(tmp_path / "outside.md")
    rule = write_rule(rules, f"  - name: escape\n    file: {where}\n    findings: []\n")
    code, out, err = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert (code, out) == (2, [])
    assert f"examples[0].file: {where} is outside the rule file's folder" in err
    assert "secret" not in err


def test_an_example_listing_an_unknown_code_is_a_rule_file_error(tmp_path, capsys):
    rule = write_rule(tmp_path, inline("typo", CREDITED, ["AL999"]))
    code, out, err = run(capsys, "rules", "test", "--no-bundled-rules", str(rule))
    assert (code, out) == (2, [])
    assert "examples[0].findings[0]: AL999 is not a finding code" in err


def test_a_folder_without_rule_files_is_named(tmp_path, capsys):
    (tmp_path / "nested").mkdir()
    code, out, err = run(capsys, "rules", "test", str(tmp_path))
    assert (code, out) == (2, [])
    assert f"{tmp_path}: no rule files (*.yaml, *.yml) in this folder" in err
