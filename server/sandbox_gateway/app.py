"""The sandbox payment gateway as a FastAPI app: a stand-in for the provincial aggregator.

It runs as its own process with its own SQLite file, so the central server talks to
it exactly as it would to a real aggregator: over HTTP, with a token, receiving
signed callbacks. ``/aggregator/*`` is what the central server calls, ``/bank/*`` what
a bank calls, ``/sandbox/*`` is test control that no real gateway has.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from pydantic import BaseModel, Field

from server.sandbox_gateway import aggregator_api, bank_api
from server.sandbox_gateway.bank_schema import BANK_GUIDE
from server.sandbox_gateway.config import GatewayConfig
from server.sandbox_gateway.guards import RequestGuard
from server.sandbox_gateway.intimation import IntimationSender, pending
from server.sandbox_gateway.store import Client, GatewayStore


class Gateway:
    """What the routes share: the store, the settings and the intimation sender."""

    def __init__(self, db_path: str | Path, config: GatewayConfig):
        self.config = config
        self.store = GatewayStore(db_path)
        self.sender = IntimationSender(self.store, config)
        self._knobs = threading.Lock()
        with self.store.write() as session:
            for client_id, secret in config.clients.items():
                session.merge(
                    Client(
                        client_id=client_id,
                        secret_sha256=hashlib.sha256(secret.encode()).hexdigest(),
                    )
                )

    def take_bank_failure(self) -> bool:
        """True if this bank call must fail with 05 (and count it off)."""
        with self._knobs:
            if self.config.fail_next_bank_calls > 0:
                self.config.fail_next_bank_calls -= 1
                return True
            return False

    def set_knobs(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Change lenient / duplicate_rate / fail_next_bank_calls while running."""
        with self._knobs:
            for name, value in changes.items():
                setattr(self.config, name, value)
            return {
                "lenient": self.config.lenient,
                "duplicate_rate": self.config.duplicate_rate,
                "fail_next_bank_calls": self.config.fail_next_bank_calls,
            }

    def wake_sender(self) -> None:
        self.sender.wake()

    def close(self) -> None:
        self.sender.stop()
        self.store.close()


class Knobs(BaseModel):
    lenient: bool | None = None
    duplicate_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    fail_next_bank_calls: int | None = Field(default=None, ge=0, le=1_000_000)


def create_app(db_path: str | Path, config: GatewayConfig | None = None) -> FastAPI:
    """A sandbox gateway over the SQLite file ``db_path`` (``":memory:"`` for a test).

    The intimation sender starts and stops with the app's lifespan (uvicorn, or a
    ``with TestClient(app)`` block).
    """
    gateway = Gateway(db_path, config or GatewayConfig())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        gateway.sender.start()
        try:
            yield
        finally:
            gateway.close()

    app = FastAPI(
        title="Daftar sandbox payment gateway",
        version="1",
        description=(__doc__ or "") + BANK_GUIDE,
        lifespan=lifespan,
    )
    app.state.gateway = gateway
    app.add_middleware(RequestGuard)
    app.include_router(aggregator_api.router)
    app.include_router(bank_api.router)

    @app.get("/health", tags=["sandbox"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/sandbox/knobs", tags=["sandbox"])
    def set_knobs(knobs: Knobs, request: Request) -> dict[str, Any]:
        """Change how the sandbox misbehaves (lenient, duplicate_rate, failures)."""
        gateway_now: Gateway = request.app.state.gateway
        return gateway_now.set_knobs(knobs.model_dump(exclude_none=True))

    @app.get("/sandbox/intimations", tags=["sandbox"])
    def intimations(request: Request) -> dict[str, Any]:
        """Every delivery with its attempts and last error."""
        return {"deliveries": pending(request.app.state.gateway.store)}

    return app
