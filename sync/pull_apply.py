"""Writing a pulled page into the local store without losing pending work.

A row that a pending command changed has a shadow (its server pre-image): the pull
updates the shadow, never the local row, so work not yet pushed is not overwritten by
a download (the ODK/CommCare failure DESIGN.md lists); rebase then replays it on top.

Pages arrive in change order, but a parent changed later than its child comes after
it, so foreign keys are checked once the feed is read to its end, not per page.

A pulled row may carry a unique value (an application number, a booking number) that
a local row of another id still holds: work of this desk that the server rejected
for that very clash and that rebase has not yet taken away, or work still pending
that the server will reject. Such a local row is moved aside (its shadow, if any,
stays, so rebase restores and replays it); the server's row is written. A clashing
row without a shadow can only be a stale copy whose own change comes later in the
feed. This path costs nothing until a page actually clashes.
"""

from __future__ import annotations

import base64
import functools
import logging
from typing import Any

import orjson
from sqlalchemy import Connection, Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from domain.models import SYNCED_MODELS, SYNCED_TABLES
from domain.models.base import table_of
from sync.protocol import PullPage, TablePage
from sync.wire import binary_columns

log = logging.getLogger(__name__)
_ORDER = [m.__tablename__ for m in SYNCED_MODELS]
_CHUNK = 400  # keys per lookup, well under SQLite's bound-parameter limit


@functools.lru_cache(maxsize=256)
def _upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    return (
        f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}'
    )


def shadowed_keys(conn: Connection) -> set[tuple[str, str]]:
    return {(t, i) for t, i in conn.exec_driver_sql("SELECT table_name, row_id FROM shadow_rows")}


def apply_page(conn: Connection, page: PullPage, shadowed: set[tuple[str, str]]) -> int:
    """Write one page inside the caller's transaction; returns rows written."""
    written = 0
    for table in _ORDER:
        part = page["tables"].get(table)
        if not part or not (part["rows"] or part.get("packed")):
            continue
        if table not in SYNCED_TABLES:
            continue
        columns = part["columns"]
        binary = [i for i in binary_columns(table_of(SYNCED_TABLES[table])) if i < len(columns)]
        packed = part.get("packed")
        if packed is not None:
            if not (binary or shadowed or part["rows"]) and _reads_jsonb(conn):
                written += _upsert_packed(conn, table, columns, packed, shadowed)
                continue
            unpack_rows(part)
        rows = part["rows"]
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
            _upsert(conn, table, columns, rows, shadowed)
        written += len(part["rows"])
    for table, row_id in page.get("deleted", []):
        if (table, row_id) in shadowed:
            conn.exec_driver_sql(
                "UPDATE shadow_rows SET data = NULL WHERE table_name = ? AND row_id = ?",
                (table, row_id),
            )
        elif table in SYNCED_TABLES:
            conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
        written += 1
    return written


def _upsert(
    conn: Connection,
    table: str,
    columns: list[str],
    rows: list[list[Any]],
    shadowed: set[tuple[str, str]],
) -> None:
    """One `executemany` on the DBAPI cursor of the caller's transaction, binding the
    rows as the lists they were parsed into: SQLAlchemy's `exec_driver_sql` wants a
    tuple per row, and copying 1.2 million rows into tuples (and the collector's
    passes over them) cost a bootstrap seconds."""
    sql = _upsert_sql(table, tuple(columns))
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        try:
            with conn.begin_nested():
                cursor.executemany(sql, rows)
        except (IntegrityError, conn.dialect.dbapi.IntegrityError):  # type: ignore[union-attr]
            _move_aside_clashing(conn, table, columns, rows, shadowed)
            cursor.executemany(sql, rows)
    finally:
        cursor.close()


def unpack_rows(part: TablePage) -> list[list[Any]]:
    """The rows of a table's packed lines (`TablePage.packed`), parsed into its `rows`."""
    for line in part.pop("packed", None) or ():
        part["rows"].extend(orjson.loads(line)["rows"])
    return part["rows"]


