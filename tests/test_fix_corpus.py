"""Red-team corpus for ``attriblint fix``: realistic non-compliant reposts.

Each post in ``tests/fix_corpus/`` is labelled in ``manifest.yaml`` with the
codes ``check`` reports on it, the codes ``fix`` must leave (findings no
metadata can repair), and text the fix must write.  For every post, on a
copy (with the manifest's variant applied: CRLF, BOM, no final newline):

(a) after ``fix``, the labelled codes are gone and no finding with a safe
    fix is left;
(b) deleting the inserted characters gives back the original exactly:
    the change is insertions only, each either whole new lines or the two
    halves of a link wrapped around words already there, with the file's
    own line endings, BOM and final newline;
(c) a second ``fix`` changes nothing (bytes and mtime);
(d) the result is well formed: every link the fix wrote is a link to the
    reader, Markdown lines are paragraphs of their own, nothing is inserted
    inside code, shortcodes, Liquid blocks, comments or raw HTML blocks, and
    in a page the new ``<p>`` sits inside ``<article>``/``<main>`` (when the
    page has one) and ``<body>``, never inside another paragraph, a quote,
    a list, a figure or an aside;
(e) exit codes: 1 and ``Fixed PATH`` when written; the second run exits as
    ``check`` does (1 only if errors remain), printing no ``Fixed``.

Cases the fix gets wrong are marked ``xfail(strict=True)`` in the manifest,
with the reason: they pass the day the fix is right, and then fail to
remind us to drop the mark.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from attriblint.cli import main
from attriblint.readers import read_document

CORPUS = Path(__file__).parent / "fix_corpus"
BOM = b"\xef\xbb\xbf"
KINDS = {".md": "markdown", ".markdown": "markdown", ".mdx": "markdown", ".html": "html",
         ".htm": "html", ".txt": "text"}


@dataclass
class Case:
    """One labelled post."""

    file: str
    before: list[str]  # the codes check reports on the original (sorted, with repeats)
    remain: list[str] = field(default_factory=list)  # the codes left after fix
    expect: list[str] = field(default_factory=list)  # text the fixed file must contain (LF)
    links: list[str] = field(default_factory=list)  # addresses the fix must link to
    insert_after: str = ""  # original text every insertion must follow
    insert_before: str = ""  # original text every insertion must precede
    count: dict[str, int] = field(default_factory=dict)  # text: occurrences after the fix
    notes: dict[str, str] = field(default_factory=dict)  # code: what its note must not say
    minified: bool = False  # a page on one line: a new <p> may stand inside a line
    unsafe: bool = False  # run with --unsafe-fixes
    replace: dict[str, str] = field(default_factory=dict)  # with unsafe: old text -> new text
    diff_xfail: str = ""  # why fix --diff gets this post wrong today
    completed: list[str] = field(default_factory=list)  # lines a fix may complete in place
    newline: str = "lf"  # lf or crlf: the copy's line endings
    bom: bool = False
    final_newline: bool = True
    xfail: str = ""

    @property
    def kind(self) -> str:
        return KINDS[Path(self.file).suffix]

    @property
    def changes(self) -> bool:
        return sorted(self.before) != sorted(self.remain)


def load_manifest() -> list[Case]:
    entries = YAML(typ="safe").load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    return [Case(**entry) for entry in entries]


CASES = load_manifest()


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    variant = f"{case.newline}{'-bom' if case.bom else ''}{'-noeol' if not case.final_newline else ''}"
    return pytest.param(case, id=f"{case.file}[{variant}]", marks=marks)


# --- running the CLI ----------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys, path: Path) -> list[dict]:
    code, out, err = run(capsys, "check", "--format", "json", str(path))
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def codes(found: list[dict]) -> list[str]:
    return sorted(f["code"] for f in found)


# --- the copy under test ------------------------------------------------------


def variant_bytes(case: Case) -> bytes:
    """The post as the case wants it on disk."""
    text = (CORPUS / case.file).read_text(encoding="utf-8")
    assert "\r" not in text, "corpus files are stored with LF; the manifest picks CRLF"
    if not case.final_newline:
        text = text.rstrip("\n")
    elif not text.endswith("\n"):
        text += "\n"
    if case.newline == "crlf":
        text = text.replace("\n", "\r\n")
    return (BOM if case.bom else b"") + text.encode("utf-8")


def decoded(data: bytes) -> str:
    return data.removeprefix(BOM).decode("utf-8")


# --- (b) the change is insertions only -----------------------------------------


@dataclass
class Insertion:
    at: int  # offset in the original
    fixed_start: int  # offset in the fixed text
    text: str


def insertions(original: str, fixed: str) -> list[Insertion]:
    """The inserted runs that turn ``original`` into ``fixed``; fails if
    anything of the original was deleted or replaced.

    Lines are aligned first (a new line is a new line); within a changed
    line, link markup is matched as a whole before any character, so that
    the full stop after ``[name](https://www.x.org/a).`` is the original's
    and not the one in ``www.``."""
    old_lines, new_lines = _lines(original), _lines(fixed)
    old_at = _offsets(old_lines)
    new_at = _offsets(new_lines)
    found: list[Insertion] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert tag != "delete", f"the fix deleted {''.join(old_lines[i1:i2])!r}"
        found.extend(_line_runs(original, fixed, old_lines, new_lines, old_at, new_at,
                                i1, i2, j1, j2))
    return found


def _offsets(lines: list[str]) -> list[int]:
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line)
    return offsets + [at]


def _wrapped(old: str, new: str) -> list[tuple[int, str]] | None:
    """The pieces of link markup (position in ``new``, text) that make
    ``old`` into ``new``, matched greedily; None if there are none such."""
    pieces, i, j = [], 0, 0
    while j < len(new):
        if i < len(old) and old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        match = _WRAP_PIECE.match(new, j)
        if match is None:
            return None
        pieces.append((j, match.group()))
        j = match.end()
    return pieces if i == len(old) else None


def _line_runs(original, fixed, old_lines, new_lines, old_at, new_at, i1, i2, j1, j2):
    """The insertions of one changed group of lines: whole new lines, and
    link markup in lines that were there (else the characters inserted)."""
    runs: list[Insertion] = []
    j = j1
    for i in range(i1, i2 + 1):
        target = j2
        pieces = None
        if i < i2:
            target = j
            while target < j2 and (pieces := _wrapped(old_lines[i], new_lines[target])) is None:
                target += 1
            if target == j2:  # completed in place, or a page on one line
                return runs + _char_insertions(original[old_at[i1]:old_at[i2]],
                                               fixed[new_at[j1]:new_at[j2]],
                                               old_at[i1], new_at[j1])
        if target > j:
            runs.append(Insertion(old_at[i], new_at[j], "".join(new_lines[j:target])))
        if i < i2:
            shift = 0
            for position, text in pieces or []:
                runs.append(Insertion(old_at[i] + position - shift, new_at[target] + position,
                                      text))
                shift += len(text)
            j = target + 1
    return runs


def _char_insertions(original: str, fixed: str, old_base: int = 0,
                     new_base: int = 0) -> list[Insertion]:
    """Character-level insertions, each slid to whole lines or elements."""
    matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
    found = []
    shift = 0  # fixed offset minus original offset, before the current run
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), (
            f"the fix {tag}d original text {original[i1:i2]!r} (with {fixed[j1:j2]!r})")
        if tag == "insert":
            start = _best_slide(fixed, j1, j2)
            found.append(Insertion(old_base + start - shift, new_base + start,
                                   fixed[start:start + j2 - j1]))
            shift += j2 - j1
    return found


def _best_slide(fixed: str, start: int, end: int) -> int:
    """Where an inserted run of ``fixed[start:end]`` begins, among the
    equivalent places it can slide to (``ab|b`` + ``b`` is ``a|b`` + ``bb``):
    the one that makes it whole lines, as a person reads the change."""
    size = end - start
    low = start
    while low > 0 and fixed[low - 1] == fixed[low - 1 + size]:
        low -= 1
    high = start
    while high + size < len(fixed) and fixed[high] == fixed[high + size]:
        high += 1

    def at_line_start(offset: int) -> bool:
        return offset == 0 or (fixed[offset - 1] == "\n"
                               or (fixed[offset - 1] == "\r" and fixed[offset:offset + 1] != "\n"))

    def score(offset: int) -> tuple[int, bool, int]:
        whole = at_line_start(offset) and (at_line_start(offset + size) or offset + size == len(fixed))
        piece = fixed[offset:offset + size]
        element = piece.startswith("<") and piece.endswith(">")
        return (2 if whole else 1 if at_line_start(offset) else 0, element, -abs(offset - start))

    return max(range(low, high + 1), key=score)


_WRAP_PIECE = re.compile(r'\[|\]\((?:<[^<>\n]+>|[^\s()<>]+)\)|<a href="[^"<>]+">|</a>')
# Plain text links words by the address after them: "ProPublica (https://...)".
_TEXT_LINK = r" \((?:https?://[^\s()]+)\)"


def inserted_mask(fixed: str, runs: list[Insertion]) -> list[bool]:
    mask = [False] * len(fixed)
    for run in runs:
        for i in range(run.fixed_start, run.fixed_start + len(run.text)):
            mask[i] = True
    return mask


_HTML_PARAGRAPH = r"<p>(?:(?!</?p\b).)*</p>"


def check_whole_lines_or_wraps(fixed: str, runs: list[Insertion], minified: bool = False,
                               completed: tuple[str, ...] = ()) -> None:
    """Every line of the result is either untouched, wholly new, or an old
    line with link markup wrapped around words that were there (or, in a
    page written on one line, a whole new paragraph element)."""
    allowed = _WRAP_PIECE.pattern + (f"|{_HTML_PARAGRAPH}" if minified else "") \
        + f"|{_TEXT_LINK}"
    mask = inserted_mask(fixed, runs)
    for match in re.finditer(r"[^\r\n]*", fixed):
        start, end = match.span()
        if start == end:
            continue
        line_mask = mask[start:end]
        if not any(line_mask) or all(line_mask):
            continue
        kept = "".join(c for c, inserted in zip(fixed[start:end], line_mask) if not inserted)
        if kept.strip() in completed:
            continue  # a half-written credit completed in place
        offset = start
        while offset < end:
            if not mask[offset]:
                offset += 1
                continue
            run_end = offset
            while run_end < end and mask[run_end]:
                run_end += 1
            piece = fixed[offset:run_end]
            assert re.fullmatch(f"(?:{allowed})+", piece), (
                f"text inserted inside an existing line: {piece!r} in {fixed[start:end]!r}")
            offset = run_end


def check_line_endings(original_bytes: bytes, fixed_bytes: bytes) -> None:
    """The BOM, the line endings and the final newline are the original's."""
    assert fixed_bytes.startswith(BOM) == original_bytes.startswith(BOM)
    original, fixed = decoded(original_bytes), decoded(fixed_bytes)
    if "\r\n" in original:
        assert not re.search(r"\r(?!\n)|(?<!\r)\n", fixed), "an LF line ending in a CRLF file"
    else:
        assert "\r" not in fixed, "a CR in an LF file"
    assert fixed.endswith("\n") == original.endswith("\n"), "the final newline changed"


# --- (d) well-formed output -----------------------------------------------------

# Regions of a Markdown post nothing may be inserted into (start, end patterns).
_SEALED_MARKDOWN = [
    (r"^(```|~~~)", r"^(```|~~~)[ \t]*$"),
    (r"\{\{<\s*(\w+)[^>]*>\}\}", r"\{\{<\s*/\s*\w+\s*>\}\}"),
    (r"\{\{%\s*(\w+)[^%]*%\}\}", r"\{\{%\s*/\s*\w+\s*%\}\}"),
    (r"\{%-?\s*(raw|highlight|capture|comment|if|for)\b[^%]*%\}",
     r"\{%-?\s*end(raw|highlight|capture|comment|if|for)\s*-?%\}"),
    (r"<!--", r"-->"),
    (r"\{/\*", r"\*/\}"),
    (r"^<(div|aside|figure|details|section|script|pre|table)\b", r"</(div|aside|figure|details|section|script|pre|table)>[ \t]*$"),
    (r"^\$\$", r"\$\$[ \t]*$"),
    (r"^<[A-Z]\w*[^>/]*>[ \t]*$", r"^</[A-Z]\w*>"),  # an MDX component with children
]


def sealed_regions(source: str) -> list[tuple[int, int]]:
    """Where code, shortcodes, Liquid blocks, comments and raw HTML blocks
    stand in a Markdown post (offsets; the start and end excluded)."""
    regions = []
    for opening, closing in _SEALED_MARKDOWN:
        at = 0
        opener = re.compile(opening, re.MULTILINE)
        closer = re.compile(closing, re.MULTILINE)
        while (match := opener.search(source, at)) is not None:
            end = closer.search(source, match.end())
            if end is None:
                break
            regions.append((match.start(), end.end()))
            at = end.end()
    return regions


def check_markdown(case: Case, original: str, fixed: str, runs: list[Insertion]) -> None:
    for run in runs:
        for start, end in sealed_regions(original):
            assert not start < run.at < end, (
                f"{run.text!r} inserted inside {original[start:end][:80]!r}")
    document = read_document(case.file, "markdown", fixed)
    mask = inserted_mask(fixed, runs)
    for run in runs:
        for link_at in (m.start() + run.fixed_start for m in re.finditer(r"\]\(", run.text)):
            assert any(link.source.start <= link_at < link.source.end for link in document.links), (
                f"the fix wrote link markup that is no link: {run.text!r}")
    body_start = document.body_start
    lines = fixed.splitlines()
    offsets = [m.start() for m in re.finditer(r"^", fixed, re.MULTILINE)]
    for number, (line, start) in enumerate(zip(lines, offsets)):
        if line.strip() and all(mask[start:start + len(line)]):
            first_of_body = start <= body_start
            for other, other_start in ((lines[n], offsets[n]) for n in (number - 1, number + 1)
                                       if 0 <= n < len(lines) and not (n < number and first_of_body)):
                new = other.strip() and all(mask[other_start:other_start + len(other)])
                assert not other.strip() or new, (
                    f"new line {line!r} is not a paragraph of its own: next to {other!r}")


class _Stack(HTMLParser):
    """The open elements at the start tag at ``offset``."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}
    CLOSES_P = {"p", "div", "article", "main", "section", "aside", "footer", "header",
                "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "figure",
                "table", "pre", "hr", "nav"}

    def __init__(self, text: str, offset: int):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        self.target, self.stack, self.seen = offset, [], None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        if tag in self.CLOSES_P and self.stack and self.stack[-1] == "p":
            self.stack.pop()  # an open <p> ends where a block begins
        if self.line_starts[line - 1] + column == self.target and self.seen is None:
            self.seen = list(self.stack)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def check_html(original: str, fixed: str, runs: list[Insertion]) -> None:
    lower = original.lower()
    for run in runs:
        if "<p" not in run.text:
            continue
        at = run.fixed_start + run.text.index("<p")
        stack = _Stack(fixed, at).seen
        assert stack is not None, f"the inserted paragraph {run.text!r} is no start tag"
        for container in ("article", "main", "body"):
            if f"<{container}" in lower:
                assert container in stack, (
                    f"inserted paragraph outside <{container}>: open elements {stack}")
                break
        if "<body" in lower:
            assert "body" in stack, f"inserted paragraph outside <body>: {stack}"
        wrong = {"p", "a", "blockquote", "li", "figure", "aside", "header", "footer", "nav",
                 "script", "pre", "table", "figcaption", "template"} & set(stack)
        assert not wrong, f"inserted paragraph inside <{wrong.pop()}>: {stack}"


def check_replacements(case: Case, original: str, fixed: str) -> None:
    """An unsafe fix replaced exactly the labelled texts, once each."""
    expected = original
    for old, new in case.replace.items():
        assert expected.count(old) == 1, f"{old!r} is not once in the post"
        expected = expected.replace(old, new)
    assert fixed == expected


def check_position(case: Case, original: str, runs: list[Insertion]) -> None:
    """Every insertion stands after ``insert_after`` and before
    ``insert_before`` (texts of the original, with its line endings)."""
    newline = "\r\n" if "\r\n" in original else "\n"
    if case.insert_after:
        marker = case.insert_after.replace("\n", newline)
        assert marker in original, "insert_after is not in the post"
        after = original.index(marker) + len(marker)
        for run in runs:
            assert run.at >= after, f"{run.text!r} inserted before {case.insert_after!r}"
    if case.insert_before:
        marker = case.insert_before.replace("\n", newline)
        assert marker in original, "insert_before is not in the post"
        before = original.index(marker)
        for run in runs:
            assert run.at <= before, f"{run.text!r} inserted after {case.insert_before!r}"


# --- the test ------------------------------------------------------------------


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_fix_corpus(case: Case, tmp_path, capsys):
    path = tmp_path / Path(case.file).name
    original_bytes = variant_bytes(case)
    path.write_bytes(original_bytes)

    before = findings(capsys, path)
    assert codes(before) == sorted(case.before), "the label of the original is wrong"

    options = ["--unsafe-fixes"] if case.unsafe else []
    code, out, err = run(capsys, "fix", *options, str(path))
    fixed_bytes = path.read_bytes()
    if not case.changes:
        assert fixed_bytes == original_bytes
        assert f"Fixed {path}" not in out
        return
    assert f"Fixed {path}" in out, (out, err)
    assert code == 1

    # (a) what was fixed is gone; nothing safely fixable is left.
    after = findings(capsys, path)
    assert codes(after) == sorted(case.remain), [f["message"] for f in after]
    fixable = [f for f in after if (f.get("fix") or {}).get("applicability") == "safe"]
    assert not fixable, fixable

    # (b) insertions only (or, unsafe, the labelled replacements), in the
    # file's own line endings.
    original, fixed = decoded(original_bytes), decoded(fixed_bytes)
    check_line_endings(original_bytes, fixed_bytes)
    if case.unsafe:
        check_replacements(case, original, fixed)
        runs = []
    else:
        runs = insertions(original, fixed)
    check_whole_lines_or_wraps(fixed, runs, case.minified, tuple(case.completed))
    for text in case.expect:
        assert text in fixed.replace("\r\n", "\n"), f"{text!r} not written: {[r.text for r in runs]}"
    check_position(case, original, runs)
    for text, times in case.count.items():
        assert fixed.count(text) == times, f"{text!r} occurs {fixed.count(text)} times"

    # (d) well formed in its syntax.
    if case.kind == "markdown":
        check_markdown(case, original, fixed, runs)
    elif case.kind == "html":
        check_html(original, fixed, runs)
    document = read_document(str(path), case.kind, fixed)
    for address in case.links:
        assert any(link.href == address for link in document.links), (
            f"no link to {address} after the fix")

    # (c) a second fix changes nothing; (e) it exits as check does.
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    code, out, err = run(capsys, "fix", *options, str(path))
    assert path.read_bytes() == fixed_bytes
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert "Fixed" not in out
    errors = [f for f in after if f["severity"] == "error"]
    assert code == (1 if errors else 0), (out, err)


NOTE_CASES = [(case, code, words) for case in CASES for code, words in case.notes.items()]


@pytest.mark.parametrize("case, code, words",
                         [pytest.param(*n, id=f"{n[0].file}-{n[1]}") for n in NOTE_CASES])
def test_note_says_what_the_post_can_do(case: Case, code: str, words: str, tmp_path, capsys):
    """A finding no fix can repair says why in words that fit the post."""
    path = tmp_path / Path(case.file).name
    path.write_bytes(variant_bytes(case))
    notes = [f["fix"]["note"] for f in findings(capsys, path)
             if f["code"] == code and (f.get("fix") or {}).get("applicability") == "none"]
    assert notes, f"no {code} finding with a note"
    for note in notes:
        assert words not in note, note


def test_every_corpus_file_is_labelled():
    """A post added to the corpus without a label would never be tested."""
    files = {p.name for p in CORPUS.iterdir() if p.suffix in KINDS}
    assert files == {case.file for case in CASES}


# --- --diff shows exactly what fix writes ----------------------------------------------


def _lines(text: str) -> list[str]:
    """Lines as git and patch see them: split after "\n" only."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def apply_unified_diff(text: str, diff: str) -> str:
    """``text`` with ``diff`` applied strictly (no fuzz, no offset), as
    ``git apply`` does; fails where a context or removed line differs."""
    old, new, at = _lines(text), [], 0
    diff_lines = _lines(diff)
    i = 0
    while i < len(diff_lines):
        header = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", diff_lines[i])
        i += 1
        if not header:
            continue
        start = int(header.group(1)) - (0 if header.group(2) == "0" else 1)
        new.extend(old[at:start])
        at = start
        while i < len(diff_lines) and diff_lines[i][:1] in (" ", "-", "+", "\\"):
            line = diff_lines[i][1:]
            if i + 1 < len(diff_lines) and diff_lines[i + 1].startswith("\\"):
                line = line[:-1]  # "\ No newline at end of file": it ends without one
            kind = diff_lines[i][0]
            if kind in " -":
                assert at < len(old) and old[at] == line, (
                    f"the diff's line {line!r} is not the file's line {at + 1}: "
                    f"{old[at] if at < len(old) else None!r}")
                at += 1
            if kind in " +":
                new.append(line)
            i += 2 if i + 1 < len(diff_lines) and diff_lines[i + 1].startswith("\\") else 1
    return "".join(new + old[at:])


def _diff_param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.diff_xfail)] if case.diff_xfail else []
    return pytest.param(case, id=_param(case).id, marks=marks)


