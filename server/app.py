"""The central server's HTTP face: enrolment, push, pull, who-am-I, health.

Bodies are read raw and parsed with orjson (faster than FastAPI's model parsing for a
push of 1,000 commands); the wire contract is `sync/protocol.py`. Errors travel as
{"code", "message", ...} at the top level of the body, never under FastAPI's
"detail", so the client reads every refusal the same way.

The app does not migrate: `server.migrate.prepare_database` runs first (the CLI does
it once before starting any worker).
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from domain import reference
from domain.errors import NotFound
from domain.ids import new_id, utcnow
from server import feed
from server.admission import Admission, Busy
from server.apply import BadPush, Gap, apply_push
from server.db import make_engine, read_only, session_factory
from server.heads import FeedHeads
from server.models import Device
from server.page_body import accepted, page_json, page_lines, wants_lines
from server.payments.routes import build_router
from server.request_limits import INT64_MAX, RequestLimits, text_problem, validation_error_body
from server.settings import POOL_SPARE, Settings
from sync.compression import zstd
from sync.protocol import (
    CURSOR_HEADER,
    DEFAULT_PAGE_ROWS,
    LINES_MEDIA_TYPE,
    MORE_HEADER,
    PROTOCOL_VERSION,
    PullPage,
)


class ApiError(Exception):
    """A refusal with an HTTP status and a body {"code", "message", ...}."""

    def __init__(self, status: int, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.status = status
        self.body = {"code": code, "message": message, **extra}


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    device_no: int
    name: str
    office_code: str
    district_codes: list[str]
    last_seq: int


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """An orjson body: the protocol's encoding, and faster than FastAPI's default."""
    return Response(orjson.dumps(body), status_code=status, media_type="application/json",
                    headers=headers)


#: Content encodings of pull pages, the one preferred first.
PAGE_ENCODINGS = ("zstd", "gzip")


def page_encoding(accept_encoding: str) -> str | None:
    """The encoding to send a pull page in: zstd when the client takes it, else gzip,
    else none ("zstd;q=0" refuses zstd)."""
    taken = accepted(accept_encoding)
    return next((e for e in PAGE_ENCODINGS if e in taken), None)


def compress_page(body: bytes, encoding: str | None, settings: Settings) -> bytes:
    """A pull page's body packed in `encoding` (None: as it is)."""
    if encoding == "zstd":
        return zstd.compress(body, settings.zstd_level)
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=settings.gzip_level, mtime=0)
    return body


def token_hash(token: str) -> str:
    """What the server keeps of a device token: its sha256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _json_body(raw: bytes, *, clean: bool = True) -> dict[str, Any]:
    """The body as a JSON object; with `clean`, refused (422) if any of its text holds a
    control character or a number is beyond 64 bits. The push passes `clean=False`:
    its commands' arguments are judged command by command (`server.apply`)."""
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


_OPENAPI_PUSH = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["commands"], "properties": {
        "device_id": {"type": "string"},
        "commands": {"type": "array", "items": {"type": "object", "required": [
            "device_seq", "command_id", "name", "args"], "properties": {
            "device_seq": {"type": "integer", "minimum": 1}, "command_id": {"type": "string"},
            "name": {"type": "string"}, "args": {"type": "object"},
            "base_versions": {"type": "object"}, "client_time": {"type": "string"}}}}}}}}}}
