"""A repository's configuration: ``.attriblint.yaml`` or ``pyproject.toml``.

The nearest configuration to a linted file wins: :class:`ConfigFinder`
walks up from the file's folder and takes the first ``.attriblint.yaml``
(or ``.yml``), else a ``pyproject.toml`` with a ``[tool.attriblint]``
table; ``--config PATH`` forces one file for every path.  Paths and globs
in a configuration are relative to its folder.

A configuration is checked against a JSON Schema (:func:`config_schema`,
shipped as ``attriblint/schema/config.schema.json`` for editors; rewrite it
with ``python -m attriblint.generate``).  The first problem becomes a
:class:`ConfigError` that names the key in the configuration's own terms
and where it is written (``path:line:col: message``).  ruamel gives YAML
positions; tomllib gives none, so a TOML key's line is found by scanning
the file's ``[tool.attriblint...]`` tables (:func:`_toml_positions`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .kinds._base import WAIVABLE_KINDS
from .settings import Fields, Permission, Settings, Site, normal_key

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "config.schema.json"
YAML_NAMES = (".attriblint.yaml", ".attriblint.yml")
PYPROJECT = "pyproject.toml"
SEVERITIES = ("error", "warning", "off")
DEFAULT = "default"  # the origin of a value no file set

# A key path inside a configuration: mapping keys and list indexes.
KeyPath = tuple[str | int, ...]
# Where a key path is written: (line, column), 1-based; ``at_key`` asks for
# the key itself rather than its value.
Locate = Callable[[KeyPath, bool], tuple[int, int]]


class ConfigError(Exception):
    """A configuration that cannot be used; ``str()`` is ``path:line:col: message``."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass(frozen=True, eq=False)
class Config:
    """One configuration file's values (or the defaults, when ``path`` is None).

    Compared by identity: a :class:`ConfigFinder` hands out one object per
    file, so targets can be grouped by the configuration that governs them.
    """

    path: Path | None
    rules: tuple[str, ...] | None = None  # bundled ids and absolute paths; None: all bundled
    include: tuple[str, ...] = ()  # gitwildmatch globs relative to ``root``; (): everything
    exclude: tuple[str, ...] = ()
    gitignore: bool = True
    settings: Settings = field(default_factory=Settings)
    origins: Mapping[str, str] = field(default_factory=dict)  # dotted key -> path:line:col

    @property
    def root(self) -> Path | None:
        """The folder globs and rule paths are relative to."""
        return self.path.parent if self.path is not None else None

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT)


# ---------------------------------------------------------------- the schema

def _bundled_rule_ids() -> list[str]:
    from .rules import bundled_rules_dir, rule_files

    return sorted(path.stem for path in rule_files([str(bundled_rules_dir())]))


def _code_names() -> list[str]:
    from .kinds import codes

    return sorted(codes())


def _kind_names() -> list[str]:
    """Requirement kinds, and "suppression" (AL010 to AL012), as the command
    line's --select and --ignore accept them."""
    from .kinds import kinds

    return sorted([*kinds(), "suppression"])


def _strings(description: str, items: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "type": "array",
            "items": items or {"type": "string", "minLength": 1}}


