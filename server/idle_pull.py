"""The idle round answered before the web framework sees it (issue 21, point 3).

Most sync rounds find nothing new. The pull route already answers those from the
worker's memory (its token cache and feed heads, `server.heads`), but reaching the
route cost FastAPI's routing, its dependency solving and the query's validation:
about 0.4 ms of a worker's CPU a round, so a few hundred desks polling took most of
a core for empty answers. This ASGI wrapper, outermost, answers such a round itself
when it is certain to be the route's answer, and hands everything else on unchanged:

- `GET /sync/pull` whose query is nothing but `cursor`, `limit` and `checksum=0`, in
  plain digits, within the bounds the route declares (anything else, even a valid
  query written differently, goes the long way and gets the route's own answer);
- a bearer token the worker trusts at this moment (checked a moment ago, the
  listener up: the same test as `server.deps.current_device`);
- no change in the device's districts after the cursor (`FeedHeads.nothing_after`).

The answer is byte for byte the route's: the empty page with the cursor unchanged,
`more` false, the cursor and `more` headers.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from server.request_limits import INT64_MAX
from sync.protocol import CURSOR_HEADER, MORE_HEADER, PullPage

_PATH = "/sync/pull"
_KEYS = (b"cursor", b"limit", b"checksum")


def _query(raw: bytes) -> int | None:
    """The cursor of a plain idle-round query, or None to go the long way."""
    seen: dict[bytes, int] = {}
    for part in raw.split(b"&"):
        key, eq, value = part.partition(b"=")
        if not eq or key not in _KEYS or key in seen or not value.isdigit() or len(value) > 19:
            return None
        seen[key] = int(value)
    cursor = seen.get(b"cursor", 0)
    if cursor > INT64_MAX or seen.get(b"checksum", 0) != 0:
        return None
    if b"limit" in seen and not 1 <= seen[b"limit"] <= INT64_MAX:
        return None
    return cursor


def idle_page(cursor: int) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """The body and headers of the empty page at `cursor`, as the pull route sends it."""
    body = orjson.dumps(PullPage(cursor=cursor, more=False, tables={}, deleted=[], checksum=None))
    return body, [
        (b"content-length", str(len(body)).encode()),
        (b"content-type", b"application/json"),
        (b"vary", b"Accept, Accept-Encoding"),
        (CURSOR_HEADER.lower().encode(), str(cursor).encode()),
        (MORE_HEADER.lower().encode(), b"0"),
    ]


class IdlePulls:
    """ASGI wrapper around the app: answers idle rounds from memory (module docstring)."""

    def __init__(self, app: ASGIApp, state: Any):
        self.app = app
        self.state = state
        self.answered = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == _PATH and scope["method"] == "GET":
            answer = self._idle(scope)
            if answer is not None:
                self.answered += 1
                body, headers = answer
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def _idle(self, scope: Scope) -> tuple[bytes, list[tuple[bytes, bytes]]] | None:
        heads, tokens = self.state.heads, self.state.tokens
        if heads is None or not heads.valid:
            return None
        cursor = _query(scope.get("query_string", b""))
        if cursor is None:
            return None
        authorization = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                if authorization is not None:
                    return None  # two: the long way decides
                authorization = value
        if authorization is None:
            return None
        device = tokens.get(authorization.decode("latin-1"))
        if device is None or not heads.nothing_after(device.district_codes, cursor):
            return None
        return idle_page(cursor)
