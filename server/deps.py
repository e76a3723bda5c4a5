"""What every route shares: the error type, JSON in and out, and the current device.

Anchor: the FastAPI full-stack template's `api/deps.py`. A route that needs the calling
laptop takes `device: CurrentDevice`; the bearer token is looked up once, here, for
sync, auth and payment routes alike. Errors travel as {"code", "message", ...} at the
top level of the body (never under FastAPI's "detail"), so a desk reads every refusal
the same way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy import select, update
from starlette.concurrency import run_in_threadpool

from domain.ids import utcnow
from server.models import Device
from server.request_limits import text_problem


class ApiError(Exception):
    """A refusal with an HTTP status and a body {"code", "message", ...}."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ):
        super().__init__(message)
        self.status = status
        self.body = {"code": code, "message": message, **extra}
        self.headers = headers


#: The body of every refusal, as the OpenAPI document states it.
ERROR_BODY: dict[str, Any] = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
}
_REFUSALS = {
    400: "The body is not JSON, or not an object.",
    401: "No token, an unknown, revoked or expired one, or a bad signature.",
    403: "Outside the device's scope or not its own.",
    404: "No such record.",
    409: "Out of order (a gap in the device's numbers, a wrong offset).",
    413: "The body is larger than the server takes.",
    422: "A value is missing, of the wrong type, too long or holds a control character.",
    429: "Too many attempts; try again after Retry-After seconds.",
    503: "The server is busy (Retry-After) or lacks what the call needs (a gateway).",
}
#: Every route's possible refusals, in the document (`create_app(responses=...)`), so a
#: client (and the schemathesis run in tests/server) knows each answer it may get.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": ERROR_BODY}}}
    for status, text in _REFUSALS.items()
}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """An orjson body: the protocol's encoding, and faster than FastAPI's default."""
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


def error_response(exc: ApiError) -> Response:
    headers = dict(exc.headers or {})
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return json_response(exc.body, exc.status, headers or None)


def json_body(raw: bytes, *, clean: bool = True) -> dict[str, Any]:
    """The body as a JSON object, or 400/422 saying what is wrong with it. With `clean`
    it is refused (422) if any of its text holds a control character or a number is
    beyond 64 bits; the push passes `clean=False`: its commands' arguments are judged
    command by command (`server.apply`). Its size is bounded before it is read
    (`server.request_limits.RequestLimits`, 413)."""
    try:
        body = orjson.loads(raw or b"{}")
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "bad_json", f"The request body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", "The request body must be a JSON object.")
    problem = text_problem(body) if clean else None
    if problem:
        raise ApiError(422, "validation", f"The request {problem}; send it without.")
    return body


def token_hash(token: str) -> str:
    """What the server keeps of a device token: its sha256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    device_no: int
    name: str
    office_code: str
    district_codes: list[str]
    last_seq: int


#: A token's last use is written at most this often (a pull must stay read-only).
_TOUCH_EVERY = timedelta(hours=1)


def device_for(request: Request, authorization: str | None) -> DeviceInfo:
    """The enrolled, unrevoked device whose token this is; 401 with the reason if none."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(
            401,
            "unauthorized",
            "This call needs the header 'Authorization: "
            "Bearer <device token>'; enrol the device to get a token.",
        )
    digest = token_hash(authorization[7:].strip())
    state = request.app.state
    with state.reader.connect() as conn:
        row = conn.execute(
            select(
                Device.device_id,
                Device.device_no,
                Device.name,
                Device.office_code,
                Device.district_codes,
                Device.last_seq,
                Device.revoked,
                Device.last_used_at,
                Device.enrolled_at,
            ).where(Device.token_hash == digest)
        ).first()
    if row is None:
        raise ApiError(
            401,
            "unknown_token",
            "This device token is not known to the server; enrol the device again.",
        )
    if row.revoked:
        raise ApiError(
            401,
            "revoked",
            "This device was revoked by an administrator; ask for it to be enrolled again.",
        )
    now = utcnow()
    used = row.last_used_at or row.enrolled_at
    if now - used > timedelta(days=state.settings.token_idle_days):
        raise ApiError(
            401,
            "token_expired",
            "This device's token expired after "
            f"{state.settings.token_idle_days} days unused; enrol the device again.",
        )
    if now - used > _TOUCH_EVERY:
        with state.engine.begin() as conn:
            conn.execute(
                update(Device).where(Device.device_id == row.device_id).values(last_used_at=now)
            )
    return DeviceInfo(
        row.device_id,
        row.device_no,
        row.name,
        row.office_code,
        list(row.district_codes),
        row.last_seq,
    )


async def current_device(request: Request) -> DeviceInfo:
    """The token's device: from the worker's cache when checked a moment ago (the hot
    path of an idle round), else from the database (in the thread pool)."""
    authorization = request.headers.get("authorization")
    tokens = getattr(request.app.state, "tokens", None)
    heads = getattr(request.app.state, "heads", None)
    trusted = tokens is not None and heads is not None and heads.valid  # listener is up
    known = tokens.get(authorization) if trusted and tokens is not None else None
    if known is not None:
        return known
    device = await run_in_threadpool(device_for, request, authorization)
    if tokens is not None:
        tokens.put(authorization, device)
    return device


CurrentDevice = Annotated[DeviceInfo, Depends(current_device)]
