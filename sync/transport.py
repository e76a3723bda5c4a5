"""HTTP to the central server: one requests session, bearer token, zstd/gzip, timeouts.

Failures are sorted into what the engine must do about them: `Offline` (no link —
wait and show offline), `ServerFault` (5xx or timeout — retry with backoff),
`Refused` (the server said no — do not retry the same thing blindly).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import requests
import urllib3

from sync.compression import zstd
from sync.protocol import CURSOR_HEADER, LINES_MEDIA_TYPE, MORE_HEADER, Answer, Envelope, PullPage

#: What the client takes: zstd first (the server packs and the desk unpacks a
#: bootstrap's pages ~4x faster than gzip), gzip for a server that has no zstd.
ACCEPT_ENCODING = "zstd, gzip"
#: Pull pages as JSON lines, parsed a line at a time (`server.page_body` says why);
#: one JSON document from a server that does not write lines.
PAGE_ACCEPT = f"{LINES_MEDIA_TYPE}, application/json;q=0.5"


class TransportError(Exception):
    pass


class Offline(TransportError):
    """The server could not be reached at all."""


class ServerFault(TransportError):
    """The server failed (5xx) or did not answer in time; safe to retry."""


class ServerBusy(ServerFault):
    """The server is shedding load (503 with Retry-After): come back after `retry_after`
    seconds (the engine adds jitter so the desks that were turned away together do not
    all come back together)."""

    def __init__(self, retry_after: float):
        super().__init__(f"server busy; retry after {retry_after:g} s")
        self.retry_after = retry_after


class Refused(TransportError):
    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(f"HTTP {status}: {body.get('detail') or body.get('message') or body}")
        self.status = status
        self.body = body


class Transport:
    def __init__(self, base_url: str, token: str | None = None, *,
                 connect_timeout: float = 3.0, read_timeout: float = 60.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        self.http = requests.Session()
        self.http.headers["Accept-Encoding"] = ACCEPT_ENCODING
        self.http.headers["Content-Type"] = "application/json"

    def _call(self, method: str, path: str, *, body: Any = None,
              params: dict[str, Any] | None = None) -> Any:
        return self._receive(method, path, body=body, params=params).payload()

    def _receive(self, method: str, path: str, *, body: Any = None,
                 params: dict[str, Any] | None = None, accept: str | None = None) -> Received:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if accept:
            headers["Accept"] = accept
        data = orjson.dumps(body) if body is not None else None
        try:
            # Streamed, then read and unpacked in one piece (`Received`): requests would
            # unpack a 6 MB page in 10 kB steps and join them, a second of a bootstrap.
            response = self.http.request(method, self.base_url + path, data=data, params=params,
                                         headers=headers, timeout=self.timeout, stream=True)
            raw = _raw_body(response)
        except requests.ConnectionError as exc:
            # A connection dropped after the request was sent is a fault, not "offline":
            # the server may have applied it, and the retry gets the stored answer.
            if isinstance(exc, requests.exceptions.ChunkedEncodingError) or "RemoteDisconnected" in str(exc) \
                    or "Connection aborted" in str(exc):
                raise ServerFault(f"connection dropped: {exc}") from exc
            raise Offline(str(exc)) from exc
        except (requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            raise ServerFault(f"no answer in time: {exc}") from exc
        if response.status_code == 503 and response.headers.get("Retry-After"):
            raise ServerBusy(_retry_after(response.headers["Retry-After"]))
        if response.status_code >= 500:
            raise ServerFault(f"HTTP {response.status_code}")
        return Received(response.status_code, response.headers, raw)

    def health(self) -> bool:
        try:
            self._call("GET", "/health")
            return True
        except TransportError:
            return False

    def enrol(self, enrolment_key: str, office_code: str, device_name: str,
              district_codes: list[str] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"enrolment_key": enrolment_key, "office_code": office_code,
                                "device_name": device_name}
        if district_codes:
            body["district_codes"] = district_codes
        return self._call("POST", "/devices/enrol", body=body)  # type: ignore[no-any-return]

    def push(self, device_id: str, commands: list[Envelope]) -> tuple[list[Answer], int]:
        answer = self._call("POST", "/sync/push", body={"device_id": device_id, "commands": commands})
        return answer["results"], int(answer.get("last_seq", 0))

    def pull(self, cursor: int, limit: int, *, checksum: bool = False) -> PullPage:
        return self.pull_packed(cursor, limit, checksum=checksum).payload()  # type: ignore[no-any-return]

    def pull_packed(self, cursor: int, limit: int, *, checksum: bool = False) -> Received:
        """A pull answer as it came: its body unpacked and parsed only by `payload()`
        (which the caller may run on another thread), its cursor known before."""
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if checksum:
            params["checksum"] = 1
        return self._receive("GET", "/sync/pull", params=params, accept=PAGE_ACCEPT)

    def post(self, path: str, body: Any) -> Any:
        return self._call("POST", path, body=body)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._call("GET", path, params=params)


@dataclass(frozen=True)
class Received:
    """An answer of the server, read off the link but not yet unpacked or parsed."""

    status: int
    headers: Mapping[str, str]
    raw: bytes

    def payload(self) -> Any:
        """The parsed body; `Refused` for a 4xx, `ServerFault` for one unreadable."""
        content = _unpack(self.raw, self.headers.get("Content-Encoding", ""))
        if self.status < 400 and self.headers.get("Content-Type", "").startswith(LINES_MEDIA_TYPE):
            return _page_from_lines(content)
        try:
            payload = orjson.loads(content) if content else {}
        except orjson.JSONDecodeError as exc:
            raise ServerFault(f"unreadable answer: {exc}") from exc
        if self.status >= 400:
            raise Refused(self.status, payload if isinstance(payload, dict) else {"detail": payload})
        return payload

    def page_position(self) -> tuple[int, bool] | None:
        """A pull page's (cursor, more) from its headers, known without unpacking it;
        None from a server that does not send them (or a refusal)."""
        cursor, more = self.headers.get(CURSOR_HEADER), self.headers.get(MORE_HEADER)
        if self.status >= 400 or cursor is None or more not in ("0", "1"):
            return None
        try:
            return int(cursor), more == "1"
        except ValueError:
            return None


def _page_from_lines(content: bytes) -> PullPage:
    """A pull page sent as JSON lines, parsed a line (a few thousand rows) at a time:
    between two `orjson.loads` the desk's window thread gets Python's GIL."""
    try:
        first, *lines = content.split(b"\n")
        page: PullPage = orjson.loads(first)
        tables = page["tables"]
        for line in lines:
            part = orjson.loads(line)
            rows = tables[part["table"]]["rows"]
            if rows:
                rows.extend(part["rows"])
            else:
                tables[part["table"]]["rows"] = part["rows"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise ServerFault(f"unreadable answer: {exc!r}") from exc
    return page


def _raw_body(response: requests.Response) -> bytes:
    """The whole body of a streamed response, as sent. A link that breaks while the
    body comes in is a `ServerFault` (the server may have acted on the request)."""
    try:
        return response.raw.read(decode_content=False)  # type: ignore[no-any-return]
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise ServerFault(f"connection dropped while reading the answer: {exc}") from exc
    finally:
        response.close()


def _unpack(raw: bytes, content_encoding: str) -> bytes:
    encoding = content_encoding.strip().lower()
    try:
        if encoding == "zstd":
            return zstd.decompress(raw)
        if encoding == "gzip":
            return zlib.decompress(raw, wbits=31)  # 31: a gzip member, header and all
    except (zstd.ZstdError, zlib.error) as exc:
        raise ServerFault(f"unreadable {encoding} answer: {exc}") from exc
    if encoding not in ("", "identity"):
        raise ServerFault(f"answer in an unknown Content-Encoding {encoding!r}")
    return raw


#: The longest wait a server's Retry-After can impose on a desk.
MAX_RETRY_AFTER = 300.0


def _retry_after(value: str) -> float:
    """Retry-After in seconds (the server sends whole seconds; an HTTP date or anything
    unreadable counts as 5 s)."""
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value)))
    except ValueError:
        return 5.0
