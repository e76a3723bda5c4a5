"""Copying reference data from `resources/reference/` into a database's reference tables.

Run on every start of the server and of a local store, so a newer file (shipped in an
update or synced from the server) reaches the tables without a migration.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Connection, delete, insert

from domain import reference
from domain.models import District, Office, Prison, Tehsil


def _prison_rules(prison: reference.Prison) -> dict[str, Any]:
    data = dataclasses.asdict(prison)
    for key in ("code", "name_en", "name_ur", "district_code", "kind"):
        data.pop(key, None)
    data["closed_dates"] = [d.isoformat() for d in prison.closed_dates]
    data["slot_template"] = [dict(slot, start=slot["start"].strftime("%H:%M"))
                             for slot in data["slot_template"]]
    return data


def fill_reference_tables(conn: Connection) -> None:
    """Replace the rows of the four reference tables with the files' contents."""
    districts = reference.districts()
    rows: list[tuple[type[Any], list[dict[str, Any]]]] = [
        (District, [{"code": d.code, "name_en": d.name_en, "name_ur": d.name_ur,
                     "division": d.division} for d in districts]),
        (Tehsil, [{"code": t.code, "district_code": d.code, "name_en": t.name_en,
                   "name_ur": t.name_ur} for d in districts for t in d.tehsils]),
        (Office, [{"code": o.code, "kind": o.kind, "district_code": o.district_code,
                   "tehsil_code": o.tehsil_code, "name_en": o.name_en, "name_ur": o.name_ur,
                   "series_prefix": o.series_prefix} for o in reference.offices()]),
        (Prison, [{"code": p.code, "district_code": p.district_code, "kind": p.kind,
                   "name_en": p.name_en, "name_ur": p.name_ur, "rules": _prison_rules(p)}
                  for p in reference.prisons()]),
    ]
    for model, _ in reversed(rows):
        conn.execute(delete(model))
    for model, values in rows:
        if values:
            conn.execute(insert(model), values)
