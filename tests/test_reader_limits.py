"""Hostile input: the readers finish in linear time and fail only with ReadError.

Each input is big enough that the quadratic code these tests guard against
took minutes on it (it shows as a hang); the readers now take well under a
second.  The tests assert results, never timings.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attriblint.readers import ReadError, read_document
from attriblint.readers.frontmatter import MAX_DEPTH
from attriblint.readers.html import MAX_DEPTH as MAX_OPEN_ELEMENTS
from attriblint.source import LineIndex

CREDIT = "The original source of this article is Global Research"
URL = "https://www.globalresearch.ca/a/5740210"


def place(source, offset):
    position = LineIndex(source).position(offset)
    return position.line, position.column


def read_error(source, kind="markdown"):
    with pytest.raises(ReadError) as error:
        read_document("p", kind, source)
    return str(error.value), error.value.offset


# -- HTML ------------------------------------------------------------------

def test_html_nested_20000_deep_keeps_the_credit_and_its_link():
    depth = 20_000
    page = ("<div>" * depth + f'<p>{CREDIT} <a href="{URL}">here</a>.</p>'
            + "</div>" * depth)
    document = read_document("p.html", "html", page)
    assert CREDIT in document.text
    (link,) = document.links
    assert link.href == URL
    assert document.source[link.source.start:link.source.end] == f'<a href="{URL}">here</a>'


def test_html_20000_unclosed_paragraphs_are_20000_blocks():
    document = read_document("p.html", "html", "<p>x" * 20_000)
    assert document.text.split() == ["x"] * 20_000


def test_html_1mb_of_nested_elements_ends_with_its_text():
    page = "<div><span>" * 100_000 + CREDIT
    assert len(page) > 1_100_000
    document = read_document("p.html", "html", page)
    assert document.text.strip() == CREDIT


def test_code_beyond_the_depth_limit_does_not_hide_prose():
    shallow = "<div>" * 10 + f"<code>{CREDIT}</code>"
    deep = "<div>" * (MAX_OPEN_ELEMENTS + 10) + f"<code>{CREDIT}</code>"
    assert CREDIT not in read_document("p.html", "html", shallow).text
    assert CREDIT in read_document("p.html", "html", deep).text


def test_regions_left_open_by_broken_markup_do_not_slow_closing_others():
    # Each </blockquote> closes the <li> inside it too, whose list-item
    # region stays open to the end: 40,000 of them.
    document = read_document("p.html", "html", "<blockquote><li>x</blockquote>" * 40_000)
    kinds = [region.kind for region in document.regions]
    assert kinds.count("quote") == kinds.count("list-item") == 40_000
    assert all(region.end == len(document.text) for region in document.regions
               if region.kind == "list-item")


def test_unknown_marked_section_is_a_comment_not_a_crash():
    document = read_document("p.html", "html", "<p>before <![foo[ x ]]> after</p>")
    assert document.text.split() == ["before", "after"]


@pytest.mark.parametrize("unclosed", ["<a ", '<a href="', "<!--", "<?", "<![CDATA[", "</"])
def test_unclosed_markup_repeated_50000_times_swallows_the_rest(unclosed):
    document = read_document("p.html", "html", f"<p>{CREDIT}</p>" + unclosed * 50_000)
    assert document.text.strip() == CREDIT


def test_ampersand_hashes_that_are_no_character_reference_are_text():
    # html.parser stops at each such "&#" when a ";" follows somewhere; it
    # used to leave the rest of the page as raw text, markup and all.
    document = read_document("p.html", "html", '<a href="/?q=&#z;">&#</a><p>;' * 10_000)
    assert document.text.split() == ["&#"] + [";&#"] * 9_999 + [";"]
    assert [link.href for link in document.links] == ["/?q=&#z;"] * 10_000


def test_a_trailing_character_reference_without_semicolon_is_still_read():
    document = read_document("p.html", "html", "<p>a &#<p>b &#x41;</p> Copyright &copy")
    # html.parser keeps a bare "&copy" at the very end as it is (as before).
    assert document.text.split() == ["a", "&#", "b", "A", "Copyright", "&copy"]


# -- Markdown ----------------------------------------------------------------

@pytest.mark.parametrize("opener", ["{{< raw >}}\n", "{% comment %}\n", "{{/* \n"])
def test_20000_unclosed_site_generator_blocks_are_plain_text(opener):
    source = opener * 20_000 + f"\n{CREDIT} [Global Research]({URL}).\n"
    document = read_document("p.md", "markdown", source)
    assert CREDIT in document.text
    (link,) = document.links
    assert place(source, link.source.start) == (20_002, len(CREDIT) + 2)


def test_closed_raw_html_blocks_each_give_their_link():
    block = '{{< rawhtml >}}<p><a href="https://x.org/%d">x</a></p>{{< /rawhtml >}}\n\n'
    source = "".join(block % i for i in range(2_000))
    document = read_document("p.md", "markdown", source)
    assert [link.href for link in document.links] == [f"https://x.org/{i}" for i in range(2_000)]
    assert place(source, document.links[-1].source.start) == (3_999, 19)


def test_20000_links_and_bare_urls_on_one_line():
    source = "".join(f"[a](https://x.org/{i}) https://y.org/{i} " for i in range(20_000))
    document = read_document("p.md", "markdown", source)
    forms = [(link.form, link.href) for link in document.links]
    assert forms[:2] == [("inline", "https://x.org/0"), ("bare", "https://y.org/0")]
    assert len(forms) == 40_000
    last = document.links[-1]
    assert document.source[last.source.start:last.source.end] == "https://y.org/19999"


def test_url_followed_by_100000_closing_parentheses():
    document = read_document("p.txt", "text", f"See {URL}" + ")" * 100_000)
    (link,) = document.links
    assert link.href == URL


def test_long_non_ascii_line_keeps_exact_positions():
    source = "wörd " * 400_000 + f"[Global Research]({URL})\n"
    document = read_document("p.md", "markdown", source)
    (link,) = document.links
    assert link.source.start == len("wörd ") * 400_000


# -- front matter --------------------------------------------------------------

@pytest.mark.parametrize("source, message, where", [
    ("---\ntitle: x\ndate: 2023-06-31\n---\nB\n",
     "YAML front matter: date: 2023-06-31 is not a valid date", (3, 7)),
    ("---\noriginal_date: 2020-13-45\n---\nB\n",
     "YAML front matter: original_date: 2020-13-45 is not a valid date", (2, 16)),
    ("---\nn: " + "9" * 5000 + "\n---\nB\n",
     "YAML front matter: n: a number of 5000 characters is too long", (2, 4)),
    ('{"title": "x",\n "n": ' + "9" * 5000 + "}\nB\n",
     "JSON front matter: a number of 5000 characters is too long", (2, 7)),
    ('---json\n{"n": ' + "9" * 5000 + "}\n---\nB\n",
     "JSON front matter: a number of 5000 characters is too long", (2, 7)),
    ("+++\ntitle = 'x'\nn = " + "9" * 5000 + "\n+++\nB\n",
     "TOML front matter: a number of 5000 characters is too long", (3, 5)),
    ('{"": ", "}": 0}\nBody\n',  # found by hypothesis: the object ends mid-line
     "JSON front matter: text after the closing '}' on its line", (1, 11)),
])
def test_values_python_cannot_build_are_read_errors_at_the_value(source, message, where):
    text, offset = read_error(source)
    assert text.startswith(message)
    assert place(source, offset) == where


DEEP = 100_000


# The offset is that of the first collection too deep; the document itself
# (the object, mapping or table at the top) is the first level.
TOO_DEEP = MAX_DEPTH + 1


@pytest.mark.parametrize("source, where", [
    ('{"a": ' + "[" * DEEP + "]" * DEEP + "}\nB\n", 6 + TOO_DEEP - 2),
    ("---json\n{\"a\": " + "[" * DEEP + "]" * DEEP + "}\n---\nB\n", 14 + TOO_DEEP - 2),
    ("+++\na = " + "[" * DEEP + "]" * DEEP + "\n+++\nB\n", 8 + TOO_DEEP - 2),
    ("---\na: " + "[" * DEEP + "]" * DEEP + "\n---\nB\n", 7 + TOO_DEEP - 2),
    ("---\na: " + "{a: " * DEEP + "}" * DEEP + "\n---\nB\n", 7 + 4 * (TOO_DEEP - 2)),
    ("---\n" + "- " * DEEP + "x\n---\nB\n", 4 + 2 * (TOO_DEEP - 1)),
])
def test_deep_nesting_is_refused_before_any_parser_recurses(source, where):
    text, offset = read_error(source)
    assert text == f"front matter nests deeper than {MAX_DEPTH} levels"
    assert offset == where


def test_deep_block_indentation_is_refused():
    source = "---\n" + "".join(" " * i + "k:\n" for i in range(1000)) + "---\nB\n"
    text, offset = read_error(source)
    assert text == f"front matter nests deeper than {MAX_DEPTH} levels"
    assert place(source, offset) == (2 + MAX_DEPTH, MAX_DEPTH + 1)


def test_nesting_within_the_limit_is_read():
    value = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)  # and the mapping around it
    document = read_document("p.md", "markdown", f"---\na: {value}\n---\nB\n")
    assert document.meta["a"] == json.loads(value)


def test_many_flow_lists_are_not_mistaken_for_depth():
    source = "---\n" + "".join(f"k{i}: [a, {{b: c}}]\n" for i in range(200)) + "---\nB\n"
    document = read_document("p.md", "markdown", source)
    assert document.meta["k199"] == ["a", {"b": "c"}]


def test_alias_bomb_and_cycle_are_refused():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefghi", "abcdefgh"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    bomb = "---\n" + "\n".join(levels) + "\nauthor: *i\n---\nB\n"
    assert len(bomb) < 500
    text, offset = read_error(bomb)
    assert "aliases expand to more than" in text
    assert bomb[offset:].startswith("*a")
    text, offset = read_error("---\na: &a [*a]\n---\nB\n")
    assert "aliases expand to more than" in text


def test_a_few_aliases_are_fine():
    document = read_document("p.md", "markdown", "---\na: &x [1, 2]\nb: *x\n---\nB\n")
    assert document.meta["b"] == [1, 2]


def test_front_matter_over_the_size_cap_is_a_read_error():
    source = "---\ntitle: " + "x" * (1 << 20) + "\n---\nB\n"
    text, offset = read_error(source)
    assert text.startswith("front matter is longer than 1024 KiB")
    assert offset == 4


@pytest.mark.parametrize("source, message", [
    ("---\n" + "a" * 1_000_000 + "\n---\nB\n", "YAML front matter is not a mapping"),
    ("---\na" + " " * 1_000_000 + "b\n---\nB\n", "YAML front matter is not a mapping"),
    ("+++\n" + "a" * 1_000_000 + "\n+++\nB\n", "TOML front matter"),
    ('{"' + "\\" * 1_000_000 + "\nB\n", "JSON front matter"),
])
def test_megabyte_front_matter_lines_without_keys(source, message):
    text, _ = read_error(source)
    assert text.startswith(message)


# -- anything at all -----------------------------------------------------------

MARKUP = st.sampled_from([
    "<", ">", "</", "<!--", "-->", "<![", "]]>", "<![foo[", "<?", "&", "&#", "&#x", ";", "<p>",
    "<a href='", "'>", "</a>", "<code>", "<script>", "{{< raw >}}", "{{< /raw >}}",
    "{% comment %}", "{% endcomment %}", "{{/*", "*/}}", "---\n", "+++\n", "{", "}", "[", "]",
    "\n", "\r", "\x00", "https://www.globalresearch.ca/x/1)", "Global Research", "©",
])
HOSTILE_TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=40).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(kind=st.sampled_from(["markdown", "html", "text"]), text=HOSTILE_TEXT)
def test_any_text_is_a_document_or_a_read_error(kind, text):
    try:
        read_document("p", kind, text)
    except ReadError as error:
        assert 0 <= error.offset <= len(text)


SCALARS = st.one_of(
    st.from_regex(r"\A\d{1,5}-\d{1,2}-\d{1,2}( \d{1,2}:\d{1,2}(:\d{1,2})?)?\Z"),  # dates, valid or not
    st.integers(min_value=-10**6, max_value=10**6).map(str),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "9" * n),  # huge ints
    st.sampled_from(["~", "null", ".inf", "-.nan", "0x1F", "0o17", "1e400", "!!binary aGk=",
                     "!!binary %%%", "!!float abc", "!!int x", "!!timestamp 2020-02-30", "&a x",
                     "*a", "*nothing", "!!set {a, b}", "<<: *a", "? [a]", "|", ">-", "'", '"']),
    st.text(max_size=12),  # binary-ish strings
)
KEYS = st.one_of(st.from_regex(r"\A[a-z_]{1,10}\Z"), st.text(max_size=8),
                 st.sampled_from(["date", "original_date", "source_url", "? x", "- a", "'q'", "1"]))


def yaml_value(depth):
    if depth == 0:
        return SCALARS
    inner = yaml_value(depth - 1)
    return st.one_of(SCALARS, st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
                     st.lists(st.tuples(KEYS, inner), max_size=3).map(
                         lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(KEYS, yaml_value(2)), min_size=1, max_size=6),
       st.sampled_from(["yaml", "toml", "json"]))
def test_any_front_matter_is_metadata_or_a_read_error(pairs, language):
    if language == "yaml":
        source = "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\nBody\n"
    elif language == "toml":
        source = "+++\n" + "".join(f"{k} = {v}\n" for k, v in pairs) + "+++\nBody\n"
    else:
        source = "{" + ", ".join(f'"{k}": {v}' for k, v in pairs) + "}\nBody\n"
    try:
        document = read_document("p.md", "markdown", source)
    except ReadError as error:
        assert 0 <= error.offset <= len(source)
    else:
        assert document.text.strip() == "Body"
