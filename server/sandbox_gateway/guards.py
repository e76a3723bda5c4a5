"""What the sandbox gateway refuses before any route sees a request.

A real aggregator sits on the internet; so, in a demo, may this one. Two limits are
kept by the application itself rather than left to a proxy in front of it:

* bodies are at most `MAX_BODY_BYTES` (413 otherwise), counted as they stream in, so a
  client that lies in Content-Length or sends chunks is stopped all the same;
* a path or query with a NUL or another control character is refused (400): no
  field of the API needs one, and text with NUL makes databases fail.

Field-level limits (amounts of 13 digits at most, lengths) live with the request
models (`bank_schema.py`, `aggregator_api.py`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

import orjson
from starlette.exceptions import HTTPException

MAX_BODY_BYTES = 64 * 1024


def has_control_character(text: str) -> bool:
    """True for NUL, the other C0 controls except tab/newline/return, and DEL."""
    return any((ch < " " and ch not in "\t\n\r") or ch == "\x7f" for ch in text)


class _TooLarge(HTTPException):
    """Raised from `receive` inside a route: FastAPI's exception handling answers it."""


class RequestGuard:
    """ASGI middleware: the body limit and the control-character check above."""

    def __init__(self, app: Any, max_body_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_query = unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" "))
        path = scope.get("path", "")
        if has_control_character(path) or has_control_character(raw_query.decode("latin-1")):
            await _answer(
                send,
                400,
                "The path or query contains a control character (such as "
                "NUL); no field of this API takes one.",
            )
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (
                not value.isdigit() or int(value) > self.max_body_bytes
            ):
                await _answer(
                    send, 413, f"Request bodies are limited to {self.max_body_bytes:,} bytes."
                )
                return
        seen = 0
        started = False

        async def counted_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise _TooLarge(
                        413, f"Request bodies are limited to {self.max_body_bytes:,} bytes."
                    )
            return message

        async def watched_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except _TooLarge:
            if not started:
                await _answer(
                    send, 413, f"Request bodies are limited to {self.max_body_bytes:,} bytes."
                )


async def _answer(send: Any, status: int, detail: str) -> None:
    body = orjson.dumps({"detail": detail})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