_OPENAPI_ENROL = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["enrolment_key", "office_code", "device_name"], "properties": {
        "enrolment_key": {"type": "string"}, "office_code": {"type": "string"},
        "device_name": {"type": "string"},
        "district_codes": {"type": "array", "items": {"type": "string"}}}}}}}}


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The FastAPI app over `settings.db_url` (or an engine the caller opened)."""
    engine = engine or make_engine(settings.db_url, pool_size=settings.max_active + POOL_SPARE,
                                   pgbouncer=settings.behind_pgbouncer)
    reader = read_only(engine)
    sessions = session_factory(engine)
    admission = Admission(settings.max_active, settings.max_waiting, settings.retry_after)
    heads = _feed_heads(settings, engine)
    tokens = _TokenCache(settings.token_cache_seconds)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Only a served app listens (uvicorn, or a TestClient used as a context manager).
        if heads is not None:
            heads.start()
        try:
            yield
        finally:
            if heads is not None:
                heads.stop()

    app = FastAPI(title="Daftar central server", version=f"sync protocol v{PROTOCOL_VERSION}",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.admission = admission
    app.state.heads = heads

    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return json_response(exc.body, exc.status, headers)

    @app.exception_handler(Busy)
    async def _busy(_request: Request, exc: Busy) -> Response:
        return json_response({"code": "busy", "message": "The server is busy; the desk tries "
                              f"again in {exc.retry_after} s.", "retry_after": exc.retry_after},
                             503, {"Retry-After": str(exc.retry_after)})

    async def current_device(request: Request) -> DeviceInfo:
        """The token's device: from the worker's cache when checked a moment ago (the
        hot path of an idle round), else from the database."""
        authorization = request.headers.get("authorization")
        known = tokens.get(authorization)
        if known is not None:
            return known
        device = await run_in_threadpool(_device_for, authorization)
        tokens.put(authorization, device)
        return device

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(_request: Request, exc: RequestValidationError) -> Response:
        return json_response(validation_error_body(list(exc.errors())), 422)

    def _device_for(authorization: str | None) -> DeviceInfo:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise ApiError(401, "unauthorized", "This call needs the header 'Authorization: "
                           "Bearer <device token>'; enrol the device to get a token.")
        digest = token_hash(authorization[7:].strip())
        with reader.connect() as conn:
            row = conn.execute(select(Device.device_id, Device.device_no, Device.name,
                                      Device.office_code, Device.district_codes,
                                      Device.last_seq, Device.revoked)
                               .where(Device.token_hash == digest)).first()
        if row is None:
            raise ApiError(401, "unknown_token", "This device token is not known to the "
                           "server; enrol the device again.")
        if row.revoked:
            raise ApiError(401, "revoked", "This device was revoked by an administrator; "
                           "ask for it to be enrolled again.")
        return DeviceInfo(row.device_id, row.device_no, row.name, row.office_code,
                          list(row.district_codes), row.last_seq)

    @app.get("/health")
    def health() -> Response:
        with reader.connect() as conn:
            conn.execute(select(1))
        return json_response({"status": "ok", "protocol_version": PROTOCOL_VERSION,
                              "database": engine.dialect.name})

    @app.post("/devices/enrol", openapi_extra=_OPENAPI_ENROL)
    async def enrol(request: Request) -> Response:
        body = _json_body(await request.body())
        return json_response(await run_in_threadpool(_enrol, body))

    def _enrol(body: dict[str, Any]) -> dict[str, Any]:
        key = settings.enrolment_key
        given = body.get("enrolment_key")
        if not key:
            raise ApiError(403, "enrolment_closed", "Enrolment is switched off on this server: "
                           "start it with --enrolment-key.")
        if not isinstance(given, str) or not secrets.compare_digest(given.encode(), key.encode()):
            raise ApiError(403, "bad_enrolment_key", "The enrolment key is wrong; ask the "
                           "server administrator for the current key.")
        name = str(body.get("device_name") or "").strip()[:120]
        if not name:
            raise ApiError(422, "validation", "device_name is required (for example 'DC Peshawar "
                           "counter 2').")
        try:
            office = reference.office(str(body.get("office_code") or ""))
        except NotFound as exc:
            raise ApiError(422, "unknown_office", exc.message) from None
        districts = body.get("district_codes") or [office.district_code]
        if not isinstance(districts, list) or not all(isinstance(d, str) for d in districts):
            raise ApiError(422, "validation", "district_codes must be a list of district codes.")
        for code in districts:
            try:
                reference.district(code)
            except NotFound as exc:
                raise ApiError(422, "unknown_district", exc.message) from None
        districts = list(dict.fromkeys(districts))
        token = secrets.token_urlsafe(32)
        device_id = new_id()
        for _attempt in range(5):  # device_no is max+1; a concurrent enrolment may take it
            try:
                with sessions.begin() as s:
                    device_no = (s.scalar(select(func.max(Device.device_no))) or 0) + 1
                    s.add(Device(device_id=device_id, device_no=device_no,
                                 token_hash=token_hash(token), name=name,
                                 office_code=office.code, district_codes=districts, last_seq=0,
                                 enrolled_at=utcnow(), revoked=False))
                break
            except IntegrityError:
                continue
        else:
            raise ApiError(503, "busy", "Too many enrolments at once; try again.")
        return {"device_id": device_id, "device_no": device_no, "token": token,
                "office_code": office.code, "district_codes": districts}

    @app.post("/sync/push", openapi_extra=_OPENAPI_PUSH)
    async def push(request: Request, device: DeviceInfo = Depends(current_device)) -> Response:
        body = _json_body(await request.body(), clean=False)
        if body.get("device_id") not in (None, device.device_id):
            raise ApiError(403, "wrong_device", "The push names another device than the token's.")
        try:
            async with admission.turn():
                result = await run_in_threadpool(apply_push, sessions, device.device_id,
                                                 body.get("commands", []))
        except Gap as gap:
            return json_response(gap.as_dict(), 409)
        except BadPush as exc:
            raise ApiError(422, "bad_push", str(exc)) from None
        return json_response({"results": result.results, "last_seq": result.last_seq})

    @app.get("/sync/pull")
    async def pull(request: Request, cursor: int = Query(0, ge=0, le=INT64_MAX),
                   limit: int = Query(DEFAULT_PAGE_ROWS, ge=1, le=INT64_MAX),
                   checksum: int = Query(0, ge=0, le=1),
                   device: DeviceInfo = Depends(current_device)) -> Response:
        if not checksum and heads is not None and heads.nothing_after(device.district_codes,
                                                                      cursor):
            # The idle round: nothing in scope after the cursor (`server.heads`).
            return json_response(PullPage(cursor=cursor, more=False, tables={}, deleted=[],
                                          checksum=None),
                                 headers={"Vary": "Accept, Accept-Encoding",
                                          CURSOR_HEADER: str(cursor), MORE_HEADER: "0"})
        async with admission.turn():
            return await run_in_threadpool(_pull, request, cursor, limit, checksum, device)

    def _pull(request: Request, cursor: int, limit: int, checksum: int,
              device: DeviceInfo) -> Response:
        page = feed.pull(reader, device.district_codes, cursor,
                         min(limit, settings.max_page_rows), bool(checksum), json_rows=True)
        encoding = page_encoding(request.headers.get("accept-encoding", ""))
        lines = wants_lines(request.headers.get("accept", ""))
        body = compress_page(page_lines(page) if lines else page_json(page), encoding, settings)
        # The page's cursor and `more` again, outside the packed body: a desk asks for
        # the next page on reading these, while it unpacks and parses this one.
        headers = {"Vary": "Accept, Accept-Encoding", CURSOR_HEADER: str(page["cursor"]),
                   MORE_HEADER: "1" if page["more"] else "0"}
        if encoding:
            headers["Content-Encoding"] = encoding
        return Response(body, media_type=LINES_MEDIA_TYPE if lines else "application/json",
                        headers=headers)

    @app.get("/sync/whoami")
    def whoami(request: Request) -> Response:
        device = _device_for(request.headers.get("authorization"))  # fresh: shows last_seq
        return json_response({"device_id": device.device_id, "device_no": device.device_no,
                              "device_name": device.name, "office_code": device.office_code,
                              "district_codes": device.district_codes,
                              "last_seq": device.last_seq, "protocol_version": PROTOCOL_VERSION,
                              "server_time": utcnow().isoformat()})

    app.include_router(build_router(settings, engine))
    return app


class _TokenCache:
    """Device tokens a worker checked in the last `seconds` (0: none kept)."""

    LIMIT = 20_000  # entries; emptied when full (a few thousand desks at most)

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._known: dict[str, tuple[float, DeviceInfo]] = {}

    def get(self, authorization: str | None) -> DeviceInfo | None:
        if not self.seconds or not authorization:
            return None
        hit = self._known.get(authorization)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, authorization: str | None, device: DeviceInfo) -> None:
        if not self.seconds or not authorization:
            return
        if len(self._known) >= self.LIMIT:
            self._known.clear()
        self._known[authorization] = (time.monotonic() + self.seconds, device)


def _feed_heads(settings: Settings, engine: Engine) -> FeedHeads | None:
    """The worker's feed heads (`server.heads`), PostgreSQL only; behind PgBouncer only
    with a direct `listen_url`."""
    if engine.dialect.name != "postgresql":
        return None
    url = settings.listen_url
    if url is None and not settings.behind_pgbouncer:
        url = engine.url.render_as_string(hide_password=False)
    return FeedHeads(url) if url else None


def app_from_env() -> FastAPI:
    """Factory for uvicorn worker processes (`--workers N`): settings from the env."""
    return serving(create_app(Settings.from_env()))


def serving(app: FastAPI) -> FastAPI:
    """The app as a server process runs it: what is loaded by now (modules, mappers,
    reference data) lives as long as the process, so it is moved out of the garbage
    collector's way (`gc.freeze`). A push allocates ORM objects by the thousand, and
    every full collection walked all of it again: about a tenth of a push."""
    gc.freeze()
    return app
