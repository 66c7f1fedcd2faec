"""The flat YAML reader gives exactly what ruamel.yaml gives, or declines.

ruamel's safe loader (as frontmatter.py sets it up) is the specification:
on generated front matter, mixing what the flat reader accepts with what it
must leave to ruamel (and what ruamel refuses), every value the flat reader
returns is equal to ruamel's, type for type, and it never accepts a block
ruamel refuses.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attriblint.readers import ReadError
from attriblint.readers.flatyaml import read_flat_yaml
from attriblint.readers.frontmatter import _load_with_ruamel, split_front_matter


def typed(value):
    """``value`` with the type of every part spelled out (1, 1.0 and True,
    or a date and a string, are not equal here)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def ruamel(block: str):
    """ruamel's reading of ``block``, or the error it raises."""
    try:
        return typed(_load_with_ruamel(block, 0))
    except ReadError as error:
        return ("error", str(error))


# Pieces of plain scalars: the forms each YAML type takes (SAFE), and
# characters and forms that change how a line is read (HOSTILE).  Blocks
# are mostly made of the first, so that many are flat and compared.
SAFE = [
    "word", "Two words", "a  b", "it's", 'say "hi"', "a\\b", "é", "日本", "😀", "x", "a#b",
    "0", "7", "007", "08", "-5", "+5", "-0", "12345678901234567890", "a:b", "<b>", "=x",
    "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "yes", "no", "on", "off", "y", "n",
    "~", "null", "Null", "NULL", "nUll", "2020-01-02", "1999-12-31", "2020-1-2", "2015-01-01 02:03:00 +0000",
    "https://example.org/a#b", " ", "  ", "''",
]
HOSTILE = [
    "1_000", "0x1F", "0o17", "0b101", "1.5", "1e3", "1E+3", ".5", "5.", ".inf", "-.Inf", ".nan",
    "NaN", "1:30", "2023-06-31", "2020-13-01", "0000-01-01", "2020-01-02T10:00:00Z",
    "2020-01-02 10:00:00.5 -05:00", "2020-01-02t10:00:00", ": ", ":", " #", "#", " # c", "-",
    "- ", "?", "? ", "&a", "*a", "!t", "!!str", "|", ">", "%", "@", "`", "'", '"', "[", "]", "{",
    "}", ",", ", ", "<<", "=", "\u2028", "\x85", "\ufeff", "\x00", "\x7f", "\t", "\\n",
]
atom = st.one_of(*[st.sampled_from(SAFE)] * 5, st.sampled_from(HOSTILE))
plain = st.lists(atom, min_size=1, max_size=3).map("".join)
double_quoted = plain.map(lambda s: f'"{s}"')
single_quoted = plain.map(lambda s: "'" + s + "'")
scalar = st.one_of(plain, plain, double_quoted, single_quoted, st.sampled_from(["", '""', "''"]))
sequence = st.one_of(
    st.lists(scalar, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(scalar, max_size=4).map(lambda items: "[ " + " ,".join(items) + " ]"),
    st.lists(scalar, max_size=4).map(lambda items: "[" + ",".join(items) + ",]"),
    st.sampled_from(["[]", "[ ]", "[a, [b]]", "[a: b]", "[a, {b: c}]", "[a\n  , b]", "[a"]))
value = st.one_of(scalar, scalar, scalar, sequence)
KEYS = ["title", "date", "tags", "source_url", "a.b", "a-b", "_k", "k2", "Title", "nulls",
        "true", "True", "null", "NULL", "y", "on", "2020", "a b", "-k", '"q"', "'q'", "? k",
        "<<", "é"]
key = st.one_of(*[st.sampled_from(KEYS[:10])] * 4, st.sampled_from(KEYS))
comment = st.sampled_from(["", "", "", " # note", "#x", "  #", " #: x"])
flat_line = st.builds(lambda k, v, c: f"{k}: {v}{c}", key, value, comment)
line = st.one_of(
    *[flat_line] * 6,
    st.builds(lambda k, c: f"{k}:{c}", key, comment),
    st.builds(lambda k, v: f"{k}:{v}", key, value),
    st.builds(lambda k, v: f"{k} : {v}", key, value),
    st.builds(lambda k, v: f"  {k}: {v}", key, value),
    st.builds(lambda v: f"- {v}", value),
    st.builds(lambda v: f"  {v}", value),
    # Block sequences: a key with no value, then items (indented alike or not).
    st.builds(lambda k, c, items: f"{k}:{c}" + "".join(f"\n{indent}-{gap}{v}"
                                                         for indent, gap, v in items),
              key, comment, st.lists(st.tuples(st.sampled_from(["", "  ", "  ", "    ", " "]),
                                               st.sampled_from([" ", " ", "  ", ""]), value),
                                     max_size=4)),
    st.builds(lambda v, c: f"  - {v}{c}", value, comment),
    st.sampled_from(["", "   ", "# comment", "  # indented comment", "%YAML 1.1", "---",
                     "...", "key: |", "key: >-", "? complex", ": value"]),
)
block = st.builds(lambda lines, newline: "".join(l + newline for l in lines),
                  st.lists(line, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block)
def test_the_flat_reader_agrees_with_ruamel_or_declines(text):
    flat = read_flat_yaml(text)
    if flat is not None:
        assert typed(flat) == ruamel(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(key, value, comment), min_size=1, max_size=6,
                unique_by=lambda line: line[0]))
def test_key_value_lines_agree_with_ruamel_or_decline(lines):
    text = "".join(f"{k}: {v}{c}\n" for k, v, c in lines)
    flat = read_flat_yaml(text)
    if flat is not None:
        assert typed(flat) == ruamel(text)


one_atom = st.sampled_from(SAFE + HOSTILE)
atom_value = st.one_of(
    one_atom, one_atom, one_atom,
    st.lists(one_atom, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(key, atom_value), min_size=1, max_size=4,
                unique_by=lambda line: line[0]))
def test_every_kind_of_scalar_agrees_with_ruamel_or_declines(lines):
    text = "".join(f"{k}: {v}\n" for k, v in lines)
    flat = read_flat_yaml(text)
    if flat is not None:
        assert typed(flat) == ruamel(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(key, st.lists(st.one_of(scalar, atom_value), max_size=4),
                          st.sampled_from(["", "  ", "    ", " "]), comment),
                min_size=1, max_size=4, unique_by=lambda entry: entry[0]))
