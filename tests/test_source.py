import codecs

import pytest

from attriblint.source import DecodeError, LineIndex, Position, decode


def test_utf8_bom_is_kept_aside_and_not_counted():
    source = decode(codecs.BOM_UTF8 + "café\r\nnext".encode())
    assert source.text == "café\r\nnext"
    assert source.bom == codecs.BOM_UTF8
    assert source.encode(source.text) == codecs.BOM_UTF8 + "café\r\nnext".encode()


def test_utf16_with_bom():
    data = codecs.BOM_UTF16_LE + "Copyright © 2021\n".encode("utf-16-le")
    source = decode(data)
    assert source.text == "Copyright © 2021\n"
    assert source.encoding == "utf-16-le"


def test_invalid_utf8_names_the_place():
    with pytest.raises(DecodeError) as error:
        decode("line one\nsecond caf".encode() + b"\xe9 line")
    assert (error.value.line, error.value.column) == (2, 11)
    assert "0xe9" in str(error.value)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_whatever_the_line_endings(newline):
    text = newline.join(["first", "sécond line", "third"])
    index = LineIndex(text)
    offset = text.index("line")
    position = index.position(offset)
    assert (position.line, position.column) == (2, 8)
    assert index.position(text.index("third")).line == 3


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_without_a_bom_is_decoded_in_its_encoding(encoding):
    text = "Copyright © Ann Lee, Global Research, 2021\r\nThe original source is Global Research\n"
    source = decode(text.encode(encoding))
    assert source.text == text
    assert (source.encoding, source.bom) == (encoding, b"")
    assert source.encode(source.text) == text.encode(encoding)


def test_text_with_a_stray_nul_is_still_utf8():
    assert decode(b"Global Research\x00 credit\n").encoding == "utf-8"


def test_binary_file_with_nuls_is_a_decode_error_not_a_crash():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8
    with pytest.raises(DecodeError) as error:
        decode(png)
    assert "0x89" in str(error.value)
    assert (error.value.line, error.value.column) == (1, 1)


def test_broken_bomless_utf16_names_the_encoding_it_looks_like():
    data = "Global Research credit line\n".encode("utf-16-le") + b"\x00\xdc" + "x".encode("utf-16-le")
    with pytest.raises(DecodeError) as error:
        decode(data)
    assert "UTF-16-LE without a BOM" in str(error.value)
    assert (error.value.line, error.value.column) == (2, 1)


def test_an_html_page_in_a_declared_legacy_charset_is_read_in_it():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=windows-1252"></head><body><p>Global Research \u2019s \u00e9t\u00e9</p>'
            '</body></html>').encode("cp1252")
    source = decode(page, html=True)
    assert source.encoding == "cp1252"
    assert "Global Research \u2019s \u00e9t\u00e9" in source.text
    with pytest.raises(DecodeError):
        decode(page)  # only HTML declares its charset this way
    with pytest.raises(DecodeError):
        decode(page.replace(b"windows-1252", b"no-such-charset"), html=True)


def test_line_index_finds_every_line_start_for_every_line_ending():
    import random
    import re

    rng = random.Random(3)
    for trial in range(2000):
        pieces = ["a", "\n", "xy", "\n\n", "é"] + (["\r\n", "\r", " "] if trial % 2 else [])
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        assert LineIndex(text).starts == starts, repr(text)
    index = LineIndex("one\ntwo\r\nthree")
    assert [index.position(o) for o in (0, 4, 9, 14)] == \
        [Position(1, 1), Position(2, 1), Position(3, 1), Position(3, 6)]
