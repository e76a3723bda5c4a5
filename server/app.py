"""The central server's HTTP face: the app, its shared state and its routers.

Routes live in one module per area (`server/routes/`, `server/payments/routes.py`)
and share one dependency for the calling device and one error type (`server.deps`).
The app does not migrate: `server.migrate.prepare_database` runs first (the CLI does
it once before starting any worker).
"""

from __future__ import annotations

import gc
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy import Engine

from server.admission import Admission, Busy, ShedEarly, busy_body
from server.blobs import FolderBlobStore, blob_folder
from server.db import make_engine, read_only, session_factory
from server.deps import (
    ERROR_RESPONSES,
    ApiError,
    DeviceInfo,
    error_response,
    json_response,
    token_hash,
)
from server.heads import FeedHeads
from server.idle_pull import IdlePulls
from server.payments.routes import build_router
from server.request_limits import RequestLimits, validation_error_body
from server.routes import attachments, auth, certificates, devices, health, sync
from server.routes.sync import compress_page, page_encoding
from server.row_cache import RowTextCache
from server.settings import POOL_SPARE, Settings
from sync.protocol import PROTOCOL_VERSION

__all__ = [
    "create_app",
    "app_from_env",
    "serving",
    "ApiError",
    "DeviceInfo",
    "json_response",
    "token_hash",
    "compress_page",
    "page_encoding",
]


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The FastAPI app over `settings.db_url` (or an engine the caller opened)."""
    engine = engine or make_engine(
        settings.db_url,
        pool_size=settings.max_active + POOL_SPARE,
        pgbouncer=settings.behind_pgbouncer,
    )
    heads = _feed_heads(settings, engine)

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

    app = FastAPI(
        title="Daftar central server",
        version=f"sync protocol v{PROTOCOL_VERSION}",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.reader = read_only(engine)
    app.state.sessions = session_factory(engine)
    app.state.admission = Admission(
        settings.max_active,
        settings.max_waiting,
        settings.retry_after,
        max_queue_seconds=settings.max_queue_seconds or None,
    )
    app.state.heads = heads
    # Tokens are trusted for a moment only where a revocation reaches every worker at
    # once (the feed-heads listener on PostgreSQL, `heads.TOKENS`); elsewhere every
    # call asks the database, so a revoked device's next call is refused.
    tokens = TokenCache(settings.token_cache_seconds if heads is not None else 0)
    if heads is not None:
        heads.on_tokens = tokens.clear
    app.state.tokens = tokens
    # PostgreSQL writes the pulled rows' JSON; each worker keeps it for the next desk
    # of the district (`server.row_cache`). SQLite's embedded server serves one office.
    app.state.row_cache = RowTextCache() if engine.dialect.name == "postgresql" else None
    if heads is not None and app.state.row_cache is not None:
        heads.on_reset = app.state.row_cache.clear
    app.state.blobs = FolderBlobStore(_blob_folder(settings, engine))

    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes)
    # A busy worker turns a push or pull away before reading it (`server.admission`).
    app.add_middleware(ShedEarly, state=app.state)
    # Outermost: an idle round is answered before routing (`server.idle_pull`).
    app.add_middleware(IdlePulls, state=app.state)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc)

    @app.exception_handler(Busy)
    async def _busy(_request: Request, exc: Busy) -> Response:
        return Response(
            busy_body(exc.retry_after),
            status_code=503,
            media_type="application/json",
            headers={"Retry-After": str(exc.retry_after)},
        )

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(_request: Request, exc: RequestValidationError) -> Response:
        return json_response(validation_error_body(list(exc.errors())), 422)

    for area in (health, devices, auth, sync, attachments, certificates):
        app.include_router(area.router)
    app.include_router(build_router(settings, engine))
    return app


class TokenCache:
    """Device tokens a worker checked in the last `seconds` (0: none kept): the hot
    path of an idle round asks the database nothing about its token."""

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

    def clear(self) -> None:
        self._known = {}

    def put(self, authorization: str | None, device: DeviceInfo) -> None:
        if not self.seconds or not authorization:
            return
        if len(self._known) >= self.LIMIT:
            self._known.clear()
        self._known[authorization] = (time.monotonic() + self.seconds, device)


def _blob_folder(settings: Settings, engine: Engine) -> Path:
    return blob_folder(settings.blob_dir, engine.url)


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