@pytest.mark.parametrize("case", [_diff_param(c) for c in CASES if c.changes])
def test_the_diff_is_what_fix_writes(case: Case, tmp_path, capsys):
    """``fix --diff`` writes nothing, and its diff applied to the file (BOM
    and line endings included) gives the bytes ``fix`` writes."""
    options = ["--unsafe-fixes"] if case.unsafe else []
    path = tmp_path / Path(case.file).name
    original = variant_bytes(case)
    path.write_bytes(original)
    code, diff, err = run(capsys, "fix", "--diff", *options, str(path))
    assert path.read_bytes() == original, "fix --diff wrote the file"
    assert code == (1 if diff else 0), err
    run(capsys, "fix", *options, str(path))
    fixed = path.read_bytes().decode("utf-8")  # the BOM kept, as U+FEFF
    assert apply_unified_diff(original.decode("utf-8"), diff) == fixed


# --- the checks themselves catch what they are for ---------------------------------


def test_a_replaced_character_is_no_insertion():
    with pytest.raises(AssertionError, match="replaced"):
        insertions("Copyright 2023\n", "Copyright 2024\n")


def test_text_inserted_inside_a_line_is_caught():
    original = "Shipping lines own terminals.\n"
    wrapped = "Shipping lines own [terminals](https://x.org/a).\n"
    check_whole_lines_or_wraps(wrapped, insertions(original, wrapped))
    spliced = "Shipping lines Credit own terminals.\n"
    with pytest.raises(AssertionError, match="inside an existing line"):
        check_whole_lines_or_wraps(spliced, insertions(original, spliced))


