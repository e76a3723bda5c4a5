"""Amounts on vouchers, receipts and 1Bill messages."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ValidationError
from domain.values import Money


def test_rupees_and_paisa_are_the_same_amount():
    assert Money.rupees(5000) == Money.from_paisa(500000) == Money(500000)


def test_voucher_heads_add_up_to_the_total():
    heads = [Money.rupees(50000), Money.rupees(2000)]
    assert sum(heads) == Money.rupees(52000)
    assert Money.rupees(52000) - Money.rupees(2000) == Money.rupees(50000)
    assert Money.rupees(5000) * 3 == 3 * Money.rupees(5000) == Money.rupees(15000)


def test_amounts_compare_like_amounts():
    assert Money.rupees(5000) < Money.rupees(50000)
    assert max(Money(1), Money(100), Money(99)) == Money(100)


def test_floats_are_refused_so_paisa_are_never_lost():
    with pytest.raises(TypeError):
        Money.rupees(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(10.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.rupees(100).at_rate(0.01)  # type: ignore[arg-type]


def test_money_cannot_be_added_to_a_plain_number():
    with pytest.raises(TypeError):
        Money.rupees(1) + 1  # type: ignore[operator]


def test_format_shows_paisa_only_when_there_are_some():
    assert Money.rupees(1234).format() == "Rs 1,234"
    assert Money(123450).format() == "Rs 1,234.50"
    assert str(Money(5)) == "Rs 0.05"
    assert Money.rupees(-300).format() == "-Rs 300"


def test_dashboard_totals_use_lakh_and_crore_grouping():
    assert Money.rupees(1_900_000_000).format_lakh() == "Rs 1,90,00,00,000"
    assert Money.rupees(345_000_000).format_lakh() == "Rs 34,50,00,000"
    assert Money.rupees(999).format_lakh() == "Rs 999"


def test_whole_rupees_drops_the_paisa():
    assert Money(123450).whole_rupees == 1234
    assert Money(-123450).whole_rupees == -1234


def test_one_percent_rounds_half_a_rupee_up():
    assert Money.rupees(50).at_rate(Fraction(1, 100)) == Money.rupees(1)  # Rs 0.50 -> Rs 1
    assert Money.rupees(49).at_rate(Fraction(1, 100)) == Money.rupees(0)  # Rs 0.49 -> Rs 0
    assert Money.rupees(1234567).at_rate(Fraction(1, 200)) == Money.rupees(6173)  # 6172.835


def test_five_thousand_rupees_in_1bill_form():
    assert Money.rupees(5000).to_1bill() == "0000000500000"
    assert Money(123450).to_1bill() == "0000000123450"
    assert Money.from_1bill("0000000500000") == Money.rupees(5000)


@pytest.mark.parametrize("bad", ["500000", "00000005000000", "000000050000A", " 000000500000", ""])
def test_malformed_1bill_amounts_are_refused(bad):
    with pytest.raises(ValidationError, match="exactly 13 digits"):
        Money.from_1bill(bad)


def test_negative_or_oversized_amounts_cannot_go_on_a_voucher():
    with pytest.raises(ValidationError, match="cannot be negative"):
        Money.rupees(-1).to_1bill()
    with pytest.raises(ValidationError, match="too large"):
        Money(10**13).to_1bill()


@given(st.integers(0, 10**13 - 1))
def test_1bill_amount_round_trips(paisa):
    text = Money(paisa).to_1bill()
    assert len(text) == 13
    assert Money.from_1bill(text) == Money(paisa)


@given(st.integers(-(10**12), 10**12), st.integers(-(10**12), 10**12))
def test_addition_and_subtraction_are_exact(a, b):
    assert (Money(a) + Money(b)) - Money(b) == Money(a)
    assert (Money(a) < Money(b)) == (a < b)
