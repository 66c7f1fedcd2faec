"""Rule files: load, validate against the JSON Schema, compile templates.

A rule file is YAML, read with ruamel.yaml's round-trip loader (safe: it
builds only plain mappings, lists and scalars) because it remembers the line
and column of every node, so a mistake is reported as
``rules/x.yaml:LINE:COL: what is wrong``.  The result is plain data
(:class:`Rule`) with every template compiled.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .template import Template, TemplateError, compile_template

REQUIREMENT_KINDS = ("credit", "link", "copyright")


class RuleFileError(Exception):
    """A rule file is unusable; ``str()`` is the one line to show."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass(frozen=True)
class Requirement:
    kind: str  # one of REQUIREMENT_KINDS
    severity: str
    template: Template | None = None  # credit, copyright
    target: str = ""  # link: article, homepage, any


@dataclass(frozen=True)
class Rule:
    id: str
    publisher: str
    terms: str
    path: str
    domains: tuple[str, ...]
    article_urls: tuple[re.Pattern[str], ...]
    detect_source_domains: bool
    detect_phrases: tuple[Template, ...]
    requirements: tuple[Requirement, ...]
    licence: str = ""
    names: tuple[str, ...] = ()  # the publisher's name and its other names

    def owns(self, host: str) -> bool:
        """Whether ``host`` is one of the publisher's domains or under one."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)


def bundled_rules_dir() -> Path:
    """The folder of rule files shipped with attriblint.

    In the source tree it is ``rules/``; the wheel installs it as the
    package ``attriblint.bundled_rules``.
    """
    return Path(str(resources.files("attriblint.bundled_rules")))


def rule_files(paths: list[str]) -> list[Path]:
    """The rule files named by ``paths`` (files, or folders of *.yaml)."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            found.append(path)
    return found


