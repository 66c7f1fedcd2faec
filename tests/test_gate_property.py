"""The gate never changes a result.

Every file the gate turns away must have no findings when checked with no
gate at all.  The files are the labelled corpus, the fixtures and the
example blog, as written and rewritten the ways a publisher's name gets
spelled in the wild (non-breaking spaces, entities, markup between the
words, case, another encoding).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attriblint.gate import Gate
from attriblint.lint import Linter
from attriblint.readers import KINDS

ROOT = Path(__file__).parent
FILES = sorted(p for folder in (ROOT / "corpus", ROOT / "fixtures", ROOT.parent / "examples")
               for p in folder.rglob("*") if p.suffix.lower() in KINDS and p.is_file()
               and p.name != "README.md")


@pytest.fixture(scope="module")
def ungated(linter) -> Linter:
    """The same rules with a gate that lets every file through."""
    return Linter(linter.rules, Gate(linter.rules, (None,) * len(linter.rules)),
                  linter.max_file_size)


def check(linter: Linter, ungated: Linter, path: Path, data: bytes) -> None:
    kind = KINDS[path.suffix.lower()]
    if not linter.gate.candidates(data):
        assert ungated.lint_bytes(str(path), kind, data) == [], path
    else:
        assert linter.lint_bytes(str(path), kind, data) == \
            ungated.lint_bytes(str(path), kind, data), path


def test_the_corpus_is_there():
    assert len(FILES) > 200


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_gated_and_ungated_agree_on_every_file(linter, ungated, path):
    check(linter, ungated, path, path.read_bytes())


# Ways the name's spelling changes without changing what a reader sees.
SPACES = ["\u00a0", "&nbsp;", "&#160;", "&#xa0;", "\n", "  ", "\u2009", "\t"]
NAME = re.compile(r"Global Research|GlobalResearch|globalresearch", re.IGNORECASE)


def respell(text: str, choice: int, space: str, case: int) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group()
        if case == 1:
            name = name.upper()
        elif case == 2:
            name = name.lower()
        if " " in name:
            first, second = name.split(" ", 1)
            name = [f"{first}{space}{second}", f"**{first}** {second}",
                    f"&#{ord(first[0])};{first[1:]} {second}",
                    f"{first}<span>{space}</span>{second}",
                    f"{first} {second.replace('s', chr(0x17F))}"][choice % 5]
        return name
    return NAME.sub(one, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0, max_value=len(FILES) - 1),
       choice=st.integers(min_value=0, max_value=4),
       space=st.sampled_from(SPACES),
       case=st.integers(min_value=0, max_value=2),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
def test_respelled_names_never_slip_past_the_gate(linter, ungated, index, choice, space, case,
                                                  encoding):
    path = FILES[index]
    text = path.read_bytes().decode("utf-8-sig")
    check(linter, ungated, path, respell(text, choice, space, case).encode(encoding))


@pytest.mark.parametrize("licence", [
    "CC-BY-ND-4.0", "CC BY-ND 4.0", "Attribution-NoDerivatives 4.0 International",
    "Creative Commons Attribution-NoDerivatives 4.0 International",
    "https://creativecommons.org/licenses/by-nd/4.0/"])
def test_a_licence_named_any_way_passes_the_gate(linter, ungated, licence):
    """A licence rule applies through the metadata's licence field, whatever
    form its value takes (the deed's title has neither "CC BY" nor
    "Creative Commons" in it)."""
    post = (f"---\ntitle: Rivers\nsource_url: https://rivers.example.org/essays/dry\n"
            f"source_license: {licence}\n---\nRivers run dry in August.\n").encode()
    check(linter, ungated, Path("post.md"), post)
    assert any(r.id == "cc-by-nd-4.0" for r in linter.gate.candidates(post))
