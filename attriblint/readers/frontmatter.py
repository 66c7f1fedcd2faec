"""Front matter: YAML (``---``), TOML (``+++``) or JSON (``{``) at the top.

Returns plain values and the span of each top-level key, so that a finding
about a field can point at it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..document import Span
from . import ReadError

_YAML_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.M)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\r|\n)")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\r|\n|$)", re.M)
_YAML_KEY = re.compile(r"^(['\"]?)([^\s#'\"][^:\n\r]*?)\1[ \t]*:(?=[ \t\r\n]|$)", re.M)
_TOML_KEY = re.compile(r"^[ \t]*(['\"]?)([A-Za-z0-9_.-]+)\1[ \t]*=", re.M)
_TOML_TABLE = re.compile(r"^[ \t]*\[", re.M)
# Hugo's JSON front matter; "{% raw %}" or "{{< shortcode >}}" is no JSON.
_JSON_OPEN = re.compile(r'\{\s*"')


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    body_start: int = 0


def split_front_matter(text: str) -> FrontMatter:
    """Parse the front matter at the start of ``text``, if there is one.

    Raises :class:`ReadError` when front matter is there but broken.
    """
    if m := _YAML_OPEN.match(text):
        close = _YAML_CLOSE.search(text, m.end())
        if close is None:
            raise ReadError("front matter opened with '---' is never closed", 0)
        meta = _load_yaml(text[m.end(): close.start()], m.end())
        spans = _key_spans(_YAML_KEY, text, m.end(), close.start())
        return FrontMatter(meta, spans, close.end())
    if m := _TOML_OPEN.match(text):
        close = _TOML_CLOSE.search(text, m.end())
        if close is None:
            raise ReadError("front matter opened with '+++' is never closed", 0)
        meta = _load_toml(text[m.end(): close.start()], m.end())
        table = _TOML_TABLE.search(text, m.end(), close.start())
        spans = _key_spans(_TOML_KEY, text, m.end(), table.start() if table else close.start())
        return FrontMatter(meta, spans, close.end())
    if _JSON_OPEN.match(text):
        try:
            meta, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as error:
            raise ReadError(f"JSON front matter: {error.msg}", error.pos) from None
        if not isinstance(meta, dict):
            raise ReadError("JSON front matter is not an object", 0)
        spans = {}
        for key in meta:
            at = text.find(json.dumps(key), 0, end)
            if at >= 0:
                spans[key] = Span(at, at + len(json.dumps(key)))
        newline = re.compile(r"[ \t]*(?:\r\n|\r|\n|$)").match(text, end)
        return FrontMatter(meta, spans, newline.end() if newline else end)
    return FrontMatter()


def _key_spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> dict[str, Span]:
    spans: dict[str, Span] = {}
    for m in pattern.finditer(text, start, end):
        spans.setdefault(m.group(2), Span(m.start(2), m.end(2)))
    return spans


def _load_yaml(block: str, offset: int) -> dict[str, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="safe", pure=False).load(block)
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
        return tomllib.loads(block)
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
