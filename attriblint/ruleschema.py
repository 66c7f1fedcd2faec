"""The JSON Schema of rule files, built from the requirement kinds.

The top level (id, publisher, domains, detect...) is written here; the part
for each item of ``requires`` comes from the kinds' ``OPTIONS`` (see
``attriblint/kinds``), so adding a kind changes the schema without an edit
here.  ``attriblint/schema/rule.schema.json`` is the generated file that
editors use (``# yaml-language-server: $schema=...``); rewrite it with
``python -m attriblint.generate``; tests/test_rule_schema.py fails when it
is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "rule.schema.json"
SEVERITY = {"description": "error (the default) or warning.", "enum": ["error", "warning"]}
RULE_ID = "^[a-z0-9][a-z0-9.-]*$"
HOST = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
TARGET_NAME = "^[a-z_][a-z0-9_]*$"


def top_level() -> dict[str, Any]:
    """The schema without the kinds: ``requires`` items are any mapping."""
    return {
        "$schema": "https://json-schema.org/draft-07/schema#",
        "$id": "https://attriblint.invalid/schema/rule.schema.json",
        "title": "attriblint rule file",
        "description": "One publisher's (or licence's) reposting terms, as requirements "
                       "attriblint checks.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "publisher", "terms", "requires"],
        "properties": {
            "id": {
                "description": "Stable rule id, shown in findings: lower case letters, digits, "
                               "'.' and '-' (cc-by-4.0).",
                "type": "string", "pattern": RULE_ID, "maxLength": 100,
            },
            "publisher": {"description": "The publisher's (or licence's) name as readers "
                                         "know it.", "type": "string", "minLength": 1},
            "terms": {"description": "Address of the publisher's reposting terms.",
                      "type": "string", "pattern": "^https?://"},
            "licence": {"description": "SPDX licence id, or LicenseRef-... for custom terms.",
                        "type": "string", "minLength": 1},
            "notes": {"description": "Terms that attriblint cannot check from a post "
                                     "(non-commercial sites, no systematic republishing...), "
                                     "shown by 'attriblint rules show'.", "type": "string"},
            "names": {
                "description": "Other names of the publisher (at most 64). In templates "
                               "{publisher} matches the publisher's name, any of these, or one "
                               "of its domains (with or without www.).",
                "type": "array", "maxItems": 64,
                "items": {"type": "string", "minLength": 1, "maxLength": 200},
            },
            "domains": {
                "description": "Host names of the publisher (at most 64); subdomains are "
                               "included. Required unless detect.licences is given.",
                "type": "array", "minItems": 1, "maxItems": 64,
                "items": {"type": "string", "pattern": HOST},
            },
            "article_urls": {
                "description": "Regular expressions in RE2 syntax (linear-time matching: no "
                               "backreferences or lookaround), searched in an URL's path and in "
                               "its path and query, that tell an article from a homepage or "
                               "section page; a pattern's first group, if any, is the article's "
                               "id (the same id is the same article). Without them any URL with "
                               "a path counts as an article.",
                "type": "array", "maxItems": 64, "items": {"type": "string", "minLength": 1},
            },
            "targets": {
                "description": "Named link targets for templates ([{author}]({profile})): RE2 "
                               "patterns searched in the link's address.",
                "type": "object", "maxProperties": 16,
                "propertyNames": {"pattern": TARGET_NAME},
                "additionalProperties": {"type": "string", "minLength": 1},
            },
            "detect": {
                "description": "When a document republishes this publisher.",
                "type": "object", "additionalProperties": False,
                "properties": {
                    "source_domains": {
                        "description": "A source or canonical URL in the metadata on one of "
                                       "`domains`.", "type": "boolean"},
                    "phrases": {
                        "description": "Templates whose presence in the prose, as the post's "
                                       "own credit line, marks a repost.",
                        "type": "array", "items": {"type": "string", "minLength": 1}},
                    "licences": {
                        "description": "Licence rules: the rule applies to a post that reposts "
                                       "a work (a source URL in its metadata) and declares "
                                       "one of these licences for it (license:, licence: or "
                                       "source_license:).",
                        "type": "array", "minItems": 1,
                        "items": {"type": "string", "minLength": 1}},
                },
            },
            "requires": {
                "description": "What a repost must carry; each item names one requirement kind.",
                "type": "array", "minItems": 1, "items": {"type": "object"},
            },
            "examples": {
                "description": "Example posts and the findings each must produce, run by "
                               "'attriblint rules test'.",
                "type": "array",
                "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["name", "findings"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "file": {"description": "The post, relative to the rule file.",
                                 "type": "string", "minLength": 1},
                        "post": {"description": "The post itself.", "type": "string"},
                        "format": {"enum": ["markdown", "html", "text"]},
                        "findings": {
                            "description": "Each 'AL101', 'AL101 6:1' (line:column), or "
                                           "'other-rule:AL101' for another rule's finding.",
                            "type": "array",
                            "items": {"type": "string",
                                      "pattern": "^([a-z0-9][a-z0-9.-]*:)?AL\\d{3}"
                                                 "( \\d+:\\d+)?$"}},
                    },
                },
            },
        },
    }


def item_schema(kind) -> dict[str, Any]:
    """The schema of one ``requires`` item of ``kind`` (a kind module)."""
    return {
        "title": kind.KIND,
        "description": kind.SUMMARY,
        "type": "object",
        "additionalProperties": False,
        "required": [kind.KIND],
        "properties": {**kind.OPTIONS, "severity": SEVERITY},
    }


def rule_schema() -> dict[str, Any]:
    """The whole schema, as shipped for editors."""
    from .kinds import kinds

    schema = top_level()
    schema["properties"]["requires"]["items"] = {
        "type": "object",
        "oneOf": [item_schema(kind) for kind in kinds().values()],
    }
    return schema


def render() -> str:
    return json.dumps(rule_schema(), indent=2, ensure_ascii=False) + "\n"
