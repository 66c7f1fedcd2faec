"""Findings shared by the output tests: ordinary ones and hostile ones."""

from attriblint.findings import Finding
from attriblint.output import Summary

CREDIT = Finding("posts/a.md", 6, 1, "AL101", "globalresearch", "credit", "error",
                 "missing credit line", 6, 12)
YEAR = Finding("posts/b.md", 39, 44, "AL303", "globalresearch", "copyright", "error",
               "copyright year is 2019, but original_date says 2021", 39, 48)
AUTHOR = Finding("posts/b.md", 40, 1, "AL302", "propublica", "copyright", "warning",
                 "copyright names Jane Doe, not the author", 40, 20)
# A file name with a comma, a newline that starts a fake command, a terminal
# escape and a byte that is not UTF-8 (as os.fsdecode gives it).
HOSTILE_PATH = "evil,x.md\n::error file=forged.md::\x1b[2Jgot you\udcff.md"
HOSTILE = Finding(HOSTILE_PATH, 2, 3, "AL001", "attriblint", "input", "error",
                  "cannot decode: byte 0xff\r\n::warning::forged \x00\x0b\ufffe 100%", 2, 4)


def summary_of(findings, files=3):
    return Summary.of(findings, files)
