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
against their publishers' reposting terms: credit line, link to the
original, copyright line, byline, tracking pixel, licence, canonical address,
images, time window, no derivatives ('attriblint rules' lists the rules).
"""
EPILOG = """\
exit codes: 0 no errors found, 1 errors found (with --fail-on warning: any
finding; never with --exit-zero), 2 usage, configuration or rule-file error,
or some file could not be checked (codes AL001-AL009: not UTF-8, broken front
matter, not a regular file, too large, unreadable, or an internal error).
Configuration: the nearest .attriblint.yaml or pyproject.toml [tool.attriblint]
above each file ('attriblint config' shows it; 'attriblint init' writes one).
Run 'attriblint explain CODE' for what a finding code means and how to fix it.
Compiled rules are cached in $ATTRIBLINT_CACHE_DIR, $XDG_CACHE_HOME/attriblint
or ~/.cache/attriblint; ATTRIBLINT_CACHE_DIR='' turns the cache off.
"""


COMMANDS = ("check", "fix", "explain", "rules", "config", "init", "audit", "report")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser.

    Every command is listed, but only ``command``'s options are added (every
    command's when None, for ``--help``): each run parses one command, and
    building the others' options would cost every pre-commit run start-up.
    """
    def wanted(name: str) -> bool:
        return command is None or command == name

    parser = argparse.ArgumentParser(
        prog="attriblint", usage="attriblint [COMMAND] [PATH ...] [options]",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=_RawFormatter)
    parser.add_argument("--version", action="version", version=f"attriblint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog="attriblint")

    check = commands.add_parser(
        "check", help="check files and folders (the default: 'attriblint PATH ...')",
        description=CHECK_DESCRIPTION, epilog=EPILOG, formatter_class=_RawFormatter)
    fix = commands.add_parser(
        "fix", help="write the missing attribution (the same as 'check --fix')",
        description=FIX_DESCRIPTION, epilog=EPILOG, formatter_class=_RawFormatter)
    if wanted("check") or wanted("fix"):
        from .output import FORMATS

        _check_options(check, FORMATS)
        _check_options(fix, FORMATS, fixing=True)

    explain = commands.add_parser(
        "explain", help="show the documentation of finding codes",
        description="Show what finding codes mean and how to fix them.  Give codes "
                    "(AL101), their names (missing-credit) or kinds (credit: all its codes).",
        formatter_class=_Formatter)
    if wanted("explain"):
        explain.add_argument("codes", nargs="+", metavar="CODE", help="a code, a name or a kind")

    config = commands.add_parser(
        "config", help="show the configuration in force for a path, and where each "
                       "value comes from",
        description="Show the configuration that applies to PATH (default: the current "
                    "folder): each key, its value, and the file and line it comes from "
                    "('default' when no file sets it).  Exit 2 when the configuration "
                    "has an error.", formatter_class=_Formatter)
    if wanted("config"):
        config.add_argument("path", nargs="?", default=".", metavar="PATH")
        config.add_argument("--config", metavar="PATH", help="this configuration file instead "
                                                             "of the nearest one")

    init = commands.add_parser(
        "init", help="write a starter .attriblint.yaml for this blog",
        description="Write a starter .attriblint.yaml in FOLDER (default: the current "
                    "folder), after detecting Jekyll, Hugo, Eleventy or Astro.  An "
                    "existing file is never overwritten.", formatter_class=_Formatter)
    if wanted("init"):
        init.add_argument("folder", nargs="?", default=".", metavar="FOLDER")

    _rules_parser(commands, wanted("rules"))
    _audit_parser(commands, wanted("audit"))
    _report_parser(commands, wanted("report"))
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, as wide as the terminal.

    argparse asks ``shutil`` for the width, and importing it (with zlib,
    bz2 and lzma) costs every run some 5 ms before any option is parsed;
    ``os`` answers the same question (``COLUMNS``, else the terminal).
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_width() - 2 if width is None else width)


class _RawFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """The same, with descriptions and epilogs kept as written."""


