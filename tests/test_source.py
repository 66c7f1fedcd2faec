import codecs

import pytest

from attriblint.source import DecodeError, LineIndex, decode


def test_utf8_bom_is_kept_aside_and_not_counted():
    source = decode(codecs.BOM_UTF8 + "café\r\nnext".encode())
    assert source.text == "café\r\nnext"
    assert source.bom == codecs.BOM_UTF8
    assert source.newline == "\r\n"
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
