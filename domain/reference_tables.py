"""Copying reference data from `resources/reference/` into a database's reference tables.

Run on every start of the server and of a local store, so a newer file (shipped in an
update or synced from the server) reaches the tables without a migration.

Rows are upserted, not deleted and re-inserted: several server workers starting at
once each run this, and on PostgreSQL a delete-and-insert would make them collide on
primary keys. Rows whose code left the files are deleted afterwards.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Connection, Table, delete, insert

from domain import reference
from domain.models import District, Office, Prison, Tehsil


def _prison_rules(prison: reference.Prison) -> dict[str, Any]:
    data = dataclasses.asdict(prison)
    for key in ("code", "name_en", "name_ur", "district_code", "kind"):
        data.pop(key, None)
    data["closed_dates"] = [d.isoformat() for d in prison.closed_dates]
    data["slot_template"] = [
        dict(slot, start=slot["start"].strftime("%H:%M")) for slot in data["slot_template"]
    ]
    data["extra_slots"] = [
        dict(extra, on=extra["on"].isoformat(), start=extra["start"].strftime("%H:%M"))
        for extra in data["extra_slots"]
    ]
    return data


def reference_rows() -> list[tuple[Table, list[dict[str, Any]]]]:
    """The four reference tables with the rows the files give them, parents first."""
    districts = reference.districts()
    return [
        (
            District.__table__,
            [
                {
                    "code": d.code,
                    "name_en": d.name_en,
                    "name_ur": d.name_ur,  # type: ignore[list-item]
                    "division": d.division,
                }
                for d in districts
            ],
        ),
        (
            Tehsil.__table__,
            [
                {
                    "code": t.code,
                    "district_code": d.code,
                    "name_en": t.name_en,  # type: ignore[list-item]
                    "name_ur": t.name_ur,
                }
                for d in districts
                for t in d.tehsils
            ],
        ),
        (
            Office.__table__,
            [
                {
                    "code": o.code,
                    "kind": o.kind,
                    "district_code": o.district_code,  # type: ignore[list-item]
                    "tehsil_code": o.tehsil_code,
                    "name_en": o.name_en,
                    "name_ur": o.name_ur,
                    "series_prefix": o.series_prefix,
                }
                for o in reference.offices()
            ],
        ),
        (
            Prison.__table__,
            [
                {
                    "code": p.code,
                    "district_code": p.district_code,
                    "kind": p.kind,  # type: ignore[list-item]
                    "name_en": p.name_en,
                    "name_ur": p.name_ur,
                    "rules": _prison_rules(p),
                }
                for p in reference.prisons()
            ],
        ),
    ]


def _upsert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    else:
        conn.execute(delete(table).where(table.c.code.in_([r["code"] for r in rows])))
        conn.execute(insert(table), rows)
        return
    stmt = dialect_insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.code],
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != "code"},
    )
    conn.execute(stmt, rows)


def fill_reference_tables(conn: Connection) -> None:
    """Make the four reference tables hold exactly the files' contents."""
    tables = reference_rows()
    for table, rows in tables:
        if rows:
            _upsert(conn, table, rows)
    for table, rows in reversed(tables):  # children first: tehsils refer to districts
        conn.execute(delete(table).where(table.c.code.not_in([r["code"] for r in rows])))
