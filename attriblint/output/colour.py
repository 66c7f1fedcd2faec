"""Whether to colour, and the ANSI styles the text format uses.

The conventions users expect: ``NO_COLOR`` (https://no-color.org) set and
not empty turns colour off; ``FORCE_COLOR`` set, not empty and not ``0``
turns it on even through a pipe (CI logs show colour); otherwise colour goes
to a terminal only, and never to one that says ``TERM=dumb``.
"""

from __future__ import annotations

from typing import Mapping, TextIO

RESET = "\x1b[0m"
STYLES = {
    "path": "\x1b[1m",          # bold
    "position": "\x1b[2m",      # dim
    "error": "\x1b[1;31m",      # bold red
    "warning": "\x1b[1;33m",    # bold yellow
    "rule": "\x1b[2m",
    "help": "\x1b[36m",         # cyan
    "summary": "\x1b[1m",
}


def want_colour(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether output to ``stream`` should be coloured, given the environment:
    a non-empty ``NO_COLOR`` never, ``FORCE_COLOR`` always (``FORCE_COLOR=0``
    or ``false`` never, as Node and most tools read it), else on a terminal
    that is not ``TERM=dumb``."""
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR", "").strip().lower()
    if force in ("0", "false"):
        return False
    if force:
        return True
    if environ.get("TERM") == "dumb":
        return False
    return _is_terminal(stream)


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def paint(text: str, style: str, colour: bool) -> str:
    """``text`` in ``style`` when colouring, unchanged otherwise.

    ``text`` must already be escaped: the only escape sequences in coloured
    output are the ones added here.
    """
    if not colour or not text:
        return text
    return f"{STYLES[style]}{text}{RESET}"
