"""Counting failed attempts (logins, enrolments) so that guessing is slow.

A throttle key names what failed and from where ("login:user:amina",
"enrol:client:10.0.0.7"). After `limit` failures inside `window`, the key is refused
until the window has passed again, whatever is typed. Counts live in the database
(`throttles`), so every worker process of the server sees the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from domain.ids import utcnow
from server.models import Throttle


@dataclass(frozen=True)
class Limit:
    failures: int = 5
    window: timedelta = timedelta(minutes=15)


def blocked_for(session: Session, keys: Iterable[str]) -> int:
    """Seconds until every one of `keys` may try again (0: now)."""
    now = utcnow()
    wait = 0
    for key in keys:
        row = session.get(Throttle, key)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            wait = max(wait, int((row.blocked_until - now).total_seconds()) + 1)
    return wait


def failed(session: Session, keys: Iterable[str], limit: Limit) -> None:
    """Count one failure against each key (the caller commits)."""
    now = utcnow()
    for key in keys:
        row = session.get(Throttle, key, with_for_update=True)
        if row is None:
            row = Throttle(key=key[:200], failures=0, window_start=now)
            session.add(row)
        if now - row.window_start > limit.window:
            row.failures, row.window_start = 0, now
        row.failures += 1
        if row.failures >= limit.failures:
            row.blocked_until = now + limit.window


def succeeded(session: Session, keys: Iterable[str]) -> None:
    """Forget the failures of these keys (the caller commits)."""
    for key in keys:
        row = session.get(Throttle, key)
        if row is not None:
            session.delete(row)
