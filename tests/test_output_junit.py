"""JUnit XML: a testcase per file with findings, valid whatever they hold."""

import io
import xml.etree.ElementTree as ET

from attriblint.output import FORMATS, OutputOptions

from .output_samples import AUTHOR, CREDIT, HOSTILE, YEAR, summary_of


def suite(findings, files=5) -> ET.Element:
    out = io.StringIO()
    FORMATS["junit"](findings, summary_of(findings, files), out, OutputOptions())
    text = out.getvalue()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))  # strict UTF-8, well-formed XML 1.0


def test_one_testcase_per_file_failing_on_errors_and_erroring_on_unread_files():
    root = suite([CREDIT, YEAR, AUTHOR, HOSTILE])
    assert root.tag == "testsuite" and root.get("name") == "attriblint"
    cases = root.findall("testcase")
    assert [case.get("name") for case in cases] == [
        "evil,x.md\\n::error file=forged.md::\\x1b[2Jgot you\\xff.md", "posts/a.md", "posts/b.md"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "1")
    unread, one_error, error_and_warning = cases
    assert unread.find("error").get("type") == "AL001"
    assert one_error.find("failure").get("message") == "missing credit line"
    failure = error_and_warning.find("failure")
    assert failure.text.splitlines() == [
        "posts/b.md:39:44: AL303 [globalresearch] copyright year is 2019, but original_date "
        "says 2021",
        "posts/b.md:40:1: AL302 [propublica] warning: copyright names Jane Doe, not the author"]


def test_warnings_alone_pass_and_the_run_counts_are_properties():
    root = suite([AUTHOR], files=7)
    (case,) = root.findall("testcase")
    assert case.find("failure") is None and case.find("error") is None
    assert "AL302" in case.find("system-out").text
    counts = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert counts == {"files": "7", "errors": "0", "warnings": "1", "unchecked": "0"}


def test_control_characters_are_escaped_not_written():
    root = suite([HOSTILE])
    error = root.find("testcase/error")
    assert error.get("message") == "cannot decode: byte 0xff\\r\\n::warning::forged \\x00\\x0b\\ufffe 100%"


def test_a_clean_run_is_an_empty_suite():
    root = suite([])
    assert root.findall("testcase") == [] and root.get("tests") == "0"


def test_the_document_is_ascii_so_any_stream_encoding_keeps_it_valid():
    from attriblint.findings import Finding

    accented = Finding(**{**YEAR.as_dict(), "path": "posts/café.md", "message": "année ≠ 2021"})
    out = io.StringIO()
    FORMATS["junit"]([accented], summary_of([accented]), out, OutputOptions())
    assert out.getvalue().isascii()
    case = ET.fromstring(out.getvalue()).find("testcase")
    assert case.get("name") == "posts/café.md"
    assert case.find("failure").get("message") == "année ≠ 2021"
