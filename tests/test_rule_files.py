"""Rule-file mistakes: one line naming file:line:col, exit code 2."""

import textwrap

import pytest

from attriblint.cli import main

GOOD = """\
id: citydesk
publisher: City Desk ABQ
terms: https://citydesk.org/about/republishing-our-work/
domains: [citydesk.org]
requires:
  - credit: "This story was originally published by [City Desk ABQ]({article_url})."
  - link: article
"""


def run_with_rule(tmp_path, capsys, rule_text, post="Hello.\n"):
    rule = tmp_path / "rule.yaml"
    rule.write_text(textwrap.dedent(rule_text), encoding="utf-8")
    (tmp_path / "post.md").write_text(post, encoding="utf-8")
    code = main(["check", "--no-bundled-rules", "--rules", str(rule), str(tmp_path / "post.md")])
    captured = capsys.readouterr()
    return code, captured.out, captured.err, str(rule)


@pytest.mark.parametrize("change, where, message", [
    (("id: citydesk", "id: City_Desk"), "1:5", "id: 'City_Desk' is not a rule id"),
    (("domains:", "domain:"), "4:1", "unknown key 'domain'; did you mean 'domains'?"),
    (("  - link: article", "  - link: articles"), "7:11",
     "requires[1].link: 'articles' is not allowed; expected one of article, homepage, any"),
    (("  - link: article", "  - lnk: article"), "7:5", "unknown key 'lnk'; did you mean 'link'?"),
    (("({article_url})", "({article-url})"), "6:77", "template: expected a placeholder name"),
    (("published by [City", "published by (City"), "6:67", "template: unexpected ']'"),
    (("publisher: City Desk ABQ", "publisher: [City Desk ABQ"), "3:6", "not valid YAML"),
    (("terms: https://", "terms: ftp://"), "3:8",
     "terms: 'ftp://citydesk.org/about/republishing-our-work/' is not a web address"),
    (("domains: [citydesk.org]", "domains: [https://citydesk.org/]"), "4:11",
     "domains[0]: 'https://citydesk.org/' is not a host name"),
    (("domains: [citydesk.org]", "domains: citydesk.org"), "4:10", "domains must be array"),
    (("domains: [citydesk.org]", "domains: [citydesk.org]\n: orphan value"), "5:1",
     "unknown key 'None'"),
])
def test_rule_file_mistakes(tmp_path, capsys, change, where, message):
    code, out, err, path = run_with_rule(tmp_path, capsys, GOOD.replace(*change))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"attriblint: error: {path}:{where}: {message}"), err


def test_a_valid_custom_rule_applies_link_constraints(tmp_path, capsys):
    post = textwrap.dedent("""\
        ---
        source_url: https://citydesk.org/2024/03/water-rights/
        ---
        This story was originally published by City Desk ABQ.

        Farmers along the Rio Grande ...
        """)
    code, out, err, _ = run_with_rule(tmp_path, capsys, GOOD, post)
    assert err == ""
    assert code == 1
    lines = out.splitlines()
    assert ":2:1: AL201 [citydesk] no link to the original article" in lines[0]
    assert lines[1].endswith(
        "post.md:4:40: AL102 [citydesk] credit line found, but \"City Desk ABQ\" is not a link "
        "to the original article (https://citydesk.org/2024/03/water-rights/)")

    linked = post.replace("by City Desk ABQ.",
                          "by [City Desk ABQ](https://citydesk.org/2024/03/water-rights).")
    code, out, err, _ = run_with_rule(tmp_path, capsys, GOOD, linked)
    assert (code, out.strip()) == (0, "No problems found in 1 file.")


def test_duplicate_rule_ids_are_refused(tmp_path, capsys):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    (tmp_path / "post.md").write_text("x\n", encoding="utf-8")
    code = main(["check", "--rules", str(tmp_path), str(tmp_path / "post.md")])
    err = capsys.readouterr().err
    assert code == 2
    assert "rule id 'citydesk' is also used by" in err


def test_missing_rule_path_is_a_usage_error(tmp_path, capsys):
    code = main(["check", "--rules", str(tmp_path / "nope.yaml"), str(tmp_path)])
    assert code == 2
    assert "nope.yaml: no such rule file or folder" in capsys.readouterr().err


def test_rules_command_checks_a_rule_authors_file(tmp_path, capsys):
    rule = tmp_path / "citydesk.yaml"
    rule.write_text(GOOD, encoding="utf-8")
    assert main(["rules", "--no-bundled-rules", "--rules", str(rule)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"citydesk: City Desk ABQ (citydesk.org) - {rule}")
    assert "  link: article" in out
    rule.write_text(GOOD.replace("domains:", "domain:"), encoding="utf-8")
    assert main(["rules", "--no-bundled-rules", "--rules", str(rule)]) == 2
    assert f"{rule}:4:1: unknown key 'domain'" in capsys.readouterr().err
