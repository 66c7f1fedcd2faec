"""Rule files: load, validate against the JSON Schema, compile templates.

A rule file is YAML, read with ruamel.yaml's round-trip loader (safe: it
builds only plain mappings, lists and scalars) because it remembers the line
and column of every node, so a mistake is reported as
``rules/x.yaml:LINE:COL: what is wrong``.  The result is plain data
(:class:`Rule`) with every template compiled.

Rule files may come from third parties, so loading one is bounded: at most
``MAX_RULE_FILE_BYTES``, nesting at most ``MAX_DEPTH`` deep (checked on the
parser's event stream before anything recursive runs), no anchors or aliases
(an alias bomb expands exponentially), and the raw ``article_urls`` patterns
run on RE2, whose matching time is linear in the text.  Whatever goes wrong
is a :class:`RuleFileError`, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
import importlib.util
from pathlib import Path
from typing import Any

from .files import FileNotRead, read_regular_file
from .template import Template, TemplateError, compile_template

MAX_RULE_FILE_BYTES = 1024 * 1024
# The schema's deepest value is three levels down (requires[0].credit);
# anything much deeper is a mistake or an attack on recursive code.
MAX_DEPTH = 16
# Errors that code meant for well-formed input raises on hostile input:
# huge integers, impossible dates, deep recursion, an engine's own limits.
_INPUT_LIMIT_ERRORS = (RecursionError, ValueError, OverflowError, MemoryError, re.error)


class RuleFileError(Exception):
    """A rule file is unusable; ``str()`` is the one line to show."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


class LinearPattern:
    """A rule file's raw regular expression, run by RE2 (google-re2).

    Python's ``re`` backtracks: ``(a+)+$`` takes exponential time on
    ``aaaa...b``, so a third-party rule file could hang the linter.  RE2
    matches in time linear in the text, and refuses what needs backtracking
    (backreferences, lookaround).  Offers the part of ``re.Pattern`` that
    :mod:`attriblint.urls` uses: ``pattern``, ``groups``, ``search``.
    """

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        """Compile ``pattern``; raises :class:`PatternError` if RE2 cannot."""
        self.pattern = pattern
        self._compiled = _re2_compile(pattern)

    @classmethod
    def checked(cls, pattern: str) -> LinearPattern:
        """``pattern``, which RE2 compiled before (a rule cache entry, a copy
        sent to a worker), compiled when first used: most runs never use
        a rule's URL patterns, and importing RE2 costs a tenth of a
        pre-commit run."""
        self = cls.__new__(cls)
        self.pattern, self._compiled = pattern, None
        return self

    def _engine(self):
        if self._compiled is None:
            self._compiled = _re2_compile(self.pattern)
        return self._compiled

    @property
    def groups(self) -> int:
        return self._engine().groups

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        """The first match in ``text[pos:endpos]``, with ``group(n)``; or None."""
        if endpos is None:
            return self._engine().search(text, pos)
        return self._engine().search(text, pos, endpos)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinearPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"LinearPattern({self.pattern!r})"

    def __reduce__(self):
        # For the process pool: send the source, compile in the worker if used.
        return LinearPattern.checked, (self.pattern,)


class PatternError(ValueError):
    """RE2 cannot compile a pattern; ``str()`` says why."""


def _re2_compile(pattern: str):
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print its own error to stderr
    try:
        return re2.compile(pattern, options=options)
    except re2.error as error:
        raise PatternError(_re2_message(error)) from None


def _re2_message(error: Exception) -> str:
    detail = error.args[0] if error.args else ""
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    detail = str(detail).strip() or "invalid pattern"
    return (f"{detail} (patterns run on RE2, which has no backreferences or lookaround, "
            f"so that matching takes linear time)")


@dataclass(frozen=True)
class Requirement:
    """One item of a rule's ``requires``, built by its kind's module.

    ``options`` is the item as written (plain data, minus ``severity``);
    ``templates`` and ``patterns`` hold what the kind compiled from it, by
    option name.  Plain data throughout: the rule cache stores it.
    """

    kind: str  # a kind's KIND (see attriblint/kinds)
    severity: str
    options: dict[str, Any] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    patterns: dict[str, LinearPattern] = field(default_factory=dict)

    @property
    def template(self) -> Template | None:
        """The template of the kind's own key (credit, copyright, byline)."""
        return self.templates.get(self.kind)

    @property
    def value(self) -> Any:
        """What the kind's own key says (``link: article`` gives "article")."""
        return self.options.get(self.kind)


