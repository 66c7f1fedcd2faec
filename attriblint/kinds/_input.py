"""Input errors: files attriblint could not check.

Every code here means a publisher's terms were not checked for that path,
so any of them makes the run exit with code 2 (see ``UNCHECKED``).
"""

from __future__ import annotations

from ..findings import Code

CODES = (
    Code(
        "AL001", "undecodable-file", "The file is not UTF-8, UTF-16 or UTF-32 text",
        """The file names a publisher, but its bytes are not valid UTF-8, nor UTF-16 or
UTF-32 (told by a byte-order mark, or by the NUL bytes that pad ASCII
letters in those encodings), nor, for an HTML page, in the charset its
<meta charset> declares, so attriblint cannot read its text and checks
nothing in it.  (Files that name no publisher are not decoded at all.)

The run exits with code 2: the post's terms were not checked.

How to fix: save the file as UTF-8.  The finding points at the first byte
that is not UTF-8.""",
    ),
    Code(
        "AL002", "broken-front-matter", "The front matter cannot be parsed",
        """The YAML (---), TOML (+++) or JSON ({) block at the top of the post has a
syntax error, so its fields (source_url, author, dates) are unknown and the
post is not checked.  Your site generator would fail on it too.  The run
exits with code 2: the post's terms were not checked.

How to fix: correct the front matter at the position given.""",
    ),
    Code(
        "AL003", "file-not-read", "The file or folder could not be read",
        """attriblint reads only regular files, up to a size limit, and lists every
folder it walks.  This path was not read, so nothing in it was checked: it is
not a regular file (a FIFO, a device, a socket: reading one could hang or
never end), it is larger than the limit (10M unless --max-file-size says
otherwise; blog posts and built pages are far smaller, and a huge file is
more likely a data dump than a post), or the system refused to open it
(permission denied, a folder that cannot be listed).  The run exits with
code 2.

How to fix: exclude the path from the run if it is not a post; make it
readable if it is; raise the limit (--max-file-size 50M) if the post really
is that large.""",
    ),
    Code(
        "AL009", "internal-error", "attriblint failed while checking the file",
        """This is a bug in attriblint, not a problem in your post: checking this file
raised an unexpected error (the finding names it), or the worker process
checking it died.  The file was not checked; every other file was, and the
run exits with code 2.

How to fix: please report it, with the message and, if you can share it,
the file (or the smallest part of it that still shows the error), on the
issue tracker of the attriblint repository you installed it from.  Until it
is fixed, check the post's credit, link and copyright line by hand.""",
    ),
)

# Codes that mean a path's terms were not checked: any of them exits with 2.
UNCHECKED = frozenset(code.code for code in CODES)
