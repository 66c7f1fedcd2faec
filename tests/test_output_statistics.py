"""--statistics and the progress bar."""

import io
import subprocess
import sys
import time

from attriblint.output import progress, write_statistics

from .output_samples import AUTHOR, CREDIT, YEAR


def test_statistics_count_each_code_most_frequent_first_then_by_code():
    out = io.StringIO()
    write_statistics([YEAR, AUTHOR, CREDIT] + [YEAR] * 9 + [CREDIT], out)
    assert out.getvalue().splitlines() == [
        "10  AL303  copyright-year-mismatch",
        " 2  AL101  credit-missing",
        " 1  AL302  copyright-author-mismatch",
    ]


def test_no_findings_no_table():
    out = io.StringIO()
    write_statistics([], out)
    assert out.getvalue() == ""


def test_an_enabled_bar_counts_files_on_its_stream():
    stream = io.StringIO()
    with progress(4, True, stream) as bar:
        bar.advance()
        time.sleep(0.25)  # tqdm redraws at most every 0.1 s
        bar.advance(3)
    drawn = stream.getvalue()
    assert "0/4" in drawn and "4/4" in drawn and drawn.endswith("\r")  # drawn, then cleared


def test_a_disabled_bar_writes_nothing_and_never_imports_tqdm():
    code = ("import sys, io\n"
            "from attriblint.output import progress\n"
            "with progress(10, False) as bar:\n"
            "    bar.advance(); bar.advance(5)\n"
            "print('tqdm' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout == "False\n" and result.stderr == ""


def test_the_bar_starts_no_thread():
    """The linter forks its worker processes while the bar is shown; forking
    a process that has threads can deadlock (tqdm's monitor is one).  In a
    fresh interpreter: tqdm's monitor, once started, outlives its bar."""
    import subprocess
    import sys

    code = ("import io, threading, time\n"
            "from attriblint.output import progress\n"
            "with progress(10, True, io.StringIO()) as bar:\n"
            "    bar.advance(3)\n"
            "    time.sleep(0.2)\n"
            "    print(threading.active_count())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout) == (0, "1\n"), done.stderr