def _terminal_width() -> int:
    """``COLUMNS`` when it is a positive number, else the terminal's width
    (80 when there is none), as ``shutil.get_terminal_size`` answers."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _check_options(check: argparse.ArgumentParser, formats, fixing: bool = False) -> None:
    """The options of ``check``, and of ``fix`` (``fixing``: files only,
    one at a time, so no standard input and no --jobs)."""
    check.add_argument("paths", nargs="*", metavar="PATH", default=["."],
                       help="files or folders to fix (default: the current folder)" if fixing
                       else "files or folders to check, or - for standard input "
                            "(default: the current folder)")
    output = check.add_argument_group("output")
    output.add_argument("--format", choices=tuple(formats), default="text",
                        help="text (default), json, sarif (code scanning), github (workflow "
                             "annotations), junit, gitlab (Code Quality)")
    output.add_argument("--quiet", "-q", action="store_true",
                        help="print findings only: no summary, no progress, nothing when clean")
    output.add_argument("--statistics", action="store_true",
                        help="print how many findings of each code, not the findings "
                             "(text only)")
    selection = check.add_argument_group("which findings")
    for flag, what in (("--select", "report only these codes or kinds (replaces the "
                                    "configuration's select)"),
                       ("--extend-select", "report these too (e.g. AL011)"),
                       ("--ignore", "do not report these codes or kinds")):
        selection.add_argument(flag, action="append", type=_code_list, default=None,
                               metavar="CODES", help=f"{what}; comma-separated, repeatable")
    selection.add_argument("--report-unused-suppressions", action="store_true",
                           help="report suppression comments that silence nothing (AL011)")
    exits = check.add_argument_group("exit code")
    exits.add_argument("--fail-on", choices=("error", "warning"), default="error",
                       help="exit 1 when a finding of this severity or worse is reported "
                            "(default: error)")
    exits.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when findings are reported (2 still means a file "
                            "could not be checked or a usage error)")
    inputs = check.add_argument_group("input")
    inputs.add_argument("--config", metavar="PATH",
                        help="use this configuration file for every file (default: the "
                             "nearest .attriblint.yaml or pyproject.toml [tool.attriblint] "
                             "above each file)")
    if fixing:
        check.set_defaults(stdin_filename=None, jobs=None)
    else:
        inputs.add_argument("--stdin-filename", metavar="NAME",
                            help="with -: the file name standing in for standard input (its "
                                 "suffix gives the format; it is the path in the output)")
    _rule_options(inputs)
    inputs.add_argument("--max-file-size", type=parse_size, default=None, metavar="SIZE",
                        help="larger files are not read and get finding AL003: bytes, or "
                             "with k, M or G (1024-based; default: 10M, at most 4G)")
    if not fixing:
        inputs.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                            help="worker processes for large runs (default: one per CPU; "
                                 "runs of few files always use one; --fix works one file "
                                 "at a time)")
    fixes = check.add_argument_group("fixes")
    if not fixing:
        fixes.add_argument("--fix", action="store_true",
                           help="write the missing attribution (as 'attriblint fix')")
    fixes.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and write nothing")
    fixes.add_argument("--unsafe-fixes", action="store_true",
                       help="also make fixes that replace what the post says (a link's "
                            "address, a wrong year or author)")


CHECK_DESCRIPTION = """\
Check files and folders: .md .markdown .mdx .html .htm .txt.  Folders are
walked, skipping hidden folders, tool caches, what .gitignore lists and what
the configuration excludes; files named on the command line are checked
unless the configuration excludes them.  'attriblint PATH ...' is the same
as 'attriblint check PATH ...'.
"""
FIX_DESCRIPTION = """\
Check files and folders as 'check' does, and write what the terms ask for
where it is missing: the credit line, the copyright line, the byline, the
licence line and the link to the original article, from the post's metadata
(source_url, original_author, original_date).  Prints 'Fixed PATH' for each file changed, then what is
left; exits 1 when a file was changed or findings are left (pre-commit's
convention).  Safe fixes only add text; --unsafe-fixes also replaces a
link's address or a wrong year or author; --diff shows the fixes and
writes nothing.  Files are replaced atomically, keeping their encoding,
line endings, permissions and symbolic links.
"""


def _code_list(text: str) -> list[str]:
    """``AL101,images`` as a list; codes upper-cased."""
    names = [name.strip() for name in text.replace(" ", ",").split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give codes or kinds, e.g. AL302,images")
    return [name.upper() if re.fullmatch(r"(?i)al\d{3}", name) else name for name in names]


RULES_DESCRIPTION = """\
List the rules in force, by id: publisher, licence and terms address (with
--rules, this also checks that those rule files load).
  attriblint rules show ID     one rule in words
  attriblint rules test [FILE ...]
                               run rule files' examples
