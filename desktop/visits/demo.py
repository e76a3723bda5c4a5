"""Demo visit data for screenshots and tests: a prison's slots for the booking window
(as the server's generation makes them, some seats leased to this desk), one inmate
with approved visitors, one inmate elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain import reference
from domain.ids import new_id, utcnow
from domain.models import ApprovedVisitor, Inmate, VisitSlot
from domain.visit_slots import plan_prison
from sync.store.local import LocalStore

WIFE, FATHER, STRANGER = "17301-0000001-2", "17301-0000003-1", "17301-0000009-1"


@dataclass(frozen=True)
class DemoVisits:
    inmate_id: str
    leased_day: date


def seed_demo_visits(
    store: LocalStore, prison: reference.Prison, today: date, leased_day_offset: int = 3
) -> DemoVisits:
    office = store.identity().office_code
    now = utcnow()
    common = {
        "district_code": prison.district_code,
        "office_code": "DC-PSH",
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "sync_state": "synced",
    }
    inmate_id = new_id()
    leased_day = today + timedelta(days=leased_day_offset)
    with store.sessions.begin() as s:
        for p in plan_prison(prison, today, prison.booking_window_days + 1):
            leased = {office: 1} if (p.starts_at.date() - today).days == leased_day_offset else {}
            s.add(
                VisitSlot(
                    id=p.id,
                    prison_code=p.prison_code,
                    terminal=p.terminal,
                    starts_at=p.starts_at,
                    minutes=p.minutes,
                    capacity=p.capacity,
                    booked=0,
                    closed=False,
                    seat_quotas=leased,
                    **common,
                )
            )
        s.add(
            Inmate(
                id=inmate_id,
                prison_code=prison.code,
                inmate_no="CP-4471",
                name_en="Gul Khan",
                name_ur="گل خان",
                father_name_en="Sher Khan",
                status="held",
                **common,
            )
        )
        s.add(
            Inmate(
                id=new_id(),
                prison_code="CP-MRD",
                inmate_no="MR-9",
                name_en="Other Man",
                father_name_en="Someone",
                status="held",
                **{**common, "district_code": "MRD"},
            )
        )
        for cnic, name, rel in ((WIFE, "Zainab Bibi", "wife"), (FATHER, "Sher Khan", "father")):
            s.add(
                ApprovedVisitor(
                    id=new_id(),
                    inmate_id=inmate_id,
                    cnic=cnic.replace("-", ""),
                    name_en=name,
                    relationship=rel,
                    mobile="03001234567",
                    **common,
                )
            )
    return DemoVisits(inmate_id, leased_day)
