"""Shares of co-owners of a khewat moving in a mutation."""

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ValidationError
from domain.values import Share, check_transfer


def test_shares_are_typed_as_fractions_or_whole():
    assert Share.parse("1/3").value == F(1, 3)
    assert Share.parse(" 7 / 48 ").value == F(7, 48)
    assert Share.parse("1").value == 1
    assert str(Share.parse("2/6")) == "1/3"


def test_decimal_share_is_refused_with_a_hint():
    with pytest.raises(ValidationError, match="as a fraction such as 1/4, not as a decimal"):
        Share.parse("0.25")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0/3", "more than 0"),
        ("4/3", "more than the whole"),
        ("1/0", "cannot be 0"),
        ("one third", "Cannot read"),
    ],
)
def test_impossible_holdings_are_refused(typed, message):
    with pytest.raises(ValidationError, match=message):
        Share.parse(typed)


def test_sale_of_a_whole_holding_moves_it_to_the_buyer():
    after = check_transfer(
        {"Gul Khan": F(1, 3), "Zarina Bibi": F(2, 3)}, {"Gul Khan": F(1, 3)}, {"Akbar Ali": F(1, 3)}
    )
    assert after == {"Zarina Bibi": F(2, 3), "Akbar Ali": F(1, 3)}


def test_inheritance_splits_the_deceased_share_among_heirs():
    after = check_transfer(
        {"Sher Zaman": F(1, 2), "Bakht Jamal": F(1, 2)},
        {"Sher Zaman": F(1, 2)},
        {"Son 1": F(1, 6), "Son 2": F(1, 6), "Daughter": F(1, 12), "Widow": F(1, 12)},
    )
    assert after["Bakht Jamal"] == F(1, 2)
    assert "Sher Zaman" not in after
    assert sum(after.values()) == 1


def test_an_heir_already_holding_a_share_gets_it_added():
    after = check_transfer({"A": F(1, 2), "B": F(1, 2)}, {"A": F(1, 4)}, {"B": F(1, 4)})
    assert after == {"A": F(1, 4), "B": F(3, 4)}


def test_unbalanced_shares_are_refused():
    with pytest.raises(
        ValidationError, match="Shares do not balance: transferors give 1/2 but transferees get 1/3"
    ):
        check_transfer({"Gul Khan": F(1, 2)}, {"Gul Khan": F(1, 2)}, {"Akbar Ali": F(1, 3)})


def test_giving_more_than_held_names_the_transferor():
    with pytest.raises(ValidationError, match="Gul Khan gives 1/2 but holds only 1/3") as caught:
        check_transfer({"Gul Khan": F(1, 3)}, {"Gul Khan": F(1, 2)}, {"Akbar Ali": F(1, 2)})
    assert caught.value.field == "shares"


def test_someone_outside_the_khewat_cannot_give():
    with pytest.raises(ValidationError, match="Umar gives 1/4 but holds no share in this khewat"):
        check_transfer({"Gul Khan": F(1, 3)}, {"Umar": F(1, 4)}, {"Akbar Ali": F(1, 4)})


@pytest.mark.parametrize("bad", [F(0), F(-1, 3)])
def test_zero_or_negative_shares_are_refused(bad):
    with pytest.raises(ValidationError, match="must be more than 0"):
        check_transfer({"A": F(1)}, {"A": bad}, {"B": bad})


def test_a_transfer_needs_both_sides():
    with pytest.raises(ValidationError, match="at least one transferor and one transferee"):
        check_transfer({"A": F(1)}, {}, {})


def test_float_shares_are_refused():
    with pytest.raises(TypeError):
        check_transfer({"A": 0.5}, {"A": 0.5}, {"B": 0.5})  # type: ignore[dict-item]


positive_fractions = st.fractions(min_value=F(1, 60), max_value=1, max_denominator=60)


@given(
    holdings=st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), positive_fractions, min_size=1),
    portion=st.fractions(min_value=F(1, 20), max_value=1, max_denominator=20),
    heirs=st.lists(st.integers(1, 5), min_size=1, max_size=4),
)
def test_every_balanced_transfer_keeps_the_khewat_total(holdings, portion, heirs):
    # Each holder gives `portion` of what they hold; the total is shared among heirs
    # in the given proportions, which is how a clerk balances a warasat.
    gives = {who: held * portion for who, held in holdings.items()}
    given_total = sum(gives.values())
    gets = {f"heir {i}": given_total * w / sum(heirs) for i, w in enumerate(heirs)}
    after = check_transfer(holdings, gives, gets)
    assert sum(after.values()) == sum(holdings.values())
    assert all(v > 0 for v in after.values())
