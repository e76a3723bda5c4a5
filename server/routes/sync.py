"""Sync routes: push a device's commands, pull its share of the feed, who-am-I.

Bodies are read raw and parsed with orjson (faster than FastAPI's model parsing for a
push of 1,000 commands); the wire contract is `sync/protocol.py`.
"""

from __future__ import annotations

import gzip
import time

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.ids import utcnow
from server import feed
from server.apply import BadPush, Gap, apply_push
from server.deps import ApiError, CurrentDevice, DeviceInfo, device_for, json_body, json_response
from server.page_body import accepted, page_json, page_lines, wants_lines
from server.request_limits import INT64_MAX
from server.settings import Settings
from sync.compression import zstd
from sync.protocol import (
    CURSOR_HEADER,
    DEFAULT_PAGE_ROWS,
    LINES_MEDIA_TYPE,
    MORE_HEADER,
    PROTOCOL_VERSION,
    PullPage,
)

router = APIRouter()

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


_OPENAPI_PUSH = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["commands"],
                    "properties": {
                        "device_id": {"type": "string"},
                        "commands": {
                            "type": "array",
                            "maxItems": 1000,
                            "items": {
                                "type": "object",
                                "required": ["device_seq", "command_id", "name", "args"],
                                "properties": {
                                    "device_seq": {"type": "integer", "minimum": 1},
                                    "command_id": {"type": "string"},
                                    "name": {"type": "string"},
                                    "args": {"type": "object"},
                                    "base_versions": {"type": "object"},
                                    "client_time": {"type": "string"},
                                    "operator_id": {"type": "string"},
                                    "signature": {"type": "string"},
                                },
                            },
                        },
                    },
                }
            }
        },
    }
}


@router.post("/sync/push", openapi_extra=_OPENAPI_PUSH)
async def push(request: Request, device: CurrentDevice) -> Response:
    body = json_body(await request.body(), clean=False)
    if body.get("device_id") not in (None, device.device_id):
        raise ApiError(403, "wrong_device", "The push names another device than the token's.")
    if not isinstance(body.get("commands"), list):
        raise ApiError(422, "bad_push", 'A push sends its commands as a list: {"commands": [...]}.')
    state = request.app.state
    try:
        async with state.admission.turn():
            started = time.perf_counter()
            result = await run_in_threadpool(
                apply_push,
                state.sessions,
                device.device_id,
                body["commands"],
                require_signatures=state.settings.require_signatures,
            )
            spent_ms = (time.perf_counter() - started) * 1000
    except Gap as gap:
        return json_response(gap.as_dict(), 409)
    except BadPush as exc:
        raise ApiError(422, "bad_push", str(exc)) from None
    # The server's own share of a push (checks, signatures, apply, audit, commit), as
    # the W3C Server-Timing header: `bench/bench_sync.py` reports it against the budget.
    return json_response(
        {"results": result.results, "last_seq": result.last_seq},
        headers={"Server-Timing": f"apply;dur={spent_ms:.1f}"},
    )


@router.get("/sync/pull")
async def pull(
    request: Request,
    device: CurrentDevice,
    cursor: int = Query(0, ge=0, le=INT64_MAX),
    limit: int = Query(DEFAULT_PAGE_ROWS, ge=1, le=INT64_MAX),
    checksum: int = Query(0, ge=0, le=1),
) -> Response:
    state = request.app.state
    heads = state.heads
    if not checksum and heads is not None and heads.nothing_after(device.district_codes, cursor):
        # The idle round: nothing in scope after the cursor (`server.heads`).
        return json_response(
            PullPage(cursor=cursor, more=False, tables={}, deleted=[], checksum=None),
            headers={
                "Vary": "Accept, Accept-Encoding",
                CURSOR_HEADER: str(cursor),
                MORE_HEADER: "0",
            },
        )
    async with state.admission.turn():
        return await run_in_threadpool(_pull, request, device, cursor, limit, checksum)


def _pull(request: Request, device: DeviceInfo, cursor: int, limit: int, checksum: int) -> Response:
    state = request.app.state
    settings: Settings = state.settings
    page = feed.pull_for_device(
        state.reader,
        device.office_code,
        device.district_codes,
        cursor,
        min(limit, settings.max_page_rows),
        bool(checksum),
        unsigned=not settings.require_signatures,
        cache=state.row_cache,
    )
    encoding = page_encoding(request.headers.get("accept-encoding", ""))
    lines = wants_lines(request.headers.get("accept", ""))
    body = compress_page(page_lines(page) if lines else page_json(page), encoding, settings)
    # The page's cursor and `more` again, outside the packed body: a desk asks for
    # the next page on reading these, while it unpacks and parses this one.
    headers = {
        "Vary": "Accept, Accept-Encoding",
        CURSOR_HEADER: str(page["cursor"]),
        MORE_HEADER: "1" if page["more"] else "0",
    }
    if encoding:
        headers["Content-Encoding"] = encoding
    return Response(
        body, media_type=LINES_MEDIA_TYPE if lines else "application/json", headers=headers
    )


@router.get("/sync/whoami")
def whoami(request: Request) -> Response:
    device = device_for(request, request.headers.get("authorization"))  # fresh: shows last_seq
    return json_response(
        {
            "device_id": device.device_id,
            "device_no": device.device_no,
            "device_name": device.name,
            "office_code": device.office_code,
            "district_codes": device.district_codes,
            "last_seq": device.last_seq,
            "protocol_version": PROTOCOL_VERSION,
            "server_time": utcnow().isoformat(),
        }
    )
