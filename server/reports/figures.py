"""Refreshing `report_figures`: the dashboard's rows, written through the change feed.

Run after seeding, after a payment run and after pushes (`daftar-server refresh-figures`,
or `refresh(engine)` from a job). It recomputes the figures of the districts asked for
(`domain.figures.compute`, a few GROUP BYs in a read-only transaction, so pushes are not
held up), folds them into one row per district and office day (`domain.models.reports`)
and writes only the rows whose figures changed, each with a fresh change number and
change-index entry, so a desk's next pull brings exactly the days that moved. A day
whose figures fell to nothing is kept with zeros (desks keep their copy consistent
without tombstones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, bindparam, insert, select, update

from domain.figures import compute
from domain.ids import utcnow
from domain.models.base import table_of
from domain.models.reports import COLUMNS, ReportFigure, figure_id, fold
from server.changes import allocate, upsert_index
from server.db import read_only
from server.heads import notify_reset

_CHUNK = 5000
_EMPTY = dict.fromkeys(COLUMNS, 0)


@dataclass(frozen=True)
class RefreshReport:
    computed: int  # rows (district days) in scope after the refresh
    written: int  # rows inserted or changed (each a change desks will pull)


def refresh(engine: Engine, districts: Sequence[str] | None = None) -> RefreshReport:
    """Recompute and store the figures of `districts` (every district when None)."""
    table = table_of(ReportFigure)
    with read_only(engine).connect() as conn:  # the GROUP BYs hold no write lock
        figures = fold(compute(conn, districts))
    with engine.begin() as conn:
        stmt = select(table.c.district_code, table.c.day, *(table.c[c] for c in COLUMNS))
        if districts is not None:
            stmt = stmt.where(table.c.district_code.in_(list(districts)))
        stored: dict[tuple[str, date], dict[str, int]] = {}
        for code, day, *values in conn.execute(stmt):
            d = day if isinstance(day, date) else date.fromisoformat(str(day))
            stored[(code, d)] = dict(zip(COLUMNS, map(int, values)))
        new = [(k, v) for k, v in figures.items() if k not in stored]
        changed = [
            (k, figures.get(k, _EMPTY))
            for k, old in stored.items()
            if figures.get(k, _EMPTY) != old
        ]
        n = len(new) + len(changed)
        if n:
            first = allocate(conn, n)
            now = utcnow()
            rows = [
                {
                    "id": figure_id(*k),
                    "version": first + i,
                    "district_code": k[0],
                    "office_code": k[0],
                    "created_at": now,
                    "updated_at": now,
                    "sync_state": "synced",
                    "day": k[1],
                    **v,
                }
                for i, (k, v) in enumerate(new)
            ]
            for start in range(0, len(rows), _CHUNK):
                conn.execute(insert(table), rows[start : start + _CHUNK])
            moved = [
                {
                    "b_id": figure_id(*k),
                    "b_version": first + len(new) + i,
                    "b_now": now,
                    **{f"b_{c}": v[c] for c in COLUMNS},
                }
                for i, (k, v) in enumerate(changed)
            ]
            if moved:
                conn.execute(
                    update(table)
                    .where(table.c.id == bindparam("b_id"))
                    .values(
                        version=bindparam("b_version"),
                        updated_at=bindparam("b_now"),
                        **{c: bindparam(f"b_{c}") for c in COLUMNS},
                    ),
                    moved,
                )
            entries = [
                {
                    "table_name": table.name,
                    "row_id": figure_id(*k),
                    "seq": first + i,
                    "district_code": k[0],
                    "deleted": False,
                }
                for i, (k, _v) in enumerate(new + changed)
            ]
            for start in range(0, len(entries), _CHUNK):
                upsert_index(conn, entries[start : start + _CHUNK])
            if conn.dialect.name == "postgresql":
                notify_reset(conn)  # every worker rereads its feed heads
    return RefreshReport(computed=len(figures), written=n)
