"""Areas as written in the mutation register (kanal-marla-sarsai)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ValidationError
from domain.values import Area

kms_triples = st.tuples(st.integers(0, 10_000), st.integers(0, 19), st.integers(0, 8))
areas = st.integers(0, 10**7).map(Area)


def test_register_area_is_stored_in_sarsai():
    assert Area.from_kms(2, 5, 3).sarsai == 2 * 180 + 5 * 9 + 3
    assert Area.from_kms(2, 5, 3).kms == (2, 5, 3)


@pytest.mark.parametrize(
    "typed",
    [
        "2-5-3",
        " 2 - 5 - 3 ",
        "2K 5M 3S",
        "2k5m3s",
        "2 kanal 5 marla 3 sarsai",
        "2 kanals, 5 marlas, 3 sarsai",
    ],
)
def test_clerk_may_type_the_area_several_ways(typed):
    assert Area.parse(typed) == Area.from_kms(2, 5, 3)


def test_units_left_out_count_as_zero():
    assert Area.parse("5M") == Area.from_kms(0, 5, 0)
    assert Area.parse("1 kanal") == Area.from_kms(1, 0, 0)


def test_shown_in_full_and_in_register_form():
    area = Area.from_kms(2, 5, 3)
    assert str(area) == "2 kanal 5 marla 3 sarsai"
    assert area.short() == "2-5-3"


def test_one_marla_is_272_and_a_quarter_square_feet():
    assert Area.from_kms(0, 1, 0).square_feet == Fraction("272.25")
    assert Area.from_kms(0, 0, 1).square_feet == Fraction("30.25")


def test_eight_kanal_make_an_acre():
    assert Area.from_kms(8, 0, 0).acres == 1
    assert Area.from_kms(1, 0, 0).acres == Fraction(1, 8)


def test_twenty_marla_is_refused_not_carried_into_a_kanal():
    with pytest.raises(ValidationError, match=r"Marla must be 0–19 .*you typed 20") as caught:
        Area.parse("2-20-0")
    assert caught.value.field == "area"


def test_nine_sarsai_is_refused():
    with pytest.raises(ValidationError, match=r"Sarsai must be 0–8 .*you typed 9"):
        Area.from_kms(0, 1, 9)


def test_negative_area_is_refused():
    with pytest.raises(ValidationError, match="Kanal cannot be negative"):
        Area.from_kms(-1, 0, 0)
    with pytest.raises(ValidationError, match="cannot be negative"):
        Area(-5)


@pytest.mark.parametrize("typed", ["2-5", "two kanal", "2K 5X", "", "2K 3K"])
def test_unreadable_areas_are_refused(typed):
    with pytest.raises(ValidationError):
        Area.parse(typed)


def test_partition_areas_add_up_and_cannot_take_more_than_there_is():
    whole = Area.parse("4-0-0")
    part = Area.parse("1-10-4")
    assert (whole - part) + part == whole
    assert sum([part, whole - part]) == whole
    with pytest.raises(ValidationError, match="Cannot take 4-0-0 from 1-10-4"):
        part - whole


@given(kms_triples)
def test_kms_round_trips_through_sarsai_and_text(kms):
    area = Area.from_kms(*kms)
    assert area.kms == kms
    assert Area.parse(area.short()) == area
    assert Area.parse(str(area)) == area


@given(areas, areas)
def test_areas_add_like_their_square_feet(a, b):
    assert (a + b).square_feet == a.square_feet + b.square_feet
    assert (a + b).acres == a.acres + b.acres
    assert (a + b) - b == a