#: `jsonb_each` and `->>` on its values: SQLite 3.45 (the SQLCipher of the store has it).
_JSONB = (3, 45, 0)


def _reads_jsonb(conn: Connection) -> bool:
    dbapi = conn.dialect.dbapi
    return tuple(getattr(dbapi, "sqlite_version_info", ())) >= _JSONB


@functools.lru_cache(maxsize=256)
def _packed_upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    """An upsert of the rows of one JSON line (`{"table": ..., "rows": [[...], ...]}`,
    bound as its bytes), read by SQLite itself: the line parsed once into JSONB and
    each row's values taken out by position. `WHERE true` tells SQLite's parser the
    ON CONFLICT belongs to the INSERT, not to a join of the SELECT."""
    cols = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f"value ->> {i}" for i in range(len(columns)))
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    return (
        f'INSERT INTO "{table}" ({cols}) SELECT {values} '
        f"FROM jsonb_each(CAST(? AS TEXT), '$.rows') WHERE true "
        f"ON CONFLICT(id) DO UPDATE SET {updates}"
    )


def _upsert_packed(
    conn: Connection,
    table: str,
    columns: list[str],
    lines: list[bytes],
    shadowed: set[tuple[str, str]],
) -> int:
    """Upsert a table's packed lines without making a Python object per row or value;
    returns the rows written. A bootstrap spent most of its time binding 1.2 million
    parsed rows value by value (and passing Python's GIL to and fro for each row):
    SQLite reads the lines itself in one statement each, without the GIL, and the
    desk keeps no parsed page in memory. A line SQLite refuses (a unique value held by
    a local row of another id, JSON it cannot read) goes the way of parsed rows
    (`_upsert`), which moves clashing rows aside or says what is wrong."""
    sql = _packed_upsert_sql(table, tuple(columns))
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    written = 0
    try:
        with conn.begin_nested():
            for line in lines:
                cursor.execute(sql, (line,))
                written += cursor.rowcount
        return written
    except (IntegrityError, conn.dialect.dbapi.Error):  # type: ignore[union-attr]
        pass
    finally:
        cursor.close()
    rows = unpack_rows({"columns": columns, "rows": [], "packed": lines})
    _upsert(conn, table, columns, rows, shadowed)
    return len(rows)


def unique_keys(table: Table) -> list[list[str]]:
    """Column lists of the unique indexes and constraints of a table (not the key)."""
    keys = [[c.name for c in i.columns] for i in table.indexes if i.unique]
    keys += [
        [c.name for c in u.columns] for u in table.constraints if isinstance(u, UniqueConstraint)
    ]
    return keys


def _move_aside_clashing(
    conn: Connection,
    table: str,
    columns: list[str],
    rows: list[list[Any]],
    shadowed: set[tuple[str, str]],
) -> None:
    """Delete local rows of another id that hold a unique value of the pulled rows."""
    id_at = columns.index("id")
    for key in unique_keys(table_of(SYNCED_TABLES[table])):
        if not all(c in columns for c in key):
            continue
        at = [columns.index(c) for c in key]
        incoming = {tuple(r[i] for i in at): r[id_at] for r in rows}
        wanted = [v for v in incoming if None not in v]
        cols = ", ".join(f'"{c}"' for c in key)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            if len(key) == 1:
                where, params = (
                    f'"{key[0]}" IN ({",".join("?" * len(chunk))})',
                    [v[0] for v in chunk],
                )
            else:
                marks = ",".join("(" + ",".join("?" * len(key)) + ")" for _ in chunk)
                where, params = f"({cols}) IN (VALUES {marks})", [x for v in chunk for x in v]
            found = conn.exec_driver_sql(
                f'SELECT id, {cols} FROM "{table}" WHERE {where}', tuple(params)
            ).all()
            for local_id, *values in found:
                if incoming.get(tuple(values)) not in (None, local_id):
                    log.warning(
                        "%s %s holds %s=%s that the server gave to %s; moved aside (%s)",
                        table,
                        local_id,
                        key,
                        values,
                        incoming[tuple(values)],
                        "pending work, rebase replays it"
                        if (table, local_id) in shadowed
                        else "stale copy",
                    )
                    conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE id = ?', (local_id,))


