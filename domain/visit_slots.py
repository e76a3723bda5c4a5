"""Which visit slots a prison should have: its weekly template per terminal, minus
its closed dates, plus its extra slots, over the booking window ahead.

Pure planning, no database: the server (`server.visit_slots`) compares this plan with
the slots it holds. A slot's id is derived from prison, terminal and start, so
planning the same day twice names the same slot (generation is idempotent) and a
slot made on one server worker is the slot another would make.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain import reference

#: Prisons publish their times as Pakistan wall-clock; slots are stored in UTC.
PRISON_TZ = ZoneInfo("Asia/Karachi")
_SLOT_NAMESPACE = uuid.UUID("6f1c3a52-0d7e-4b7a-9a55-1d2f0c9e7a18")


@dataclass(frozen=True)
class PlannedSlot:
    id: str
    prison_code: str
    district_code: str
    terminal: str
    starts_at: datetime  # aware UTC
    minutes: int
    capacity: int


def slot_id(prison_code: str, terminal: str, starts_at: datetime) -> str:
    """The one id a template slot has, whichever worker plans it."""
    return str(uuid.uuid5(_SLOT_NAMESPACE, f"{prison_code}|{terminal}|{starts_at:%Y-%m-%dT%H:%M}"))


def to_utc(day: date, at: time) -> datetime:
    """A Karachi wall-clock time on a day in UTC, as the stores keep times."""
    return datetime.combine(day, at, PRISON_TZ).astimezone(UTC)


def local_time(starts_at: datetime) -> datetime:
    """A stored time (aware, or naive UTC as SQLite returns it) as Karachi wall-clock."""
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=UTC)
    return starts_at.astimezone(PRISON_TZ)


def plan_prison(prison: reference.Prison, first: date, days: int) -> list[PlannedSlot]:
    """The slots `prison` should have on each of `days` days from `first`."""
    closed = set(prison.closed_dates)
    out: list[PlannedSlot] = []
    by_weekday = {wd: prison.slots_on(wd) for wd in range(7)}
    for n in range(days):
        day = first + timedelta(days=n)
        if day in closed:
            continue
        entries = [(t.terminal, t.start, t.minutes, t.capacity) for t in by_weekday[day.weekday()]]
        entries += [
            (e.terminal, e.start, e.minutes, e.capacity) for e in prison.extra_slots if e.on == day
        ]
        for terminal, start, minutes, capacity in entries:
            at = to_utc(day, start)
            out.append(
                PlannedSlot(
                    slot_id(prison.code, terminal, at),
                    prison.code,
                    prison.district_code,
                    terminal,
                    at,
                    minutes,
                    capacity,
                )
            )
    return out


def window_days(prison: reference.Prison) -> int:
    """Days ahead the plan covers: the booking window and today."""
    return prison.booking_window_days + 1
