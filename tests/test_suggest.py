"""The "did you mean" shared by every error message."""

from attriblint.suggest import closest


def test_the_closest_known_name():
    assert closest("exlude", ["include", "exclude", "gitignore"]) == "exclude"
    assert closest("al3o2", ["AL301", "AL302", "images"]) == "AL302"  # codes in any case
    assert closest("zzzz", ["AL301", "images"]) is None


def test_a_name_far_longer_than_any_known_one_is_not_compared():
    assert closest("exclude" + "x" * 60, ["exclude"]) is None
