"""Files generated from the requirement kinds, and the command that writes them.

The kinds (``attriblint/kinds``) are the one place that knows their codes
and options; two files repeat that for readers who do not run Python:

* ``attriblint/schema/rule.schema.json``, the rule schema editors use;
* tables in ``README.md``, between markers: the codes, the requirement
  kinds with their options, and the bundled rules.

``python -m attriblint.generate`` rewrites both; tests fail when either is
out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .ruleschema import SCHEMA_FILE, render

README = Path(__file__).resolve().parent.parent / "README.md"


def code_table() -> str:
    """The README's table of codes: code, kind, what it means."""
    from .kinds import codes, kind_of_code

    rows = ["| code | kind | meaning |", "|---|---|---|"]
    for code in codes().values():
        summary = code.summary[:1].lower() + code.summary[1:]
        rows.append(f"| {code.code} | {kind_of_code(code.code)} | {summary} |")
    return "\n".join(rows) + "\n"


def kind_table() -> str:
    """The README's table of requirement kinds: name, what it asks, options."""
    from .kinds import kinds

    rows = ["| kind | what the post must carry | options |", "|---|---|---|"]
    for kind, module in kinds().items():
        beside = [f"`{name}`" for name in module.OPTIONS if name != kind]
        inside = [f"`{name}`" for name in module.OPTIONS[kind].get("properties", {})]
        options = ", ".join(beside + ([f"inside `{kind}:` " + ", ".join(inside)]
                                      if inside else [])) or "-"
        codes = ", ".join(code.code for code in module.CODES)
        rows.append(f"| `{kind}` | {module.SUMMARY} ({codes}) | {options} |")
    return "\n".join(rows) + "\n"


def rule_table() -> str:
    """The README's table of bundled rules."""
    from .rules import bundled_rules_dir, load_rules, rule_files

    rows = ["| id | publisher | licence | terms |", "|---|---|---|---|"]
    rules = load_rules(rule_files([str(bundled_rules_dir())]))
    for rule in sorted(rules, key=lambda r: r.id):
        rows.append(f"| [`{rule.id}`](rules/{rule.id}.yaml) | {rule.publisher} | "
                    f"{rule.licence or '-'} | <{rule.terms}> |")
    return "\n".join(rows) + "\n"


TABLES = {"codes": code_table, "kinds": kind_table, "rules": rule_table}


def readme_with_table(readme: str) -> str:
    """``readme`` with each generated table brought up to date."""
    for name, table in TABLES.items():
        marker = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)
        if not marker.search(readme):
            raise ValueError(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> "
                             f"markers")
        readme = marker.sub(lambda m: m.group(1) + table() + m.group(3), readme, count=1)
    return readme


def main() -> int:
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE} and the code table of {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
