"""POST /auth/login (`server.login`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from server.deps import CurrentDevice, json_body, json_response
from server.login import login as login_operator

router = APIRouter()

_OPENAPI_LOGIN = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {
                        "username": {"type": "string", "minLength": 1, "maxLength": 60},
                        "password": {"type": "string", "minLength": 1, "maxLength": 200},
                        "public_key": {"type": "string", "maxLength": 60},
                    },
                }
            }
        },
    }
}


@router.post("/auth/login", openapi_extra=_OPENAPI_LOGIN)
async def login(request: Request, device: CurrentDevice) -> Response:
    body = json_body(await request.body())
    answer = await run_in_threadpool(login_operator, request.app.state.sessions, device, body)
    return json_response(answer)
