"""What ``attriblint fix`` writes and where: rendering a rule's line in the
post's syntax, placing it, and applying fixes until nothing is left."""

from __future__ import annotations

from dataclasses import replace

import pytest

from attriblint.fixing.apply import choose, fix_bytes
from attriblint.fixing.model import Edit, Fix
from attriblint.fixing.render import NotFixable, Values, render, web_address
from attriblint.lint import Linter
from attriblint.rules import bundled_rules_dir, load_rules, rule_files
from attriblint.template import compile_template, example_shape

from .output_samples import YEAR

LINTER = Linter.from_rules(load_rules(rule_files([str(bundled_rules_dir())])))
GR = "https://www.globalresearch.ca/grain-corridor-price-bread-north-africa/5827734"
FRONT = ("---\ntitle: Grain corridor\nsource_url: " + GR + "\noriginal_author: Karim Haddad\n"
         "original_date: 2023-08-01\n---\n\n")
BODY = ("When the Black Sea grain arrangement lapsed in July, wheat futures rose and the "
        "bread subsidies of two North African governments came under strain at once.\n\n"
        "Egypt is the world's largest wheat importer, buying roughly twelve million tonnes "
        "a year, much of it with borrowed money.\n")
CREDIT = f"The original source of this article is [Global Research]({GR})\n"
COPYRIGHT = "Copyright © Karim Haddad, Global Research, 2023\n"


def fixed(text: str, path: str = "post.md", unsafe: bool = False, encoding: str = "utf-8"):
    kind = {"md": "markdown", "html": "html", "txt": "text"}[path.rsplit(".", 1)[1]]
    outcome = fix_bytes(LINTER, path, kind, text.encode(encoding), unsafe)
    return outcome


def fixed_text(text: str, path: str = "post.md", unsafe: bool = False) -> str:
    outcome = fixed(text, path, unsafe)
    assert outcome.fixed is not None, (outcome.problem, outcome.remaining)
    return outcome.fixed.decode("utf-8")


# -- rendering ---------------------------------------------------------------

VALUES = Values("Global Research", author="Ana *Ruiz*", year="2021", article_url=GR,
                homepage="https://globalresearch.ca/")


def test_a_template_is_written_as_its_first_reading_with_the_metadata():
    template = compile_template("Copyright © (({author}(,| and| &)? )?{publisher}((,)? {year})?"
                                "|{year} {publisher})", ("Global Research",))
    assert render(template.shape, VALUES, "text") == "Copyright © Ana *Ruiz*, Global Research, 2021"


@pytest.mark.parametrize("syntax, expected", [
    ("markdown", f"Reposted from [Global Research]({GR}) by Ana \\*Ruiz\\*"),
    ("html", f'Reposted from <a href="{GR}">Global Research</a> by Ana *Ruiz*'),
    ("text", f"Reposted from Global Research ({GR}) by Ana *Ruiz*"),
])
def test_links_and_values_are_written_in_the_posts_own_syntax(syntax, expected):
    template = compile_template("Reposted from [{publisher}]({article_url}) by {author}",
                                ("Global Research",))
    assert render(template.shape, VALUES, syntax) == expected


def test_html_text_and_addresses_are_escaped():
    values = replace(VALUES, author="Tom & <Jerry>", article_url='https://x.org/a?b=1&c="2"')
    template = compile_template("[By {author}]({article_url})")
    assert render(template.shape, values, "html") == \
        '<a href="https://x.org/a?b=1&amp;c=&quot;2&quot;">By Tom &amp; &lt;Jerry&gt;</a>'


def test_a_markdown_line_never_begins_a_heading_or_a_list():
    template = compile_template("{year}. Global Research")
    assert render(template.shape, VALUES, "markdown") == "2021\\. Global Research"


@pytest.mark.parametrize("missing, says", [
    ("author", "add original_author"), ("year", "add original_date"),
    ("article_url", "add source_url")])