def config_schema() -> dict[str, Any]:
    """The JSON Schema of a configuration (YAML, or pyproject's ``[tool.attriblint]``)."""
    codes, kinds, rule_ids = _code_names(), _kind_names(), _bundled_rule_ids()
    code_or_kind = {"enum": codes + kinds}
    field_list = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
    return {
        "$schema": "https://json-schema.org/draft-07/schema#",
        "$id": "https://attriblint.invalid/schema/config.schema.json",
        "title": "attriblint configuration",
        "description": "The .attriblint.yaml file, or the [tool.attriblint] table of "
                       "pyproject.toml. Paths and globs are relative to the file's folder.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "rules": {
                "description": "Rules to check: bundled rule ids, or paths to rule files or "
                               "folders (a path contains '/' or ends with .yaml or .yml). "
                               "Default: every bundled rule.",
                "type": "array", "minItems": 1,
                "items": {"anyOf": [
                    {"enum": rule_ids},
                    {"type": "string", "pattern": r"(/|\.ya?ml$)"},
                ]},
            },
            "include": _strings("Only files matching these gitwildmatch globs are linted. "
                                "Default: every file of a known kind."),
            "exclude": _strings("Files and folders matching these gitwildmatch globs are "
                                "never linted, even when named on the command line."),
            "gitignore": {"description": "Leave out what .gitignore files (and "
                                         ".git/info/exclude) ignore when walking folders. "
                                         "Default: true.", "type": "boolean"},
            "fields": {
                "description": "Which front-matter keys hold what: each list is tried "
                               "first, in order, then that field's default keys. Case, '_', "
                               "'-' and ':' are ignored.",
                "type": "object", "additionalProperties": False,
                "properties": {name: {**field_list, "description": f"Keys for {name}."}
                               for name in Fields.names()},
            },
            "site": {
                "description": "The blog itself.",
                "type": "object", "additionalProperties": False,
                "properties": {
                    "name": {"description": "The blog's name: like its authors, an author: key "
                                            "naming it is never compared with the original's.",
                             "type": "string",
                             "minLength": 1},
                    "authors": _strings("The blog's own authors: an author: key naming one "
                                        "of them is never compared with the original's."),
                    "commercial": {"description": "Whether the site is run primarily for "
                                                  "commercial advantage (a business's site, a "
                                                  "for-profit publication); terms for "
                                                  "non-commercial sites only (CC BY-NC, Global "
                                                  "Research) are reported when true.",
                                   "type": "boolean"},
                    "permissions": {
                        "description": "Permissions publishers granted, by rule id.",
                        "type": "object",
                        "additionalProperties": {
                            "type": "object", "additionalProperties": False,
                            "required": ["note"],
                            "properties": {
                                "kinds": _strings("Requirement kinds the permission waives; "
                                                  "default: all of them.",
                                                  {"enum": list(WAIVABLE_KINDS)}),
                                "note": {"description": "Who granted it, and when.",
                                         "type": "string", "minLength": 1},
                            },
                        },
                    },
                },
            },
            "severity": {
                "description": "Severity per code: error, warning or off.",
                "type": "object", "propertyNames": {"enum": codes},
                "additionalProperties": {"enum": list(SEVERITIES)},
            },
            "select": _strings("Report only these codes or requirement kinds. Default: all.",
                               code_or_kind),
            "ignore": _strings("Never report these codes or requirement kinds.", code_or_kind),
            "per-path-ignores": {
                "description": "Codes or requirement kinds never reported for files matching "
                               "a gitwildmatch glob.",
                "type": "object",
                "additionalProperties": {"type": "array", "items": code_or_kind},
            },
        },
    }


def render() -> str:
    """The shipped schema file's text."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def _validator():
    import fastjsonschema

    return fastjsonschema.compile(config_schema())


# ------------------------------------------------------------- reading files

def _read_yaml(path: Path) -> tuple[Any, Locate]:
    """The YAML configuration's data (ruamel round-trip, for positions)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import AliasEvent

    from .rules import _constructor_class, _mark_position, _ValueError

    name = str(path)
    text = _read_text(path, MAX_YAML_SIZE)
    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor_class()
    try:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent):  # a few aliases can expand to gigabytes
                raise ConfigError(name, *_mark_position(event.start_mark),
                                  "aliases (*name) are not allowed; write the value out")
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ConfigError(name, *_mark_position(mark),
                          f"not valid YAML: {error.problem or error.context}") from None
    except _ValueError as error:
        raise ConfigError(name, *_mark_position(error.mark), error.message) from None
    except (YAMLError, RecursionError, ValueError, OverflowError) as error:
        raise ConfigError(name, 1, 1, f"not valid YAML: {error}") from None
    if data is None:  # empty, or only comments: every default
        data = {}
    return data, lambda keys, at_key: _yaml_position(data, keys, at_key)


def _yaml_position(data: Any, keys: KeyPath, at_key: bool) -> tuple[int, int]:
    """Where ``keys`` is written in ruamel's round-trip ``data`` (the deepest
    part of it that exists)."""
    node, line, column = data, 0, 0
    for depth, part in enumerate(keys):
        last = depth == len(keys) - 1
        if isinstance(node, dict) and hasattr(node, "lc"):
            written = next((k for k in node if str(k) == str(part)), None)
            if written is None:
                break
            line, column = node.lc.key(written) if last and at_key else node.lc.value(written)
            node = node[written]
        elif isinstance(node, list) and hasattr(node, "lc") and isinstance(part, int) \
                and part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
        else:
            break
    return line + 1, column + 1


