"""Bounds every request is held to before a route sees it (issue 12, point 3).

- Bodies: at most `Settings.max_body_bytes`, counted by the application itself (a
  declared Content-Length beyond it, or a streamed body growing past it), answered
  413, so a server without a proxy in front is not made to buffer gigabytes.
- Paths and query strings: no control characters (a NUL cannot reach PostgreSQL,
  which refuses it with an error that would be a 500), answered 400.
- JSON bodies: `text_problem` finds a control character in any string of a parsed
  body; routes refuse such a body with 422. The push is the exception: a command's
  arguments are the domain's to judge, command by command, so one bad value is that
  command's rejection, never a refusal of the whole push.
- Whole numbers in queries and paths: routes declare `le=INT64_MAX` (the columns are
  64-bit), and `validation_error_body` turns FastAPI's 422 into the usual body.

Everything answers {"code", "message"} at the top level, as every refusal does.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The largest value of the 64-bit integer columns (cursors, offsets, ids, amounts).
INT64_MAX = 2**63 - 1
#: Default bound of a request body: a push of 500 commands with scanned pages fits.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024

_CONTROL = re.compile("[\x00-\x1f\x7f]")
#: In a JSON body tab and newline may stand in free text (a note); other controls not.
_BODY_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _TooLarge(Exception):
    pass


def _refusal(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, orjson.dumps({"code": code, "message": message})


class RequestLimits:
    """ASGI middleware: body size, and control characters in the path and query."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._check_head(scope)
        if refused is not None:
            await _answer(send, *refused)
            return
        limit = self.max_body_bytes
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _answer(send, *self._too_large())

    def _check_head(self, scope: Scope) -> tuple[int, bytes] | None:
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    return _refusal(
                        400, "bad_request", "The Content-Length header is not a number."
                    )
                if declared > self.max_body_bytes:
                    return self._too_large()
        if _CONTROL.search(scope.get("path", "")):
            return _refusal(
                400,
                "bad_path",
                "The address contains a control character (such as "
                "NUL); no record has such a name.",
            )
        query = scope.get("query_string", b"")
        if query and _CONTROL.search(
            unquote_plus(query.decode("latin-1"), encoding="utf-8", errors="replace")
        ):
            return _refusal(
                400,
                "bad_query",
                "A query parameter contains a control character (such as NUL); send it without.",
            )
        return None

    def _too_large(self) -> tuple[int, bytes]:
        return _refusal(
            413,
            "too_large",
            f"The request body is larger than this server takes "
            f"({self.max_body_bytes:,} bytes); send less at a time.",
        )


async def _answer(send: Send, status: int, body: bytes) -> None:
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


def text_problem(value: Any, where: str = "body") -> str | None:
    """Where a parsed JSON value holds text with a control character, or a number
    beyond 64 bits; None if it holds neither."""
    if isinstance(value, str):
        return (
            f"{where} contains a control character (such as NUL)"
            if _BODY_CONTROL.search(value)
            else None
        )
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        # orjson reads a whole number beyond 64 bits as a float: refused all the same.
        inside = -INT64_MAX - 1 <= value <= INT64_MAX
        return None if inside else f"{where} is beyond the 64-bit range"
    if isinstance(value, dict):
        for key, item in value.items():
            found = text_problem(key, where) or text_problem(item, f"{where}.{key}"[:80])
            if found:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found = text_problem(item, f"{where}[{n}]"[:80])
            if found:
                return found
    return None


def validation_error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """FastAPI's parameter errors as the usual body: which parameter, and why."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return {
        "code": "validation",
        "message": "; ".join(parts) + ".",
        "errors": [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in errors[:20]
        ],
    }
