"""The ``attriblint`` command.

Exit codes: 0 no error-level findings, 1 findings, 2 usage or rule-file
error, or a path that could not be checked (an input finding).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import __version__
from .files import describe_os_error

DESCRIPTION = """\
Check reposted articles (Markdown with front matter, HTML pages, plain text)
against their publishers' reposting terms: credit line, link to the original
article, copyright line.
"""
EPILOG = """\
exit codes: 0 no errors found, 1 errors found, 2 usage or rule-file error, or
some file could not be checked (codes AL001-AL009: not UTF-8, broken front
matter, not a regular file, too large, unreadable, or an internal error).
Run 'attriblint explain CODE' for what a finding code means and how to fix it.
Compiled rules are cached in $ATTRIBLINT_CACHE_DIR, $XDG_CACHE_HOME/attriblint
or ~/.cache/attriblint; ATTRIBLINT_CACHE_DIR='' turns the cache off.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attriblint", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"attriblint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check files and folders (the default command)",
        description="Check files and folders: .md .markdown .html .htm .txt; folders are "
                    "walked, skipping hidden folders and tool caches.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="*", metavar="PATH", default=["."],
                       help="files or folders to check (default: the current folder)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="output format (default: text)")
    _rule_options(check)
    check.add_argument("--max-file-size", type=parse_size, default=None, metavar="SIZE",
                       help="larger files are not read and get finding AL003: bytes, or "
                            "with k, M or G (1024-based; default: 10M, at most 4G)")
    check.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                       help="worker processes for large runs (default: one per CPU; "
                            "runs of few files always use one)")

    explain = commands.add_parser("explain", help="show the documentation of a finding code")
    explain.add_argument("code", metavar="CODE", help="a finding code, e.g. AL101")

    rules = commands.add_parser(
        "rules", help="list the rules in force and their requirements",
        description="List the rules in force; with --rules, also check that rule files load "
                    "(exit 2 and one line naming file:line:col when one does not).")
    _rule_options(rules)
    return parser


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", default=[], metavar="PATH",
                        help="an extra rule file, or a folder of them; repeatable")
    parser.add_argument("--no-bundled-rules", action="store_true",
                        help="use only the rule files given with --rules")


_SIZE = re.compile(r"(\d+)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


def parse_size(text: str) -> int:
    """``500k``, ``10M``, ``1G`` or a number of bytes (``kB``, ``MiB`` too)."""
    match = _SIZE.fullmatch(text.strip())
    if not match or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: give bytes, or a number with k, M or G (500k, 10M)")
    size = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if size > MAX_FILE_SIZE_LIMIT:
        raise argparse.ArgumentTypeError(f"{text!r} is too large: at most 4G")
    return size


# No post is anywhere near this; a larger limit would only let one file take
# all the memory.
MAX_FILE_SIZE_LIMIT = 4 * 1024 ** 3


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "explain":
            return _explain(args.code)
        if args.command == "rules":
            return _list_rules(args.rules, args.no_bundled_rules)
        return _check(args)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _silence_stdout()
        return 1
    except OSError as error:  # the output cannot be written (a full disk)
        _silence_stdout()
        _error(f"cannot write the output: {describe_os_error(error)}")
        return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass


def _load(extra: list[str], no_bundled: bool):
    from .rulecache import load_rules_cached
    from .rules import RuleFileError, bundled_rules_dir, rule_files

    for path in extra:
        if not Path(path).exists():
            _error(f"{path}: no such rule file or folder")
            return None
    paths = ([] if no_bundled else rule_files([str(bundled_rules_dir())])) + rule_files(extra)
    if not paths:
        _error("no rule files: give some with --rules")
        return None
    try:
        return load_rules_cached(paths)
    except RuleFileError as error:
        _error(str(error))
        return None


def _check(args) -> int:
    from .kinds._input import UNCHECKED
    from .discover import UsageError, discover
    from .lint import DEFAULT_MAX_FILE_SIZE, Linter, lint_files
    from .report import FORMATS, Summary, escape

    rules = _load(args.rules, args.no_bundled_rules)
    if rules is None:
        return 2
    try:
        targets, skipped = discover(args.paths)
    except UsageError as error:
        _error(str(error))
        return 2
    for path in skipped:
        print(f"attriblint: {escape(path)}: skipped, not a file kind attriblint reads "
              f"(.md .markdown .html .htm .txt)", file=sys.stderr)
    linter = Linter.from_rules(rules, args.max_file_size or DEFAULT_MAX_FILE_SIZE)
    findings = lint_files(linter, targets, args.jobs)
    summary = Summary.of(findings, len(targets))
    _prepare_stdout(args.format)
    FORMATS[args.format](findings, summary, sys.stdout)
    if any(f.code in UNCHECKED for f in findings):
        return 2
    return 1 if summary.errors else 0


def _prepare_stdout(format: str) -> None:
    """JSON is UTF-8 whatever the locale; text never fails on a character
    the terminal's encoding lacks (it is written as an escape instead)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        if format == "json":
            reconfigure(encoding="utf-8", errors="strict")
        else:
            reconfigure(errors="backslashreplace")
    except (ValueError, OSError):  # a stream that cannot change its encoding now
        pass


def _explain(code: str) -> int:
    from .kinds import codes

    entry = codes().get(code.upper())
    if entry is None:
        _error(f"unknown code {code!r}; known codes: {', '.join(sorted(codes()))}")
        return 2
    print(f"{entry.code} ({entry.name}): {entry.summary}\n\n{entry.doc}")
    return 0


def _list_rules(extra: list[str], no_bundled: bool) -> int:
    rules = _load(extra, no_bundled)
    if rules is None:
        return 2
    for rule in rules:
        print(f"{rule.id}: {rule.publisher} ({', '.join(rule.domains)}) - {rule.path}")
        print(f"  terms: {rule.terms}" + (f" ({rule.licence})" if rule.licence else ""))
        for requirement in rule.requirements:
            detail = requirement.template.source if requirement.template \
                else str(requirement.value)
            print(f"  {requirement.kind}: {' '.join(detail.split())}")
    return 0


def _error(message: str) -> None:
    """One line on stderr; a path in it cannot break the line or drive the terminal."""
    from .report import escape

    print(f"attriblint: error: {escape(message)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
