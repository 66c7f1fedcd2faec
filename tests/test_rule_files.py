"""Rule-file mistakes: one line naming file:line:col, exit code 2."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

from attriblint.cli import main
from attriblint.rules import RuleFileError, load_rule

GOOD = """\
id: citydesk
publisher: City Desk ABQ
terms: https://citydesk.org/about/republishing-our-work/
domains: [citydesk.org]
requires:
  - credit: "This story was originally published by [City Desk ABQ]({article_url})."
  - link: article
"""

from .conftest import output_lines


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
    (("  - link: article", "  - lnk: article"), "7:5",
     "requires[1]: unknown kind of requirement 'lnk'; did you mean 'link'?"),
    (("({article_url})", "({article-url})"), "6:77", "template: expected a placeholder name"),
    (("published by [City", "published by (City"), "6:67", "template: unexpected ']'"),
    (("publisher: City Desk ABQ", "publisher: [City Desk ABQ"), "3:6", "not valid YAML"),
    (("terms: https://", "terms: ftp://"), "3:8",
     "terms: 'ftp://citydesk.org/about/republishing-our-work/' is not a web address"),
    (("domains: [citydesk.org]", "domains: [https://citydesk.org/]"), "4:11",
     "domains[0]: 'https://citydesk.org/' is not a host name"),
    (("domains: [citydesk.org]", "domains: citydesk.org"), "4:10",
     "domains: expected a list, found 'citydesk.org'"),
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
    lines = output_lines(out)
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
    assert capsys.readouterr().out.splitlines()[1].startswith("citydesk  City Desk ABQ  ")
    assert main(["rules", "--no-bundled-rules", "--rules", str(rule), "show", "citydesk"]) == 0
    assert "  - a link to the original article (link, error)" in capsys.readouterr().out
    rule.write_text(GOOD.replace("domains:", "domain:"), encoding="utf-8")
    assert main(["rules", "--no-bundled-rules", "--rules", str(rule)]) == 2
    assert f"{rule}:4:1: unknown key 'domain'" in capsys.readouterr().err


# -- hostile rule files: bounded work, one line, never a traceback ---------

def write_rule(tmp_path, text: str):
    rule = tmp_path / "rule.yaml"
    rule.write_text(text, encoding="utf-8")
    return rule


def alias_bomb() -> str:
    """'Billion laughs': nine levels of nine aliases, 9**9 strings if expanded."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    return GOOD + "\n".join(lines) + "\n"


@pytest.mark.parametrize("text, where, message", [
    (alias_bomb(), "8:5", "anchors and aliases (&name, *name) are not allowed"),
    (GOOD + "x-copy: *anchor\n", "8:9", "anchors and aliases (&name, *name) are not allowed"),
    (GOOD + "licence: " + "9" * 5000 + "\n", "8:10", "this number is too large to read"),
    (GOOD + "notes: 2023-02-30\n", "8:8", "not a valid date (day is out of range for month)"),
    (GOOD + "notes: " + "[" * 10_000 + "]" * 10_000 + "\n", "8:23",
     "nested more than 16 levels deep"),
    (GOOD + "notes:\n" + "".join("  " * i + "- \n" for i in range(400)), "", "nested more than"),
    (GOOD.replace("  - link: article",
                  '  - copyright: "' + "(a " * 80 + "b" + ")?" * 80 + '"'),
     "7:", "template: "),  # template.py's own limit, or RecursionError caught here
    ("notes: " + "x" * (1024 * 1024) + "\n", "1:1", "rule file not read: larger than the 1M limit (for rule files)"),
    (GOOD + "article_urls: ['/(\\d+)/\\1']\n", "8:16",
     "article_urls[0]: not a usable regular expression: invalid escape sequence: \\1 "
     "(patterns run on RE2, which has no backreferences or lookaround"),
    (GOOD + "article_urls: ['/(?=\\d)\\w+$']\n", "8:16",
     "article_urls[0]: not a usable regular expression: invalid perl operator: (?="),
])
def test_hostile_rule_files_are_one_line_errors(tmp_path, text, where, message):
    rule = write_rule(tmp_path, text)
    with pytest.raises(RuleFileError) as caught:
        load_rule(rule)
    error = str(caught.value)
    assert "\n" not in error
    assert error.startswith(f"{rule}:{where}"), error
    assert message in error, error


@pytest.mark.parametrize("escaping", [RecursionError(), OverflowError("too big"),
                                      KeyError("tokens")])
def test_whatever_escapes_the_template_compiler_is_a_rule_file_error(tmp_path, monkeypatch,
                                                                    escaping):
    import attriblint.rules

    def broken_compiler(*args):
        raise escaping

    monkeypatch.setattr(attriblint.rules, "compile_template", broken_compiler)
    rule = write_rule(tmp_path, GOOD)
    with pytest.raises(RuleFileError) as caught:
        load_rule(rule)
    assert str(caught.value).startswith(f"{rule}:6:13: template: cannot be compiled"), caught.value


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    rule = write_rule(tmp_path, alias_bomb())
    started = time.perf_counter()
    with pytest.raises(RuleFileError):
        load_rule(rule)
    assert time.perf_counter() - started < 5  # expanded, it took 30 s and 1.2 GB