def test_a_value_the_metadata_lacks_means_no_fix_and_says_what_to_add(missing, says):
    template = compile_template("Copyright © [{author}]({article_url}), {year}")
    with pytest.raises(NotFixable, match=says):
        render(template.shape, replace(VALUES, **{missing: None}), "markdown")


def test_an_example_with_placeholders_is_the_shape_and_one_that_spells_values_out_is_not():
    by = compile_template("(Story )?by {author}, {publisher}", ("The Texas Tribune",),
                          example="by Aman Batheja, The Texas Tribune.")
    assert render(by.shape, replace(VALUES, publisher="The Texas Tribune"), "text") == \
        "Story by Ana *Ruiz*, The Texas Tribune"
    credit = compile_template("(This|The) story (was )?first published by {publisher}",
                              ("ProPublica",), example="This story was originally published by "
                                                       "ProPublica.")
    assert render(credit.shape, replace(VALUES, publisher="ProPublica"), "text") == \
        "This story was originally published by ProPublica."


def test_an_example_that_describes_a_link_in_words_cannot_be_written():
    shape = example_shape("This article by [the originating outlet, linked] is published here")
    with pytest.raises(NotFixable, match="write it by hand"):
        render(shape, VALUES, "markdown")
    assert ("unknown", "[AUTHOR](https://stackoverflow.com/users/ID/name)") in \
        example_shape("Answered by [AUTHOR](https://stackoverflow.com/users/ID/name)")


# -- placing and applying ----------------------------------------------------

def test_a_missing_credit_goes_after_the_last_paragraph_before_reference_definitions():
    post = FRONT + BODY + "\n" + COPYRIGHT + "\n[1]: https://example.org/grain\n"
    assert fixed_text(post) == FRONT + BODY + "\n" + COPYRIGHT + "\n" + \
        CREDIT.rstrip("\n") + "\n\n[1]: https://example.org/grain\n"


def test_fixes_build_on_each_other_and_then_check_clean():
    post = FRONT + BODY
    result = fixed_text(post)
    assert result == FRONT + BODY + "\n" + CREDIT + "\n" + COPYRIGHT
    assert LINTER.lint_bytes("post.md", "markdown", result.encode()) == []
    assert fixed(result).fixed is None  # fixing twice is fixing once


def test_credit_words_already_there_are_linked_in_place_not_written_twice():
    post = FRONT + BODY + "\nThe original source of this article is Global Research\n\n" + COPYRIGHT
    assert fixed_text(post) == FRONT + BODY + "\n" + CREDIT + "\n" + COPYRIGHT


def test_crlf_bom_and_a_missing_final_newline_are_kept():
    post = "\ufeff" + (FRONT + BODY + "\n" + CREDIT).replace("\n", "\r\n").rstrip("\r\n")
    result = fixed(post).fixed
    assert result.startswith(b"\xef\xbb\xbf") and not result.endswith(b"\n")
    assert result == post.encode() + b"\r\n\r\n" + COPYRIGHT.rstrip("\n").encode()


def test_in_a_page_the_line_is_a_paragraph_inside_the_article():
    page = (f'<html><head><link rel="canonical" href="{GR}"></head><body>\n<article>\n'
            f"  <p>{BODY.splitlines()[0]}</p>\n"
            "  <p>Copyright © Global Research</p>\n"
            "</article>\n<footer>Site footer</footer>\n</body></html>\n")
    assert fixed_text(page, "post.html") == page.replace(
        "  <p>Copyright © Global Research</p>\n", "  <p>Copyright © Global Research</p>\n"
        f'  <p>The original source of this article is <a href="{GR}">Global Research</a></p>\n')


def test_a_page_on_one_line_gets_its_paragraph_on_that_line():
    page = (f'<html><head><link rel="canonical" href="{GR}"></head><body><main>'
            f"<p>{BODY.splitlines()[0]}</p><p>Copyright © Global Research</p></main></body></html>")
    assert fixed_text(page, "post.html") == page.replace(
        "Global Research</p>", "Global Research</p><p>The original source of this article "
        f'is <a href="{GR}">Global Research</a></p>')


