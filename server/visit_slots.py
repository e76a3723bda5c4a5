"""The server makes each prison's visit slots from its weekly template (issue 18).

Run once a day (`daftar server --generate-visit-slots`, and at every server start) for
the booking window ahead. Idempotent: a slot's id comes from prison, terminal and
start (`domain.visit_slots.slot_id`), so a second run finds every slot made and writes
nothing. Slots are written through a tracked session, so they are numbered into the
change feed and reach desks by the ordinary pull.

A change of configuration never drops a booked slot silently:
- a slot that left the template (or whose date was closed) is closed to new bookings;
  its live bookings are kept and listed in the report for staff to move or cancel
  (cancel_visit tells the family);
- a smaller capacity never goes below the seats already booked; the bookings beyond the
  new capacity are listed the same way.
Slots opened by hand (`open_visit_slot`, random ids) are never touched.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from domain import reference
from domain.ids import utcnow
from domain.models import Inmate, VisitBooking, VisitSlot
from domain.visit_slots import PlannedSlot, plan_prison, slot_id, to_utc, window_days

log = logging.getLogger(__name__)
#: The office code rows made by the server itself carry.
SERVER_OFFICE = "SERVER"
_LIVE = ("booked", "requested")


@dataclass
class AffectedBooking:
    """A booking a configuration change touched: staff move or cancel it."""

    booking_no: str
    prison_code: str
    inmate_no: str
    starts_at: datetime
    why: str  # "slot_removed" | "capacity_reduced"


@dataclass
class GenerationReport:
    created: int = 0
    updated: int = 0
    closed: int = 0
    affected: list[AffectedBooking] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"Visit slots: {self.created} created, {self.updated} changed, {self.closed} closed."
        ]
        out += [
            f"  booking {a.booking_no} ({a.prison_code} inmate {a.inmate_no}, "
            f"{a.starts_at:%d-%m-%Y %H:%M} UTC): {a.why.replace('_', ' ')}; move or cancel it"
            for a in self.affected
        ]
        return out


def generate_slots(
    sessions: sessionmaker[Session],
    today: date | None = None,
    prison_codes: list[str] | None = None,
) -> GenerationReport:
    """Bring every prison's slots from `today` to the end of its booking window in line
    with its configuration; one transaction.

    What is held is read once as plain tuples (39 prisons' windows are ~5,000 slots);
    ORM objects are made only for slots that are new or change, so a daily run that
    finds everything in place costs one query."""
    today = today or utcnow().date()
    prisons = [reference.prison(c) for c in prison_codes] if prison_codes else reference.prisons()
    report = GenerationReport()
    now = utcnow()
    start = to_utc(today, time(0))
    with sessions() as session, session.begin(), session.no_autoflush:
        held: dict[str, dict[str, _Held]] = {p.code: {} for p in prisons}
        longest = max((window_days(p) for p in prisons), default=0)
        rows = session.execute(
            select(
                VisitSlot.id,
                VisitSlot.prison_code,
                VisitSlot.terminal,
                VisitSlot.starts_at,
                VisitSlot.minutes,
                VisitSlot.capacity,
                VisitSlot.booked,
                VisitSlot.closed,
            ).where(
                VisitSlot.prison_code.in_(list(held)),
                VisitSlot.starts_at >= start,
                VisitSlot.starts_at < to_utc(today + timedelta(days=longest), time(0)),
            )
        )
        for row in rows:
            held[row.prison_code][row.id] = _Held(*row)
        for prison in prisons:
            days = window_days(prison)
            end = to_utc(today + timedelta(days=days), time(0))
            mine = {k: h for k, h in held[prison.code].items() if _utc(h.starts_at) < end}
            _bring_in_line(session, plan_prison(prison, today, days), mine, now, report)
    for line in report.lines()[1:]:
        log.warning("%s", line.strip())
    return report


@dataclass(frozen=True)
class _Held:
    id: str
    prison_code: str
    terminal: str
    starts_at: datetime
    minutes: int
    capacity: int
    booked: int
    closed: bool


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _bring_in_line(
    session: Session,
    plan: list[PlannedSlot],
    held: dict[str, _Held],
    now: datetime,
    report: GenerationReport,
) -> None:
    wanted = set()
    for p in plan:
        wanted.add(p.id)
        h = held.get(p.id)
        if h is None:
            session.add(
                VisitSlot(
                    id=p.id,
                    prison_code=p.prison_code,
                    terminal=p.terminal,
                    starts_at=p.starts_at,
                    minutes=p.minutes,
                    capacity=p.capacity,
                    booked=0,
                    closed=False,
                    seat_quotas={},
                    district_code=p.district_code,
                    office_code=SERVER_OFFICE,
                    created_at=now,
                    updated_at=now,
                    sync_state="synced",
                )
            )
            report.created += 1
            continue
        capacity = max(p.capacity, h.booked)
        if (h.capacity, h.minutes, h.closed) != (capacity, p.minutes, False):
            slot = session.get_one(VisitSlot, h.id)
            if p.capacity < slot.booked:
                _list_bookings(session, slot, "capacity_reduced", report, skip=p.capacity)
            slot.capacity, slot.minutes, slot.closed, slot.updated_at = (
                capacity,
                p.minutes,
                False,
                now,
            )
            report.updated += 1
    for h in held.values():
        if h.id in wanted or h.closed or h.id != slot_id(h.prison_code, h.terminal, h.starts_at):
            continue  # planned, already closed, or opened by hand
        slot = session.get_one(VisitSlot, h.id)
        slot.closed, slot.updated_at = True, now
        report.closed += 1
        if slot.booked:
            _list_bookings(session, slot, "slot_removed", report)


def _list_bookings(
    session: Session, slot: VisitSlot, why: str, report: GenerationReport, skip: int = 0
) -> None:
    rows = session.execute(
        select(VisitBooking.booking_no, Inmate.inmate_no)
        .join(Inmate, Inmate.id == VisitBooking.inmate_id)
        .where(VisitBooking.slot_id == slot.id, VisitBooking.status.in_(_LIVE))
        .order_by(VisitBooking.requested_at)
        .offset(skip)
    )
    report.affected += [
        AffectedBooking(no, slot.prison_code, inmate_no, slot.starts_at, why)
        for no, inmate_no in rows
    ]


DAY_SECONDS = 24 * 60 * 60


#: Set to "0" to serve without making slots (tests that open their own).
ENV_GENERATE = "DAFTAR_GENERATE_VISIT_SLOTS"


def run_daily(engine: Engine) -> threading.Thread | None:
    """Generate now, then once a day, in a daemon thread of the serving process (one
    per server, whatever its number of workers)."""
    from server.db import session_factory

    if os.environ.get(ENV_GENERATE, "1") == "0":
        return None

    sessions = session_factory(engine)

    def loop() -> None:
        while True:
            try:
                generate_slots(sessions)
            except Exception:
                log.exception("Visit slot generation failed; it runs again in a day.")
            threading.Event().wait(DAY_SECONDS)

    thread = threading.Thread(target=loop, name="visit-slots", daemon=True)
    thread.start()
    return thread
