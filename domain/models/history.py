"""What happened to a record, by whom and when, and field conflicts awaiting a person.

Both are synced rows: the history pane and the Conflicts inbox read them locally.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow


class RecordEvent(SyncedRow, Base):
    __tablename__ = "record_events"
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    record_type: Mapped[str] = mapped_column(String(30))
    command: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime]
    summary: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class FieldConflict(SyncedRow, Base):
    """The same field changed on two sides: the server's value stands (`theirs`), the
    losing value (`ours`) is kept here until an operator keeps one or types a third."""

    __tablename__ = "field_conflicts"
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(40))
    theirs: Mapped[Any] = mapped_column(JSON)
    ours: Mapped[Any] = mapped_column(JSON)
    their_author: Mapped[str] = mapped_column(String(60))
    our_author: Mapped[str] = mapped_column(String(60))
    command_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | resolved
    resolution: Mapped[Any | None] = mapped_column(JSON, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(60))