def _update_shadows(
    conn: Connection, table: str, columns: list[str], rows: list[list[Any]], binary: list[int]
) -> None:
    updates = []
    for row in rows:
        data = dict(zip(columns, row))
        for i in binary:
            if row[i] is not None:
                data[columns[i]] = {"b64": base64.b64encode(row[i]).decode()}
        updates.append((orjson.dumps(data).decode(), table, data["id"]))
    conn.exec_driver_sql(
        "UPDATE shadow_rows SET data = ? WHERE table_name = ? AND row_id = ?", updates
    )


class WrittenRows:
    """What one pull wrote, so that the foreign-key check at its end looks at those
    rows only: `PRAGMA foreign_key_check` over the whole store reads every row (~70 ms
    per 100,000 applications), which an idle round cannot afford."""

    def __init__(self, per_table_limit: int = 20_000):
        self.limit = per_table_limit
        self.ids: dict[str, set[str]] = {}
        self.whole: set[str] = set()  # tables with so many rows written: check them whole
        self.deleted: dict[str, set[str]] = {}

    def add(self, page: PullPage) -> None:
        for table, part in page["tables"].items():
            if table in self.whole:
                continue
            if part.get("packed"):  # ids not at hand: a bulk load, checked whole
                self.whole.add(table)
                self.ids.pop(table, None)
                continue
            if not part["rows"]:
                continue
            id_at = part["columns"].index("id")
            ids = self.ids.setdefault(table, set())
            ids.update(r[id_at] for r in part["rows"])
            if len(ids) > self.limit:
                self.whole.add(table)
                del self.ids[table]
        for table, row_id in page.get("deleted", []):
            self.deleted.setdefault(table, set()).add(row_id)

    def __bool__(self) -> bool:
        return bool(self.ids or self.whole or self.deleted)


def foreign_key_problems(
    conn: Connection, written: WrittenRows | None = None
) -> list[tuple[Any, ...]]:
    """Rows whose parent is missing: (table, id or rowid, parent table, column or fk
    number). With `written`, only the rows a pull wrote and the children of the rows
    it deleted are checked; without, the whole store."""
    if written is None:
        return [tuple(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    problems: list[tuple[Any, ...]] = []
    for table in sorted(written.whole):
        problems += [tuple(r) for r in conn.exec_driver_sql(f'PRAGMA foreign_key_check("{table}")')]
    for table, ids in written.ids.items():
        model = SYNCED_TABLES.get(table)
        if model is None:
            continue
        for fk in model.__table__.foreign_keys:
            col, parent = fk.parent.name, fk.column.table.name
            problems += _orphans(
                conn,
                f"SELECT t.id, '{table}', '{parent}', '{col}' "
                f'FROM "{table}" t WHERE t."{col}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM "{parent}" p WHERE p.id = t."{col}") AND t.id IN ',
                sorted(ids),
            )
    for parent, ids in written.deleted.items():
        for model in SYNCED_MODELS:
            for fk in model.__table__.foreign_keys:
                if fk.column.table.name == parent:
                    table, col = model.__tablename__, fk.parent.name
                    problems += _orphans(
                        conn,
                        f"SELECT id, '{table}', '{parent}', '{col}' "
                        f'FROM "{table}" WHERE "{col}" IN ',
                        sorted(ids),
                    )
    return problems


def _orphans(conn: Connection, sql: str, ids: list[str]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found += [
            tuple(r)
            for r in conn.exec_driver_sql(
                sql + "(" + ",".join("?" * len(chunk)) + ")", tuple(chunk)
            )
        ]
    return found
