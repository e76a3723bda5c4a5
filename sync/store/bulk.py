"""Bulk loading helpers: build secondary indexes after the rows are in.

Inserting half a million rows into tables whose indexes are keyed by random values
(CNIC, names) costs several times more than inserting and then sorting once to build
each index (DESIGN.md "Measured limits").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine

from sync.store import search_index


@contextmanager
def _transaction(target: Engine | Connection) -> Iterator[Connection]:
    if isinstance(target, Engine):
        with target.begin() as conn:
            yield conn
    else:
        with target.begin():
            yield target


@contextmanager
def indexes_built_after(
    target: Engine | Connection,
    tables: list[str],
    *,
    unique: bool = True,
    lock: AbstractContextManager[Any] | None = None,
) -> Iterator[None]:
    """Drop the secondary indexes of `tables` (the unique ones too unless
    `unique=False`) and recreate them on exit, also when the body fails. `target` is
    an engine, or the connection to build them on (e.g. one with a big page cache);
    `lock` (the store's write lock) is held while dropping and while building. The
    full-text search index's triggers are dropped too, and its rows are noted to be
    built again in the background (`search_index.defer_rebuild`)."""
    marks = ", ".join("?" for _ in tables)
    searched = False
    with lock or nullcontext(), _transaction(target) as conn:
        # The search index's triggers would run per row: off, and the index rebuilt later.
        searched = bool(set(tables) & set(search_index.SOURCE_TABLES)) and search_index.exists(conn)
        if searched:
            search_index.drop_triggers(conn)
        saved = [
            (name, sql)
            for name, sql in conn.exec_driver_sql(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks}) ORDER BY tbl_name, rowid",
                tuple(tables),
            )
            if unique or not sql.lstrip().upper().startswith("CREATE UNIQUE")
        ]
        for name, _ in saved:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with lock or nullcontext(), _transaction(target) as conn:
            for _, sql in saved:
                conn.exec_driver_sql(sql)
            if searched:
                search_index.defer_rebuild(conn)
                search_index.create_triggers(conn)
