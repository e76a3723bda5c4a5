"""GET /health: the database answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from server.deps import json_response
from sync.protocol import PROTOCOL_VERSION

router = APIRouter()


@router.get("/health")
def health(request: Request) -> Response:
    engine = request.app.state.engine
    with request.app.state.reader.connect() as conn:
        conn.execute(select(1))
    return json_response(
        {"status": "ok", "protocol_version": PROTOCOL_VERSION, "database": engine.dialect.name}
    )
