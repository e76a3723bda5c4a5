"""Bulk loading helpers: build secondary indexes after the rows are in.

Inserting half a million rows into tables whose indexes are keyed by random values
(CNIC, names) costs several times more than inserting and then sorting once to build
each index (DESIGN.md "Measured limits").
"""

from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Iterator

from sqlalchemy import Engine


@contextmanager
def indexes_built_after(engine: Engine, tables: list[str], *, unique: bool = True,
                        lock: AbstractContextManager[Any] | None = None) -> Iterator[None]:
    """Drop the secondary indexes of `tables` (the unique ones too unless
    `unique=False`) and recreate them on exit, also when the body fails. `lock` (the
    store's write lock) is held while dropping and while building."""
    marks = ", ".join("?" for _ in tables)
    with lock or nullcontext(), engine.begin() as conn:
        saved = [(name, sql) for name, sql in conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})", tuple(tables))
            if unique or not sql.lstrip().upper().startswith("CREATE UNIQUE")]
        for name, _ in saved:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with lock or nullcontext(), engine.begin() as conn:
            for _, sql in saved:
                conn.exec_driver_sql(sql)
