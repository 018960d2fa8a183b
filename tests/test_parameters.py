"""The one way to read a whole number or a text from a query parameter."""

import pytest

from core.parameters import plain_text, whole_number

ODD = [None, "", "²", "٣", "１", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0", "9" * 40, "1\x00"]


@pytest.mark.parametrize("text", ODD)
def test_anything_but_ascii_digits_within_bounds_is_no_number(text):
    assert whole_number(text) is None


def test_ascii_digits_within_bounds_are_their_number():
    assert (whole_number("7"), whole_number("007"), whole_number("2100", minimum=2000, maximum=2100)) == (7, 7, 2100)
    assert whole_number("2101", minimum=2000, maximum=2100) is None


def test_text_loses_nul_characters_and_surrounding_space_and_is_bounded():
    assert plain_text(" 현대\x00차 ") == "현대차"
    assert len(plain_text("x" * 500)) == 100
    assert plain_text(None) == ""
