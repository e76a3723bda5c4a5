"""Device routes: enrolment with a one-time code, token rotation (`server.devices`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from server import devices
from server.deps import CurrentDevice, json_body, json_response

router = APIRouter()

_OPENAPI_ENROL = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["device_name"],
                    "properties": {
                        "enrolment_code": {"type": "string", "maxLength": 40},
                        "enrolment_key": {"type": "string", "maxLength": 200},
                        "office_code": {"type": "string", "maxLength": 16},
                        "device_name": {"type": "string", "minLength": 1, "maxLength": 120},
                    },
                }
            }
        },
    }
}


@router.post("/devices/enrol", openapi_extra=_OPENAPI_ENROL)
async def enrol(request: Request) -> Response:
    body = json_body(await request.body())
    state = request.app.state
    client = request.client.host if request.client else "unknown"
    answer = await run_in_threadpool(
        devices.enrol, state.sessions, body, client, state.settings.enrolment_key
    )
    answer["token_idle_days"] = state.settings.token_idle_days  # the desk's rotation
    return json_response(answer)


@router.post("/devices/rotate")
def rotate(request: Request, device: CurrentDevice) -> Response:
    """A new token for this device; the old one is refused from now on. The answer
    names the server's `token_idle_days`, from which the desk plans its next rotation
    (`sync.enrol.rotation_due`)."""
    answer = devices.rotate(request.app.state.sessions, device.device_id)
    answer["token_idle_days"] = request.app.state.settings.token_idle_days
    return json_response(answer)
