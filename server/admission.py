"""How many requests a worker lets at its database at once; the rest are told to come back.

A worker's connection pool is sized to what it admits (`Settings.max_active`, plus a
few for health checks and payments), so a burst of desks at nine in the morning never
makes the pool open connections by the hundred (each a new PostgreSQL backend
process) nor queue without bound. A request waits in the worker for a turn only while
its wait is short: at most `max_waiting` requests queue, and none is queued that would
wait longer than `max_queue_seconds` by the worker's own pace (below). Beyond that the
answer is 503 with `Retry-After`, and the desk comes back after that many seconds,
jittered (`sync.transport`), which spreads the burst out.

Why a bound in seconds and not only in requests: what a queue of 64 costs depends on
the machine. With the load generator (`bench.loadgen`, 300 desks, 2 workers, 2
cores) the answered pushes' p99 was 2.7-3.0 s with only the 64 as the bound, 2.3 s
with 1 s as the bound and 1.3-1.8 s with half a second (the default); the commands
answered per second were the same, because a worker is busy as long as anything
waits. What it costs is more 503s: about 930 in the push phase against 380-440.

The pace is the recent turns' length (an average weighted to about the last twenty,
`_PACE_WEIGHT`): the expected wait of a newcomer is the queue ahead of it, plus
itself, divided among the turns, times that length.

A busy worker refuses a push or pull before the framework routes, authenticates and
parses it (`ShedEarly`): with the bound in seconds a push is turned away about once
or twice before it is taken, and each refusal went through the whole framework and
the parsing of its commands, only to be answered 503.

Runs in the event loop (one thread per worker), so plain counters and an asyncio
semaphore are enough.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

#: Weight of the newest turn in the average turn length (about the last 20 turns).
_PACE_WEIGHT = 0.05


#: The requests that take a turn (`server.routes.sync`), as (method, path).
TURN_PATHS = frozenset({("POST", "/sync/push"), ("GET", "/sync/pull")})


def busy_body(retry_after: int) -> bytes:
    """The JSON of a 503: the desk shows the message and waits `retry_after` seconds."""
    return orjson.dumps(
        {
            "code": "busy",
            "message": f"The server is busy; the desk tries again in {retry_after} s.",
            "retry_after": retry_after,
        }
    )


class Busy(Exception):
    """Every turn is taken and the queue is full: answer 503 with Retry-After."""

    def __init__(self, retry_after: int):
        super().__init__("busy")
        self.retry_after = retry_after


class Admission:
    """At most `limit` requests inside; more queue only while their expected wait is
    under `max_queue_seconds`, and at most `waiting` of them (module docstring)."""

    def __init__(
        self,
        limit: int,
        waiting: int,
        retry_after: int,
        max_queue_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        if limit < 1:
            raise ValueError("the admission limit must be at least 1")
        self.limit = limit
        self.waiting = waiting
        self.retry_after = retry_after
        self.max_queue_seconds = max_queue_seconds
        self._clock = clock
        self._turns = asyncio.Semaphore(limit)
        self._queued = 0
        #: Seconds a turn lasts, on average over the recent ones (None: none ended yet).
        self.pace: float | None = None
        self.refused = 0

    def expected_wait(self) -> float:
        """Seconds a request arriving now would wait for a turn, by the recent pace."""
        if not self._turns.locked() or self.pace is None:
            return 0.0
        return (self._queued + 1) * self.pace / self.limit

    def refuses(self) -> bool:
        """Whether a request arriving now is refused: every turn taken, and the queue
        full or its wait too long."""
        return self._turns.locked() and (
            self._queued >= self.waiting
            or (
                self.max_queue_seconds is not None and self.expected_wait() > self.max_queue_seconds
            )
        )

    def turns_away(self) -> bool:
        """`refuses`, counted in `refused` when it does: the route and `ShedEarly` ask
        this, and each refusal is one 503."""
        if self.refuses():
            self.refused += 1
            return True
        return False

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold one of the worker's turns for the body of the `async with`; raises `Busy`."""
        if self.turns_away():
            raise Busy(self.retry_after)
        self._queued += 1
        try:
            await self._turns.acquire()
        finally:
            self._queued -= 1
        began = self._clock()
        try:
            yield
        finally:
            self._turns.release()
            took = self._clock() - began
            self.pace = took if self.pace is None else self.pace + _PACE_WEIGHT * (took - self.pace)


class ShedEarly:
    """ASGI wrapper: a push or pull that its worker's `Admission` would refuse now is
    answered 503 here, as the route would answer it (`busy_body`), before routing,
    the token check and the body (module docstring). Anything else, and every request
    while a turn is free or the queue has room, goes on unchanged; the route asks
    the admission again when it gets there."""

    def __init__(self, app: ASGIApp, state: Any):
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        admission: Admission = self.state.admission
        if (
            scope["type"] == "http"
            and (scope["method"], scope["path"]) in TURN_PATHS
            and admission.turns_away()
        ):
            body = busy_body(admission.retry_after)
            headers = [
                (b"content-length", str(len(body)).encode()),
                (b"content-type", b"application/json"),
                (b"retry-after", str(admission.retry_after).encode()),
            ]
            await send({"type": "http.response.start", "status": 503, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
