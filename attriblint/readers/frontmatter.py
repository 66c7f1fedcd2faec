"""Front matter: YAML (``---``), TOML (``+++``) or JSON (``{``) at the top.

Returns plain values and the span of each key, so that a finding about a
field can point at it.

Whatever the text, the only error is :class:`ReadError` with an offset:
front matter over MAX_BYTES or nested deeper than MAX_DEPTH is refused
before a parser sees it, values Python cannot build (2023-06-31, a
5,000-digit number) are reported at the value, and YAML aliases may not
expand to more than MAX_VALUES values.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..document import Span
from . import ReadError
from .flatyaml import read_flat_yaml

# "^" that also holds after a lone CR (old Mac line endings).
_BOL = r"(?<![^\r\n])"
_YAML_OPEN = re.compile(r"---(yaml|json|js|javascript)?[ \t]*(?:\r\n|\r|\n)")
_YAML_CLOSE = re.compile(_BOL + r"(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)")
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\r|\n)")
_TOML_CLOSE = re.compile(_BOL + r"\+\+\+[ \t]*(?:\r\n|\r|\n|$)")
# Keys at any depth; the first of each name wins.  Each pattern reads a key
# in one way only (possessive runs), so a long line costs one pass.
_YAML_KEY = re.compile(
    _BOL + r"""[ \t]*+(?:"([^"\n\r]*+)"|'([^'\n\r]*+)'|"""
    r"""([^\s#'"\-:](?:[^:\s]++|[ \t]++(?!:))*+))[ \t]*+:(?=[ \t\r\n]|$)""")
_TOML_KEY = re.compile(_BOL + r"[ \t]*+(['\"]?)([A-Za-z0-9_.-]++)\1[ \t]*+=")
_JSON_KEY = re.compile(r'"((?:[^"\\\r\n]++|\\.)*+)"\s*+:')
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
# Limits on what a parser is given: a real front matter is a few kilobytes
# and nests a few levels; the YAML C loader crashes the process (stack
# overflow) on deep nesting, and json and tomllib hit the recursion limit.
MAX_BYTES = 1 << 20
MAX_DEPTH = 64
MAX_VALUES = 100_000  # after aliases are expanded ("billion laughs")
# Hugo's JSON front matter; "{% raw %}" or "{{< shortcode >}}" is no JSON.
_JSON_OPEN = re.compile(r'\{\s*"')
_LINE_END = re.compile(r"[ \t]*(?:\r\n|\r|\n|$)")


@dataclass
class FrontMatter:
    """A post's metadata, where each key is written, and where its body starts."""

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
        _check_size(block, m.end())
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
        _check_size(text[m.end(): close.start()], m.end())
        meta = _load_toml(text[m.end(): close.start()], m.end())
        spans = _key_spans(_TOML_KEY, text, m.end(), close.start(), group=2)
        return FrontMatter(meta, spans, close.end())
    if _JSON_OPEN.match(text):
        _check_json_depth(text[:MAX_BYTES + 1], 0)
        try:
            meta, end = json.JSONDecoder().raw_decode(text[:MAX_BYTES + 1])
        except json.JSONDecodeError as error:
            if error.pos >= MAX_BYTES:
                _check_size(text, 0)
            raise ReadError(f"JSON front matter: {error.msg}", error.pos) from None
        except ValueError as error:  # a number too long to convert
            raise _long_number_error("JSON", text, 0) from None
        if not isinstance(meta, dict):
            raise ReadError("JSON front matter is not an object", 0)
        line_end = _LINE_END.match(text, end)
        if line_end is None:
            raise ReadError("JSON front matter: text after the closing '}' on its line", end)
        spans = _key_spans(_JSON_KEY, text, 0, end, group=1)
        return FrontMatter(meta, spans, line_end.end())
    return FrontMatter()


