"""Creative Commons licences as posts write them (attriblint/licences.py)."""

import pytest

from attriblint.licences import Licence, deed, deed_of, mentions, parse, same_licence, \
    short_name, spdx_id


@pytest.mark.parametrize("text, spdx, words", [
    ("released under CC BY-ND 4.0 today", "CC-BY-ND-4.0", "CC BY-ND 4.0"),
    ("licence: CC-BY-SA-4.0.", "CC-BY-SA-4.0", "CC-BY-SA-4.0"),
    ("under a BY-NC-ND 4.0 Creative Commons license", "CC-BY-NC-ND-4.0",
     "BY-NC-ND 4.0 Creative Commons"),
    ("the Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International licence",
     "CC-BY-NC-ND-4.0", "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0"),
    ("Attribution-NoDerivatives 4.0 International", "CC-BY-ND-4.0",
     "Attribution-NoDerivatives 4.0"),
    ("see https://creativecommons.org/licenses/by/3.0/deed.en", "CC-BY-3.0",
     "creativecommons.org/licenses/by/3.0"),
    ("CC BY-NC-ND 3.0 US", "LicenseRef-CC-BY-NC-ND-3.0-US", "CC BY-NC-ND 3.0 US"),
    ("Creative Commons Attribution-NonCommercial-NoDerivs 3.0 United States License",
     "LicenseRef-CC-BY-NC-ND-3.0-US",
     "Creative Commons Attribution-NonCommercial-NoDerivs 3.0 United States"),
    ("creativecommons.org/licenses/by-nc-nd/3.0/us/", "LicenseRef-CC-BY-NC-ND-3.0-US",
     "creativecommons.org/licenses/by-nc-nd/3.0/us"),
    ("dedicated under CC0", "CC0-1.0", "CC0"),
])
def test_mentions_name_one_licence_each(text, spdx, words):
    found = mentions(text)
    assert [m.spdx for m in found] == [spdx]
    assert text[found[0].start:found[0].end] == words


def test_a_port_is_not_read_from_an_ordinary_word_after_a_4_0_licence():
    found = mentions("CC BY 4.0 IN the archive")
    assert [m.spdx for m in found] == ["CC-BY-4.0"]
    assert found[0].end == len("CC BY 4.0")


def test_a_creative_commons_license_without_elements_names_none():
    found = mentions("This article is republished from The Conversation under a Creative "
                     "Commons license. Read the original article.")
    assert len(found) == 1
    assert found[0].licence is None and found[0].spdx is None


def test_elements_without_a_version_name_the_elements_only():
    (found,) = mentions("All posts are CC BY-SA, like Wikipedia.")
    assert found.licence == Licence(("by", "sa"), "")
    assert found.spdx is None
    (long,) = mentions("under a Creative Commons Attribution-NoDerivs license")
    assert long.licence == Licence(("by", "nd"), "")


@pytest.mark.parametrize("text", [
    "cc by email to the editor", "Creative Commons is a nonprofit", "CC BY-ND-SA 4.0",
    "Attribution 4.0 of the budget",
])
def test_no_licence_where_none_is_named(text):
    assert mentions(text) == []


@pytest.mark.parametrize("value, spdx", [
    ("CC-BY-4.0", "CC-BY-4.0"), ("cc by 4.0", "CC-BY-4.0"),
    ("https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"),
    ("LicenseRef-CC-BY-NC-ND-3.0-US", "LicenseRef-CC-BY-NC-ND-3.0-US"),
    ("CC-BY-3.0-US", "LicenseRef-CC-BY-3.0-US"), ("CC0", "CC0-1.0"),
    ("LicenseRef-globalresearch-crosspost", None), ("All rights reserved", None),
    ("CC BY-SA", None),
])
def test_spdx_id_of_metadata_values(value, spdx):
    assert spdx_id(value) == spdx


def test_same_licence_reads_both_sides():
    assert same_licence("CC-BY-3.0-US", "LicenseRef-CC-BY-3.0-US")
    assert same_licence("cc-by-4.0", "CC BY 4.0")
    assert not same_licence("CC-BY-4.0", "CC-BY-SA-4.0")
    assert not same_licence("CC-BY-3.0", "CC-BY-3.0-US")


@pytest.mark.parametrize("address, spdx", [
    ("http://creativecommons.org/licenses/by-nd/4.0", "CC-BY-ND-4.0"),
    ("https://creativecommons.org/licenses/by-nd/4.0/", "CC-BY-ND-4.0"),
    ("https://www.creativecommons.org/licenses/by-nd/4.0/legalcode", "CC-BY-ND-4.0"),
    ("https://creativecommons.org/licenses/by-nd/4.0/deed.de", "CC-BY-ND-4.0"),
    ("https://creativecommons.org/licenses/by-nc-nd/3.0/us/", "LicenseRef-CC-BY-NC-ND-3.0-US"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("https://creativecommons.org/licenses/", None),
    ("https://creativecommons.org/licenses/by-nd/4.0/foo", None),
    ("https://example.org/creativecommons.org/licenses/by/4.0/", None),
    ("https://creativecommons.org/licenses/by-nd-sa/4.0/", None),
])
def test_deed_of_an_address(address, spdx):
    licence = deed_of(address)
    assert (licence.spdx if licence else None) == spdx


def test_parse_and_names():
    assert parse("CC-BY-NC-ND-4.0") == Licence(("by", "nc", "nd"), "4.0")
    assert parse("CC-BY-4.0-US") is None  # 4.0 has no ports
    assert parse("LicenseRef-foo") is None
    assert deed("CC-BY-ND-4.0") == "creativecommons.org/licenses/by-nd/4.0/"
    assert deed("LicenseRef-CC-BY-NC-ND-3.0-US") == "creativecommons.org/licenses/by-nc-nd/3.0/us/"
    assert short_name("LicenseRef-CC-BY-NC-ND-3.0-US") == "CC BY-NC-ND 3.0 US"
    with pytest.raises(ValueError):
        deed("LicenseRef-foo")


def test_naming_and_contradicting():
    work = parse("LicenseRef-CC-BY-NC-ND-3.0-US")
    assert work.named_by(parse("CC-BY-NC-ND-3.0"))  # the unported licence names a port
    assert not work.named_by(Licence(("by", "nc", "nd"), ""))  # no version
    assert not work.contradicted_by(Licence(("by", "nc", "nd"), ""))
    assert work.contradicted_by(parse("CC-BY-NC-ND-4.0"))
    assert work.contradicted_by(Licence(("by", "sa"), ""))
    assert not work.contradicted_by(None)
