"""Baseline "read floor": find, read and UTF-8-decode every file, nothing more.

Walks folders the way ``attriblint check`` does (hidden folders skipped,
files of the kinds attriblint reads), so its cost is the least any linter
written in Python pays to look at the same files.  Standard library only.

    python benchmarks/read_floor.py PATH...
"""

import os
import sys

# The kinds attriblint reads (attriblint/readers/__init__.py, KINDS).
EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd", ".mdx", ".html", ".htm", ".txt"}


def files(paths):
    for given in paths:
        if os.path.isdir(given):
            for root, dirs, names in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if os.path.splitext(name)[1].lower() in EXTENSIONS:
                        yield os.path.join(root, name)
        else:
            yield given


def main(paths):
    count = chars = 0
    for path in files(paths):
        with open(path, "rb") as handle:
            chars += len(handle.read().decode("utf-8"))
        count += 1
    print(f"{count} files, {chars} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
