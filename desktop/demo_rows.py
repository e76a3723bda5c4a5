"""Demo applications written straight into a local store, for screenshots, tests and
the desktop benchmark.

The rows come from `domain.demo_data.DemoGenerator` (English and Urdu names, valid
CNICs, plausible dates); they are written with plain SQLAlchemy Core inserts in
batches, as if a sync had brought them. `variety` spreads statuses and sync states so
a screenshot shows what an office's list really looks like.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import JSON, Date, Table, insert

from domain.demo_data import DemoGenerator
from domain.models import LicenceApplication, Person
from domain.models.base import UtcDateTime
from sync.store.local import LocalStore

BATCH = 20_000
_STATUSES = (
    "submitted",
    "voucher_issued",
    "fee_paid",
    "verified",
    "approved",
    "weapon_entered",
    "licence_issued",
    "rejected",
    "cancelled",
)
_SYNC = ("synced",) * 17 + ("pending", "rejected", "conflict")


def _converter(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """DemoGenerator gives storage text for speed; Core wants Python values."""
    kinds: dict[str, str] = {}
    for column in table.columns:
        if isinstance(column.type, UtcDateTime):
            kinds[column.name] = "datetime"
        elif isinstance(column.type, Date):
            kinds[column.name] = "date"
        elif isinstance(column.type, JSON):
            kinds[column.name] = "json"

    def convert(row: dict[str, Any]) -> dict[str, Any]:
        for name, kind in kinds.items():
            value = row.get(name)
            if not isinstance(value, str):
                continue
            if kind == "datetime":
                row[name] = datetime.fromisoformat(value).replace(tzinfo=timezone.utc)
            elif kind == "date":
                row[name] = date.fromisoformat(value)
            else:
                row[name] = json.loads(value)
        return row

    return convert


def insert_demo_applications(
    store: LocalStore,
    n: int,
    *,
    seed: int = 7,
    start: int = 0,
    variety: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `n` applicants and their applications; returns how many were written."""
    gen = DemoGenerator(seed)
    rng = random.Random(seed)
    persons_t: Table = Person.__table__  # type: ignore[assignment]
    apps_t: Table = LicenceApplication.__table__  # type: ignore[assignment]
    person_row, app_row = _converter(persons_t), _converter(apps_t)
    done = 0
    persons: list[dict[str, Any]] = []
    apps: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal done
        if not apps:
            return
        with store.write_lock, store.engine.begin() as conn:
            conn.execute(insert(persons_t), persons)
            conn.execute(insert(apps_t), apps)
        done += len(apps)
        persons.clear()
        apps.clear()
        if progress is not None:
            progress(done)

    for person, app, _voucher in gen.applications(n, start=start):
        if variety:
            app["status"] = rng.choice(_STATUSES)
            app["sync_state"] = rng.choice(_SYNC)
        persons.append(person_row(person))
        apps.append(app_row(app))
        if len(apps) >= BATCH:
            flush()
    flush()
    return done
