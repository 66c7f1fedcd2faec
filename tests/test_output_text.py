"""The text format: finding lines, fix hints, summary, colour, quiet."""

import io
import re

import pytest

from attriblint.kinds import codes
from attriblint.output import FORMATS, OutputOptions, want_colour

from .output_samples import AUTHOR, CREDIT, HOSTILE, YEAR, summary_of

ANSI = re.compile("\x1b\\[[0-9;]*m")


def text(findings, **options) -> str:
    out = io.StringIO()
    FORMATS["text"](findings, summary_of(findings), out, OutputOptions(**options))
    return out.getvalue()


def test_each_finding_line_is_followed_by_the_first_sentence_of_its_fix():
    lines = text([CREDIT, YEAR, AUTHOR]).splitlines()
    assert lines == [
        "posts/a.md:6:1: AL101 [globalresearch] missing credit line",
        "  help: add the credit line the message quotes (at the top or the bottom of the "
        "post, as the publisher prefers).",
        "posts/b.md:39:44: AL303 [globalresearch] copyright year is 2019, but "
        "original_date says 2021",
        "  help: correct the year, or the metadata.",
        "posts/b.md:40:1: AL302 [propublica] warning: copyright names Jane Doe, not the author",
        "  help: give the original's author as original_author (or list the blog's own "
        "authors as site.authors in the configuration, when author names the blogger); "
        "otherwise correct the copyright line.",
        "Found 2 errors and 1 warning in 2 of 3 files.",
    ]


def test_every_code_has_a_one_sentence_hint_from_its_explain_text():
    for code, entry in codes().items():
        finding = CREDIT.__class__(**{**CREDIT.as_dict(), "code": code})
        hint = text([finding]).splitlines()[1]
        assert hint.startswith("  help: "), code
        sentence = hint.removeprefix("  help: ")
        assert sentence.endswith((".", "!", "?")), (code, sentence)
        assert " ".join(entry.doc.split()).find(sentence) > 0, code


def test_hints_can_be_turned_off_and_clean_runs_say_so():
    assert text([CREDIT], show_hints=False).splitlines() == [
        "posts/a.md:6:1: AL101 [globalresearch] missing credit line",
        "Found 1 error in 1 of 3 files."]
    assert text([]) == "No problems found in 3 files.\n"


def test_quiet_prints_findings_only_and_nothing_when_there_are_none():
    assert text([], quiet=True) == ""
    lines = text([CREDIT], quiet=True).splitlines()
    assert len(lines) == 1 and lines[0].startswith("posts/a.md:6:1: AL101")  # no hint


def test_colour_adds_only_styles_around_the_same_text():
    plain = text([CREDIT, AUTHOR, HOSTILE])
    coloured = text([CREDIT, AUTHOR, HOSTILE], colour=True)
    assert coloured != plain
    assert ANSI.sub("", coloured) == plain


@pytest.mark.parametrize("colour", [False, True])
def test_a_hostile_file_name_cannot_forge_a_line_or_reach_the_terminal(colour):
    out = text([HOSTILE], colour=colour)
    assert ANSI.sub("", out).splitlines()[0] == (
        "evil,x.md\\n::error file=forged.md::\\x1b[2Jgot you\\xff.md:2:3: AL001 [attriblint] "
        "cannot decode: byte 0xff\\r\\n::warning::forged \\x00\\x0b\ufffe 100%")
    assert len(out.splitlines()) == 3  # the finding, its hint, the summary
    without_styles = ANSI.sub("", out)
    assert "\x1b" not in without_styles and "\x00" not in without_styles


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty, environ, expected", [
    (True, {}, True),
    (False, {}, False),
    (True, {"NO_COLOR": "1"}, False),
    (True, {"NO_COLOR": ""}, True),           # set but empty: not a request
    (False, {"FORCE_COLOR": "1"}, True),
    (False, {"FORCE_COLOR": "0"}, False),
    (True, {"FORCE_COLOR": "0"}, False),      # 0 turns colour off, even on a terminal
    (True, {"FORCE_COLOR": "false"}, False),
    (False, {"FORCE_COLOR": ""}, False),
    (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR wins
    (True, {"TERM": "dumb"}, False),
    (False, {"TERM": "dumb", "FORCE_COLOR": "3"}, True),
])
def test_colour_follows_the_terminal_and_the_environment(tty, environ, expected):
    assert want_colour(Stream(tty), environ) is expected


def test_a_closed_or_plain_stream_is_not_a_terminal():
    closed = io.StringIO()
    closed.close()
    assert want_colour(closed, {}) is False
    assert want_colour(object(), {}) is False