def _key_spans(pattern: re.Pattern[str], text: str, start: int, end: int,
               group: int | None = None) -> dict[str, Span]:
    """Where each key is; ``group`` is the key's group, else the last one
    that took part in the match (the YAML pattern has one per quoting)."""
    spans: dict[str, Span] = {}
    for m in pattern.finditer(text, start, end):
        key = group or m.lastindex or 0
        spans.setdefault(m.group(key), Span(m.start(key), m.end(key)))
    return spans


def _lf(block: str) -> str:
    """Lone CRs as LFs: same length, so error offsets stay right."""
    return re.sub(r"\r(?!\n)", "\n", block)


def _check_size(block: str, offset: int) -> None:
    if len(block) > MAX_BYTES:
        raise ReadError(f"front matter is longer than {MAX_BYTES // 1024} KiB; "
                        "attriblint does not read it", offset)


def _too_deep(offset: int) -> ReadError:
    return ReadError(f"front matter nests deeper than {MAX_DEPTH} levels", offset)


def _check_json_depth(block: str, offset: int) -> None:
    """Brackets outside strings, counted before json sees them."""
    depth = 0
    for m in _JSON_TOKEN.finditer(block):
        bracket = m.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(offset + m.start())
        elif bracket in "]}":
            depth -= 1


def _number_problem(value: str, error: Exception) -> str:
    if len(value) > 40:
        return (f"a number of {len(value)} characters is too long "
                f"(at most {sys.get_int_max_str_digits()} digits)")
    return f"{value} is not a valid number ({error})"


def _long_number_error(language: str, block: str, offset: int) -> ReadError:
    """ReadError for the first number too long for ``int`` in ``block``."""
    m = re.search(r"\d{%d,}" % (sys.get_int_max_str_digits() + 1), block)
    problem = _number_problem(m.group() if m else "", ValueError())
    return ReadError(f"{language} front matter: {problem}", offset + (m.start() if m else 0))


def _load_json(block: str, offset: int) -> dict[str, Any]:
    _check_json_depth(block, offset)
    try:
        data = json.loads(block)
    except json.JSONDecodeError as error:
        raise ReadError(f"JSON front matter: {error.msg}", offset + error.pos) from None
    except ValueError as error:  # a number too long to convert
        raise _long_number_error("JSON", block, offset) from None
    if not isinstance(data, dict):
        raise ReadError("JSON front matter is not an object", offset)
    return data


def _checked(construct):
    """A constructor of scalars that reports bad values as YAML errors at
    the value (Python raises ValueError for 2023-06-31 or a 5,000-digit
    integer)."""
    def checked(constructor, node):
        from ruamel.yaml.constructor import ConstructorError

        try:
            return construct(constructor, node)
        except (ValueError, OverflowError) as error:
            if "timestamp" in construct.__name__:
                problem = f"{node.value} is not a valid date ({error})"
            else:
                problem = _number_problem(node.value, error)
            raise ConstructorError(None, None, problem, node.start_mark) from None
    return checked


@lru_cache(maxsize=1)
def _yaml_loader():
    """One safe (C) loader per process: making one costs a third of a load."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class Constructor(SafeConstructor):
        pass

    for tag, construct in (("timestamp", SafeConstructor.construct_yaml_timestamp),
                           ("int", SafeConstructor.construct_yaml_int),
                           ("float", SafeConstructor.construct_yaml_float)):
        Constructor.add_constructor(f"tag:yaml.org,2002:{tag}", _checked(construct))
    loader = YAML(typ="safe", pure=False)
    loader.Constructor = Constructor
    return loader


def _block_levels(block: str) -> int:
    """An upper bound on how deep block collections nest, from indentation.

    A block collection inside another starts at a greater column (or at the
    same column, for a sequence that is a mapping's value: hence twice the
    count), and stays open only until a line indented at or before it.
    "- - x" opens one per dash on the same line.
    """
    columns: list[int] = []
    deepest = 0
    for line in block.splitlines():
        content = line.lstrip(" ")
        if not content.strip() or content.startswith("#"):
            continue
        column = len(line) - len(content)
        while columns and columns[-1] > column:
            columns.pop()
        while True:
            if not columns or columns[-1] < column:
                columns.append(column)
            m = _COMPACT.match(line, column)
            if not m:
                break
            column = m.end()
        deepest = max(deepest, len(columns))
    return 2 * deepest


_COMPACT = re.compile(r"[-?:][ \t]++(?=\S)")


def _check_yaml_depth(block: str, offset: int) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH before the C loader sees it.

    Cheap bound first: flow collections cannot nest deeper than there are
    "[" and "{" characters.  Only when the bound is over the limit are the
    parser's events counted (libyaml's parser keeps its own stack; it is
    the recursive composer after it that overflows), stopping at the first
    collection too deep.
    """
    if block.count("[") + block.count("{") + _block_levels(block) <= MAX_DEPTH:
        return
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    try:
        for event in YAML(typ="safe", pure=False).parse(block):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(offset + event.start_mark.index)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        pass  # the loader reports it


