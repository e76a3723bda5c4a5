"""Identifiers and clocks.

Ids are UUIDv7 made by whoever creates the row (device or server): time-ordered, so
inserts land at the end of the primary-key index, which keeps bulk loads fast.
Times are stored in UTC and shown in Asia/Karachi.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import uuid_utils

KARACHI = ZoneInfo("Asia/Karachi")


def new_id() -> str:
    """A fresh UUIDv7 as its canonical 36-character string."""
    return str(uuid_utils.uuid7())


def utcnow() -> datetime:
    """Aware current time in UTC, truncated to microseconds."""
    return datetime.now(timezone.utc)


def to_karachi(moment: datetime) -> datetime:
    """Convert an aware (or naive-UTC, as SQLite returns it) datetime to Karachi time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(KARACHI)


def parse_utc(text: str) -> datetime:
    """Parse an ISO timestamp from command arguments; naive values are taken as UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
