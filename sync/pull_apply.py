"""Writing a pulled page into the local store without losing pending work.

A row that a pending command changed has a shadow (its server pre-image): the pull
updates the shadow, never the local row, so work not yet pushed is not overwritten by
a download (the ODK/CommCare failure DESIGN.md lists); rebase then replays it on top.

Pages arrive in change order, but a parent changed later than its child comes after
it, so foreign keys are checked once the feed is read to its end, not per page.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson
from sqlalchemy import Connection

from domain.models import SYNCED_MODELS, SYNCED_TABLES
from sync.protocol import PullPage
from sync.wire import binary_columns

_ORDER = [m.__tablename__ for m in SYNCED_MODELS]


def _upsert_sql(table: str, columns: list[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    return f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}'


def shadowed_keys(conn: Connection) -> set[tuple[str, str]]:
    return {(t, i) for t, i in conn.exec_driver_sql("SELECT table_name, row_id FROM shadow_rows")}


def apply_page(conn: Connection, page: PullPage, shadowed: set[tuple[str, str]]) -> int:
    """Write one page inside the caller's transaction; returns rows written."""
    written = 0
    for table in _ORDER:
        part = page["tables"].get(table)
        if not part or not part["rows"]:
            continue
        if table not in SYNCED_TABLES:
            continue
        columns = part["columns"]
        rows = part["rows"]
        binary = [i for i in binary_columns(SYNCED_TABLES[table].__table__) if i < len(columns)]
        if binary:
            for row in rows:
                for i in binary:
                    if row[i] is not None:
                        row[i] = base64.b64decode(row[i])
        id_at = columns.index("id")
        if shadowed:
            hidden = [r for r in rows if (table, r[id_at]) in shadowed]
            if hidden:
                rows = [r for r in rows if (table, r[id_at]) not in shadowed]
                _update_shadows(conn, table, columns, hidden, binary)
        if rows:
            conn.exec_driver_sql(_upsert_sql(table, columns), [tuple(r) for r in rows])
        written += len(part["rows"])
    for table, row_id in page.get("deleted", []):
        if (table, row_id) in shadowed:
            conn.exec_driver_sql("UPDATE shadow_rows SET data = NULL WHERE table_name = ? AND row_id = ?",
                                 (table, row_id))
        elif table in SYNCED_TABLES:
            conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
        written += 1
    return written


def _update_shadows(conn: Connection, table: str, columns: list[str], rows: list[list[Any]],
                    binary: list[int]) -> None:
    updates = []
    for row in rows:
        data = dict(zip(columns, row))
        for i in binary:
            if row[i] is not None:
                data[columns[i]] = {"b64": base64.b64encode(row[i]).decode()}
        updates.append((orjson.dumps(data).decode(), table, data["id"]))
    conn.exec_driver_sql("UPDATE shadow_rows SET data = ? WHERE table_name = ? AND row_id = ?", updates)


def foreign_key_problems(conn: Connection) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
