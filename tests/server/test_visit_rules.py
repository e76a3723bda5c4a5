"""Every rule of a prison refuses a booking with the rule's code, a message saying what
would work, and hints the desk shows (next slots that fit, when the allowance renews,
the approved visitors). Server and desk run the same command (`domain.commands.visits`)."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta
from typing import Any

import pytest

from domain import reference
from domain.ids import new_id
from domain.models import ApprovedVisitor, Inmate
from domain.visit_slots import slot_id, to_utc
from server.db import session_factory
from server.visit_slots import generate_slots

SAT = date(2026, 12, 5)
AT = "2026-12-05T09:00:00+00:00"  # Saturday 14:00 in Karachi
MON, TUE, WED = (SAT + timedelta(days=n) for n in (2, 3, 4))
CLOSED = date(2026, 12, 9)  # Wednesday


def cnic(n: int) -> str:
    return f"17301{n:07d}1"


def at(day: date, hhmm: str) -> str:
    return slot_id("CP-PSH", "T1", to_utc(day, time.fromisoformat(hhmm)))


@pytest.fixture
def prison(server, monkeypatch) -> dict[str, Any]:
    """CP-PSH with its own template, one closed Wednesday; slots made from today; one
    inmate with an approved wife, son (a minor, no CNIC) and a banned brother."""
    rules = dataclasses.replace(reference.prison("CP-PSH"), closed_dates=(CLOSED,))
    monkeypatch.setitem(reference._prisons_file(), "CP-PSH", rules)
    generate_slots(session_factory(server.engine), SAT, ["CP-PSH"])
    desk = server.enrol()
    inmate_id = new_id()
    assert (
        desk.push(
            "register_inmate",
            {
                "inmate_id": inmate_id,
                "prison_code": "CP-PSH",
                "inmate_no": "CP-100",
                "name_en": "Gul Khan",
                "at": AT,
            },
        )["status"]
        == "applied"
    )
    for n, relationship in ((1, "wife"), (2, "brother"), (3, "father")):
        assert (
            desk.push(
                "approve_visitor",
                {
                    "visitor_id": new_id(),
                    "inmate_id": inmate_id,
                    "cnic": cnic(n),
                    "name_en": f"Relative {n}",
                    "relationship": relationship,
                    "at": AT,
                },
            )["status"]
            == "applied"
        )
    with session_factory(server.engine).begin() as s:
        s.query(ApprovedVisitor).filter_by(cnic=cnic(2)).one().banned = True
    return {"desk": desk, "inmate_id": inmate_id}


def book(
    prison: dict[str, Any],
    slot: str,
    visitors: list[dict[str, Any]] | None = None,
    lead: str | None = None,
    when: str = AT,
) -> dict[str, Any]:
    visitors = visitors if visitors is not None else [{"cnic": cnic(1), "name": "Wife", "age": 35}]
    return prison["desk"].push(
        "book_visit",
        {
            "booking_id": new_id(),
            "booking_no": f"VB-{new_id()[-8:]}",
            "slot_id": slot,
            "inmate_id": prison["inmate_id"],
            "lead_visitor_cnic": lead or cnic(1),
            "visitors": visitors,
            "at": when,
        },
    )


def refused(answer: dict[str, Any], code: str) -> dict[str, Any]:
    assert answer["status"] == "rejected", answer
    assert answer["code"] == code, answer
    return answer


def test_a_booking_within_the_rules_is_confirmed(prison):
    assert book(prison, at(MON, "10:00"))["status"] == "applied"


def test_notice_refused_with_the_first_slots_that_fit(prison):
    answer = refused(book(prison, at(SAT + timedelta(days=1), "10:00")), "too_late")
    first = answer["hints"]["free_slots"][0]  # a day's notice from Saturday 14:00 Karachi
    assert first["local"] == "06-12-2026 14:00" and first["free"] == 4
    assert "Next slot: 06-12-2026 14:00" in answer["message"]


def test_booking_window_refused_with_the_day_the_slot_opens(prison):
    late = new_id()
    assert (
        prison["desk"].push(
            "open_visit_slot",
            {
                "slot_id": late,
                "prison_code": "CP-PSH",
                "starts_at": "2027-01-20T05:00:00+00:00",
                "minutes": 30,
                "capacity": 4,
                "at": AT,
            },
        )["status"]
        == "applied"
    )
    answer = refused(book(prison, late), "too_early")
    assert answer["hints"]["opens_on"] == "2026-12-23"
    assert answer["hints"]["free_slots"]


def test_a_closed_date_offers_no_slots_and_a_slot_on_it_is_refused(prison, server):
    assert at(CLOSED, "10:00") not in {
        row_id for t, row_id in _pulled(prison) if t == "visit_slots"
    }
    opened = new_id()
    assert (
        prison["desk"].push(
            "open_visit_slot",
            {
                "slot_id": opened,
                "prison_code": "CP-PSH",
                "starts_at": f"{CLOSED}T05:00:00+00:00",
                "minutes": 30,
                "capacity": 4,
                "at": AT,
            },
        )["status"]
        == "applied"
    )
    answer = refused(book(prison, opened), "slot_closed")
    assert answer["hints"]["free_slots"][0]["local"].startswith("10-12-2026")


def _pulled(prison: dict[str, Any]) -> set[tuple[str, str]]:
    prison["desk"].pull_all()
    return set(prison["desk"].seen)


def test_visitor_count_adults_and_lead_age(prison):
    many = [{"name": f"Child {k}", "age": 8} for k in range(6)]
    answer = refused(
        book(prison, at(MON, "10:00"), [{"cnic": cnic(1), "age": 35}, *many]), "too_many_visitors"
    )
    assert answer["hints"] == {"max_visitors": 6} and "Remove 1." in answer["message"]
    adults = [
        {"cnic": cnic(1), "age": 35},
        {"cnic": cnic(3), "age": 60},
        {"name": "A", "age": 30},
        {"name": "B", "age": 19},
    ]
    assert refused(book(prison, at(MON, "10:00"), adults), "too_many_adults")["hints"] == {
        "max_adults": 3
    }
    young = refused(
        book(prison, at(MON, "10:00"), [{"cnic": cnic(1), "age": 17}]), "lead_too_young"
    )
    assert young["hints"]["lead_min_age"] == 18
    assert [v["relationship"] for v in young["hints"]["approved_visitors"]] == ["father"]


def test_visitors_must_be_approved_and_not_banned(prison):
    stranger = refused(
        book(prison, at(MON, "10:00"), [{"cnic": cnic(9), "age": 40}], lead=cnic(9)),
        "visitor_not_approved",
    )
    assert sorted(v["relationship"] for v in stranger["hints"]["approved_visitors"]) == [
        "father",
        "wife",
    ]
    assert "17301-0000009-1" in stranger["message"]
    companion = [{"cnic": cnic(1), "age": 35}, {"cnic": cnic(2), "age": 40}]
    refused(book(prison, at(MON, "10:00"), companion), "visitor_banned")
    refused(book(prison, at(MON, "10:00"), [{"cnic": "17301-12", "age": 40}]), "validation")


def test_duplicate_request_names_the_booking_already_made(prison):
    first = book(prison, at(MON, "10:00"))
    assert first["status"] == "applied"
    answer = refused(book(prison, at(MON, "10:00")), "duplicate_request")
    assert answer["hints"]["booking_no"].startswith("VB-")


def test_weekly_allowance_says_when_it_renews_and_offers_next_weeks_slots(prison):
    assert book(prison, at(MON, "10:00"))["status"] == "applied"
    assert book(prison, at(TUE, "10:00"))["status"] == "applied"
    answer = refused(book(prison, at(WED + timedelta(days=1), "10:00")), "no_allowance")
    assert answer["hints"]["renews_on"] == "2026-12-14"
    assert answer["hints"]["free_slots"][0]["slot_id"] == at(date(2026, 12, 14), "10:00")
    assert "renews on 14-12-2026" in answer["message"]


def test_a_released_inmates_visit_is_not_moved(prison, server):
    """A released or moved inmate's visit is cancelled (DOMAIN.md), so a move to
    another slot is refused with the rule a new booking meets."""
    booking_id = new_id()
    answer = prison["desk"].push(
        "book_visit",
        {
            "booking_id": booking_id,
            "booking_no": "VB-MOVE0001",
            "slot_id": at(MON, "10:00"),
            "inmate_id": prison["inmate_id"],
            "lead_visitor_cnic": cnic(1),
            "visitors": [{"cnic": cnic(1), "name": "Wife", "age": 35}],
            "at": AT,
        },
    )
    assert answer["status"] == "applied", answer
    with session_factory(server.engine).begin() as s:
        s.get(Inmate, prison["inmate_id"]).status = "released"
    move = {"booking_id": booking_id, "slot_id": at(TUE, "10:00"), "at": AT}
    answer = refused(prison["desk"].push("move_visit", move), "inmate_not_held")
    assert "The inmate is released" in answer["message"]


def test_a_visitor_approved_earlier_in_the_same_push_may_be_booked(prison):
    """A push group defers its writes while its queries read tables it has not changed
    (`server.changes`); the approved-visitor look-up of a booking reads a table the
    group just wrote to, so the new visitor must be seen, and a second booking of the
    same inmate in the group still counts the first against the weekly allowance."""
    desk = prison["desk"]
    first = dict(visitors=[{"cnic": cnic(7), "name": "Sister", "age": 30}], lead=cnic(7))
    envelopes = [
        desk.envelope(
            "approve_visitor",
            {
                "visitor_id": new_id(),
                "inmate_id": prison["inmate_id"],
                "cnic": cnic(7),
                "name_en": "Sister",
                "relationship": "sister",
                "at": AT,
            },
        ),
        desk.envelope(
            "edit_record",
            {
                "table": "inmates",
                "row_id": prison["inmate_id"],
                "changes": {"name_ur": "گل خان"},
                "at": AT,
            },
        ),
    ]
    for slot in (at(MON, "10:00"), at(TUE, "10:00"), at(WED, "10:00")):
        envelopes.append(
            desk.envelope(
                "book_visit",
                {
                    "booking_id": new_id(),
                    "booking_no": f"VB-{new_id()[-8:]}",
                    "slot_id": slot,
                    "inmate_id": prison["inmate_id"],
                    "lead_visitor_cnic": first["lead"],
                    "visitors": first["visitors"],
                    "at": AT,
                },
            )
        )
    response = desk.push_envelopes(envelopes)
    assert response.status_code == 200, response.text
    answers = response.json()["results"]
    assert [a["status"] for a in answers[:3]] == ["applied", "applied", "applied"], answers
    allowance = reference.prison("CP-PSH").weekly_visits_per_inmate
    statuses = [a["status"] for a in answers[2:]]
    assert statuses.count("applied") == min(3, allowance), answers
    assert allowance < 3, "the third booking should exceed the weekly allowance"
