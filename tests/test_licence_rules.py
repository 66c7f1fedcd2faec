"""Licence rules (detect.licences): which posts they apply to, end to end.

A licence rule applies to a copy of a work: the metadata names the work's
address in an explicit source field and declares the work's licence
(``source_license:``, or ``license:`` beside the source field).  A
blogger's own post under CC BY is not a copy of anything.
"""

import json
import textwrap

import pytest

from attriblint.cli import main

CC_BY = """\
id: cc-by-4.0
publisher: Creative Commons Attribution 4.0
terms: https://creativecommons.org/licenses/by/4.0/legalcode
licence: CC-BY-4.0
detect:
  licences: [CC-BY-4.0]
requires:
  - licence: CC-BY-4.0
"""

BODY = ("The city's new transit plan promises buses every ten minutes on the busiest routes, "
        "but the money for the drivers has not been found yet.")


def findings(tmp_path, capsys, front: str, rule: str = CC_BY, body: str = BODY):
    (tmp_path / "rule.yaml").write_text(textwrap.dedent(rule), encoding="utf-8")
    (tmp_path / "post.md").write_text(f"---\ntitle: Buses every ten minutes\n{front}---\n{body}\n",
                                      encoding="utf-8")
    code = main(["check", "--no-bundled-rules", "--rules", str(tmp_path / "rule.yaml"),
                 "--format", "json", str(tmp_path / "post.md")])
    out, err = capsys.readouterr()
    assert err == ""
    found = json.loads(out)["findings"]
    assert code == (1 if found else 0)
    return found


def test_a_repost_declaring_the_works_licence_is_checked(tmp_path, capsys):
    found = findings(tmp_path, capsys, "source_url: https://transitnews.example/buses-plan/\n"
                                       "original_author: Dana Ortiz\n"
                                       "license: CC BY 4.0\n")
    assert [(f["code"], f["rule"], f["line"], f["column"]) for f in found] == \
        [("AL601", "cc-by-4.0", 3, 1)]
    assert "terms apply because its source_url names a work under CC-BY-4.0" \
        in found[0]["message"]


def test_a_repost_that_names_and_links_the_licence_passes(tmp_path, capsys):
    body = (f"{BODY}\n\nRepublished from Transit News under "
            "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).")
    assert findings(tmp_path, capsys, "source_url: https://transitnews.example/buses-plan/\n"
                                      "source_license: CC-BY-4.0\n", body=body) == []


@pytest.mark.parametrize("front", [
    # The blogger's own post under CC BY: no source field.
    "license: CC-BY-4.0\n",
    # A cross-post pointing its canonical address home is the blogger's own.
    "canonical_url: https://janes-blog.example/buses/\nlicense: CC-BY-4.0\n",
    # A work under another licence.
    "source_url: https://transitnews.example/buses-plan/\nsource_license: CC-BY-SA-4.0\n",
    # A copy that says nothing of the work's licence.
    "source_url: https://transitnews.example/buses-plan/\n",
    # A blogger's own post moved from an old blog: the licence is the blog's.
    "original_url: https://old-blog.example/2019/buses/\nlicense: CC-BY-4.0\n",
    # A source field that is no address.
    "source: my notes from the council meeting\nlicense: CC-BY-4.0\n",
])
def test_posts_that_are_not_copies_of_a_cc_by_work_are_left_alone(tmp_path, capsys, front):
    assert findings(tmp_path, capsys, front) == []


def test_a_port_written_as_its_spdx_id_in_the_rule(tmp_path, capsys):
    rule = CC_BY.replace("CC-BY-4.0", "CC-BY-3.0-US")
    found = findings(tmp_path, capsys, "source_url: https://transitnews.example/buses-plan/\n"
                                       "source_license: CC BY 3.0 US\n", rule=rule)
    assert [f["code"] for f in found] == ["AL601"]
