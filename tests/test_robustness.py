"""Never a traceback: mangled posts and rule files give findings or one-line errors.

Seeded mutations of the fixtures and of the bundled rule file (markup
fragments, broken UTF-8, BOMs, stray line endings) must go through without
an exception escaping.
"""

import random

import pytest

from attriblint.readers import KINDS
from attriblint.rules import RuleFileError, bundled_rules_dir, load_rule

from .conftest import FIXTURES

FRAGMENTS = [b"---\n", b"+++\n", b'{"', b"<", b">", b"</a>", b'<a href="', b"[", b"]", b"(",
             b")", b"`", b"```\n", b"&", b"&#", b";", b"\r", b"\n", b"\xe9", b"\xc3", b"\x00",
             b"{{< rawhtml >}}", b"{% comment %}", b"<!--", b"<pre>", b"\\", b"*", b"<br>",
             b"\xef\xbb\xbf", b"Copyright \xc2\xa9 ", b"Global Research",
             b"https://www.globalresearch.ca/x/1234567"]


def mutate(rng: random.Random, data: bytes, fragments: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(out))
        if rng.random() < 0.6:
            out[at:at] = rng.choice(fragments)
        else:
            del out[at:at + rng.randint(1, 20)]
    return bytes(out)


@pytest.mark.parametrize("seed", range(4))
def test_mangled_posts_never_raise(linter, seed):
    rng = random.Random(seed)
    posts = sorted(p for p in FIXTURES.rglob("*") if p.suffix in KINDS and p.name != "README.md")
    for _ in range(150):
        post = rng.choice(posts)
        data = mutate(rng, post.read_bytes(), FRAGMENTS)
        for finding in linter.lint_bytes(post.name, KINDS[post.suffix], data):
            assert finding.line >= 1 and finding.column >= 1


def test_mangled_rule_files_give_one_line_errors(tmp_path):
    rng = random.Random(0)
    source = (bundled_rules_dir() / "globalresearch.yaml").read_bytes()
    fragments = [b"{", b"}", b"[", b"]", b"(", b")", b"|", b"?", b"^", b":", b"- ", b"\n", b'"',
                 b"'", b"\\", b"{author}", b"&", b"*", b"\xff", b"\t", b"[a](b)", b"({x})"]
    rule = tmp_path / "rule.yaml"
    for _ in range(100):
        rule.write_bytes(mutate(rng, source, fragments))
        try:
            load_rule(rule)
        except RuleFileError as error:
            assert "\n" not in str(error)
            assert str(error).startswith(f"{rule}:")


BROKEN_URLS = ["http://[oops", "https://[::1", "http://a:99999999/", "http://x:port/", "//[",
               "http://[::1]:x/", "\x00", "", "   ", "http://%zz", "https://globalresearch.ca:-1/1234"]


@pytest.mark.parametrize("url", BROKEN_URLS)
def test_addresses_that_cannot_be_parsed_match_nothing(linter, url):
    from attriblint.document import Link, Span
    from attriblint.urls import host_of, is_article, same_article, same_page, satisfies

    rule = linter.rules[0]
    article = "https://www.globalresearch.ca/x/5731847"
    assert isinstance(host_of(url), str)
    assert isinstance(is_article(rule, url), bool)
    assert not same_page(url, article)
    assert not same_article(rule, url, article)
    link = Link(url, 0, 6, Span(0, 6), "inline")
    assert not satisfies(rule, article, link, "article_url")
