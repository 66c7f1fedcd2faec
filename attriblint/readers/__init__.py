"""Readers: one per file format, each turning source text into a Document.

Readers know nothing about rules.  :func:`read_document` picks the reader by
file kind; the HTML reader (and its parser) is imported only when needed.
"""

from __future__ import annotations

from ..document import Document

KINDS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mdx": "markdown",  # Astro, Docusaurus: Markdown with imports and components
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


class ReadError(ValueError):
    """The file cannot be read as its kind (bad front matter...).

    ``offset`` is where in the source the problem is.
    """

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def read_document(path: str, kind: str, text: str) -> Document:
    if kind == "markdown":
        from .markdown import read_markdown

        return read_markdown(path, text)
    if kind == "html":
        from .html import read_html

        return read_html(path, text)
    from .plaintext import read_plain_text

    return read_plain_text(path, text)
