"""What the visits workspace reads from the desk's store: inmates found by prison,
number or name; a week of a prison's slots with their free seats (and the seats
leased to this desk); the approved visitors of an inmate; a day's roster.

Plain functions over the store, run on the database worker; they return frozen rows
the widgets show as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from desktop.db import read_rows
from domain.models import ApprovedVisitor, Inmate, VisitBooking, VisitSlot
from domain.visit_slots import local_time, to_utc
from sync.store.local import LocalStore

LIVE = ("booked", "requested")
SEARCH_LIMIT = 200


@dataclass(frozen=True)
class InmateRow:
    id: str
    prison_code: str
    inmate_no: str
    name_en: str
    name_ur: str
    father_name_en: str
    status: str


@dataclass(frozen=True)
class SlotRow:
    id: str
    terminal: str
    local_start: datetime  # Karachi wall-clock
    minutes: int
    capacity: int
    booked: int
    closed: bool
    leased: int  # seats leased to this desk's office
    mine: int  # live bookings of this office in the slot

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)

    @property
    def lease_left(self) -> int:
        """Seats this desk may still confirm offline; beyond them a booking is provisional."""
        return max(0, self.leased - self.mine)


@dataclass(frozen=True)
class VisitorRow:
    cnic: str
    name_en: str
    relationship: str
    mobile: str
    banned: bool


@dataclass(frozen=True)
class RosterRow:
    booking_id: str
    booking_no: str
    local_start: datetime
    terminal: str
    inmate_no: str
    inmate_name: str
    lead_visitor_cnic: str
    visitors: int
    status: str


def find_inmates(store: LocalStore, text: str, prison_code: str | None = None) -> list[InmateRow]:
    """Inmates whose number, name or father's name holds `text`, in one prison or all."""
    query = select(Inmate).order_by(Inmate.prison_code, Inmate.inmate_no).limit(SEARCH_LIMIT)
    if prison_code:
        query = query.where(Inmate.prison_code == prison_code)
    words = text.strip()
    if words:
        like = f"%{words.lower()}%"
        query = query.where(
            or_(
                func.lower(Inmate.inmate_no).like(like),
                func.lower(Inmate.name_en).like(like),
                Inmate.name_ur.like(f"%{words}%"),
                func.lower(Inmate.father_name_en).like(like),
            )
        )
    with store.sessions() as s:
        return [
            InmateRow(
                i.id, i.prison_code, i.inmate_no, i.name_en, i.name_ur, i.father_name_en, i.status
            )
            for i in s.scalars(query)
        ]


def slots_between(
    store: LocalStore, prison_code: str, first: date, days: int, office_code: str
) -> list[SlotRow]:
    """The prison's slots on `days` days from `first` (Karachi days), in time order."""
    start, end = to_utc(first, time(0)), to_utc(first + timedelta(days=days), time(0))
    # This desk's live bookings of the window's slots only (found through the slots'
    # index): a store with a million past bookings never scans them.
    window = (
        VisitSlot.prison_code == prison_code,
        VisitSlot.starts_at >= start,
        VisitSlot.starts_at < end,
    )
    mine = (
        select(VisitBooking.slot_id, func.count().label("n"))
        .join(VisitSlot, VisitSlot.id == VisitBooking.slot_id)
        .where(*window, VisitBooking.office_code == office_code, VisitBooking.status.in_(LIVE))
        .group_by(VisitBooking.slot_id)
        .subquery()
    )
    query = (
        select(
            VisitSlot.id,
            VisitSlot.terminal,
            VisitSlot.starts_at,
            VisitSlot.minutes,
            VisitSlot.capacity,
            VisitSlot.booked,
            VisitSlot.closed,
            VisitSlot.seat_quotas,
            mine.c.n,
        )
        .outerjoin(mine, mine.c.slot_id == VisitSlot.id)
        .where(*window)
        .order_by(VisitSlot.starts_at, VisitSlot.terminal)
    )
    # Plain tuples from the read connection: the calendar's few hundred slots, no ORM
    # objects, and no write lock (a session would wait behind a sync round's writes).
    return [
        SlotRow(
            i,
            term,
            local_time(at),
            minutes,
            cap,
            booked,
            closed,
            int((quotas or {}).get(office_code, 0)),
            n or 0,
        )
        for i, term, at, minutes, cap, booked, closed, quotas, n in read_rows(store, query)
    ]


def inmate_row(store: LocalStore, inmate_id: str) -> InmateRow | None:
    with store.sessions() as s:
        i = s.get(Inmate, inmate_id)
        if i is None:
            return None
        return InmateRow(
            i.id, i.prison_code, i.inmate_no, i.name_en, i.name_ur, i.father_name_en, i.status
        )


def slot_row(store: LocalStore, slot_id: str, office_code: str) -> SlotRow | None:
    """One slot as the calendar shows it (the inbox reopens a refused booking in it)."""
    with store.sessions() as s:
        slot = s.get(VisitSlot, slot_id)
        if slot is None:
            return None
        mine = s.scalar(
            select(func.count())
            .select_from(VisitBooking)
            .where(
                VisitBooking.slot_id == slot_id,
                VisitBooking.office_code == office_code,
                VisitBooking.status.in_(LIVE),
            )
        )
        return SlotRow(
            slot.id,
            slot.terminal,
            local_time(slot.starts_at),
            slot.minutes,
            slot.capacity,
            slot.booked,
            slot.closed,
            int((slot.seat_quotas or {}).get(office_code, 0)),
            mine or 0,
        )


def approved_visitors(store: LocalStore, inmate_id: str) -> list[VisitorRow]:
    with store.sessions() as s:
        return [
            VisitorRow(v.cnic, v.name_en, v.relationship, v.mobile, v.banned)
            for v in s.scalars(
                select(ApprovedVisitor)
                .where(ApprovedVisitor.inmate_id == inmate_id)
                .order_by(ApprovedVisitor.name_en)
            )
        ]


def roster(
    store: LocalStore, prison_code: str, day: date, terminal: str | None = None
) -> list[RosterRow]:
    """A prison's visits of one Karachi day, by time and terminal (all statuses)."""
    start, end = to_utc(day, time(0)), to_utc(day + timedelta(days=1), time(0))
    query = (
        select(VisitBooking, VisitSlot, Inmate)
        .join(VisitSlot, VisitSlot.id == VisitBooking.slot_id)
        .join(Inmate, Inmate.id == VisitBooking.inmate_id)
        .where(
            VisitSlot.prison_code == prison_code,
            VisitSlot.starts_at >= start,
            VisitSlot.starts_at < end,
        )
        .order_by(VisitSlot.starts_at, VisitSlot.terminal, VisitBooking.booking_no)
    )
    if terminal:
        query = query.where(VisitSlot.terminal == terminal)
    with store.sessions() as s:
        return [
            RosterRow(
                b.id,
                b.booking_no,
                local_time(slot.starts_at),
                slot.terminal,
                i.inmate_no,
                i.name_en,
                b.lead_visitor_cnic,
                len(b.visitors or []),
                b.status,
            )
            for b, slot, i in s.execute(query).tuples()
        ]


def now_utc() -> datetime:
    return datetime.now(UTC)
