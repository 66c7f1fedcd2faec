"""The labelled corpus: citations get no findings, reposts exactly theirs.

``tests/corpus/citations`` holds posts that talk about, cite, quote or
link a publisher without reposting it; ``tests/corpus/reposts`` holds
reposts in every credit wording the rules accept, compliant or not.  The
labels (``tests/corpus/expected-*.json``) say what a careful user expects;
``python -m tests.corpus_score`` prints precision and recall per kind.
"""

from __future__ import annotations

import pytest

from .corpus_score import CORPUS, expected, found

LABELS = expected()


def test_every_corpus_file_is_labelled_and_the_corpus_is_broad():
    on_disk = {p.relative_to(CORPUS).as_posix() for group in ("citations", "reposts")
               for p in (CORPUS / group).rglob("*") if p.is_file()}
    assert on_disk == set(LABELS)
    for group in ("citations", "reposts"):
        files = [p for p in LABELS if p.startswith(group + "/")]
        assert len(files) >= 100, group
        assert {p.rsplit(".", 1)[1] for p in files} >= {"md", "html", "txt"}, group
    assert all(not LABELS[p] for p in LABELS if p.startswith("citations/"))


@pytest.mark.parametrize("path", sorted(p for p in LABELS if p.startswith("citations/")))
def test_a_citation_gets_no_findings(linter, path):
    assert found(linter, path) == []


@pytest.mark.parametrize("path", sorted(p for p in LABELS if p.startswith("reposts/")))
def test_a_repost_gets_exactly_its_findings(linter, path):
    assert found(linter, path) == LABELS[path]