@dataclass(frozen=True)
class Example:
    """An example post of a rule file, and the findings it must produce."""

    name: str
    post: str  # the post's text (read from ``file`` at load)
    format: str  # markdown, html, text
    path: str  # where the post is: the file, or the rule file for an inline post
    findings: tuple[str, ...]  # "AL101", "AL101 6:1", "other-rule:AL201"
    line: int = 1  # where the example's item starts in the rule file


@dataclass(frozen=True)
class Rule:
    """One publisher's terms, compiled from its rule file."""

    id: str
    publisher: str
    terms: str
    path: str
    domains: tuple[str, ...]
    article_urls: tuple[LinearPattern, ...]
    detect_source_domains: bool
    detect_phrases: tuple[Template, ...]
    requirements: tuple[Requirement, ...]
    licence: str = ""
    names: tuple[str, ...] = ()  # the publisher's name and its other names
    notes: str = ""
    # Named link targets (``[{author}]({profile})``): RE2 on the address.
    targets: dict[str, LinearPattern] = field(default_factory=dict)
    # Licence rules: the work's declared licences that make the rule apply.
    detect_licences: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()

    def owns(self, host: str) -> bool:
        """Whether ``host`` is one of the publisher's domains or under one."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)


def bundled_rules_dir() -> Path:
    """The folder of rule files shipped with attriblint.

    The wheel (and an editable install) provides it as the package
    ``attriblint.bundled_rules``; a plain checkout on ``PYTHONPATH`` (or a
    checkout shadowing an installed copy, as pytest's rootdir does) has only
    the top-level ``rules/`` folder next to the package.
    """
    # find_spec, not importlib.resources.files: the same folder for a wheel
    # or an editable install, without importing importlib.resources (a
    # twentieth of a pre-commit run's instructions).
    try:
        spec = importlib.util.find_spec("attriblint.bundled_rules")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.origin:
        return Path(spec.origin).parent
    checkout = Path(__file__).resolve().parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise ModuleNotFoundError("attriblint.bundled_rules: the bundled rule files are missing")


def rule_files(paths: list[str]) -> list[Path]:
    """The rule files named by ``paths`` (files, or folders of *.yaml)."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            found.append(path)
    return found


def load_rules(paths: list[Path], examples: bool = False) -> list[Rule]:
    """Load and compile rule files; raises :class:`RuleFileError`.

    Example posts are read only when asked (``attriblint rules test``):
    checking never needs them, and the rule cache does not store them.
    """
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in paths:
        rule = load_rule(path, examples)
        if rule.id in seen:
            raise RuleFileError(str(path), *_id_position(path),
                                f"rule id '{rule.id}' is also used by {seen[rule.id]}")
        seen[rule.id] = str(path)
        rules.append(rule)
    return rules


def _id_position(path: Path) -> tuple[int, int]:
    """Where a (loaded, so readable) rule file writes its id."""
    try:
        text = _read_text(str(path), path)
    except RuleFileError:
        return 1, 1
    m = re.search(r"^id[ \t]*:[ \t]*", text, re.M)
    return (text.count("\n", 0, m.start()) + 1, m.end() - m.start() + 1) if m else (1, 1)


def load_rule(path: Path, examples: bool = False) -> Rule:
    """Load, validate and compile one rule file; raises :class:`RuleFileError`."""
    name = str(path)
    text = _read_text(name, path)
    data = _parse_yaml(name, text)
    _validate(name, data)
    return _build(name, data, text, examples)


def _read_text(name: str, path: Path) -> str:
    """The file's text, refusing files over ``MAX_RULE_FILE_BYTES``."""
    try:
        data = read_regular_file(path, MAX_RULE_FILE_BYTES, "for rule files")
    except FileNotRead as error:
        raise RuleFileError(name, 1, 1, f"rule file {error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleFileError(name, 1, 1, "rule file is not UTF-8 text") from None


class _ValueError(Exception):
    """A scalar that cannot be constructed (a 5,000-digit number, a 30th of
    February), raised with the node's position."""

    def __init__(self, mark, message: str) -> None:
        super().__init__(message)
        self.mark, self.message = mark, message


def _constructor_class():
    """ruamel's round-trip constructor, raising :class:`_ValueError` with the
    node's position where the plain one raises a bare ValueError."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class PositionedConstructor(RoundTripConstructor):
        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, OverflowError) as error:
                raise _ValueError(node.start_mark, _value_message(node, error)) from None

    return PositionedConstructor


def _value_message(node, error: Exception) -> str:
    tag = str(getattr(node, "tag", "") or "")
    if tag.endswith(":int") or tag.endswith(":float"):
        return "this number is too large to read; quote it if it is text"
    if tag.endswith(":timestamp"):
        return f"not a valid date ({error}); quote it if it is text"
    return f"this value cannot be read: {error}"


def _parse_yaml(name: str, text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        _check_structure(name, text)
        yaml = YAML(typ="rt")
        yaml.Constructor = _constructor_class()
        yaml.preserve_quotes = True  # keeps each scalar's style, for positions
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RuleFileError(name, line, column,
                            f"not valid YAML: {error.problem or error.context}") from None
    except YAMLError as error:
        raise RuleFileError(name, 1, 1, f"not valid YAML: {error}") from None
    except _ValueError as error:
        raise RuleFileError(name, *_mark_position(error.mark), error.message) from None
    except _INPUT_LIMIT_ERRORS as error:
        raise RuleFileError(name, 1, 1, f"not a usable YAML file: {_describe_limit(error)}") from None
    if not isinstance(data, dict):
        raise RuleFileError(name, 1, 1, "expected a mapping of keys (id, publisher, terms, "
                                        "domains, requires, ...)")
    return data


def _check_structure(name: str, text: str) -> None:
    """Refuse anchors, aliases and deep nesting before the file is composed.

    The parser's event stream is produced without recursion, so this is safe
    on any input, and it stops at the first offending event.  Composing,
    converting and validating recurse once per level, and aliases would be
    expanded into copies.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    depth = 0
    for event in YAML(typ="rt").parse(text):
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            raise RuleFileError(name, *_mark_position(event.start_mark),
                                "anchors and aliases (&name, *name) are not allowed in rule "
                                "files; write the value out")
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise RuleFileError(name, *_mark_position(event.start_mark),
                                    f"nested more than {MAX_DEPTH} levels deep; a rule file "
                                    f"needs at most 3")
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _mark_position(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _describe_limit(error: BaseException) -> str:
    """A one-line description of one of ``_INPUT_LIMIT_ERRORS``."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, MemoryError):
        return "too large"
    text = " ".join(str(error).split())
    return text or type(error).__name__


@lru_cache(maxsize=1)
def _schema_validators():
    """The top level's validator, and one per requirement kind."""
    import fastjsonschema

    from .kinds import kinds
    from .ruleschema import item_schema, top_level

    top = top_level()
    items = {kind: item_schema(module) for kind, module in kinds().items()}
    return ((top, fastjsonschema.compile(top)),
            {kind: (schema, fastjsonschema.compile(schema)) for kind, schema in items.items()})


def _validate(name: str, data: Any) -> None:
    """Check ``data`` against the schema: the top level, then each item of
    ``requires`` against its kind's part (so that a mistake in an item is
    named in that kind's terms, not as "matches none of ten choices")."""
    import fastjsonschema

    (top, validate), by_kind = _schema_validators()
    plain = _plain(data)
    try:
        validate(plain)
        for i, item in enumerate(plain["requires"]):
            kind = _kind_of(name, data, item, i, by_kind)
            schema, validate_item = by_kind[kind]
            try:
                validate_item(item)
            except fastjsonschema.JsonSchemaValueException as error:
                _raise_schema_error(name, data, schema, error, ["requires", i])
    except fastjsonschema.JsonSchemaValueException as error:
        _raise_schema_error(name, data, top, error, [])
    except _INPUT_LIMIT_ERRORS as error:
        raise RuleFileError(name, 1, 1, f"rule file cannot be checked: {_describe_limit(error)}") \
            from None


def _kind_of(name: str, data: Any, item: dict, i: int, by_kind: dict) -> str:
    """The one kind ``requires[i]`` names, or an error at the item."""
    named = [key for key in item if key in by_kind]
    if len(named) == 1:
        return named[0]
    known = ", ".join(by_kind)
    if not named:
        unknown = next((key for key in item if key != "severity"), None)
        if unknown is not None:
            from .suggest import closest

            close = closest(unknown, by_kind)
            hint = f"did you mean '{close}'?" if close else f"expected one of {known}"
            line, column = _key_position(data, ["requires", i], unknown)
            raise RuleFileError(name, line, column,
                                f"requires[{i}]: unknown kind of requirement '{unknown}'; {hint}")
    line, column = _position(data, ["requires", i])
    raise RuleFileError(name, line, column,
                        f"requires[{i}]: name exactly one kind of requirement ({known})")


def _raise_schema_error(name: str, data: Any, schema: dict, error, prefix: list) -> None:
    """Raise the :class:`RuleFileError` for a schema violation, at its node.

    ``schema`` is what was validated, the node at ``prefix`` of ``data``.
    """
    path = [int(p) if p.isdigit() else p for p in error.path[1:]]
    unknown = _unknown_key(error.value, schema, path)
    if unknown and error.rule in ("required", "additionalProperties"):
        key, message = unknown
        line, column = _key_position(data, prefix + path, key)
        raise RuleFileError(name, line, column, message) from None
    line, column = _position(data, prefix + path)
    raise RuleFileError(name, line, column, _describe(error, prefix + path)) from None


def _describe(error, path: list) -> str:
    from .ruleschema import HOST

    where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path)
    where = where.replace(".[", "[") or "the rule file"
    if error.rule == "required":
        missing = [k for k in error.rule_definition if k not in (error.value or {})]
        return f"{where}: missing required key '{missing[0]}'"
    if error.rule == "enum":
        choices = ", ".join(map(str, error.rule_definition))
        return f"{where}: {error.value!r} is not allowed; expected one of {choices}"
    if error.rule in ("oneOf", "anyOf"):
        branches = error.rule_definition
        choices = [v for b in branches for v in b.get("enum", b.get("items", {}).get("enum", []))]
        if choices:
            listed = ", ".join(dict.fromkeys(map(str, choices)))
            lists = any(b.get("type") == "array" for b in branches)
            return (f"{where}: {error.value!r} is not allowed; expected one of {listed}"
                    + (", or a list of them" if lists else ""))
    if error.rule == "pattern" and path == ["id"]:
        return (f"id: {error.value!r} is not a rule id; expected lower case letters, digits, "
                f"'.' and '-'")
    if error.rule == "pattern" and path == ["terms"]:
        return f"terms: {error.value!r} is not a web address; expected https://..."
    if error.rule == "pattern" and error.rule_definition == HOST:
        return f"{where}: {error.value!r} is not a host name; expected e.g. example.org"
    if error.rule == "pattern" and path and path[0] == "examples":
        return (f"{where}: {error.value!r} is not a finding; expected a code (AL101), perhaps "
                f"with line:column (AL101 6:1) or another rule's id (other-id:AL101)")
    if error.rule == "pattern" and path and path[-1] == KIND_LICENCE:
        return (f"{where}: {error.value!r} is not a Creative Commons licence id; expected an "
                f"SPDX id such as CC-BY-4.0 or CC-BY-NC-ND-4.0")
    if error.rule == "pattern" and "home_paths" in path:
        return f"{where}: {error.value!r} is not a path; write it with its leading /, e.g. /africa"
    if error.rule == "propertyNames" and path and path[0] == "targets":
        bad = next((k for k in (error.value or {}) if not re.fullmatch(r"[a-z_][a-z0-9_]*", k)), "")
        return (f"targets: {bad!r} is not a target name; use lower case letters, digits and _ "
                f"(it is written {{{bad.lower()}}} in templates)")
    if error.rule in ("minLength", "minItems", "minProperties"):
        return f"{where}: must not be empty"
    if error.rule == "type":
        wanted = error.rule_definition
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        words = {"integer": "a whole number", "string": "text", "array": "a list",
                 "object": "a mapping of keys", "boolean": "true or false", "number": "a number"}
        wanted = " or ".join(words.get(w, w) for w in wanted.split(" or "))
        return f"{where}: expected {wanted}, found {_type_name(error.value)}"
    message = error.message.replace("data.", "").replace("data", "the rule file")
    if path and not message.startswith(where):
        message = f"{where}: {message.split(' ', 1)[-1]}" if message.startswith("the rule file") \
            else message
    return message


KIND_LICENCE = "licence"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true or false", int: "a number", float: "a number", str: f"{value!r}",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _unknown_key(value: Any, schema: dict, path: list) -> tuple[str, str] | None:
    """The first key of ``value`` the schema does not allow, and a message."""
    from .suggest import closest

    allowed = _allowed_keys(schema, path)
    if not isinstance(value, dict) or not allowed:
        return None
    for key in value:
        if key not in allowed:
            close = closest(key, allowed)
            hint = f"did you mean '{close}'?" if close else f"expected one of {', '.join(allowed)}"
            return key, f"unknown key '{key}'; {hint}"
    return None


def _allowed_keys(schema: dict, path: list) -> list[str]:
    node = schema
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return list(node.get("properties", {}))


class BuildContext:
    """What a kind's ``build`` needs to compile one ``requires`` item: the
    rule's names and targets, and errors placed at the item's nodes."""

    def __init__(self, file: str, raw: dict, source: str, names: tuple[str, ...],
                 targets: tuple[str, ...], index: int) -> None:
        self.file, self._raw, self._source = file, raw, source
        self.names, self.targets, self._index = names, targets, index

    def path(self, *keys: Any) -> list:
        return ["requires", self._index, *keys]

    def template(self, text: str, *keys: Any, example: str = "") -> Template:
        """``text``, the item's option at ``keys``, compiled for the rule."""
        return _compile_template(self.file, self._raw, self._source, text, self.path(*keys),
                                 self.names, self.targets, example)

    def pattern(self, text: str, *keys: Any) -> LinearPattern:
        return _compile_pattern(self.file, self._raw, text, self.path(*keys))

    def error(self, message: str, *keys: Any) -> RuleFileError:
        """An error at the item's option at ``keys``, to raise."""
        line, column = _position(self._raw, self.path(*keys))
        where = f"requires[{self._index}]" + "".join(f".{k}" if isinstance(k, str) else f"[{k}]"
                                                     for k in keys)
        return RuleFileError(self.file, line, column, f"{where}: {message}")


def _build(name: str, raw: dict, source: str, examples: bool = False) -> Rule:
    from .kinds import kinds

    data = _plain(raw)
    detect = data.get("detect", {})
    if not data.get("domains") and not detect.get("licences"):
        line, column = _key_position(raw, [], "id")
        raise RuleFileError(name, line, column, "missing required key 'domains' (a rule for a "
                                                "licence gives detect.licences instead)")
    _check_detection(name, raw, data, detect)
    domains = tuple(d.lower() for d in data.get("domains", []))
    names = (data["publisher"], *data.get("names", []))
    hosts = tuple(host for d in domains for host in (d, "www." + d))
    targets = {key: _compile_pattern(name, raw, pattern, ["targets", key])
               for key, pattern in data.get("targets", {}).items()}

    requirements = []
    for i, item in enumerate(data["requires"]):
        severity = item.pop("severity", "error")
        kind = next(key for key in item if key in kinds())
        context = BuildContext(name, raw, source, names + hosts, tuple(targets), i)
        requirements.append(replace(kinds()[kind].build(item, context), severity=severity))
    article_urls = [_compile_pattern(name, raw, pattern, ["article_urls", i])
                    for i, pattern in enumerate(data.get("article_urls", []))]
    phrases = tuple(_compile_template(name, raw, source, p, ["detect", "phrases", i],
                                      names + hosts, tuple(targets))
                    for i, p in enumerate(detect.get("phrases", [])))
    return Rule(
        id=data["id"], publisher=data["publisher"], terms=data["terms"], path=name,
        domains=domains, article_urls=tuple(article_urls),
        detect_source_domains=detect.get("source_domains", True),
        detect_phrases=phrases, requirements=tuple(requirements),
        licence=data.get("licence", ""), names=names, notes=data.get("notes", ""),
        targets=targets, detect_licences=tuple(detect.get("licences", [])),
        examples=tuple(_example(name, raw, e, i, _known_codes())
                       for i, e in enumerate(data.get("examples", []))) if examples else (),
    )


def _check_detection(name: str, raw: dict, data: dict, detect: dict) -> None:
    """A rule must be able to apply, and its licences must be known ones."""
    from .licences import spdx_id

    for i, licence in enumerate(detect.get("licences", [])):
        if spdx_id(licence) is None:
            line, column = _position(raw, ["detect", "licences", i])
            raise RuleFileError(name, line, column, f"detect.licences[{i}]: {licence!r} is not a "
                                f"Creative Commons licence id; expected e.g. CC-BY-4.0")
    if not (detect.get("source_domains", True) and data.get("domains")) \
            and not detect.get("phrases") and not detect.get("licences"):
        line, column = _key_position(raw, [], "detect") if "detect" in raw else (1, 1)
        raise RuleFileError(name, line, column, "detect: this rule can never apply to a post; "
                            "give source_domains: true (with domains), phrases or licences")


def _known_codes() -> frozenset[str]:
    from .kinds import codes

    return frozenset(codes())


_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".txt": "text"}


def _example(name: str, raw: dict, item: dict, i: int, known_codes) -> Example:
    """An example post, its file read now: relative to the rule file, and
    inside its folder (a third party's rule file must not make ``rules
    test`` read other files: a symbolic link out of the folder is refused
    too)."""
    if ("file" in item) == ("post" in item):
        line, column = _position(raw, ["examples", i])
        raise RuleFileError(name, line, column, f"examples[{i}]: give either file or post")
    for j, entry in enumerate(item["findings"]):
        code = entry.split(" ")[0].split(":")[-1]
        if code not in known_codes:
            line, column = _position(raw, ["examples", i, "findings", j])
            raise RuleFileError(name, line, column, f"examples[{i}].findings[{j}]: {code} is "
                                f"not a finding code ('attriblint explain' lists them)")
    if "file" in item:
        folder = Path(name).resolve().parent
        path = Path(name).parent / item["file"]
        if not path.resolve().is_relative_to(folder):
            line, column = _position(raw, ["examples", i, "file"])
            raise RuleFileError(name, line, column, f"examples[{i}].file: {item['file']} is "
                                f"outside the rule file's folder; example posts must be in it "
                                f"or below it")
        try:
            post = read_regular_file(path, MAX_RULE_FILE_BYTES, "for example posts") \
                .decode("utf-8-sig")
        except (FileNotRead, UnicodeDecodeError) as error:
            line, column = _position(raw, ["examples", i, "file"])
            raise RuleFileError(name, line, column, f"examples[{i}].file: {path}: "
                                f"{error if isinstance(error, FileNotRead) else 'not UTF-8'}") \
                from None
        fmt = item.get("format") or _FORMATS.get(path.suffix.lower(), "markdown")
        where = str(path)
    else:
        post, fmt, where = item["post"], item.get("format", "markdown"), name
    return Example(item["name"], post, fmt, where, tuple(item["findings"]),
                   _position(raw, ["examples", i])[0])


def _compile_template(name: str, raw: dict, source: str, text: str, path: list,
                      publisher: tuple[str, ...], targets: tuple[str, ...] = (),
                      example: str = "") -> Template:
    """Compile a template, any failure becoming an error at its position.

    :mod:`attriblint.template` reports mistakes as :class:`TemplateError`
    with an offset; anything else it lets escape (deep recursion in the
    parser, the regex engine's limits) is still the rule file's problem.
    """
    try:
        return compile_template(text, publisher, targets, example)
    except TemplateError as error:
        line, column = _locate(source, _position(raw, path), text.strip(), error.offset)
        raise RuleFileError(name, line, column, f"template: {error}") from None
    except _INPUT_LIMIT_ERRORS as error:
        line, column = _position(raw, path)
        raise RuleFileError(name, line, column,
                            f"template: cannot be compiled: {_describe_limit(error)}") from None
    except Exception as error:  # a bug in the compiler must not become a traceback
        line, column = _position(raw, path)
        raise RuleFileError(name, line, column, f"template: cannot be compiled "
                                                f"({type(error).__name__}: {error})") from None


def _compile_pattern(name: str, raw: dict, pattern: str, path: list) -> LinearPattern:
    """A pattern on RE2, or an error at its position."""
    try:
        return LinearPattern(pattern)
    except PatternError as error:
        line, column = _position(raw, path)
        where = path[0] + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:])
        raise RuleFileError(name, line, column,
                            f"{where}: not a usable regular expression: {error}") from None


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
                # A key with no value: its value's mark is the next line.
                line, column = lc.value(part) if not isinstance(node[part], (dict, list)) \
                    and node[part] is not None else lc.key(part)
            elif isinstance(node, list) and lc is not None and isinstance(part, int) \
                    and part < len(node):
                line, column = lc.item(part)
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
        node = node[part]
    return line + 1, column + 1