"""
SHOW_DESCRIPTION = """\
Show one rule: its publisher, terms, licence and domains, what makes a post
a repost under it, each requirement in words with its severity, and the
terms attriblint cannot check (the rule's notes).
"""
TEST_DESCRIPTION = """\
Run the examples of the rule files given (default: of every rule in force).
Each example post is checked with every rule in force (the bundled rules
unless --no-bundled-rules, those of --rules, and the files given), and
passes when its findings are exactly those its 'findings' list names:
  AL101            a finding of this rule
  AL101 6:1        ... at line 6, column 1 (of the post itself when inline)
  other-id:AL201   a finding of another rule
Each failing example is one line: where to look (file:line:col of the
first finding that differs; the rule file for an inline post), its name, its
rule file, and the findings expected and found.
"""
RULES_EPILOG = """\
exit codes: 0 listed, shown, or every example passed; 1 an example failed;
2 usage error, unknown rule id, or a rule file that does not load (one line
naming file:line:col).
"""


def _rules_parser(commands, wanted: bool) -> None:
    """``attriblint rules`` with its actions ``show`` and ``test`` (their
    options only when ``wanted``)."""
    rules = commands.add_parser(
        "rules", help="list, show and test the rules in force",
        description=RULES_DESCRIPTION, epilog=RULES_EPILOG, formatter_class=_RawFormatter)
    if not wanted:
        return
    rules.add_argument("--format", choices=("text", "json"), default="text",
                       help="output format of the list (default: text)")
    _rule_options(rules)
    actions = rules.add_subparsers(dest="rules_action", metavar="ACTION")

    show = actions.add_parser(
        "show", help="one rule in words: terms, what makes a post a repost, requirements",
        description=SHOW_DESCRIPTION,
        epilog=RULES_EPILOG, formatter_class=_RawFormatter)
    show.add_argument("id", metavar="ID", help="a rule id, as 'attriblint rules' lists them")
    _rule_options(show, after_action=True)

    test = actions.add_parser(
        "test", help="run rule files' examples and report those that fail",
        description=TEST_DESCRIPTION,
        epilog=RULES_EPILOG, formatter_class=_RawFormatter)
    test.add_argument("files", nargs="*", metavar="RULE_FILE",
                      help="rule files or folders of them to test; they are in force too "
                           "(default: test every rule in force)")
    _rule_options(test, after_action=True)


def _rule_options(parser: argparse.ArgumentParser, after_action: bool = False) -> None:
    """--rules and --no-bundled-rules.  After ``rules show`` or ``rules test``
    they are kept apart from the same options given before the action
    (argparse would let the action's defaults overwrite those)."""
    extra = "rules_after" if after_action else "rules"
    parser.add_argument("--rules", action="append", dest=extra,
                        default=argparse.SUPPRESS if after_action else [], metavar="PATH",
                        help="an extra rule file, or a folder of them; repeatable")
    parser.add_argument("--no-bundled-rules", action="store_true",
                        default=argparse.SUPPRESS if after_action else False,
                        help="use only the rule files given with --rules")


AUDIT_DESCRIPTION = """\
For publishers: find which pages of SOURCES repost your articles, and
whether they keep your terms.  A source is a WARC file (.warc, .warc.gz), a
folder of saved pages, a sitemap or sitemap index (a URL or a local .xml
file), a file of URLs (one per line), or one page's URL.  Each page is
checked as 'attriblint check' checks a post, against the rule ID.  With
--originals (your own articles: a WARC, a folder or a sitemap), a page that
holds most of an original's text is a repost even when every credit and link
was stripped from it.  Live pages are fetched politely: robots.txt honoured,
at most 2 requests at a time per site, timeouts, retries, size limits.

The results are JSON Lines, one object per page (docs/audit.md says what
each field means); with --output, an interrupted audit resumes where it
stopped when run again.  'attriblint report RESULTS' turns them into an HTML
page with charts, and a CSV table.
"""
AUDIT_EPILOG = """\
exit codes: 0 every repost found keeps the terms, 1 some repost does not,
2 usage error, unknown rule, a source or the results file that cannot be
used, a Dask scheduler that cannot be reached, or a worker process that
died, 130 interrupted (in every case the results so far are kept, and the
same command resumes).
"""


def _audit_parser(commands, wanted: bool) -> None:
    """``attriblint audit`` (its options only when ``wanted``)."""
    audit = commands.add_parser(
        "audit", help="for publishers: find reposts of your articles in a crawl, "
                      "a sitemap or a list of URLs, and check them",
        description=AUDIT_DESCRIPTION, epilog=AUDIT_EPILOG, formatter_class=_RawFormatter)
    if not wanted:
        return
    from .audit import ENGINES

    audit.add_argument("sources", nargs="+", metavar="SOURCE",
                       help="a WARC file, a folder of saved pages, a sitemap, a file of "
                            "URLs or a URL")
    audit.add_argument("--rule", required=True, metavar="ID",
                       help="the rule to audit against (as 'attriblint rules' lists them)")
    audit.add_argument("--originals", action="append", default=[], metavar="SOURCE",
                       help="your own articles (a WARC, a folder or a sitemap), to find "
                            "copies with every attribution stripped; repeatable")
    audit.add_argument("--similarity", type=_share, default=None, metavar="SHARE",
                       help="how much of an original's text a page must hold to be a "
                            "copy of it, from 0 to 1 (default: 0.6)")
    audit.add_argument("--output", "-o", metavar="FILE",
                       help="append the results to FILE (JSON Lines), skipping the pages "
                            "already in it (default: standard output)")
    audit.add_argument("--engine", choices=ENGINES, default="local",
                       help="local: a pool of processes on this machine (default); dask: "
                            "a Dask cluster (pip install 'attriblint[dask]')")
    audit.add_argument("--scheduler", metavar="ADDRESS",
                       help="the Dask scheduler to use (default: start a local cluster)")
    audit.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                       help="worker processes (default: one per CPU)")
    audit.add_argument("--max-page-size", type=parse_size, default=None, metavar="SIZE",
                       help="skip pages larger than this (default: 10M)")
    audit.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                       help="for live pages: give up on a request after this long "
                            "(default: 20)")
    audit.add_argument("--quiet", "-q", action="store_true",
                       help="no progress bar and no summary on standard error")
    _rule_options(audit)