def test_unsafe_fixes_wait_for_unsafe_fixes():
    post = FRONT + BODY + "\n" + CREDIT + "\n" + COPYRIGHT.replace("2023", "2019")
    assert fixed(post).fixed is None
    assert fixed_text(post, unsafe=True) == FRONT + BODY + "\n" + CREDIT + "\n" + COPYRIGHT


def test_a_post_without_its_source_gets_no_fix_and_the_finding_says_what_to_add():
    post = "---\ntitle: Grain\n---\n\n" + BODY + "\nReposted from Global Research\n"
    outcome = fixed(post)
    assert outcome.fixed is None
    notes = {f.code: f.fix_note for f in outcome.remaining}
    assert "add source_url" in notes["AL201"]


def test_one_fix_per_rule_per_round_and_none_that_touch():
    def at(code, rule, start, end):
        edit = Edit(start, end, "x", 1, 1, 1, 1)
        return replace(YEAR, code=code, rule=rule, fix=Fix((edit,), "safe", code))
    findings = [at("AL301", "a", 50, 50), at("AL101", "a", 90, 90), at("AL101", "b", 10, 20),
                at("AL201", "c", 20, 25)]
    assert [(f.code, f.rule) for f in choose(findings)] == [("AL101", "a"), ("AL101", "b")]


def test_a_fix_that_does_not_hold_is_left_out_and_says_so(monkeypatch):
    from attriblint.fixing import apply as apply_module

    real = apply_module.apply_edits

    def copyright_line_garbled(text, edits):
        return real(text, [replace(e, text=e.text.replace("Copyright", "Copy right"))
                           for e in edits])
    monkeypatch.setattr(apply_module, "apply_edits", copyright_line_garbled)
    outcome = fixed(FRONT + BODY)
    assert outcome.settled and outcome.problem == ""
    assert [f.code for f in outcome.applied] == ["AL101", "AL201"]  # the credit line still goes in
    (left,) = [f for f in outcome.remaining if f.code == "AL301"]
    assert left.fix is None and "did not hold" in left.fix_note
    assert CREDIT.rstrip("\n") in outcome.fixed.decode()


def test_fixes_that_never_hold_leave_the_file_as_it_was(monkeypatch):
    from attriblint.fixing import apply as apply_module

    monkeypatch.setattr(apply_module, "apply_edits", lambda text, edits: text + " ")
    outcome = fixed(FRONT + BODY)
    assert outcome.fixed is None and outcome.applied == []
    assert all("did not hold" in f.fix_note for f in outcome.remaining if f.code != "AL201")


def test_bytes_that_do_not_round_trip_are_never_rewritten():
    page = ('<html><head><meta charset="windows-1252"><link rel="canonical" href="'
            + GR + '"></head><body><p>caf\xe9 \x81</p></body></html>').encode("latin-1")
    outcome = fix_bytes(LINTER, "p.html", "html", page)
    assert outcome.fixed is None and "do not survive" in outcome.problem


def test_a_fix_the_files_encoding_cannot_hold_is_refused_not_crashed(tmp_path):
    rule = tmp_path / "demo.yaml"
    rule.write_text("id: demo\npublisher: Demo Press\nterms: https://demo.example/terms\n"
                    "domains: [demo.example]\ndetect: {source_domains: true}\n"
                    "requires:\n  - credit: \"Reposted from {publisher} \u2605\"\n",
                    encoding="utf-8")
    linter = Linter.from_rules(load_rules([rule]))
    page = ('<html><head><meta charset="windows-1252">'
            '<link rel="canonical" href="https://demo.example/a/1"></head>'
            '<body><p>Caf\u00e9 society, as the old papers called it.</p></body></html>')
    data = page.encode("windows-1252")
    (finding,) = linter.lint_bytes("p.html", "html", data)
    assert finding.code == "AL101" and finding.fix is not None  # the line has a star
    outcome = fix_bytes(linter, "p.html", "html", data)
    assert outcome.fixed is None and "encoding (cp1252)" in outcome.problem


