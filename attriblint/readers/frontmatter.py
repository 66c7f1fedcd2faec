"""Front matter: YAML (``---``), TOML (``+++``) or JSON (``{``) at the top.

Returns plain values and the span of each key, so that a finding about a
field can point at it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..document import Span
from . import ReadError

# "^" that also holds after a lone CR (old Mac line endings).
_BOL = r"(?<![^\r\n])"
_YAML_OPEN = re.compile(r"---(yaml|json|js|javascript)?[ \t]*(?:\r\n|\r|\n)")
_YAML_CLOSE = re.compile(_BOL + r"(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)")
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\r|\n)")
_TOML_CLOSE = re.compile(_BOL + r"\+\+\+[ \t]*(?:\r\n|\r|\n|$)")
# Keys at any depth; the first of each name wins.
_YAML_KEY = re.compile(_BOL + r"[ \t]*(['\"]?)([^\s#'\"\-][^:\n\r]*?)\1[ \t]*:(?=[ \t\r\n]|$)")
_TOML_KEY = re.compile(_BOL + r"[ \t]*(['\"]?)([A-Za-z0-9_.-]+)\1[ \t]*=")
_JSON_KEY = re.compile(r'"((?:[^"\\\r\n]|\\.)*)"\s*:')
# Hugo's JSON front matter; "{% raw %}" or "{{< shortcode >}}" is no JSON.
_JSON_OPEN = re.compile(r'\{\s*"')
_LINE_END = re.compile(r"[ \t]*(?:\r\n|\r|\n|$)")


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)  # by key name, at any depth
    body_start: int = 0


def split_front_matter(text: str) -> FrontMatter:
    """Parse the front matter at the start of ``text``, if there is one.

    YAML between ``---`` lines (Eleventy's ``---json`` too), TOML between
    ``+++`` lines, or a JSON object (Hugo).  Raises :class:`ReadError` when
    front matter is there but broken.
    """
    if m := _YAML_OPEN.match(text):
        close = _YAML_CLOSE.search(text, m.end())
        if close is None:
            raise ReadError("front matter opened with '---' is never closed", 0)
        block, language = text[m.end(): close.start()], m.group(1) or "yaml"
        if language == "yaml":
            meta = _load_yaml(block, m.end())
            spans = _key_spans(_YAML_KEY, text, m.end(), close.start())
        elif language == "json":
            meta = _load_json(block, m.end())
            spans = _key_spans(_JSON_KEY, text, m.end(), close.start(), group=1)
        else:  # JavaScript front matter runs code: nothing to read without running it
            meta, spans = {}, {}
        return FrontMatter(meta, spans, close.end())
    if m := _TOML_OPEN.match(text):
        close = _TOML_CLOSE.search(text, m.end())
        if close is None:
            raise ReadError("front matter opened with '+++' is never closed", 0)
        meta = _load_toml(text[m.end(): close.start()], m.end())
        spans = _key_spans(_TOML_KEY, text, m.end(), close.start())
        return FrontMatter(meta, spans, close.end())
    if _JSON_OPEN.match(text):
        try:
            meta, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as error:
            raise ReadError(f"JSON front matter: {error.msg}", error.pos) from None
        if not isinstance(meta, dict):
            raise ReadError("JSON front matter is not an object", 0)
        spans = _key_spans(_JSON_KEY, text, 0, end, group=1)
        return FrontMatter(meta, spans, _LINE_END.match(text, end).end())
    return FrontMatter()


def _key_spans(pattern: re.Pattern[str], text: str, start: int, end: int,
               group: int = 2) -> dict[str, Span]:
    spans: dict[str, Span] = {}
    for m in pattern.finditer(text, start, end):
        spans.setdefault(m.group(group), Span(m.start(group), m.end(group)))
    return spans


def _lf(block: str) -> str:
    """Lone CRs as LFs: same length, so error offsets stay right."""
    return re.sub(r"\r(?!\n)", "\n", block)


def _load_json(block: str, offset: int) -> dict[str, Any]:
    try:
        data = json.loads(block)
    except json.JSONDecodeError as error:
        raise ReadError(f"JSON front matter: {error.msg}", offset + error.pos) from None
    if not isinstance(data, dict):
        raise ReadError("JSON front matter is not an object", offset)
    return data


@lru_cache(maxsize=1)
def _yaml_loader():
    """One safe (C) loader per process: making one costs a third of a load."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def _load_yaml(block: str, offset: int) -> dict[str, Any]:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = _yaml_loader().load(_lf(block))
    except MarkedYAMLError as error:
        # "found unexpected end of stream" is about where something started
        # (an unclosed quote or bracket): point there.
        mark = error.problem_mark
        if error.context_mark is not None and (mark is None or "end of stream" in
                                               (error.problem or "")):
            mark = error.context_mark
        where = offset + (mark.index if mark is not None else 0)
        what = "; ".join(p for p in (error.context, error.problem) if p)
        raise ReadError(f"YAML front matter: {what}", where) from None
    except YAMLError as error:
        raise ReadError(f"YAML front matter: {error}", offset) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError("YAML front matter is not a mapping of keys to values", offset)
    return {str(k): v for k, v in data.items()}


def _load_toml(block: str, offset: int) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(_lf(block))
    except tomllib.TOMLDecodeError as error:
        # tomllib puts "(at line L, column C)" in its message only.
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = offset
        if m:
            lines = block.splitlines(keepends=True)
            line, column = int(m.group(1)), int(m.group(2))
            where += sum(len(l) for l in lines[: line - 1]) + column - 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ReadError(f"TOML front matter: {message}", where) from None