def _read_pyproject(path: Path) -> tuple[Any, Locate] | None:
    """The ``[tool.attriblint]`` table of a pyproject.toml, or None when it has none."""
    import tomllib

    text = _read_text(path, MAX_PYPROJECT_SIZE)
    if not _MENTIONS_TOOL_TABLE.search(text):  # most pyproject files: no need to parse
        return None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        if "(at end of document)" in str(error):
            line, column = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "",
                         str(error))
        raise ConfigError(str(path), line, column, f"not valid TOML: {message}") from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "attriblint" not in tool:
        return None
    positions = _toml_positions(text)
    return tool["attriblint"], lambda keys, at_key: _toml_position(positions, keys)


# [tool.attriblint...], tool.attriblint... = or (under [tool]) attriblint... =
_MENTIONS_TOOL_TABLE = re.compile(r"^\s*(\[\s*)?(tool\s*\.\s*)?[\"']?attriblint\b", re.M)


# Configurations are a few kilobytes.  ruamel's loader slows down
# quadratically on very long comments, so a YAML one is capped lower.
MAX_YAML_SIZE = 256 * 1024
MAX_PYPROJECT_SIZE = 4 * 1024 * 1024


def _read_text(path: Path, limit: int) -> str:
    """The file's text (a regular file only, at most ``limit`` bytes)."""
    from .files import FileNotRead, read_regular_file

    try:
        data = read_regular_file(path, limit, what="limit for a configuration file")
    except FileNotRead as error:
        raise ConfigError(str(path), 1, 1, str(error)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ConfigError(str(path), line, column, f"not UTF-8 text ({error.reason})") from None


_TOML_KEY_PART = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_TOML_DOTTED = rf"{_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*"
_TOML_TABLE = re.compile(rf"^\s*\[\s*({_TOML_DOTTED})\s*\]\s*(?:#.*)?$")
_TOML_ASSIGN = re.compile(rf"^(\s*)({_TOML_DOTTED})\s*=")


def _toml_parts(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_TOML_KEY_PART, dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _toml_positions(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where each key under ``tool.attriblint`` is written: table headers and
    ``key =`` lines (the key's line and column; a key's first mention wins).
    Keys inside inline tables are not seen: their parent's position serves."""
    positions: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _TOML_TABLE.match(line):
            table = _toml_parts(header[1])
            keys, column = table, line.index("[") + 1
        elif assign := _TOML_ASSIGN.match(line):
            keys, column = table + _toml_parts(assign[2]), len(assign[1]) + 1
        else:
            continue
        if keys[:2] == ("tool", "attriblint"):
            for end in range(2, len(keys) + 1):
                positions.setdefault(keys[2:end], (number, column))
    return positions


def _toml_position(positions: dict[tuple[str, ...], tuple[int, int]],
                   keys: KeyPath) -> tuple[int, int]:
    """The line of the deepest written key of ``keys`` (list items: their key's line)."""
    names = tuple(str(k) for k in keys if not isinstance(k, int))
    for end in range(len(names), -1, -1):
        if names[:end] in positions:
            return positions[names[:end]]
    return 1, 1


# --------------------------------------------------------------- validation

def _validate(data: Any, name: str, locate: Locate, toml: bool) -> None:
    """Raise a :class:`ConfigError` for the first way ``data`` breaks the schema."""
    import fastjsonschema

    if not isinstance(data, dict):
        raise ConfigError(name, 1, 1, f"the configuration must be a "
                                      f"{'table' if toml else 'mapping'} of keys")
    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as error:
        keys, at_key, message = _explain(error, _error_keys(data, error.path[1:]), toml)
        raise ConfigError(name, *locate(keys, at_key), message) from None


def _error_keys(data: Any, parts: list[str]) -> KeyPath:
    """fastjsonschema's path (list indexes as text) as a key path."""
    keys: list[str | int] = []
    node = data
    for part in parts:
        if isinstance(node, list):
            keys.append(int(part))
            node = node[int(part)]
        else:
            keys.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return tuple(keys)


def dotted(keys: KeyPath) -> str:
    """``site.permissions.propublica``, ``exclude[0]``: a key path as messages write it."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def _did_you_mean(given: str, known: list[str]) -> str:
    from .suggest import closest

    close = closest(given, known)
    return f"; did you mean '{close}'?" if close else ""


def _vocabulary(values: set[str]) -> str:
    """What a list of allowed values is, in the configuration's terms."""
    codes, kinds = set(_code_names()), set(_kind_names())
    if values == codes:
        return "code"
    if values == kinds:
        return "requirement kind"
    if values == codes | kinds:
        return "code or requirement kind"
    if values == set(_bundled_rule_ids()):
        return "rule"
    return ""


_TYPE_WORDS = {"string": "a string", "boolean": "true or false", "array": "a list",
               "integer": "a whole number", "number": "a number"}


def _explain(error, keys: KeyPath, toml: bool) -> tuple[KeyPath, bool, str]:
    """(the key path to point at, whether at the key rather than its value,
    the message) for one fastjsonschema error at ``keys``."""
    where = f"{dotted(keys)}: " if keys else ""
    rule, value, definition = error.rule, error.value, error.definition
    if rule == "additionalProperties":
        unknown = sorted(str(k) for k in value if k not in definition.get("properties", {}))
        known = sorted(definition.get("properties", {}))
        return keys + (unknown[0],), True, _unknown_key(keys + (unknown[0],), known)
    if rule == "propertyNames":
        allowed = definition["propertyNames"]["enum"]
        bad = next(str(k) for k in value if k not in allowed)
        return keys + (bad,), True, _unknown_value(keys + (bad,), bad, allowed)
    if rule == "enum":
        return keys, False, _unknown_value(keys, value, definition["enum"])
    if rule == "anyOf":  # a rules: entry, neither a bundled id nor a path
        if not isinstance(value, str):
            return keys, False, f"{where}must be a string"
        ids = next(branch["enum"] for branch in definition["anyOf"] if "enum" in branch)
        return keys, False, (f"{where}unknown rule '{value}'{_did_you_mean(value, ids)} (a rule "
                       f"file's path contains '/' or ends with .yaml or .yml)")
    if rule == "type":
        wanted = definition["type"]
        words = ("a table" if toml else "a mapping") if wanted == "object" else \
            _TYPE_WORDS.get(wanted, wanted)
        return keys, False, f"{where}must be {words}"
    if rule == "required":
        missing = next(name for name in definition["required"] if name not in value)
        return keys, True, f"{where}needs '{missing}'" + (
            " (who granted the permission, and when)" if missing == "note" else "")
    if rule in ("minItems", "minLength"):
        return keys, False, f"{where}must not be empty"
    return keys, False, f"{where}{error.message.removeprefix('data').lstrip('. ')}"


def _unknown_key(keys: KeyPath, known: list[str]) -> str:
    key = str(keys[-1])
    inside = f" in {dotted(keys[:-1])}" if len(keys) > 1 else ""
    return f"unknown key '{key}'{inside}{_did_you_mean(key, known)}"


def _unknown_value(keys: KeyPath, value: Any, allowed: list[str]) -> str:
    what = _vocabulary(set(allowed))
    if what and isinstance(value, str):
        return f"{dotted(keys)}: unknown {what} '{value}'{_did_you_mean(value, allowed)}"
    return f"{dotted(keys)}: must be {_one_of(allowed)}, not {json.dumps(value)}"


def _one_of(values: list[str]) -> str:
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


# ------------------------------------------------------------- building one

def load_config(path: Path) -> Config:
    """The configuration in ``path`` (``.attriblint.yaml``/``.yml`` or a
    ``pyproject.toml`` with ``[tool.attriblint]``); raises :class:`ConfigError`."""
    path = Path(os.path.abspath(path))
    toml = path.suffix == ".toml"
    if toml:
        found = _read_pyproject(path)
        if found is None:
            raise ConfigError(str(path), 1, 1, "no [tool.attriblint] table in this file")
        raw, locate = found
    else:
        raw, locate = _read_yaml(path)
    from .rules import _plain  # ruamel's types as plain values, as for rule files

    data = _plain(raw)
    _validate(data, str(path), locate, toml)
    return _build(data, path, locate)


def _build(data: dict[str, Any], path: Path, locate: Locate) -> Config:
    def origin(*keys: str | int) -> str:
        line, column = locate(keys, True)
        return f"{path}:{line}:{column}"

    def fail(keys: KeyPath, message: str, at_key: bool = False):
        return ConfigError(str(path), *locate(keys, at_key), f"{dotted(keys)}: {message}")

    _check_globs(data, fail)
    origins = {key: origin(key) for key in data
               if key not in ("fields", "site", "severity", "per-path-ignores")}
    rules = _rules(data.get("rules"), path.parent, fail)
    fields, site = data.get("fields", {}), data.get("site", {})
    origins.update({f"fields.{name}": origin("fields", name) for name in fields})
    origins.update({f"site.{name}": origin("site", name) for name in site
                    if name != "permissions"})
    recorded = site.get("permissions", {})
    known_ids = _known_rule_ids(rules) if recorded else []  # reads configured rule files
    permissions = tuple(_permission(rule, value, known_ids, fail)
                        for rule, value in recorded.items())
    origins.update({f"site.permissions.{p.rule}": origin("site", "permissions", p.rule)
                    for p in permissions})
    severity = data.get("severity", {})
    origins.update({f"severity.{code}": origin("severity", code) for code in severity})
    per_path = data.get("per-path-ignores", {})
    origins.update({f"per-path-ignores.{glob}": origin("per-path-ignores", glob)
                    for glob in per_path})
    defaults = Fields()
    settings = Settings(
        fields=Fields(**{name: _first_then_defaults(fields.get(name, ()),
                                                    getattr(defaults, name))
                         for name in Fields.names()}),
        site=Site(name=site.get("name"), authors=tuple(site.get("authors", ())),
                  commercial=site.get("commercial"), permissions=permissions),
        severity=dict(severity),
        select=tuple(data["select"]) if "select" in data else None,
        ignore=tuple(data.get("ignore", ())),
        per_path_ignores=tuple((glob, tuple(codes)) for glob, codes in per_path.items()),
        root=str(path.parent),
    )
    return Config(path=path, rules=rules, include=tuple(data.get("include", ())),
                  exclude=tuple(data.get("exclude", ())), gitignore=data.get("gitignore", True),
                  settings=settings, origins=origins)


def _first_then_defaults(configured: list[str], defaults: tuple[str, ...]) -> tuple[str, ...]:
    """The configured keys (normalised), then the defaults not among them:
    naming a blog's own key must not stop the usual ones from counting
    (a Hugo theme's canonicalURL beside the blog's original_link)."""
    return tuple(dict.fromkeys([*(normal_key(key) for key in configured), *defaults]))


def _check_globs(data: dict[str, Any], fail) -> None:
    """``include``, ``exclude`` and ``per-path-ignores`` globs are usable."""
    from .globs import glob_problem

    for key in ("include", "exclude"):
        for index, pattern in enumerate(data.get(key, ())):
            if problem := glob_problem(pattern):
                raise fail((key, index), problem)
    for pattern in data.get("per-path-ignores", {}):
        if problem := glob_problem(pattern):
            raise fail(("per-path-ignores", pattern), problem, at_key=True)


def _rules(entries: list[str] | None, folder: Path, fail) -> tuple[str, ...] | None:
    """Bundled ids as they are; paths resolved against the config's folder (they must exist)."""
    if entries is None:
        return None
    resolved = []
    for index, entry in enumerate(entries):
        if not is_rule_path(entry):
            resolved.append(entry)
            continue
        target = Path(os.path.abspath(folder / os.path.expanduser(entry)))
        if not target.exists():
            raise fail(("rules", index), f"no such rule file or folder: {target}")
        resolved.append(str(target))
    return tuple(resolved)


def is_rule_path(entry: str) -> bool:
    """Whether a ``rules:`` entry is a path (else a bundled rule id)."""
    return "/" in entry or entry.endswith((".yaml", ".yml"))


_RULE_ID_LINE = re.compile(r"^id:\s*[\"']?([a-z0-9][a-z0-9.-]*)", re.M)


def _known_rule_ids(rules: tuple[str, ...] | None) -> list[str]:
    """Bundled rule ids, and those of the configured rule files (read from
    their ``id:`` line: loading them is the linter's job, not the config's)."""
    from .rules import rule_files

    known = set(_bundled_rule_ids())
    paths = [entry for entry in rules or () if is_rule_path(entry)]
    for path in rule_files(paths):
        known.add(path.stem)
        try:
            known.update(_RULE_ID_LINE.findall(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            pass  # the linter reports an unreadable rule file
    return sorted(known)


def _permission(rule: str, value: dict[str, Any], known: list[str], fail) -> Permission:
    if rule not in known:
        raise fail(("site", "permissions", rule),
                   f"unknown rule '{rule}'{_did_you_mean(rule, known)}", at_key=True)
    return Permission(rule=rule, kinds=tuple(value.get("kinds", ())), note=value["note"])


# ------------------------------------------------------------- finding one

DEFAULT_CONFIG = Config(path=None)


class ConfigFinder:
    """The configuration of each path: the nearest one walking up from its
    folder, or the forced one (``--config``).  Caches per folder; a broken
    configuration raises its :class:`ConfigError` each time it is asked."""

    def __init__(self, forced: Path | None = None) -> None:
        self._forced = Path(os.path.abspath(forced)) if forced is not None else None
        self._by_folder: dict[str, Path | None] = {}
        self._loaded: dict[Path, Config | ConfigError] = {}

    def for_path(self, path: str) -> Config:
        """The configuration of the file ``path``."""
        return self.for_folder(os.path.dirname(os.path.abspath(path)))

    def for_folder(self, folder: str) -> Config:
        """The configuration of the files in ``folder``."""
        found = self._forced or self._nearest(os.path.abspath(folder))
        return DEFAULT_CONFIG if found is None else self._load(found)

    def _nearest(self, folder: str) -> Path | None:
        visited = []
        while folder not in self._by_folder:
            visited.append(folder)
            found = _config_in(folder)
            parent = os.path.dirname(folder)
            if found is not None or parent == folder:
                self._by_folder[folder] = found
                break
            folder = parent
        result = self._by_folder[folder]
        for seen in visited:
            self._by_folder[seen] = result
        return result

    def _load(self, path: Path) -> Config:
        if path not in self._loaded:
            try:
                self._loaded[path] = load_config(path)
            except ConfigError as error:
                self._loaded[path] = error
        loaded = self._loaded[path]
        if isinstance(loaded, ConfigError):
            raise loaded
        return loaded


def _config_in(folder: str) -> Path | None:
    """The configuration file in ``folder``, if it has one (YAML wins)."""
    for name in YAML_NAMES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return Path(candidate)
    candidate = os.path.join(folder, PYPROJECT)
    if os.path.isfile(candidate) and _read_pyproject(Path(candidate)) is not None:
        return Path(candidate)
    return None


# ------------------------------------------------------------- describing

def describe(config: Config) -> list[str]:
    """The lines of ``attriblint config``: every key, its value in force and
    where it came from (``path:line:col`` or ``default``)."""
    settings, site = config.settings, config.settings.site
    lines = [f"config: {config.path if config.path is not None else '(none found: defaults)'}"]

    def show(key: str, value: Any) -> None:
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}  "
                     f"# {config.origin(key)}")

    show("rules", list(config.rules) if config.rules is not None else "all bundled")
    show("include", list(config.include) or "everything of a known kind")
    show("exclude", list(config.exclude))
    show("gitignore", config.gitignore)
    for name in Fields.names():
        show(f"fields.{name}", list(getattr(settings.fields, name)))
    show("site.name", site.name)
    show("site.authors", list(site.authors))
    show("site.commercial", site.commercial)
    if not site.permissions:
        show("site.permissions", {})
    for permission in site.permissions:
        show(f"site.permissions.{permission.rule}",
             {"kinds": list(permission.kinds) or "all", "note": permission.note})
    if not settings.severity:
        show("severity", {})
    for code in sorted(settings.severity):
        show(f"severity.{code}", settings.severity[code])
    show("select", list(settings.select) if settings.select is not None else "all")
    show("ignore", list(settings.ignore))
    if not settings.per_path_ignores:
        show("per-path-ignores", {})
    for glob, codes in settings.per_path_ignores:
        show(f"per-path-ignores.{glob}", list(codes))
    return lines
