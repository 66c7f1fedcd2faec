"""The shipped rule schema is the one the requirement kinds generate."""

import json

import fastjsonschema
import pytest

from attriblint.kinds import kinds
from attriblint.ruleschema import SCHEMA_FILE, render, rule_schema
from attriblint.rules import bundled_rules_dir, rule_files, _parse_yaml, _plain


def test_the_shipped_schema_is_generated_from_the_kinds():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), \
        "run: python -m attriblint.generate"


def test_every_kind_has_its_part_in_the_schema():
    items = rule_schema()["properties"]["requires"]["items"]["oneOf"]
    assert [item["required"] for item in items] == [[kind] for kind in kinds()]
    for item in items:
        assert "severity" in item["properties"]
        assert item["additionalProperties"] is False


@pytest.mark.parametrize("path", rule_files([str(bundled_rules_dir())]), ids=lambda p: p.stem)
def test_bundled_rules_are_valid_for_editors_too(path):
    """An editor validates with the shipped file (oneOf over the kinds)."""
    validate = fastjsonschema.compile(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    text = path.read_text(encoding="utf-8")
    validate(_plain(_parse_yaml(str(path), text)))
