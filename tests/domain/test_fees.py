"""Fee quotes for licence vouchers and taxes on land transfers."""

import json
from datetime import date, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import NotFound, ValidationError
from domain.fees import FeeQuote, FeeSchedule, MutationTaxSchedule
from domain.values import Money

IN_FORCE = date(2025, 7, 1)


def arms_schedule(version: str, effective: str, new_fee: int) -> dict:
    return {
        "version": version,
        "effective_from": effective,
        "heads": {"licence_fee": {"code": "C02101", "label": "Arms licence fee"}},
        "after_due_surcharge": {"percent": "10", "on_heads": ["licence_fee"]},
        "fees_rupees": {"new": {"district": {"licence_fee": new_fee}}},
    }


def test_new_district_licence_is_fee_plus_nadra_processing():
    quote = FeeSchedule.for_date(IN_FORCE).licence_fee("new", "district")
    assert quote.total == Money.rupees(52_000)
    assert quote.heads == [
        ("C02101", "Arms licence fee", Money.rupees(50_000)),
        ("NADRA-PROC", "NADRA card processing fee", Money.rupees(2_000)),
    ]
    assert quote.schedule_version == "arms-2025-07-01"


def test_all_pakistan_licence_costs_one_lakh_plus_processing():
    assert FeeSchedule.for_date(IN_FORCE).licence_fee("new", "all_pakistan").total == Money.rupees(
        102_000
    )


@pytest.mark.parametrize("kind", ["renewal", "duplicate"])
def test_renewal_and_duplicate_cost_five_thousand_plus_processing(kind):
    quote = FeeSchedule.for_date(IN_FORCE).licence_fee(kind, "provincial")
    assert quote.total == Money.rupees(7_000)


def test_paying_after_the_due_date_adds_ten_percent_of_the_licence_fee_only():
    quote = FeeSchedule.for_date(IN_FORCE).licence_fee("renewal", "district")
    assert quote.after_due == Money.rupees(7_000 + 500)  # NADRA's Rs 2,000 is not surcharged


def test_heads_always_add_up_to_the_total():
    schedule = FeeSchedule.for_date(IN_FORCE)
    for kind in schedule.kinds:
        for validity in schedule.validities(kind):
            quote = schedule.licence_fee(kind, validity)
            assert sum(amount for _, _, amount in quote.heads) == quote.total
            assert quote.after_due >= quote.total


def test_unknown_kind_is_refused_and_lists_the_choices():
    with pytest.raises(ValidationError, match="choose new, renewal, duplicate") as caught:
        FeeSchedule.for_date(IN_FORCE).licence_fee("transfer", "district")
    assert caught.value.field == "kind"


def test_unknown_validity_is_refused():
    with pytest.raises(ValidationError, match="district, provincial, all_pakistan") as caught:
        FeeSchedule.for_date(IN_FORCE).licence_fee("new", "tehsil")
    assert caught.value.field == "validity"


def test_a_date_before_any_schedule_says_when_the_first_starts():
    with pytest.raises(
        NotFound,
        match="No arms licence fee schedule is in force on 2013-12-31; the earliest starts on 2014-01-01",
    ):
        FeeSchedule.for_date(date(2013, 12, 31))


def test_a_datetime_is_refused_because_the_utc_day_may_not_be_the_office_day():
    with pytest.raises(TypeError):
        FeeSchedule.for_date(datetime(2025, 7, 1, 20, 0))  # type: ignore[arg-type]


def test_latest_schedule_already_in_force_is_used(tmp_path):
    for version, effective, fee in [
        ("a-1", "2024-01-01", 100),
        ("a-2", "2025-01-01", 200),
        ("a-3", "2026-01-01", 300),
    ]:
        (tmp_path / f"arms_licence_{effective}.json").write_text(
            json.dumps(arms_schedule(version, effective, fee))
        )
    assert FeeSchedule.for_date(date(2024, 12, 31), folder=tmp_path).version == "a-1"
    assert FeeSchedule.for_date(date(2025, 1, 1), folder=tmp_path).version == "a-2"
    later = FeeSchedule.for_date(date(2030, 1, 1), folder=tmp_path).licence_fee("new", "district")
    assert (later.total, later.after_due, later.schedule_version) == (
        Money.rupees(300),
        Money.rupees(330),
        "a-3",
    )


def test_a_file_whose_name_disagrees_with_its_date_is_refused(tmp_path):
    (tmp_path / "arms_licence_2025-01-01.json").write_text(
        json.dumps(arms_schedule("x", "2025-02-01", 1))
    )
    with pytest.raises(ValueError, match="file name must end in its effective_from"):
        FeeSchedule.for_date(date(2025, 3, 1), folder=tmp_path)


def test_quote_stored_on_the_application_reads_back_unchanged():
    quote = FeeSchedule.for_date(IN_FORCE).licence_fee("new", "district")
    stored = json.loads(json.dumps(quote.as_dict()))
    assert FeeQuote.from_dict(stored) == quote


def test_taxes_on_a_sale_of_ten_lakh():
    lines = MutationTaxSchedule.for_date(date(2024, 7, 1)).taxes(Money.rupees(1_000_000))
    assert [(code, amount) for code, _, amount in lines] == [
        ("TMA", Money.rupees(10_000)),
        ("REG", Money.rupees(5_000)),
        ("STAMP", Money.rupees(10_000)),
        ("CVT", Money.rupees(20_000)),
    ]


def test_each_tax_rounds_half_a_rupee_up():
    schedule = MutationTaxSchedule.for_date(date(2025, 1, 1))
    taxes = {code: amount for code, _, amount in schedule.taxes(Money.rupees(1_234_567))}
    assert taxes["REG"] == Money.rupees(6_173)  # 6,172.835
    assert taxes["TMA"] == Money.rupees(12_346)  # 12,345.67
    assert schedule.total(Money.rupees(1_234_567)) == Money.rupees(12_346 + 6_173 + 12_346 + 24_691)


def test_gift_without_consideration_shows_every_tax_as_zero():
    lines = MutationTaxSchedule.for_date(date(2025, 1, 1)).taxes(Money(0))
    assert len(lines) == 4 and all(amount == Money(0) for _, _, amount in lines)


def test_negative_consideration_is_refused():
    with pytest.raises(ValidationError, match="cannot be negative"):
        MutationTaxSchedule.for_date(date(2025, 1, 1)).taxes(Money.rupees(-1))


def test_no_mutation_taxes_before_the_first_schedule():
    with pytest.raises(NotFound, match="No mutation tax schedule is in force"):
        MutationTaxSchedule.for_date(date(2024, 6, 30))


@given(st.integers(0, 10**9))
def test_each_tax_is_within_half_a_rupee_of_the_exact_amount(rupees):
    consideration = Money.rupees(rupees)
    for _, _, amount in MutationTaxSchedule.for_date(date(2025, 1, 1)).taxes(consideration):
        assert amount.is_whole_rupees
    exact_cvt = Fraction(rupees * 2, 100)
    cvt = MutationTaxSchedule.for_date(date(2025, 1, 1)).taxes(consideration)[-1][2]
    assert -Fraction(1, 2) < cvt.whole_rupees - exact_cvt <= Fraction(1, 2)
