"""Files generated from the requirement kinds, and the command that writes them.

The kinds (``attriblint/kinds``) are the one place that knows their codes
and options; two files repeat that for readers who do not run Python:

* ``attriblint/schema/rule.schema.json``, the rule schema editors use;
* the code table in ``README.md``, between its ``codes`` markers.

``python -m attriblint.generate`` rewrites both; tests fail when either is
out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .ruleschema import SCHEMA_FILE, render

README = Path(__file__).resolve().parent.parent / "README.md"
_TABLE = re.compile(r"(<!-- codes:start -->\n)(.*?)(<!-- codes:end -->)", re.S)


def code_table() -> str:
    """The README's table of codes: code, kind, what it means."""
    from .kinds import codes, kind_of_code

    rows = ["| code | kind | meaning |", "|---|---|---|"]
    for code in codes().values():
        summary = code.summary[:1].lower() + code.summary[1:]
        rows.append(f"| {code.code} | {kind_of_code(code.code)} | {summary} |")
    return "\n".join(rows) + "\n"


def readme_with_table(readme: str) -> str:
    if not _TABLE.search(readme):
        raise ValueError("README.md has no <!-- codes:start --> ... <!-- codes:end --> markers")
    return _TABLE.sub(lambda m: m.group(1) + code_table() + m.group(3), readme, count=1)


def main() -> int:
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE} and the code table of {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
