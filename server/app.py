"""The central server's HTTP face: the app, its shared state and its routers.

Routes live in one module per area (`server/routes/`, `server/payments/routes.py`)
and share one dependency for the calling device and one error type (`server.deps`).
The app does not migrate: `server.migrate.prepare_database` runs first (the CLI does
it once before starting any worker).
"""

from __future__ import annotations

import gc

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from server.db import make_engine, read_only, session_factory
from server.deps import ApiError, DeviceInfo, error_response, json_response, token_hash
from server.payments.routes import build_router
from server.routes import auth, devices, health, sync
from server.routes.sync import compress_page, page_encoding
from server.settings import Settings
from sync.protocol import PROTOCOL_VERSION

__all__ = ["create_app", "app_from_env", "serving", "ApiError", "DeviceInfo", "json_response",
           "token_hash", "compress_page", "page_encoding"]


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The FastAPI app over `settings.db_url` (or an engine the caller opened)."""
    engine = engine or make_engine(settings.db_url)
    app = FastAPI(title="Daftar central server", version=f"sync protocol v{PROTOCOL_VERSION}")
    app.state.settings = settings
    app.state.engine = engine
    app.state.reader = read_only(engine)
    app.state.sessions = session_factory(engine)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc)

    for area in (health, devices, auth, sync):
        app.include_router(area.router)
    app.include_router(build_router(settings, engine))
    return app


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