def test_a_hostile_rule_file_through_the_command_is_exit_2_and_one_line(tmp_path):
    rule = write_rule(tmp_path, GOOD + "licence: " + "9" * 5000 + "\n")
    result = subprocess.run([sys.executable, "-m", "attriblint", "rules", "--no-bundled-rules",
                             "--rules", str(rule)], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, ATTRIBLINT_CACHE_DIR=""))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"attriblint: error: {rule}:8:10: this number is too large to "
                             f"read; quote it if it is text\n")


# -- article_urls run on RE2: linear time ------------------------------------

CATASTROPHIC = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from attriblint.rules import load_rule
    from attriblint.urls import is_article
    rule = load_rule(Path(sys.argv[1]))
    url = "https://citydesk.org/" + "a" * 5000 + "b"
    print(is_article(rule, url), is_article(rule, "https://citydesk.org/aaaa"))
    """)


def test_a_backtracking_pattern_runs_in_linear_time(tmp_path):
    # With Python's re, (a+)+$ on 'aaa...ab' takes 2**n steps: forever.
    rule = write_rule(tmp_path, GOOD + "article_urls: ['(a+)+$']\n")
    result = subprocess.run([sys.executable, "-c", CATASTROPHIC, str(rule)], capture_output=True,
                            text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "False True\n", "")


def test_article_patterns_keep_their_groups(tmp_path):
    from attriblint.urls import same_article

    rule = load_rule(write_rule(tmp_path, GOOD + "article_urls: ['/(\\d{4,})/?$']\n"))
    (pattern,) = rule.article_urls
    assert pattern.groups == 1
    assert pattern.search("/old-title/5782140/").group(1) == "5782140"
    assert pattern.search("/about/") is None
    assert same_article(rule, "https://citydesk.org/old-title/5782140",
                        "https://www.citydesk.org/new-title/5782140/")
    assert not same_article(rule, "https://citydesk.org/a/5782140", "https://citydesk.org/a/5782141")


def test_a_bad_host_in_a_requirement_is_named_as_such(tmp_path, capsys):
    rule = GOOD + "  - images: {hosts: [\"https://img.citydesk.org/\"]}\n"
    code, out, err, path = run_with_rule(tmp_path, capsys, rule)
    assert code == 2
    assert err.startswith(f"attriblint: error: {path}:8:") and err.rstrip().endswith(
        "requires[2].images.hosts[0]: 'https://img.citydesk.org/' is not a host name; "
        "expected e.g. example.org"), err


@pytest.mark.parametrize("item, where, message", [
    ("  - licence: MIT", "8:14",
     "requires[2].licence: 'MIT' is not a Creative Commons licence id"),
    ("  - credit: The original source is {publisher}\n    within: five", "9:13",
     "requires[2].within: expected a whole number, found 'five'"),
    ("  - link: [homepage]\n    home_paths: [africa]", "9:18",
     "requires[2].home_paths[0]: 'africa' is not a path; write it with its leading /"),
    ("  - credit: ''", "8:13", "requires[2].credit: must not be empty"),
    ("  - images:", "8:5", "requires[2].images: expected a mapping of keys, found nothing"),
])
def test_mistakes_in_new_kinds_are_named_with_their_fix(tmp_path, capsys, item, where, message):
    code, out, err, path = run_with_rule(tmp_path, capsys, GOOD + item + "\n")
    assert (code, out) == (2, "")
    assert err.startswith(f"attriblint: error: {path}:{where}: {message}"), err


def test_a_target_name_that_templates_cannot_use_is_named(tmp_path, capsys):
    rule = GOOD.replace("requires:", "targets: {Profile: 'users/'}\nrequires:")
    code, out, err, path = run_with_rule(tmp_path, capsys, rule)
    assert code == 2
    assert "targets: 'Profile' is not a target name; use lower case letters, digits and _" in err


def test_a_rule_that_can_never_apply_is_an_error(tmp_path, capsys):
    rule = GOOD.replace("requires:", "detect:\n  source_domains: false\nrequires:")
    code, _, err, path = run_with_rule(tmp_path, capsys, rule)
    assert code == 2
    assert f"{path}:5:1: detect: this rule can never apply to a post" in err


def test_an_unknown_licence_to_detect_is_an_error(tmp_path, capsys):
    rule = GOOD.replace("domains: [citydesk.org]\n", "detect:\n  licences: [CC-BY-9.9]\n")
    code, _, err, path = run_with_rule(tmp_path, capsys, rule)
    assert code == 2
    assert "detect.licences[0]: 'CC-BY-9.9' is not a Creative Commons licence id" in err