@pytest.mark.parametrize("kind, says", [
    ("markdown", "add source_url (the original article's address) to the front matter"),
    ("html", 'add <link rel="canonical" href="..."> with the original article\'s address'),
    ("text", "a plain-text post has no metadata to give the original article's address: "
             "write it by hand")])
def test_what_would_make_a_fix_possible_is_said_in_the_posts_terms(kind, says):
    with pytest.raises(NotFixable) as error:
        Values("Global Research", kind=kind).get("article_url")
    assert str(error.value) == says


def test_in_plain_text_an_address_after_the_credit_words_links_them():
    text = (BODY + "\nThis story was originally published by City Desk ABQ "
            "(https://citydesk.org/2025/04/bus-stop-shelters-heat-audit/).\n")
    codes = {f.code for f in LINTER.lint_bytes("post.txt", "text", text.encode())}
    assert "AL102" not in codes and "AL201" not in codes
    unlinked = text.replace(" (https://citydesk.org/2025/04/bus-stop-shelters-heat-audit/)", "")
    assert "AL102" in {f.code for f in LINTER.lint_bytes("post.txt", "text", unlinked.encode())}


EXAMPLE_POSTS = sorted(p for p in (bundled_rules_dir() / "examples").rglob("*")
                       if p.suffix in (".md", ".html", ".txt"))


