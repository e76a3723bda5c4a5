"""Attachment bytes: chunked, resumable upload and download by sha256 (server.blobs).

- `GET /attachments/{sha}/status` -> {"received": n, "complete": bool}: where to resume;
- `PUT /attachments/{sha}?offset=n` with a chunk as the body -> {"received": n};
- `POST /attachments/{sha}/complete` -> the hash is checked; 422 when it differs;
- `GET /attachments/{sha}` -> the bytes (a desk fetches a scan only when it is opened;
  a page still inside a scan row, pushed by a desk of before attachments, moves to
  the blob store on the way).

Only enrolled desks (a device token) may upload or download.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response, StreamingResponse

from server.blobs import (
    MAX_CHUNK_BYTES,
    SHA256,
    BlobError,
    BlobStore,
    check_sha,
    move_scan_bytes,
)
from server.deps import ApiError, CurrentDevice, json_response

router = APIRouter()
#: The path's sha256 as the document states it (`check_sha` still checks it).
Sha = Annotated[str, Path(pattern=SHA256.pattern)]
_STATUS = {
    "bad_hash": 422,
    "wrong_offset": 409,
    "too_large": 413,
    "hash_mismatch": 422,
    "not_found": 404,
}


def _blobs(request: Request) -> BlobStore:
    return request.app.state.blobs  # type: ignore[no-any-return]


def _fail(exc: BlobError) -> ApiError:
    return ApiError(_STATUS.get(exc.code, 400), exc.code, exc.message)


@router.get("/attachments/{sha256}/status")
def status(sha256: Sha, request: Request, _device: CurrentDevice) -> Response:
    blobs = _blobs(request)
    try:
        check_sha(sha256)
        return json_response({"received": blobs.received(sha256), "complete": blobs.has(sha256)})
    except BlobError as exc:
        raise _fail(exc) from None


@router.put("/attachments/{sha256}")
async def put_chunk(sha256: Sha, offset: int, request: Request, _device: CurrentDevice) -> Response:
    body = await request.body()
    if len(body) > MAX_CHUNK_BYTES:
        raise ApiError(
            413, "too_large", f"Send attachments in chunks of at most {MAX_CHUNK_BYTES} bytes."
        )
    blobs = _blobs(request)
    try:
        check_sha(sha256)
        return json_response({"received": blobs.append(sha256, offset, body)})
    except BlobError as exc:
        if exc.code == "wrong_offset":
            return json_response(
                {"code": exc.code, "message": exc.message, "received": exc.received}, 409
            )
        raise _fail(exc) from None


@router.post("/attachments/{sha256}/complete")
def complete(sha256: Sha, request: Request, _device: CurrentDevice) -> Response:
    try:
        check_sha(sha256)
        _blobs(request).complete(sha256)
    except BlobError as exc:
        raise _fail(exc) from None
    return json_response({"complete": True})


def _from_rows(request: Request, blobs: BlobStore, sha256: str) -> None:
    """A page a desk of before attachments pushed inside its command (after migration
    0013 moved the older ones): its bytes leave the row for the blob store now."""
    with request.app.state.engine.begin() as conn:
        move_scan_bytes(conn, blobs, sha256)


@router.get("/attachments/{sha256}")
def download(sha256: Sha, request: Request, _device: CurrentDevice) -> Response:
    blobs = _blobs(request)
    try:
        check_sha(sha256)
        if not blobs.has(sha256):
            _from_rows(request, blobs, sha256)
        f = blobs.open(sha256)
    except BlobError as exc:
        raise _fail(exc) from None

    def chunks():  # type: ignore[no-untyped-def]
        with f:
            yield from iter(lambda: f.read(1 << 20), b"")

    return StreamingResponse(chunks(), media_type="application/octet-stream")
