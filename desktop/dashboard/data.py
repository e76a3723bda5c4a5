"""The dashboard's figures for a filter (districts, date range), read off the GUI thread.

Two sources, one shape. Online, the desk sums the `report_figures` rows the server
computed for its scope and sent through the pull. Offline (or before the first rows
arrive) it computes the same figures from its own records with the same code the server
uses (`domain.figures.compute`) and says they are "as of" the last sync. Reports use this
module too, so a report's totals equal the dashboard's for the same filter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, func, select

from domain.figures import compute, office_day
from domain.models import Mutation, ReportFigure, VisitBooking, VisitSlot
from domain.models.reports import COLUMNS, STATUS_COLUMNS, STATUS_PREFIX

Source = Literal["server", "desk"]
OPEN_MUTATIONS = ("recorded", "returned", "verified")


@dataclass(frozen=True)
class Filter:
    districts: tuple[str, ...]
    start: date | None = None
    end: date | None = None

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass
class Figures:
    """Totals, per district, per day; `statuses` is applications by status."""

    source: Source
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    per_district: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    daily: dict[date, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    backlog: dict[str, dict[date, int]] = field(default_factory=dict)  # tehsil -> week -> open
    visits: dict[str, dict[date, int]] = field(default_factory=dict)  # prison -> week -> visits
    as_of: datetime | None = None
    #: Why the desk counted its own records: "offline", or "no_rows" when online but
    #: the server has sent no figures yet (a new desk before its first full pull).
    why_desk: Literal["offline", "no_rows", ""] = ""

    def total(self, metric: str) -> int:
        return int(self.totals.get(metric, 0))

    def add(self, code: str, day: date, metric: str, value: int) -> None:
        if metric.startswith(STATUS_PREFIX):
            self.statuses[metric[len(STATUS_PREFIX) :]] += value
            return
        self.totals[metric] += value
        self.per_district[code][metric] += value
        self.daily[day][metric] += value


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


CHART_METRICS = (
    "collected_paisa",
    "in_process_paisa",
    "applications_received",
    "vouchers_generated",
)


def _rows_in(flt: Filter) -> tuple[Any, list[ColumnElement[bool]]]:
    t = ReportFigure.__table__
    cond: list[ColumnElement[bool]] = [t.c.district_code.in_(flt.districts)]
    if flt.start is not None:
        cond.append(t.c.day >= flt.start)
    if flt.end is not None:
        cond.append(t.c.day <= flt.end)
    return t, cond


def server_figures(conn: Connection, flt: Filter, *, daily: bool = True) -> Figures | None:
    """The pulled rows (one per district and day) summed for the filter in one GROUP
    BY; None when the desk has none yet. `daily` adds the per-day sums of the charted metrics
    (the charts' second step)."""
    t, cond = _rows_in(flt)
    totals = conn.execute(
        select(t.c.district_code, *(func.sum(t.c[c]) for c in COLUMNS))
        .where(*cond)
        .group_by(t.c.district_code)
    ).all()
    if not totals and conn.execute(select(t.c.id).limit(1)).first() is None:
        return None
    out = Figures("server")
    statuses = {column: status for status, column in STATUS_COLUMNS.items()}
    for code, *values in totals:
        for column, value in zip(COLUMNS, values):
            n = int(value or 0)
            if column in statuses:
                if n:
                    out.statuses[statuses[column]] += n
            else:
                out.totals[column] += n
                out.per_district[code][column] += n
    if daily:
        add_daily(conn, flt, out)
    return out


def add_daily(conn: Connection, flt: Filter, figures: Figures) -> None:
    """Per-day sums of the charted metrics, over the filter's districts."""
    t, cond = _rows_in(flt)
    for day, *values in conn.execute(
        select(t.c.day, *(func.sum(t.c[m]) for m in CHART_METRICS)).where(*cond).group_by(t.c.day)
    ):
        per = figures.daily[_day(day)]
        for metric, value in zip(CHART_METRICS, values):
            per[metric] += int(value or 0)


def desk_figures(conn: Connection, flt: Filter) -> Figures:
    """The same figures computed from the desk's own records."""
    out = Figures("desk")
    for (code, day, metric), value in compute(conn, flt.districts).items():
        if flt.holds(day):
            out.add(code, day, metric, value)
    return out


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def backlog_per_tehsil(conn: Connection, flt: Filter) -> dict[str, dict[date, int]]:
    """Open mutations (recorded, returned, verified) per tehsil, by the week recorded."""
    M = Mutation
    out: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    stmt = (
        select(M.tehsil_code, M.mutation_date, func.count())
        .where(M.district_code.in_(flt.districts), M.status.in_(OPEN_MUTATIONS))
        .group_by(M.tehsil_code, M.mutation_date)
    )
    for tehsil, day, n in conn.execute(stmt):
        d = _day(day)
        if flt.holds(d):
            out[tehsil][_week(d)] += n
    return {k: dict(v) for k, v in out.items()}


def visits_per_prison(conn: Connection, flt: Filter) -> dict[str, dict[date, int]]:
    """Visit bookings (not withdrawn or rejected) per prison and week of the slot."""
    B, S = VisitBooking, VisitSlot
    day = office_day(S.starts_at, conn.dialect.name)
    out: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    stmt = (
        select(S.prison_code, day, func.count())
        .select_from(B)
        .join(S, S.id == B.slot_id)
        .where(B.district_code.in_(flt.districts), B.status.not_in(("withdrawn", "rejected")))
        .group_by(S.prison_code, day)
    )
    for prison, d, n in conn.execute(stmt):
        dd = _day(d)
        if flt.holds(dd):
            out[prison][_week(dd)] += n
    return {k: dict(v) for k, v in out.items()}


def load(
    conn: Connection,
    flt: Filter,
    *,
    offline: bool,
    as_of: datetime | None = None,
    extras: bool = True,
) -> Figures:
    """The dashboard's figures: the server's rows when online and present, else the desk's.
    Without `extras`, only the totals (the first figures shown): no per-day series,
    backlog or visits."""
    figures = None if offline else server_figures(conn, flt, daily=extras)
    if figures is None:
        figures = desk_figures(conn, flt)
        figures.why_desk = "offline" if offline else "no_rows"
    figures.as_of = as_of
    if extras:
        figures.backlog = backlog_per_tehsil(conn, flt)
        figures.visits = visits_per_prison(conn, flt)
    return figures