def test_block_sequences_agree_with_ruamel_or_decline(entries):
    text = "".join(f"{k}:{c}\n" + "".join(f"{indent}- {v}\n" for v in items)
                   for k, items, indent, c in entries)
    flat = read_flat_yaml(text)
    if flat is not None:
        assert typed(flat) == ruamel(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(key, st.lists(st.tuples(key, st.one_of(scalar, atom_value), comment),
                                        max_size=4),
                          st.sampled_from(["  ", "  ", "    ", " "]), comment),
                min_size=1, max_size=4, unique_by=lambda entry: entry[0]))
def test_nested_mappings_agree_with_ruamel_or_decline(entries):
    text = "".join(f"{k}:{c}\n" + "".join(f"{indent}{name}: {v}{note}\n"
                                          for name, v, note in members)
                   for k, members, indent, c in entries)
    flat = read_flat_yaml(text)
    if flat is not None:
        assert typed(flat) == ruamel(text)


TYPICAL = """\
title: "Least Other Law Off Order"
date: 2015-01-01 02:03:00 +0000
layout: post
author: 'the editors'
source_url: https://www.globalresearch.ca/he-point/5826603  # where it came from
original_date: 2015-01-01
tags: [mining, health, repost, 2020, "a b", 'it''s']
draft: false
weight: 10
summary:
# a comment

excerpt: "Ore put over social kind government point more has over itself power!"
"""


BLOCK_LISTS = """\
title: Notes from the harbour
author:
  name: Ana Ribeiro   # the blogger
  url: "https://example.org/ana"
categories:
- shipping
- repost
tags:
  - ports
  - "labour law"
  - 2020   # a year
  -
excerpt: A walk along the quay.
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_block_lists_and_one_level_mappings_are_read_without_ruamel(newline):
    """Jekyll and Hugo blogs write tags and categories as block lists, and
    themes ask for an author or a header image as a small mapping."""
    text = BLOCK_LISTS.replace("\n", newline)
    flat = read_flat_yaml(text)
    assert flat == {"title": "Notes from the harbour",
                    "author": {"name": "Ana Ribeiro", "url": "https://example.org/ana"},
                    "categories": ["shipping", "repost"],
                    "tags": ["ports", "labour law", 2020, None],
                    "excerpt": "A walk along the quay."}
    assert typed(flat) == ruamel(text)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_typical_front_matter_is_read_without_ruamel(newline):
    text = TYPICAL.replace("\n", newline)
    flat = read_flat_yaml(text)
    assert flat == {
        "title": "Least Other Law Off Order", "date": "2015-01-01 02:03:00 +0000",
        "layout": "post", "author": "the editors",
        "source_url": "https://www.globalresearch.ca/he-point/5826603",
        "original_date": datetime.date(2015, 1, 1),
        "tags": ["mining", "health", "repost", 2020, "a b", "it's"], "draft": False, "weight": 10,
        "summary": None,
        "excerpt": "Ore put over social kind government point more has over itself power!"}
    assert typed(flat) == ruamel(text)


@pytest.mark.parametrize("text", [
    "title: a\ntitle: b\n",  # ruamel refuses the repeated key
    "date: 2023-06-31\n",  # and the impossible date
    "tags:\n- a\n  - b\n",  # items indented unlike the first
    "tags:\n  - - a\n",  # a sequence in a sequence
    "tags:\n  - a: b\n",  # a mapping in a sequence
    "tags:\n  - a\n    b\n",  # an item continued on the next line
    "tags: x\n  - a\n",  # items after a value
    "author:\n  name: A\n   url: b\n",  # names indented unlike the first
    "author:\n  name:\n    first: A\n",  # a mapping two levels deep
    "author:\n  links:\n  - a\n",  # a sequence in the mapping
    "author:\n  - a\n  name: A\n",  # items, then a name
    "author:\n  name: A\n  name: B\n",  # a repeated name
    "- a\n",  # items with no key
    "title: >\n  folded\n",
    "a: &x 1\nb: *x\n",
    "n: 1.5\n",
    "n: 0x1F\n",
    "when: 2020-01-02T10:00:00Z\n",
    "true: 1\n",
    "t: a: b\n",
    "t: x\n  continued\n",
    "t: \"esc\\n\"\n",
    "t: a\tb\n",
])
def test_what_the_flat_reader_leaves_to_ruamel(text):
    assert read_flat_yaml(text) is None


def test_split_front_matter_reads_flat_front_matter_as_ruamel_does():
    source = "---\n" + TYPICAL + "---\nbody\n"
    front = split_front_matter(source)
    assert typed(front.meta) == ruamel(TYPICAL)
    assert source[front.spans["tags"].start:front.spans["tags"].end] == "tags"
