"""Watching what a local command writes: pre-images for rebase, rows marked pending.

Local commands run with autoflush off, so when the single flush at the end begins,
the database still holds the rows as they were before the command; that is the
moment to keep the server's version of each row (DESIGN.md principle 3).
"""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from domain.models import SyncedRow
from sync.store.client_models import ShadowRow


def raw_row(session: Session, table: str, row_id: str) -> dict[str, Any] | None:
    """A row exactly as SQLite stores it (dates as text, JSON as text), bytes as base64."""
    result = session.connection().exec_driver_sql(
        f'SELECT * FROM "{table}" WHERE id = ?', (row_id,)
    )
    row = result.fetchone()
    if row is None:
        return None
    data = dict(zip(result.keys(), row))
    for key, value in data.items():
        if isinstance(value, (bytes, memoryview)):
            data[key] = {"b64": base64.b64encode(bytes(value)).decode()}
    return data


class WriteTracker:
    """Collects the rows one command touches; keeps a shadow of each on first touch."""

    def __init__(self, session: Session):
        self.session = session
        self.touched: dict[tuple[str, str], None] = {}
        self.base_versions: dict[str, int] = {}
        event.listen(session, "before_flush", self._before_flush)

    def close(self) -> None:
        event.remove(self.session, "before_flush", self._before_flush)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in [*session.new, *session.dirty, *session.deleted]:
            if not isinstance(obj, SyncedRow):
                continue
            if obj in session.dirty and not session.is_modified(obj):
                continue
            table = obj.__tablename__
            key = (table, obj.id)
            if key in self.touched:
                continue
            self.touched[key] = None
            if obj not in session.new:
                self.base_versions[f"{table}:{obj.id}"] = inspect(obj).attrs.version.loaded_value
            if session.get(ShadowRow, key) is None:
                session.add(
                    ShadowRow(
                        table_name=table,
                        row_id=obj.id,
                        data=None if obj in session.new else raw_row(session, table, obj.id),
                    )
                )
            if obj not in session.deleted:
                obj.sync_state = "pending"
