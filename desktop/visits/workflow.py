"""The visit commands as the desk runs them (on the database worker): a booking gets
the office's next booking number (`B` series), then `book_visit` decides confirmed or
provisional; the prison side checks in, records outcomes and cancels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.db import read_rows
from desktop.printing.visit_slip import SlipData, render_visit_slip
from desktop.series import Series, run_numbered
from domain import reference
from domain.commands import CommandResult
from domain.family_messages import FamilyMessage, SandboxMessenger, compose
from domain.ids import new_id
from domain.meeting import meeting_link, new_token
from domain.models import ApprovedVisitor, Inmate, VisitBooking, VisitSlot
from domain.values import Cnic
from sync.store.local import LocalStore

BOOKINGS = Series(
    "series:visit_booking",
    "B",
    lambda number: select(VisitBooking.id).where(VisitBooking.booking_no == number),
)


def book(
    store: LocalStore, slot_id: str, inmate_id: str, lead_cnic: str, visitors: list[dict[str, Any]]
) -> CommandResult:
    booking_id = new_id()

    def run(number: str) -> CommandResult:
        args: dict[str, Any] = {
            "booking_id": booking_id,
            "booking_no": number,
            "slot_id": slot_id,
            "inmate_id": inmate_id,
            "lead_visitor_cnic": lead_cnic,
            "visitors": visitors,
            "meeting_token": new_token(),
        }
        return store.execute("book_visit", args)

    result = run_numbered(store, BOOKINGS, run)
    result.data["booking_id"] = booking_id
    kind = "confirmation" if result.data.get("status") == "booked" else "provisional"
    result.data["told"] = tell_family(store, booking_id, kind) is not None
    return result


def cancel(store: LocalStore, booking_id: str, reason: str) -> CommandResult:
    """Cancel with a reason (the seat is freed) and tell the family."""
    result = store.execute("cancel_visit", {"booking_id": booking_id, "reason": reason})
    result.data["told"] = tell_family(store, booking_id, "cancellation", reason) is not None
    return result


def move(store: LocalStore, booking_id: str, slot_id: str) -> CommandResult:
    """Move a visit to another slot (same number and link) and tell the family of the
    change: the new time, and the link again."""
    result = store.execute("move_visit", {"booking_id": booking_id, "slot_id": slot_id})
    result.data["told"] = tell_family(store, booking_id, "change") is not None
    return result


def lease(store: LocalStore, slot_id: str, office_code: str, seats: int) -> CommandResult:
    """A supervisor leases seats of a slot to a help desk's office (0 ends the lease)."""
    return store.execute(
        "lease_visit_seats", {"slot_id": slot_id, "office_code": office_code, "seats": seats}
    )


def outcome(store: LocalStore, booking_id: str, outcome: str, note: str = "") -> CommandResult:
    args = {"booking_id": booking_id, "outcome": outcome}
    if note:
        args["note"] = note
    return store.execute("record_visit_outcome", args)


def check_in(store: LocalStore, booking_id: str, cnic: str) -> CommandResult:
    return store.execute("check_in_visit", {"booking_id": booking_id, "cnic": cnic})


def slip_data(store: LocalStore, booking_id: str) -> SlipData:
    """What the slip of one booking prints, read from the store."""
    with store.sessions() as s:
        booking = s.get_one(VisitBooking, booking_id)
        slot = s.get_one(VisitSlot, booking.slot_id)
        inmate = s.get_one(Inmate, booking.inmate_id)
        approved = {
            v.cnic: v.relationship
            for v in s.scalars(
                select(ApprovedVisitor).where(ApprovedVisitor.inmate_id == inmate.id)
            )
        }
        prison = reference.prison(slot.prison_code)
        visitors = [
            {
                "name": str(v.get("name") or ""),
                "cnic": Cnic(str(v["cnic"])).formatted if v.get("cnic") else "",
                "relationship": str(v.get("relationship") or approved.get(str(v.get("cnic")), "")),
            }
            for v in booking.visitors or []
        ]
        return SlipData(
            booking.booking_no,
            booking.status == "booked",
            prison.name_en,
            prison.name_ur,
            slot.terminal,
            slot.starts_at,
            slot.minutes,
            inmate.inmate_no,
            inmate.name_en,
            meeting_link(booking.meeting_token) if booking.meeting_token else "",
            visitors,
        )


def write_slip(store: LocalStore, booking_id: str, path: Path) -> Path:
    path.write_bytes(render_visit_slip(slip_data(store, booking_id)))
    return path


def messenger(store: LocalStore) -> SandboxMessenger:
    """The desk's messenger: the sandbox next to the store until an SMS gateway is
    configured (production sends from the server, which knows the confirmed state)."""
    return SandboxMessenger(store.path.parent / "family_messages.jsonl")


def tell_family(
    store: LocalStore, booking_id: str, kind: str, reason: str = ""
) -> FamilyMessage | None:
    """Compose and send the family's message about a booking to the lead visitor's
    mobile on the approved list; None when no mobile is known."""
    # One read on the read connection (no write lock): the message follows every booking.
    found = read_rows(
        store,
        select(
            VisitBooking.booking_no,
            VisitBooking.meeting_token,
            VisitSlot.starts_at,
            VisitSlot.prison_code,
            ApprovedVisitor.mobile,
        )
        .join(VisitSlot, VisitSlot.id == VisitBooking.slot_id)
        .outerjoin(
            ApprovedVisitor,
            (ApprovedVisitor.inmate_id == VisitBooking.inmate_id)
            & (ApprovedVisitor.cnic == VisitBooking.lead_visitor_cnic),
        )
        .where(VisitBooking.id == booking_id)
        .limit(1),
    )
    if not found or not found[0].mobile:
        return None
    number, token, starts_at, prison_code, mobile = found[0]
    prison = reference.prison(prison_code)
    message = compose(
        kind,
        to=mobile,
        booking_no=number,
        starts_at=starts_at,
        prison_en=prison.name_en,
        prison_ur=prison.name_ur,
        link=meeting_link(token) if token else "",
        reason=reason,
    )
    messenger(store).send(message)
    return message