def _count_values(data: Any, budget: int) -> bool:
    """Whether ``data``, aliases expanded, has at most ``budget`` values.

    Stops as soon as the budget is spent, so an alias bomb or a cycle costs
    ``budget`` steps at most.
    """
    pending = [data]
    while pending:
        value = pending.pop()
        budget -= 1
        if budget < 0:
            return False
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, (list, tuple, set)):
            pending.extend(value)
    return True


def _load_yaml(block: str, offset: int) -> dict[str, Any]:
    block = _lf(block)
    data = read_flat_yaml(block)  # most front matter: read without ruamel
    if data is None:
        data = _load_with_ruamel(block, offset)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError("YAML front matter is not a mapping of keys to values", offset)
    if "*" in block and not _count_values(data, MAX_VALUES):
        alias = re.search(r"(?<![^\s\[{,])\*", block)
        raise ReadError(f"YAML front matter: aliases expand to more than {MAX_VALUES} values "
                        "(or refer to themselves)", offset + (alias.start() if alias else 0))
    return {str(k): v for k, v in data.items()}


def _load_with_ruamel(block: str, offset: int) -> Any:
    """What ruamel's safe loader reads from ``block``; its errors as ReadError."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _check_yaml_depth(block, offset)
    try:
        return _yaml_loader().load(block)
    except MarkedYAMLError as error:
        # "found unexpected end of stream" is about where something started
        # (an unclosed quote or bracket): point there.
        mark = error.problem_mark
        if error.context_mark is not None and (mark is None or "end of stream" in
                                               (error.problem or "")):
            mark = error.context_mark
        where = offset + (mark.index if mark is not None else 0)
        what = "; ".join(p for p in (error.context, error.problem) if p)
        raise ReadError(f"YAML front matter: {_with_key(block, where - offset, what)}",
                        where) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as error:
        raise ReadError(f"YAML front matter: {error}", offset) from None


def _with_key(block: str, index: int, what: str) -> str:
    """``what`` went wrong at ``index``: named after the key of its line,
    when the value is a bad date or number ("date: 2023-06-31 ...")."""
    if "is not a valid" not in what and "is too long" not in what:
        return what
    line = block[block.rfind("\n", 0, index) + 1: index]
    key = line.strip().lstrip("- ").rstrip(": ").strip("'\"")
    return f"{key}: {what}" if key else what


def _load_toml(block: str, offset: int) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(_lf(block))
    except RecursionError:
        raise _too_deep(offset + _bracket_depth_point(block)) from None
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
    except ValueError as error:  # a number too long to convert
        raise _long_number_error("TOML", block, offset) from None


def _bracket_depth_point(block: str) -> int:
    """Where brackets (in strings or not) first nest deeper than MAX_DEPTH,
    counting the table they are in as the first level."""
    depth = 1
    for m in re.finditer(r"[\[\]{}]", block):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return m.start()
    return 0