@pytest.mark.parametrize("path", EXAMPLE_POSTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_rule_example_fixes_cleanly_and_once(path):
    kind = {".md": "markdown", ".html": "html", ".txt": "text"}[path.suffix]
    data = path.read_bytes()
    outcome = fix_bytes(LINTER, str(path), kind, data)
    assert outcome.problem == ""
    if outcome.fixed is None:
        assert not any(f.fix and f.fix.safety == "safe" for f in outcome.remaining)
        return
    assert not any(f.fix and f.fix.safety == "safe" for f in outcome.remaining)
    fixed_codes = {(f.rule, f.code) for f in outcome.applied}
    assert not fixed_codes & {(f.rule, f.code) for f in outcome.remaining}
    assert fix_bytes(LINTER, str(path), kind, outcome.fixed).fixed is None


def test_the_publishers_name_in_an_example_is_the_publisher():
    shape = example_shape("From Stack Overflow", ("Stack Exchange", "Stack Overflow", "Super User"))
    assert render(shape, replace(VALUES, publisher="Stack Exchange"), "text") == \
        "From Stack Exchange"


def test_an_example_asking_for_more_than_the_terms_falls_back_to_the_templates_words(tmp_path):
    rule = tmp_path / "gv.yaml"
    rule.write_text(
        "id: gv\npublisher: Global Voices\nterms: https://globalvoices.org/about\n"
        "domains: [globalvoices.org]\ndetect: {source_domains: true}\nrequires:\n"
        "  - credit: \"This story by {author} originally appeared on {publisher}( on {date})?\"\n"
        "    example: This story by AUTHOR originally appeared on Global Voices on DATE.\n",
        encoding="utf-8")
    linter = Linter.from_rules(load_rules([rule]))
    post = ("---\nsource_url: https://globalvoices.org/2024/02/12/podcast/\n"
            "original_author: Aida Sultanova\n---\n\n" + BODY)
    outcome = fix_bytes(linter, "p.md", "markdown", post.encode())
    assert outcome.fixed.decode() == post + \
        "\nThis story by Aida Sultanova originally appeared on Global Voices\n"
    dated = post.replace("---\n\n", "original_date: 2024-02-12\n---\n\n", 1)
    assert fix_bytes(linter, "p.md", "markdown", dated.encode()).fixed.decode().endswith(
        "\nThis story by Aida Sultanova originally appeared on Global Voices on February 12, 2024.\n")


def test_a_half_written_credit_is_completed_where_it_stands(tmp_path):
    rule = tmp_path / "tt.yaml"
    rule.write_text(
        "id: tt\npublisher: The Texas Tribune\nterms: https://www.texastribune.org/republishing/\n"
        "domains: [texastribune.org]\ndetect: {source_domains: true}\nrequires:\n"
        "  - credit: \"(Story )?by {author}, {publisher}\"\n", encoding="utf-8")
    linter = Linter.from_rules(load_rules([rule]))
    post = ("---\nsource_url: https://www.texastribune.org/2024/09/30/x/\n"
            "original_author: Elena Marquez\n---\n\nby Elena Marquez\n\n" + BODY)
    outcome = fix_bytes(linter, "p.md", "markdown", post.encode())
    assert outcome.fixed.decode() == post.replace(
        "\nby Elena Marquez\n", "\nby Elena Marquez, The Texas Tribune\n")


@pytest.mark.parametrize("ending, expected", [
    ("last words.  \n", "last words.  \n\nNEW"),  # a hard break's spaces stay on their line
    ("last words:\n\n```python\nprint(1)\n```\n", "last words:\n\n```python\nprint(1)\n```\n\nNEW"),
    ("<Callout>\nDonate.\n</Callout>\n", "<Callout>\nDonate.\n</Callout>\n\nNEW"),
    ("{{% notice %}}\nDonate.\n{{% /notice %}}\n", "{{% notice %}}\nDonate.\n{{% /notice %}}\n\nNEW"),
])
def test_a_line_at_the_end_goes_after_the_last_block_and_what_closes_it(ending, expected):
    from attriblint.fixing.place import insert_paragraph
    from attriblint.readers import read_document

    source = "---\ntitle: x\n---\n\nFirst paragraph of the story.\n\n" + ending
    document = read_document("p.mdx", "markdown", source)
    edit = insert_paragraph(document, "NEW", "markdown", "bottom")
    result = source[:edit.start] + edit.text + source[edit.end:]
    assert result == "---\ntitle: x\n---\n\nFirst paragraph of the story.\n\n" + expected + "\n"


@pytest.mark.parametrize("page, after", [
    ('<main><article class="story"><h1>T</h1><p>Story text.</p></article>\n'
     '<section class="more"><article><p>Teaser.</p></article></section></main>',
     "<p>Story text.</p>"),
    ('<div class="post"><p>Story text.</p></div>\n<div class="site-footer"><p>© Blog</p></div>',
     "<p>Story text.</p>"),
    ('<article><p>Story text.</p>\n<!-- /wp:paragraph -->\n</article>',
     "<!-- /wp:paragraph -->"),
])
def test_in_a_page_the_end_is_the_storys_end(page, after):
    from attriblint.fixing.place import insert_paragraph
    from attriblint.readers import read_document

    source = f"<html><body>{page}</body></html>"
    edit = insert_paragraph(read_document("p.html", "html", source), "NEW", "html", "bottom")
    assert edit.start == source.index(after) + len(after)


def test_at_the_top_without_a_long_paragraph_is_after_the_title_and_byline():
    from attriblint.fixing.place import insert_paragraph
    from attriblint.readers import read_document

    source = ("<html><body><main><article><h1>Debt</h1><p>By Ana Ruiz</p><p>Farmers borrowed."
              "</p><p>Now the wells are dry.</p></article></main></body></html>")
    edit = insert_paragraph(read_document("p.html", "html", source), "NEW", "html", "top")
    assert source[:edit.start].endswith("<p>By Ana Ruiz</p>") and edit.text == "<p>NEW</p>"


def test_a_pre_block_in_a_page_is_one_code_block():
    from attriblint.readers import read_document

    source = "<html><body><article>\n<p>Para one.</p>\n<pre>x = 1</pre>\n</article></body></html>"
    document = read_document("p.html", "html", source)
    assert [(b.kind, source[b.source.start:b.source.end]) for b in document.blocks] == \
        [("paragraph", "<p>Para one.</p>"), ("code", "<pre>x = 1</pre>")]


def test_the_diff_of_a_file_with_a_bom_keeps_it_on_the_first_line():
    from attriblint.discover import Target
    from attriblint.fixing.session import unified_diff

    before = "\ufeffline one\n".encode()
    diff = unified_diff(Target("u.md", "markdown"), before, before + b"\nline two\n")
    assert diff == "--- a/u.md\n+++ b/u.md\n@@ -1 +1,3 @@\n \ufeffline one\n+\n+line two\n"


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", "data:text/html,<script>x</script>",
    'https://www.globalresearch.ca/a/5827734" onmouseover="x', "https://www.globalresearch.ca/a b/5827734"])
