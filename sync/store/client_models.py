"""Tables only the desktop's local store has: the outbox, pre-images of rows that
pending commands touched (for rebase), and small sync facts (cursor, device id).

They live in their own metadata so the server's schema never carries them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.models.base import NAMING, UtcDateTime


class ClientBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class OutboxCommand(ClientBase):
    """A command run locally, in device order, with the server's answer once known.

    state: pending (not yet answered), applied, rejected, conflict, dismissed (an
    operator has seen a rejection and let it go; it is kept, never deleted).
    """

    __tablename__ = "outbox"
    device_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    command_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    args: Mapped[dict[str, Any]]
    base_versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor: Mapped[str] = mapped_column(String(60))
    client_time: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    touched: Mapped[list[Any]] = mapped_column(default=list)
    answer: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    local_error: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]


class ShadowRow(ClientBase):
    """The server's state of a row that a pending command changed locally.

    `data` is None when the row does not exist on the server (a pending create).
    A pull writes server changes here instead of over the pending local row; rebase
    restores these and replays the pending commands on top (DESIGN.md principle 3).
    """

    __tablename__ = "shadow_rows"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class SyncFact(ClientBase):
    """Key/value facts: device_id, device_no, token-less server URL, pull cursor..."""

    __tablename__ = "sync_facts"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