def load_rules(paths: list[Path]) -> list[Rule]:
    """Load and compile rule files; raises :class:`RuleFileError`."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in paths:
        rule = load_rule(path)
        if rule.id in seen:
            raise RuleFileError(str(path), 1, 1,
                                f"rule id '{rule.id}' is also used by {seen[rule.id]}")
        seen[rule.id] = str(path)
        rules.append(rule)
    return rules


def load_rule(path: Path) -> Rule:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise RuleFileError(name, 1, 1, f"cannot read rule file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise RuleFileError(name, 1, 1, "rule file is not UTF-8 text") from None
    data = _parse_yaml(name, text)
    _validate(name, data)
    return _build(name, data, text)


def _parse_yaml(name: str, text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True  # keeps each scalar's style, for positions
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RuleFileError(name, line, column,
                            f"not valid YAML: {error.problem or error.context}") from None
    except YAMLError as error:
        raise RuleFileError(name, 1, 1, f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise RuleFileError(name, 1, 1, "expected a mapping of keys (id, publisher, terms, "
                                        "domains, requires, ...)")
    return data


@lru_cache(maxsize=1)
def _schema_validator():
    import fastjsonschema

    schema = json.loads((resources.files("attriblint") / "schema" / "rule.schema.json")
                        .read_text(encoding="utf-8"))
    return schema, fastjsonschema.compile(schema)


def _validate(name: str, data: Any) -> None:
    import fastjsonschema

    schema, validate = _schema_validator()
    try:
        validate(_plain(data))
    except fastjsonschema.JsonSchemaValueException as error:
        path = [int(p) if p.isdigit() else p for p in error.path[1:]]
        unknown = _unknown_key(error.value, schema, path)
        if unknown and error.rule in ("required", "additionalProperties"):
            key, message = unknown
            line, column = _key_position(data, path, key)
            raise RuleFileError(name, line, column, message) from None
        line, column = _position(data, path)
        raise RuleFileError(name, line, column, _describe(error, path, schema)) from None


def _describe(error, path: list, schema: dict) -> str:
    where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path)
    where = where.replace(".[", "[") or "the rule file"
    if error.rule == "required":
        missing = [k for k in error.rule_definition if k not in (error.value or {})]
        return f"{where}: missing required key '{missing[0]}'"
    if error.rule == "enum":
        choices = ", ".join(map(str, error.rule_definition))
        return f"{where}: {error.value!r} is not allowed; expected one of {choices}"
    if error.rule in ("minProperties", "maxProperties") and path and path[0] == "requires":
        kinds = ", ".join(REQUIREMENT_KINDS)
        return f"{where}: each requirement names exactly one kind ({kinds}), optionally with severity"
    if error.rule == "pattern" and path == ["id"]:
        return f"id: {error.value!r} is not a rule id; expected lower case letters, digits and '-'"
    if error.rule == "pattern" and path == ["terms"]:
        return f"terms: {error.value!r} is not a web address; expected https://..."
    if error.rule == "pattern" and path and path[0] == "domains":
        return f"{where}: {error.value!r} is not a host name; expected e.g. example.org"
    message = error.message.replace("data.", "").replace("data", "the rule file")
    return message


def _unknown_key(value: Any, schema: dict, path: list) -> tuple[str, str] | None:
    """The first key of ``value`` the schema does not allow, and a message."""
    import difflib

    allowed = _allowed_keys(schema, path)
    if not isinstance(value, dict) or not allowed:
        return None
    for key in value:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(allowed)}"
            return key, f"unknown key '{key}'; {hint}"
    return None


def _allowed_keys(schema: dict, path: list) -> list[str]:
    node = schema
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return list(node.get("properties", {}))


def _build(name: str, raw: dict, source: str) -> Rule:
    data = _plain(raw)

    names = (data["publisher"], *data.get("names", []))
    hosts = tuple(host for d in data["domains"] for host in (d, "www." + d))

    def template(text: str, path: list) -> Template:
        try:
            return compile_template(text, names + hosts)
        except TemplateError as error:
            line, column = _locate(source, _position(raw, path), text.strip(), error.offset)
            raise RuleFileError(name, line, column, f"template: {error}") from None

    requirements = []
    kinds_seen = set()
    for i, item in enumerate(data["requires"]):
        kinds = [k for k in item if k in REQUIREMENT_KINDS]
        if len(kinds) != 1:
            line, column = _position(raw, ["requires", i])
            raise RuleFileError(name, line, column, f"requires[{i}]: name exactly one kind of "
                                f"requirement ({', '.join(REQUIREMENT_KINDS)})")
        kind = kinds[0]
        kinds_seen.add(kind)
        severity = item.get("severity", "error")
        if kind == "link":
            requirements.append(Requirement(kind, severity, target=item[kind]))
        else:
            requirements.append(Requirement(kind, severity,
                                            template(item[kind], ["requires", i, kind])))
    article_urls = []
    for i, pattern in enumerate(data.get("article_urls", [])):
        try:
            with warnings.catch_warnings():  # re's FutureWarnings are not the user's business
                warnings.simplefilter("ignore")
                article_urls.append(re.compile(pattern))
        except re.error as error:
            line, column = _position(raw, ["article_urls", i])
            raise RuleFileError(name, line, column,
                                f"article_urls[{i}]: not a regular expression: {error.msg}") from None
    detect = data.get("detect", {})
    phrases = tuple(template(p, ["detect", "phrases", i])
                    for i, p in enumerate(detect.get("phrases", [])))
    return Rule(
        id=data["id"], publisher=data["publisher"], terms=data["terms"], path=name,
        domains=tuple(d.lower() for d in data["domains"]), article_urls=tuple(article_urls),
        detect_source_domains=detect.get("source_domains", True),
        detect_phrases=phrases, requirements=tuple(requirements),
        licence=data.get("licence", ""), names=names,
    )


def _plain(node: Any) -> Any:
    """ruamel's round-trip types as plain JSON-like values for the schema."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def _key_position(data: Any, path: list, key: str) -> tuple[int, int]:
    """Where ``key`` (as text: YAML keys may be numbers or null) is written."""
    node = data
    try:
        for part in path:
            node = node[part]
        written = next(k for k in node if str(k) == key)
        line, column = node.lc.key(written)
    except (KeyError, IndexError, TypeError, AttributeError, StopIteration):
        return _position(data, path)
    return line + 1, column + 1


def _locate(source: str, start: tuple[int, int], template: str, offset: int) -> tuple[int, int]:
    """Where ``template[offset:]`` is in the file, searching from the scalar's
    position ``start`` (quotes, folding and escapes make arithmetic unsafe)."""
    lines = source.splitlines(keepends=True)
    begin = sum(len(l) for l in lines[: start[0] - 1]) + start[1] - 1
    needle = (template[offset:].split() or [""])[0]
    if needle:
        found = source.find(needle, begin)
        if found >= 0:
            before = source[:found]
            return before.count("\n") + 1, found - (before.rfind("\n") + 1) + 1
    return start


def _position(data: Any, path: list) -> tuple[int, int]:
    """1-based line and column of the node at ``path`` (or of its key)."""
    node, line, column = data, 0, 0
    for part in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and lc is not None and part in node:
                line, column = lc.value(part) if not isinstance(node[part], (dict, list)) \
                    else lc.key(part)
            elif isinstance(node, list) and lc is not None and isinstance(part, int) \
                    and part < len(node):
                line, column = lc.item(part)
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
        node = node[part]
    return line + 1, column + 1