def test_a_fix_never_writes_an_address_that_is_not_a_plain_web_address(address):
    assert not web_address(address)
    post = (FRONT.replace(GR, address) + BODY
            + "\nThe original source of this article is Global Research\n")
    written = (fixed(post, unsafe=True).fixed or b"").decode()
    assert written.count(address) <= 1  # only where the front matter has it


def test_a_fix_is_described_as_people_read_it_and_written_escaped():
    post = FRONT.replace("Karim Haddad", "Ana_Lima *Jr*") + BODY + "\n" + CREDIT
    outcome = fixed(post)
    (applied,) = outcome.applied
    assert applied.fix.description == \
        'add the copyright line "Copyright © Ana_Lima *Jr*, Global Research, 2023" at the end'
    assert outcome.fixed.decode().endswith("Copyright © Ana\\_Lima \\*Jr\\*, Global Research, 2023\n")


@pytest.mark.parametrize("suffix", [".txt", ".html", ".md"])
def test_a_rule_whose_example_names_a_part_in_words_gets_no_guessed_credit(suffix):
    """Covering Climate Now's tagline names the partner outlet, which no
    metadata gives: no fix, a note, and never a crash of the check."""
    post = (rules_example("coveringclimatenow/missing-tagline.md")
            .replace("original_title:", "x:") .replace("title:", "original_title:"))
    kind = {".txt": "text", ".html": "html", ".md": "markdown"}[suffix]
    if kind != "markdown":
        body = post.split("---\n", 2)[2]
        post = body if kind == "text" else (
            '<html><head><link rel="canonical" href="https://coveringclimatenow.org/x/">'
            f"</head><body><article><p>{body}</p></article></body></html>")
    findings = LINTER.lint_bytes("post" + suffix, kind, post.encode())
    assert findings and all(f.code != "AL009" for f in findings)
    for finding in findings:
        if finding.code == "AL101":
            assert finding.fix is None and "write it by hand" in finding.fix_note


def rules_example(name: str) -> str:
    return (bundled_rules_dir() / "examples" / name).read_text(encoding="utf-8")


def test_every_value_a_fix_may_need_is_described_in_every_kind_of_post():
    from attriblint.fixing.render import _FIELDS, needs

    for name in _FIELDS:
        for kind in ("markdown", "html", "text"):
            assert needs(name, kind)  # no value's description may break the check
    assert needs("title", "text") == \
        "a plain-text post has no metadata to give the original article's title: write it by hand"


def test_a_bug_in_making_a_fix_never_costs_the_check(monkeypatch):
    from attriblint.fixing import repairs

    def broken(*args, **kwargs):
        raise IndexError("a bug")
    monkeypatch.setattr(repairs, "render", broken)
    (finding,) = LINTER.lint_bytes("post.md", "markdown", (FRONT + BODY + "\n" + CREDIT).encode())
    assert finding.code == "AL301" and finding.fix is None
    assert finding.fix_note == "no automatic fix (internal error: IndexError; please report it)"


def test_a_box_inside_the_article_does_not_end_the_story():
    from attriblint.fixing.place import insert_paragraph
    from attriblint.readers import read_document

    source = ('<html><body><article><p>Story text.</p><div class="related"><p>See also.</p>'
              "</div>\n<p>The story goes on.</p>\n</article></body></html>")
    edit = insert_paragraph(read_document("p.html", "html", source), "NEW", "html", "bottom")
    assert source[:edit.start].endswith("<p>The story goes on.</p>")
