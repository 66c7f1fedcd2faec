"""Every example in docs/templates.md holds for the real compiler.

The specification's examples are ``yaml example`` blocks; each is one
template with texts it matches (in full, or the ``found`` part), texts it
does not match, or the error it raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from attriblint.document import normalise
from attriblint.template import TemplateError, compile_template

DOC = Path(__file__).parent.parent / "docs" / "templates.md"


@dataclass(frozen=True)
class Example:
    template: str
    publisher: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # link targets the rule defines
    matches: tuple[dict, ...] = ()
    misses: tuple[str, ...] = ()
    error: dict | None = None
    line: int = 0  # in docs/templates.md, for failure messages


def load_examples(text: str) -> list[Example]:
    """The ``yaml example`` blocks of the document, in order."""
    yaml = YAML(typ="safe", pure=True)
    examples = []
    for block in re.finditer(r"^```yaml example\n(.*?)^```$", text, flags=re.S | re.M):
        data = yaml.load(block.group(1))
        unknown = set(data) - {"template", "publisher", "targets", "matches", "does not match",
                              "error"}
        assert not unknown, f"unknown keys {unknown} in the example at {block.start()}"
        matches = tuple(m if isinstance(m, dict) else {"text": m}
                        for m in data.get("matches", []))
        examples.append(Example(
            template=data["template"], publisher=tuple(data.get("publisher", ())),
            targets=tuple(data.get("targets", ())),
            matches=matches, misses=tuple(data.get("does not match", [])),
            error=data.get("error"), line=text.count("\n", 0, block.start()) + 1))
    return examples


EXAMPLES = load_examples(DOC.read_text(encoding="utf-8"))


def _id(example: Example) -> str:
    return f"line{example.line}"


def test_the_specification_has_enough_examples_of_every_kind():
    assert len(EXAMPLES) >= 30
    assert sum(1 for e in EXAMPLES if e.error) >= 15
    assert sum(len(e.misses) for e in EXAMPLES) >= 15
    assert all(e.matches or e.misses or e.error for e in EXAMPLES)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.error], ids=_id)
def test_documented_matches_and_misses(example):
    template = compile_template(example.template, example.publisher, example.targets)
    for case in example.matches:
        text = normalise(case["text"])  # as Document.text is
        found = [m for m in template.finditer(text)]
        assert len(found) == 1, f"{text!r}: {len(found)} matches"
        (match,) = found
        assert text[match.start:match.end] == normalise(case.get("found", text)), text
        for name, value in case.get("binds", {}).items():
            assert match.values[name][0] == str(value), (text, name)
        if "links" in case:
            assert [target for _, _, target in match.links] == case["links"]
    for text in example.misses:
        assert list(template.finditer(normalise(text))) == [], text


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.error], ids=_id)
def test_documented_errors(example):
    with pytest.raises(TemplateError) as error:
        compile_template(example.template, example.publisher, example.targets)
    assert str(error.value).startswith(example.error["message"])
    assert error.value.offset == example.error["offset"]
