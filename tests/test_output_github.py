"""GitHub workflow commands: one annotation per finding, nothing forged."""

import io
import re

from attriblint.output import FORMATS, OutputOptions

from .output_samples import AUTHOR, HOSTILE, YEAR, summary_of

COMMAND = re.compile(r"^::(error|warning) ([^:]*)::(.*)$")


def commands(findings) -> list[str]:
    out = io.StringIO()
    FORMATS["github"](findings, summary_of(findings), out, OutputOptions())
    return out.getvalue().splitlines()


def unescape(value: str) -> str:
    """What the runner does to a property value."""
    for encoded, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(encoded, char)
    return value


def properties(line: str) -> dict[str, str]:
    match = COMMAND.match(line)
    assert match, line
    return dict(item.split("=", 1) for item in match.group(2).split(","))


def test_errors_and_warnings_become_annotations_with_their_region():
    lines = commands([YEAR, AUTHOR])
    assert lines == [
        "::error file=posts/b.md,line=39,col=44,endLine=39,endColumn=47,"
        "title=AL303 [globalresearch]::copyright year is 2019, but original_date says 2021",
        "::warning file=posts/b.md,line=40,col=1,endLine=40,endColumn=19,"
        "title=AL302 [propublica]::copyright names Jane Doe, not the author",
    ]


def test_a_hostile_file_name_or_message_cannot_forge_a_second_annotation():
    lines = commands([HOSTILE])
    assert len(lines) == 1
    props = properties(lines[0])
    assert set(props) == {"file", "line", "col", "endLine", "endColumn", "title"}
    assert unescape(props["file"]) == "evil,x.md\n::error file=forged.md::\\x1b[2Jgot you\\xff.md"
    message = COMMAND.match(lines[0]).group(3)
    assert unescape(message) == "cannot decode: byte 0xff\r\n::warning::forged \\x00\\x0b\ufffe 100%"
    assert "\x1b" not in lines[0] and "\x00" not in lines[0]
