"""Which moves each workflow allows, and what an operator is told otherwise."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import IllegalTransition
from domain.states import (
    ARMS_APPLICATION,
    LICENCE,
    MACHINES,
    MUTATION,
    VISIT_BOOKING,
    VOUCHER,
    ApplicationStatus,
    BookingStatus,
    LicenceStatus,
    MutationStatus,
    VoucherStatus,
    ensure_transition,
)


def test_status_values_are_the_lowercase_strings_stored_in_the_database():
    assert [s.value for s in ApplicationStatus] == [
        "submitted",
        "voucher_issued",
        "fee_paid",
        "verified",
        "verification_failed",
        "approved",
        "rejected",
        "weapon_entered",
        "licence_issued",
        "cancelled",
    ]
    assert [s.value for s in VoucherStatus] == ["unpaid", "paid", "expired", "cancelled"]
    assert [s.value for s in MutationStatus] == [
        "recorded",
        "verified",
        "returned",
        "attested",
        "rejected",
    ]
    assert [s.value for s in BookingStatus] == [
        "requested",
        "booked",
        "rejected",
        "withdrawn",
        "cancelled",
        "completed",
        "no_show",
        "cut_short",
    ]
    assert [s.value for s in LicenceStatus] == ["active", "suspended", "cancelled", "expired"]


def test_an_application_walks_from_submission_to_licence():
    path = [
        "submitted",
        "voucher_issued",
        "fee_paid",
        "verified",
        "approved",
        "weapon_entered",
        "licence_issued",
    ]
    for current, target in itertools.pairwise(path):
        assert ensure_transition(ARMS_APPLICATION, current, target) == ApplicationStatus(target)


def test_cancelling_a_voucher_sends_the_application_back_to_submitted():
    assert ensure_transition(
        ARMS_APPLICATION, ApplicationStatus.VOUCHER_ISSUED, ApplicationStatus.SUBMITTED
    )


def test_failed_police_verification_may_be_redone():
    assert ARMS_APPLICATION.allowed("verification_failed") == {
        ApplicationStatus.VERIFIED,
        ApplicationStatus.REJECTED,
    }


def test_rejected_application_cannot_be_approved():
    with pytest.raises(
        IllegalTransition,
        match="An arms licence application cannot go from 'rejected' to 'approved'; "
        "a 'rejected' arms licence application is final",
    ) as caught:
        ensure_transition(ARMS_APPLICATION, "rejected", "approved")
    assert caught.value.code == "illegal_transition"
    assert caught.value.hints["allowed"] == []


def test_fee_cannot_be_marked_paid_without_a_voucher():
    with pytest.raises(
        IllegalTransition,
        match="from 'submitted' it can go to 'cancelled', 'rejected' or 'voucher_issued'",
    ):
        ensure_transition(ARMS_APPLICATION, "submitted", "fee_paid")


def test_late_payment_of_an_expired_voucher_is_recorded():
    assert ensure_transition(VOUCHER, "expired", "paid") == VoucherStatus.PAID


def test_paid_voucher_cannot_be_cancelled():
    with pytest.raises(
        IllegalTransition, match="A fee voucher cannot go from 'paid' to 'cancelled'"
    ):
        ensure_transition(VOUCHER, VoucherStatus.PAID, VoucherStatus.CANCELLED)


def test_returned_mutation_goes_back_to_the_clerk_and_attested_is_final():
    assert MUTATION.allowed("returned") == {MutationStatus.RECORDED}
    assert MUTATION.allowed("verified") == {
        MutationStatus.ATTESTED,
        MutationStatus.REJECTED,
        MutationStatus.RETURNED,
    }
    assert MUTATION.is_final("attested")
    with pytest.raises(
        IllegalTransition, match="A mutation cannot go from 'recorded' to 'attested'"
    ):
        ensure_transition(MUTATION, "recorded", "attested")


def test_booking_outcomes():
    assert VISIT_BOOKING.allowed("booked") == {
        BookingStatus.CANCELLED,
        BookingStatus.COMPLETED,
        BookingStatus.NO_SHOW,
        BookingStatus.CUT_SHORT,
    }
    with pytest.raises(
        IllegalTransition, match="A visit booking cannot go from 'requested' to 'completed'"
    ):
        ensure_transition(VISIT_BOOKING, "requested", "completed")


def test_expired_licence_is_renewed_to_active_but_cancelled_is_final():
    assert ensure_transition(LICENCE, "expired", "active") == LicenceStatus.ACTIVE
    assert LICENCE.allowed("suspended") == {LicenceStatus.ACTIVE, LicenceStatus.CANCELLED}
    assert LICENCE.is_final("cancelled")


def test_a_status_not_in_the_workflow_is_named():
    with pytest.raises(IllegalTransition, match="A fee voucher has no status 'blocked'"):
        ensure_transition(VOUCHER, "blocked", "paid")


def every_pair():
    return st.sampled_from(MACHINES).flatmap(
        lambda m: st.tuples(
            st.just(m), st.sampled_from(list(m.states)), st.sampled_from(list(m.states))
        )
    )


@given(every_pair())
def test_every_move_not_listed_is_refused_naming_both_states(case):
    machine, current, target = case
    if target in machine.allowed(current):
        assert ensure_transition(machine, current.value, target.value) is target
        return
    with pytest.raises(IllegalTransition) as caught:
        ensure_transition(machine, current, target)
    message = caught.value.message
    assert message.startswith(
        f"{machine.article} {machine.record} cannot go from '{current}' to '{target}'"
    )


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.record)
def test_no_record_stays_in_place_by_a_transition(machine):
    for state in machine.states:
        assert state not in machine.allowed(state)


OFFICE_WORKFLOWS = {
    ARMS_APPLICATION: {
        "submitted": {"voucher_issued", "cancelled", "rejected"},
        "voucher_issued": {"fee_paid", "submitted", "cancelled"},
        "fee_paid": {"verified", "verification_failed", "cancelled"},
        "verified": {"approved", "rejected"},
        "verification_failed": {"verified", "rejected"},
        "approved": {"weapon_entered", "cancelled"},
        "weapon_entered": {"licence_issued"},
        "licence_issued": {"cancelled"},
        "rejected": set(),
        "cancelled": set(),
    },
    VOUCHER: {
        "unpaid": {"paid", "expired", "cancelled"},
        "expired": {"paid"},
        "paid": set(),
        "cancelled": set(),
    },
    MUTATION: {
        "recorded": {"verified", "returned"},
        "returned": {"recorded"},
        "verified": {"attested", "rejected", "returned"},
        "attested": set(),
        "rejected": set(),
    },
    VISIT_BOOKING: {
        "requested": {"booked", "rejected", "withdrawn"},
        "booked": {"cancelled", "completed", "no_show", "cut_short"},
        **{
            final: set()
            for final in ("rejected", "withdrawn", "cancelled", "completed", "no_show", "cut_short")
        },
    },
    LICENCE: {
        "active": {"suspended", "cancelled", "expired"},
        "suspended": {"active", "cancelled"},
        "expired": {"active"},
        "cancelled": set(),
    },
}


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.record)
def test_each_workflow_allows_exactly_the_office_moves(machine):
    table = OFFICE_WORKFLOWS[machine]
    assert set(table) == {s.value for s in machine.states}
    for state, targets in table.items():
        assert {str(t) for t in machine.allowed(state)} == targets, state
