"""History lines written by commands: who did what to which record, and when."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from domain.commands.context import CommandContext, derived_id
from domain.models import RecordEvent
from domain.models.base import new_row


def log_event(
    ctx: CommandContext,
    *,
    record_id: str,
    record_type: str,
    command: str,
    at: datetime,
    summary: str,
    district_code: str,
    office_code: str | None = None,
    details: dict[str, Any] | None = None,
    n: int = 0,
) -> RecordEvent:
    """One history line (`event_values`), added to the command's session."""
    event = new_row(
        RecordEvent,
        **event_values(
            ctx,
            record_id=record_id,
            record_type=record_type,
            command=command,
            at=at,
            summary=summary,
            district_code=district_code,
            office_code=office_code,
            details=details,
            n=n,
        ),
    )
    ctx.add(event)
    return event


@lru_cache(maxsize=1)
def _summary_limit() -> int:
    """The summary column's length, read once: a column found by name goes through
    SQLAlchemy's `ColumnCollection.__getattr__` (a bulk import writes a line an entry)."""
    return int(RecordEvent.__table__.c.summary.type.length)  # type: ignore[attr-defined]


def event_values(
    ctx: CommandContext,
    *,
    record_id: str,
    record_type: str,
    command: str,
    at: datetime,
    summary: str,
    district_code: str,
    office_code: str | None = None,
    details: dict[str, Any] | None = None,
    n: int = 0,
) -> dict[str, Any]:
    """The values of one history line (a bulk import inserts many at once);
    the summary is cut to its column (it quotes operator text, such
    as a 500-character reason, which PostgreSQL would refuse whole)."""
    longest = _summary_limit()
    if len(summary) > longest:
        summary = summary[: longest - 1] + "…"
    return dict(
        id=derived_id(ctx.command_id, "event", n),
        record_id=record_id,
        record_type=record_type,
        command=command,
        actor=ctx.actor,
        at=at,
        summary=summary,
        details=details or {},
        district_code=district_code,
        office_code=office_code or ctx.office_code,
        created_at=at,
        updated_at=at,
    )