def _report_parser(commands, wanted: bool) -> None:
    """``attriblint report`` (its options only when ``wanted``)."""
    report = commands.add_parser(
        "report", help="turn an audit's results into an HTML page with charts, and a CSV table",
        description="Write a self-contained HTML page (charts included, nothing loaded from "
                    "the network) of an audit's RESULTS (the JSON Lines 'attriblint audit' "
                    "writes): compliance per site and per requirement, stripped copies, worst "
                    "offenders, reposts over time.  Exit 2 when RESULTS cannot be read or the "
                    "report cannot be written.", formatter_class=_Formatter)
    if wanted:
        report.add_argument("results", metavar="RESULTS", help="an audit's results file")
        report.add_argument("--output", "-o", default="report.html", metavar="FILE",
                            help="the HTML page to write (default: report.html)")
        report.add_argument("--csv", metavar="FILE", help="also write one row per page to FILE")
        report.add_argument("--title", default="Reposts audit", help="the page's title")


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share: give a number above 0 "
                                         "and at most 1, such as 0.6")
    return value


# An hour: longer is no timeout at all, and the clock's arithmetic overflows
# on "inf".
MAX_TIMEOUT = 3600


def _audit(args) -> int:
    from .audit.command import AuditRequest, audit
    from .audit.sources import DEFAULT_MAX_PAGE_SIZE, Limits

    rules = _load_here(args.rules, args.no_bundled_rules)
    if rules is None:
        return 2
    by_id = {rule.id: rule for rule in rules}
    if args.rule not in by_id:
        _error(f"unknown rule '{args.rule}'; known rules: {', '.join(sorted(by_id))}")
        return 2
    if args.scheduler and args.engine != "dask":
        _error("--scheduler is for --engine dask")
        return 2
    if args.jobs is not None and args.jobs < 1:
        _error("--jobs must be at least 1")
        return 2
    if not 0 < args.timeout <= MAX_TIMEOUT:
        _error(f"--timeout must be more than 0 and at most {MAX_TIMEOUT} seconds")
        return 2
    limits = Limits(args.max_page_size or DEFAULT_MAX_PAGE_SIZE, args.timeout)
    request = AuditRequest(
        by_id[args.rule], args.sources, args.originals, args.engine, args.scheduler,
        args.output, args.jobs or os.cpu_count() or 1, args.similarity, limits,
        show_progress=not args.quiet and sys.stderr.isatty())
    return audit(request, _warn, _nothing if args.quiet else _warn)


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def _nothing(message: str) -> None:
    pass


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
    from . import patterncache
    from .cachefolder import cache_dir

    # Before anything imports the modules that compile patterns.
    folder = cache_dir()
    compiled = patterncache.preload(folder)
    code = _run(argv)
    patterncache.save(folder, compiled)
    return code


