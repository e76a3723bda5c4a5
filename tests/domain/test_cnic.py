"""CNICs as operators type them at the counter."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ValidationError
from domain.values import Cnic, normalise_cnic


def cnic_digits():
    """Any valid 13 digits: province 1–7, eleven digits, last digit 1–9."""
    return st.builds(
        lambda p, middle, last: f"{p}{middle}{last}",
        st.integers(1, 7),
        st.text("0123456789", min_size=11, max_size=11),
        st.integers(1, 9),
    )


def test_typed_with_dashes_is_stored_as_13_digits_and_shown_with_dashes():
    cnic = Cnic.parse("17301-1234567-1")
    assert cnic.digits == "1730112345671"
    assert cnic.formatted == "17301-1234567-1"
    assert str(cnic) == "17301-1234567-1"


def test_typed_without_dashes_or_with_stray_spaces_is_the_same_cnic():
    assert (
        Cnic.parse("1730112345671")
        == Cnic.parse(" 17301 1234567 1 ")
        == Cnic.parse("17301-1234567-1")
    )


def test_urdu_digits_and_pasted_en_dashes_are_read():
    assert Cnic.parse("۱۷۳۰۱–۱۲۳۴۵۶۷–۱").digits == "1730112345671"


def test_twelve_digits_tells_the_operator_how_many_were_typed():
    with pytest.raises(ValidationError, match="CNIC must have 13 digits; you typed 12") as caught:
        Cnic.parse("17301-1234567")
    assert caught.value.field == "cnic"


def test_fourteen_digits_is_refused():
    with pytest.raises(ValidationError, match="you typed 14"):
        Cnic.parse("17301123456712")


@pytest.mark.parametrize("first", ["0", "8", "9"])
def test_first_digit_outside_the_provinces_is_refused(first):
    with pytest.raises(
        ValidationError, match=f"CNIC cannot start with {first}: the first digit is the province"
    ):
        Cnic.parse(f"{first}730112345671")


def test_last_digit_zero_is_refused():
    with pytest.raises(ValidationError, match="The last digit of a CNIC is never 0"):
        Cnic.parse("17301-1234567-0")


def test_dashes_in_the_wrong_places_are_refused():
    with pytest.raises(ValidationError, match="Dashes go after the 5th and 12th digits"):
        Cnic.parse("1730-11234567-1")


def test_letters_are_named_in_the_message():
    with pytest.raises(ValidationError, match="remove 'O'"):
        Cnic.parse("17301-12345O7-1")


def test_empty_box_asks_for_a_cnic():
    with pytest.raises(ValidationError, match="Type the CNIC"):
        Cnic.parse("   ")


@pytest.mark.parametrize(
    ("digits", "province"),
    [
        ("1730112345671", "Khyber Pakhtunkhwa"),
        ("2130112345671", "Former FATA"),
        ("3520212345671", "Punjab"),
        ("4220112345671", "Sindh"),
        ("5440012345671", "Balochistan"),
        ("6110112345671", "Islamabad"),
        ("7150112345671", "Gilgit-Baltistan"),
    ],
)
def test_first_digit_names_the_province(digits, province):
    assert Cnic(digits).province == province


def test_odd_last_digit_is_a_man_even_is_a_woman():
    assert Cnic.parse("17301-1234567-1").gender == "male"
    assert Cnic.parse("17301-1234567-8").gender == "female"


def test_a_database_row_with_a_bad_cnic_cannot_become_a_cnic():
    with pytest.raises(ValidationError):
        Cnic("17301-1234567-1")  # the dashed form is never stored


def test_search_box_normalises_to_13_digits():
    assert normalise_cnic("17301-1234567-1") == "1730112345671"
    with pytest.raises(ValidationError, match="you typed 5"):
        normalise_cnic("17301")


@given(cnic_digits())
def test_formatted_cnic_reads_back_as_the_same_cnic(digits):
    cnic = Cnic(digits)
    assert Cnic.parse(cnic.formatted) == cnic
    assert Cnic.parse(cnic.digits) == cnic
    assert cnic.gender == ("male" if int(digits[-1]) % 2 else "female")


@given(st.text("0123456789", min_size=0, max_size=20).filter(lambda s: len(s) != 13))
def test_any_wrong_length_is_refused_with_the_count(typed):
    with pytest.raises(
        ValidationError, match=f"you typed {len(typed)}" if typed else "Type the CNIC"
    ):
        Cnic.parse(typed)