def test_a_wrap_before_a_full_stop_is_read_as_a_wrap():
    original = "first published by ProPublica."
    fixed = "first published by [ProPublica](https://www.propublica.org/article/a)."
    runs = insertions(original, fixed)
    assert [r.text for r in runs] == ["[", "](https://www.propublica.org/article/a)"]
    check_whole_lines_or_wraps(fixed, runs)


def test_a_new_line_keeps_to_the_file_line_endings():
    with pytest.raises(AssertionError, match="LF line ending"):
        check_line_endings(b"a\r\nb\r\n", b"a\r\nb\r\n\r\nCredit\n")
    with pytest.raises(AssertionError, match="final newline"):
        check_line_endings(b"a\nb", b"a\nb\n\nCredit\n")


def test_a_line_inserted_into_a_code_block_is_caught():
    case = Case(file="x.md", before=[])
    original = "Intro.\n\n```\ncode\n```\n"
    fixed = "Intro.\n\n```\ncode\n\nCredit\n```\n"
    with pytest.raises(AssertionError, match="inserted inside"):
        check_markdown(case, original, fixed, insertions(original, fixed))


def test_the_diff_applier_is_strict():
    text = "a\nb\nc"
    diff = "--- a/x\n+++ b/x\n@@ -2,2 +2,3 @@\n b\n-c\n\\ No newline at end of file\n+c\n+d\n"
    assert apply_unified_diff(text, diff) == "a\nb\nc\nd\n"
    with pytest.raises(AssertionError, match="not the file's line"):
        apply_unified_diff("\ufeff" + "a\nb\n", "@@ -1,1 +1,2 @@\n a\n+new\n")


def test_a_paragraph_outside_the_article_is_caught():
    original = "<body>\n<article>\n<p>Story.</p>\n</article>\n<footer><p>Site.</p>\n</footer>\n</body>\n"
    fixed = original.replace("</footer>", "<p>Credit</p>\n</footer>")
    with pytest.raises(AssertionError, match="outside <article>"):
        check_html(original, fixed, insertions(original, fixed))