def _run(argv: list[str] | None) -> int:
    argv = _with_command(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "explain":
            return _explain(args.codes)
        if args.command == "rules":
            return _rules(args)
        if args.command == "config":
            return _show_config(args.path, args.config)
        if args.command == "init":
            return _init(args.folder)
        if args.command == "audit":
            return _audit(args)
        if args.command == "report":
            from .audit.command import report

            return report(args.results, args.output, args.csv, args.title, _warn)
        return _check(args)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _silence_stdout()
        return 1
    except OSError as error:  # the output cannot be written (a full disk)
        _silence_stdout()
        _error(f"cannot write the output: {describe_os_error(error)}")
        return 2


# Options that take a value, so that the word after them is not a command.
_VALUED = frozenset({"--format", "--select", "--extend-select", "--ignore", "--fail-on",
                     "--config", "--stdin-filename", "--rules", "--max-file-size", "--jobs",
                     "-j", "--rule", "--originals", "--similarity", "--output", "-o",
                     "--engine", "--scheduler", "--max-page-size", "--timeout", "--csv",
                     "--title"})


def _with_command(argv: list[str]) -> list[str]:
    """``argv`` with its command first: ``attriblint PATH ...`` is ``attriblint
    check PATH ...``, and options may come before the command word
    (``attriblint -q check .``)."""
    if not argv or argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"):
        return argv
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "-":
        if argv[i] == "--":
            break
        i += 2 if argv[i] in _VALUED else 1
    if i < len(argv) and argv[i] in COMMANDS:
        return [argv[i], *argv[:i], *argv[i + 1:]]
    return ["check", *argv]


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass


def _load(extra: list[str], no_bundled: bool, also: list[Path] = (),
          examples: bool = False, config=None):
    """The rules in force (those of the configuration — every bundled rule
    by default —, ``--rules``, then ``also``), each file once; None after
    printing the error.  ``examples=True`` reads the rule files' example
    posts too (the cache does not hold them)."""
    from .rulecache import load_rules_cached
    from .rules import RuleFileError, load_rules, rule_files

    for path in extra:
        if not Path(path).exists():
            _error(f"{path}: no such rule file or folder")
            return None
    paths = _configured_rule_files(config, no_bundled) + rule_files(extra)
    paths = _each_once(paths + list(also))
    if not paths:
        _error("no rule files: give some with --rules")
        return None
    try:
        return load_rules(paths, examples=True) if examples else load_rules_cached(paths)
    except RuleFileError as error:
        _error(str(error))
        return None


def _load_here(extra: list[str], no_bundled: bool, also: list[Path] = (),
               examples: bool = False):
    """The rules in force in the current folder (its configuration's, plus
    ``--rules``); None after printing the error."""
    try:
        config = _config_for(_config_finder(None), ".", folder=True)
    except _Stop:
        return None
    return _load(extra, no_bundled, also, examples, config)


def _configured_rule_files(config, no_bundled: bool) -> list[Path]:
    """The configuration's ``rules``: bundled ids and paths (resolved by the
    configuration); every bundled rule when it names none.  With
    ``--no-bundled-rules``, bundled rules are left out whoever names them."""
    from .rules import bundled_rules_dir, rule_files

    bundled = {path.stem: path for path in rule_files([str(bundled_rules_dir())])}
    entries = None if config is None else config.rules
    if entries is None:
        return [] if no_bundled else list(bundled.values())
    paths: list[Path] = []
    for entry in entries:
        if entry in bundled:
            paths += [] if no_bundled else [bundled[entry]]
        else:
            paths += rule_files([entry])
    return paths


def _each_once(paths: list[Path]) -> list[Path]:
    """``paths`` without a second mention of the same file."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        if _same_file(path) not in seen:
            seen.add(_same_file(path))
            unique.append(path)
    return unique


def _check(args) -> int:
    from .config import ConfigError
    from .discover import UsageError, discover
    from .output import Summary, escape

    for path in args.rules:
        if not Path(path).exists():
            _error(f"{path}: no such rule file or folder")
            return 2
    if args.statistics and args.format != "text":
        _error(f"--statistics prints a table of counts: it cannot be combined with "
               f"--format {args.format}")
        return 2
    if args.stdin_filename is not None and args.paths != ["-"]:
        _error("--stdin-filename names standard input: give - as the only path")
        return 2
    fixing = _fixing(args)
    if fixing and "-" in args.paths:
        _error("fixes are written to files: give paths, not - (standard input)")
        return 2
    if args.diff and args.format != "text":
        _error(f"--diff prints a unified diff: it cannot be combined with --format "
               f"{args.format}")
        return 2
    fixes = None
    try:
        finder = _config_finder(args.config)
        if args.paths == ["-"]:
            findings, files = _check_stdin(args, finder)
        else:
            targets, skipped = discover(args.paths, finder)
            for path in skipped:
                print(f"attriblint: {escape(path)}: skipped, not a file kind attriblint "
                      f"reads (.md .markdown .mdx .html .htm .txt)", file=sys.stderr)
            if fixing:
                from .fixing.session import fix_targets

                fixes = fix_targets(targets, lambda config: _linter(args, config),
                                    lambda target: _config_for(finder, target.path),
                                    args.unsafe_fixes, args.diff)
                findings = fixes.findings
            else:
                findings = _check_targets(args, finder, targets)
            files = len(targets)
    except _Stop as stop:
        return stop.code
    except (UsageError, ConfigError) as error:
        _error(str(error))
        return 2
    summary = Summary.of(findings, files)
    code = _exit_code(args, findings, summary)
    if fixes is not None:
        return _report_fixes(args, fixes, findings, summary, code)
    try:
        _write_findings(args, findings, summary)
    except BrokenPipeError:  # | head: the findings decided the exit code, not the pipe
        _silence_stdout()
    return code


def _fixing(args) -> bool:
    """``attriblint fix``, ``check --fix`` or ``--diff``."""
    return args.command == "fix" or getattr(args, "fix", False) or args.diff


def _report_fixes(args, fixes, findings, summary, code: int) -> int:
    """Print what ``fix`` did (or, with --diff, would do) and what is left;
    exit 1 when a file changed (pre-commit's convention), 2 when a file
    could not be fixed for a reason other than its findings."""
    from .output import escape

    for path, problem in fixes.refused:
        _error(f"{path}: not fixed: {problem}")
    if args.diff:
        try:
            sys.stdout.write("".join(fixes.diffs))
        except BrokenPipeError:
            _silence_stdout()
        count = len(fixes.diffs)
        print(f"attriblint: would fix {count} file{'' if count == 1 else 's'}"
              f"{' (run attriblint fix to write the fixes)' if count else ''}",
              file=sys.stderr)
        return 2 if code == 2 or fixes.failed else (1 if count else 0)
    stream = sys.stdout if args.format == "text" else sys.stderr
    try:
        for path in fixes.written:
            print(f"Fixed {escape(path)}", file=stream)
        _write_findings(args, findings, summary)
    except BrokenPipeError:
        _silence_stdout()
    if code == 2 or fixes.failed:
        return 2
    return 1 if fixes.written and not args.exit_zero else code


def _exit_code(args, findings, summary) -> int:
    """2 when a file was not checked; else 1 when a finding fails the run."""
    from .kinds._input import UNCHECKED

    if any(f.code in UNCHECKED for f in findings):
        return 2
    if args.exit_zero:
        return 0
    failing = summary.errors if args.fail_on == "error" else len(findings)
    return 1 if failing else 0


class _Stop(Exception):
    """The run cannot go on; the message was printed; exit with ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _config_finder(forced: str | None):
    from .config import ConfigFinder

    if forced is not None and not Path(forced).is_file():
        _error(f"{forced}: no such configuration file")
        raise _Stop(2)
    return ConfigFinder(Path(forced) if forced else None)


def _config_for(finder, path: str, folder: bool = False):
    """The configuration of the file (or ``folder``) ``path``; a broken one
    stops the run (exit 2)."""
    from .config import ConfigError

    try:
        return finder.for_folder(path) if folder else finder.for_path(path)
    except ConfigError as error:
        _error(str(error))
        raise _Stop(2) from None


def _check_targets(args, finder, targets) -> list:
    """Lint ``targets``, each with the rules and settings of its configuration."""
    from .lint import lint_files
    from .output import progress

    groups: dict[object, tuple[object, list]] = {}
    for target in targets:
        config = _config_for(finder, target.path)
        groups.setdefault(config, (config, []))[1].append(target)
    if not groups:  # nothing to check: the rules in force must still load
        _linter(args, _config_for(finder, ".", folder=True))
    findings: list = []
    show = not args.quiet and len(targets) >= PROGRESS_FROM and sys.stderr.isatty()
    with progress(len(targets), show) as bar:
        for config, members in groups.values():
            linter = _linter(args, config)
            findings.extend(lint_files(linter, members, args.jobs, bar.advance))
    return sorted(findings)


# Runs of fewer files end before a progress bar would help.
PROGRESS_FROM = 500


def _check_stdin(args, finder) -> tuple[list, int]:
    """Lint standard input as the file ``--stdin-filename`` names (Markdown
    by default): its findings, and 1 (or 0 files when the configuration
    excludes that name, as it would exclude the file)."""
    from .discover import is_wanted
    from .files import format_size
    from .lint import DEFAULT_MAX_FILE_SIZE
    from .readers import KINDS

    name = args.stdin_filename or "-"
    kind = KINDS.get(os.path.splitext(name)[1].lower(), "markdown")
    config = (_config_for(finder, name) if args.stdin_filename
              else _config_for(finder, ".", folder=True))
    if args.stdin_filename and not is_wanted(name, finder):
        return [], 0
    limit = args.max_file_size or DEFAULT_MAX_FILE_SIZE
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        _error(f"standard input is larger than the {format_size(limit)} limit "
               f"(--max-file-size)")
        raise _Stop(2)
    return _linter(args, config).lint_bytes(name, kind, data), 1


def _linter(args, config):
    """A linter with ``config``'s rules and settings, and the command line's on top."""
    from .lint import DEFAULT_MAX_FILE_SIZE, Linter

    rules = _load(args.rules, args.no_bundled_rules, config=config)
    if rules is None:
        raise _Stop(2)
    settings = _with_command_line(config.settings, args)
    return Linter.from_rules(rules, args.max_file_size or DEFAULT_MAX_FILE_SIZE, settings)


def _with_command_line(settings, args):
    """``settings`` with --select, --extend-select, --ignore and
    --report-unused-suppressions applied (codes and kinds checked)."""
    from dataclasses import replace

    from .kinds import codes
    from .selection import OPT_IN

    def flat(lists):
        names = [name for names in lists or [] for name in names]
        for name in names:
            _check_code_name(name)
        return names

    select = flat(args.select) or None
    extend = flat(args.extend_select) + (["AL011"] if args.report_unused_suppressions else [])
    ignore = flat(args.ignore)
    chosen = tuple(select) if select else settings.select
    if extend:
        base = chosen if chosen is not None else tuple(c for c in codes() if c not in OPT_IN)
        chosen = tuple(dict.fromkeys(base + tuple(extend)))
    return replace(settings, select=chosen, ignore=tuple(settings.ignore) + tuple(ignore))


def _check_code_name(name: str) -> None:
    """A code or kind name from the command line; an unknown one stops the run."""
    from .kinds import codes, kinds
    from .suggest import closest

    known = [*codes(), *kinds(), "suppression"]
    if name in known:
        return
    close = closest(name, known)
    hint = f"; did you mean '{close}'?" if close else " ('attriblint explain' lists them)"
    _error(f"unknown code or kind '{name}'{hint}")
    raise _Stop(2)


def _write_findings(args, findings, summary) -> None:
    from .output import FORMATS, OutputOptions, want_colour, write_statistics

    from .output.text import summary_line

    _prepare_stdout(args.format)
    if args.statistics:
        write_statistics(findings, sys.stdout)
        if not args.quiet:
            sys.stdout.write(summary_line(findings, summary) + "\n")
        return
    options = OutputOptions(colour=args.format == "text" and want_colour(sys.stdout, os.environ),
                            quiet=args.quiet)
    FORMATS[args.format](findings, summary, sys.stdout, options)


def _prepare_stdout(format: str) -> None:
    """JSON and GitHub annotations are UTF-8 whatever the locale (SARIF,
    JUnit and GitLab are ASCII); text never fails on a character the
    terminal's encoding lacks (it is written as an escape instead)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        if format in ("json", "github"):
            reconfigure(encoding="utf-8", errors="strict")
        else:
            reconfigure(errors="backslashreplace")
    except (ValueError, OSError):  # a stream that cannot change its encoding now
        pass


def _explain(names: list[str]) -> int:
    """Each code's documentation; a name (missing-credit) or a kind (credit)
    stands for its codes."""
    from .kinds import codes, kind_of_code
    from .suggest import closest

    everything = codes()
    by_name = {code.name: code for code in everything.values()}
    chosen = []
    names = [part for name in names for part in name.split(",") if part.strip()]
    for name in names:
        name = name.strip()
        if name.upper() in everything:
            chosen.append(everything[name.upper()])
        elif name.lower() in by_name:
            chosen.append(by_name[name.lower()])
        elif found := [c for c in everything.values() if kind_of_code(c.code) == name.lower()]:
            chosen.extend(found)
        else:
            close = closest(name, [*everything, *by_name])
            hint = f"did you mean '{close}'? " if close else ""
            _error(f"unknown code {name!r}; {hint}known codes: {', '.join(everything)}")
            return 2
    _prepare_stdout("text")
    print("\n\n".join(f"{code.code} ({code.name}): {code.summary}\n\n{code.explained}"
                      for code in dict.fromkeys(chosen)))
    return 0


def _show_config(path: str, forced: str | None) -> int:
    """``attriblint config``: the configuration in force for ``path``."""
    from .config import describe

    if not os.path.exists(path):
        _error(f"{path}: no such file or folder")
        return 2
    try:
        config = _config_for(_config_finder(forced), path, folder=os.path.isdir(path))
    except _Stop as stop:
        return stop.code
    _prepare_stdout("text")
    _print_lines(describe(config))
    return 0


def _init(folder: str) -> int:
    """``attriblint init``: a starter configuration for the blog in ``folder``."""
    from .init import InitError, detect_generator, write_starter

    if not os.path.isdir(folder):
        _error(f"{folder}: no such folder")
        return 2
    try:
        written = write_starter(Path(folder))
    except InitError as error:
        _error(str(error))
        return 2
    generator = detect_generator(Path(folder))
    article = "an" if generator and generator[0] in "aeiou" else "a"
    found = (f"found {article} {generator.title()} site; " if generator
             else "no site generator found; ")
    print(f"attriblint: {found}wrote {written}: review it, then run 'attriblint .'",
          file=sys.stderr)
    return 0


def _rules(args) -> int:
    extra = args.rules + getattr(args, "rules_after", [])
    if args.rules_action == "show":
        return _show_rule(args.id, extra, args.no_bundled_rules)
    if args.rules_action == "test":
        return _test_rules(args.files, extra, args.no_bundled_rules)
    return _list_rules(extra, args.no_bundled_rules, args.format)


def _list_rules(extra: list[str], no_bundled: bool, format: str) -> int:
    """The rules in force by id: a table, or a JSON list of objects."""
    import json

    rules = _load_here(extra, no_bundled)
    if rules is None:
        return 2
    rules = sorted(rules, key=lambda rule: rule.id)
    _prepare_stdout(format)
    if format == "json":
        listed = [{"id": r.id, "publisher": r.publisher, "licence": r.licence or None,
                   "terms": r.terms, "domains": list(r.domains), "path": r.path}
                  for r in rules]
        json.dump(listed, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    rows = [("ID", "PUBLISHER", "LICENCE", "TERMS")]
    rows += [(r.id, r.publisher, r.licence or "-", r.terms) for r in rules]
    _print_lines(_table(rows))
    return 0


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as lines of left-aligned columns two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([cell.ljust(width) for cell, width in zip(row, widths)] + [row[-1]])
            for row in rows]


def _print_lines(lines: list[str]) -> None:
    """Lines from rule files (names, notes) on stdout, escaped like findings."""
    from .output import escape

    for line in lines:
        print(escape(line))


def _show_rule(rule_id: str, extra: list[str], no_bundled: bool) -> int:
    from .suggest import closest

    rules = _load_here(extra, no_bundled)
    if rules is None:
        return 2
    by_id = {rule.id: rule for rule in rules}
    rule = by_id.get(rule_id)
    if rule is None:
        close = closest(rule_id, by_id)
        hint = f"did you mean '{close}'? " if close else ""
        _error(f"unknown rule '{rule_id}'; {hint}known rules: {', '.join(sorted(by_id))}")
        return 2
    _prepare_stdout("text")
    _print_lines(_rule_in_words(rule))
    return 0


def _rule_in_words(rule) -> list[str]:
    """``attriblint rules show``: the rule, as its author and its users read it."""
    import textwrap

    from .kinds import kinds

    lines = [f"{rule.id}: {rule.publisher}",
             f"  rule file: {rule.path}",
             f"  terms:     {rule.terms}",
             f"  licence:   {rule.licence or '-'}",
             f"  domains:   {', '.join(rule.domains) or '-'}",
             "", "A post is a repost under this rule when:"]
    lines += [line for reason in _repost_reasons(rule) for line in _bullet(reason)]
    lines += ["", "A repost must carry:"]
    for requirement in rule.requirements:
        words = kinds()[requirement.kind].describe(requirement)
        lines += _bullet(f"{words} ({requirement.kind}, {requirement.severity})")
    if rule.notes:
        lines += ["", "Not checked (notes):"]
        lines += textwrap.wrap(" ".join(rule.notes.split()), width=76,
                               initial_indent="  ", subsequent_indent="  ")
    return lines


def _bullet(text: str) -> list[str]:
    """``text`` as a list item wrapped at 79 columns (long words, such as
    addresses, are not broken)."""
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width=79, initial_indent="  - ",
                         subsequent_indent="    ", break_long_words=False,
                         break_on_hyphens=False)


def _repost_reasons(rule) -> list[str]:
    """What makes a post a repost: source fields, phrases, declared licences."""
    reasons = []
    if rule.detect_source_domains and rule.domains:
        reasons.append(f"its metadata names a page on {', '.join(rule.domains)} as its source "
                       f"(source_url, original_url, canonical_url, <link rel=canonical>...)")
    examples = dict.fromkeys(phrase.example for phrase in rule.detect_phrases)
    reasons += [f'it carries a line such as "{example}"' for example in examples]
    if rule.detect_licences:
        reasons.append(f"it reposts a work and declares its licence: "
                       f"{', '.join(rule.detect_licences)}")
    return reasons or ["never (no source domains, phrases or licences to detect)"]


def _test_rules(files: list[str], extra: list[str], no_bundled: bool) -> int:
    """Run the examples of ``files`` (or of every rule in force); print failures."""
    from .rules import rule_files
    from .ruletest import run_examples

    for path in files:
        if not Path(path).exists():
            _error(f"{path}: no such rule file or folder")
            return 2
        if Path(path).is_dir() and not rule_files([path]):
            _error(f"{path}: no rule files (*.yaml, *.yml) in this folder; its subfolders "
                   f"are not searched")
            return 2
    tested_paths = rule_files(files)
    rules = _load_here(extra, no_bundled, also=tested_paths, examples=True)
    if rules is None:
        return 2
    wanted = {_same_file(path) for path in tested_paths}
    tested = [r for r in rules if _same_file(Path(r.path)) in wanted] if files else rules
    results = run_examples(rules, tested)
    _prepare_stdout("text")
    lines = [_failure_line(result) for result in results if not result.passed]
    lines += [f"{rule.path}:1:1: rule {rule.id} has no examples"
              for rule in tested if not rule.examples]
    _print_lines(lines + [_test_summary(results, tested)])
    return 1 if lines else 0


def _same_file(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare as written
        return path.absolute()


def _failure_line(result) -> str:
    from .ruletest import describe_expected, describe_finding

    rule, example = result.rule, result.example
    expected = ", ".join(describe_expected(e, rule.id) for e in result.expected) or "none"
    got = ", ".join(describe_finding(f, rule.id) for f in result.got) or "none"
    line, column = result.position()
    return (f"{example.path}:{line}:{column}: example '{example.name}' of {rule.path} failed: "
            f"expected {expected}; got {got}")


def _test_summary(results, tested) -> str:
    passed = sum(result.passed for result in results)
    rules = f"{len(tested)} rule" + ("" if len(tested) == 1 else "s")
    if passed == len(results):
        return f"{passed} example{'' if passed == 1 else 's'} of {rules} passed."
    return f"{passed} of {len(results)} examples of {rules} passed."


def _error(message: str) -> None:
    """One line on stderr; a path in it cannot break the line or drive the terminal."""
    from .output import escape

    print(f"attriblint: error: {escape(message)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
