"""How many requests a worker lets at its database at once; the rest are told to come back.

A worker's connection pool is sized to what it admits (`Settings.max_active`, plus a
few for health checks and payments), so a burst of desks at nine in the morning never
makes the pool open connections by the hundred (each a new PostgreSQL backend
process) nor queue without bound. Up to `max_waiting` requests wait for a turn in
the worker; beyond that the answer is 503 with `Retry-After`, and the desk comes back
after that many seconds, jittered (`sync.transport`), which spreads the burst out.

Runs in the event loop (one thread per worker), so a plain counter and an asyncio
semaphore are enough.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Busy(Exception):
    """Every turn is taken and the queue is full: answer 503 with Retry-After."""

    def __init__(self, retry_after: int):
        super().__init__("busy")
        self.retry_after = retry_after


class Admission:
    """At most `limit` requests inside, at most `waiting` more queued (module docstring)."""

    def __init__(self, limit: int, waiting: int, retry_after: int):
        if limit < 1:
            raise ValueError("the admission limit must be at least 1")
        self.limit = limit
        self.waiting = waiting
        self.retry_after = retry_after
        self._turns = asyncio.Semaphore(limit)
        self._queued = 0
        self.refused = 0

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold one of the worker's turns for the body of the `async with`; raises `Busy`."""
        if self._turns.locked() and self._queued >= self.waiting:
            self.refused += 1
            raise Busy(self.retry_after)
        self._queued += 1
        try:
            await self._turns.acquire()
        finally:
            self._queued -= 1
        try:
            yield
        finally:
            self._turns.release()
