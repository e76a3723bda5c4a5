"""HTTP to the central server: one requests session, bearer token, zstd/gzip, timeouts.

TLS is verified on every call (the system's trust store, or a CA bundle the office
configures: `ca_bundle=`, DAFTAR_CA_BUNDLE, or `daftar enrol --ca-bundle`); plain
http is refused except to this computer itself (127.0.0.1, localhost: the demo and
the tests). Every request has a connect and a read timeout.

Failures are sorted into what the engine must do about them: `Offline` (no link —
wait and show offline), `ServerFault` (5xx or timeout — retry with backoff),
`Refused` (the server said no — do not retry the same thing blindly).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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

    @property
    def code(self) -> str | None:
        """The refusal's code, whether the server put it at the top or in `detail`."""
        if isinstance(self.body.get("code"), str):
            return self.body["code"]  # type: ignore[no-any-return]
        detail = self.body.get("detail")
        if isinstance(detail, dict) and isinstance(detail.get("code"), str):
            return detail["code"]  # type: ignore[no-any-return]
        return detail if isinstance(detail, str) and detail.isidentifier() else None


class DeviceRevoked(Refused):
    """401 `revoked`: an administrator revoked this device; no call will succeed."""


class InsecureServer(ValueError):
    """A server address this desk will not talk to (plain http to another machine)."""


CA_BUNDLE_ENV = "DAFTAR_CA_BUNDLE"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_server_url(url: str) -> str:
    """`url` without a trailing slash, or `InsecureServer` saying what to use instead."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return url.rstrip("/")
    if parts.scheme == "http":
        raise InsecureServer(
            f"Refusing plain http to {parts.hostname}: the central server must be "
            "reached over https (plain http is allowed only to 127.0.0.1)."
        )
    raise InsecureServer(f"{url!r} is not a server address; use https://host[:port].")


def tls_verify(ca_bundle: str | Path | None) -> bool | str:
    """What requests' `verify` gets: a CA bundle file if one is configured (it must
    exist: a missing file would silently fall back to no check in some setups),
    else True (the system's trust store). Never False."""
    chosen = ca_bundle or os.environ.get(CA_BUNDLE_ENV) or None
    if chosen is None:
        return True
    path = Path(chosen)
    if not path.is_file():
        raise InsecureServer(
            f"The CA bundle {path} does not exist; fix the path in the settings or {CA_BUNDLE_ENV}."
        )
    return str(path)


def _environment_once(http: requests.Session, base_url: str) -> str | None:
    """Read what requests takes from the environment once, here, instead of on every
    call (requests looked the proxies up again for each request, about a millisecond
    of an idle round's fifteen): a proxy for the server's address, honouring NO_PROXY,
    goes on the session; a CA bundle named in REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE is
    returned, for the calls to use where `verify` is True, as requests did. (A ~/.netrc
    is not read: every call carries the device's own bearer token or none.)"""
    http.proxies.update(requests.utils.get_environ_proxies(base_url))
    http.trust_env = False
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


class Transport:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        connect_timeout: float = 3.0,
        read_timeout: float = 60.0,
        ca_bundle: str | Path | None = None,
    ):
        self.base_url = check_server_url(base_url)
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        self.http = requests.Session()
        self.http.verify = tls_verify(ca_bundle)
        self._env_bundle = _environment_once(self.http, self.base_url)
        self.http.headers["Accept-Encoding"] = ACCEPT_ENCODING
        self.http.headers["Content-Type"] = "application/json"

    def _call(
        self, method: str, path: str, *, body: Any = None, params: dict[str, Any] | None = None
    ) -> Any:
        return self._receive(method, path, body=body, params=params).payload()

    def _receive(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        accept: str | None = None,
    ) -> Received:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if accept:
            headers["Accept"] = accept
        data = orjson.dumps(body) if body is not None else None
        try:
            # Streamed, then read and unpacked in one piece (`Received`): requests would
            # unpack a 6 MB page in 10 kB steps and join them, a second of a bootstrap.
            response = self.http.request(
                method,
                self.base_url + path,
                data=data,
                params=params,
                headers=headers,
                timeout=self.timeout,
                stream=True,
                verify=self._env_bundle
                if self.http.verify is True and self._env_bundle
                else self.http.verify,
            )
            raw = _raw_body(response)
        except requests.exceptions.SSLError as exc:
            # Not "offline": the link works but the server is not who it claims to be
            # (or the office's CA bundle is missing). Retrying quietly would hide it.
            raise Refused(
                0,
                {"code": "tls", "detail": f"The server's certificate could not be verified: {exc}"},
            ) from exc
        except requests.ConnectionError as exc:
            # A connection dropped after the request was sent is a fault, not "offline":
            # the server may have applied it, and the retry gets the stored answer.
            if (
                isinstance(exc, requests.exceptions.ChunkedEncodingError)
                or "RemoteDisconnected" in str(exc)
                or "Connection aborted" in str(exc)
            ):
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

    def enrol(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /devices/enrol (no bearer: this is how a device gets one)."""
        return self._call("POST", "/devices/enrol", body=body)  # type: ignore[no-any-return]

    def login(self, username: str, password: str, public_key: str | None = None) -> dict[str, Any]:
        """POST /auth/login with the device's bearer: the operator's account record,
        registering `public_key` for this operator on this device when given."""
        body: dict[str, Any] = {"username": username, "password": password}
        if public_key is not None:
            body["public_key"] = public_key
        return self._call("POST", "/auth/login", body=body)  # type: ignore[no-any-return]

    def push(self, device_id: str, commands: list[Envelope]) -> tuple[list[Answer], int]:
        answer = self._call(
            "POST", "/sync/push", body={"device_id": device_id, "commands": commands}
        )
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


class AttachmentLink:
    """The attachment calls (`sync.attachments.HttpClient`) on a requests session of
    their own, so a 20 MB upload on the attachment thread never shares a connection
    with the round's push and pull. Paths are relative to the server; the bearer is
    added here. Failures are sorted as for the round: no link is `Offline`, a 5xx or
    a timeout `ServerFault`, a busy server `ServerBusy`, a 4xx other than the ones the
    upload handles itself (404, 409, 422) `Refused`. Bodies go as they are (scans are
    compressed already)."""

    HANDLED = frozenset({404, 409, 422})

    def __init__(self, transport: Transport):
        self.base_url = transport.base_url
        self.token = transport.token
        self.timeout = transport.timeout
        self.http = requests.Session()
        self.http.verify = transport.http.verify

    def close(self) -> None:
        self.http.close()

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        sent = {"Accept-Encoding": "identity", **(headers or {})}
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        try:
            response = self.http.request(
                method,
                self.base_url + path,
                params=params,
                data=content,
                headers=sent,
                timeout=self.timeout,
            )
        except requests.exceptions.SSLError as exc:
            raise Refused(
                0,
                {"code": "tls", "detail": f"The server's certificate could not be verified: {exc}"},
            ) from exc
        except requests.ConnectionError as exc:
            raise Offline(str(exc)) from exc
        except requests.Timeout as exc:
            raise ServerFault(f"no answer in time: {exc}") from exc
        if response.status_code == 503 and response.headers.get("Retry-After"):
            raise ServerBusy(_retry_after(response.headers["Retry-After"]))
        if response.status_code >= 500:
            raise ServerFault(f"HTTP {response.status_code}")
        if response.status_code >= 400 and response.status_code not in self.HANDLED:
            try:
                body = response.json()
            except ValueError:
                body = {"detail": response.text[:200]}
            body = body if isinstance(body, dict) else {"detail": body}
            if response.status_code == 401 and body.get("code") == "revoked":
                raise DeviceRevoked(401, body)
            raise Refused(response.status_code, body)
        return response

    def get(self, url: str, **kw: Any) -> requests.Response:
        return self._send("GET", url, **kw)

    def put(self, url: str, **kw: Any) -> requests.Response:
        return self._send("PUT", url, **kw)

    def post(self, url: str, **kw: Any) -> requests.Response:
        return self._send("POST", url, **kw)


@dataclass(frozen=True)
class Received:
    """An answer of the server, read off the link but not yet unpacked or parsed."""

    status: int
    headers: Mapping[str, str]
    raw: bytes

    def payload(self, *, packed_rows: bool = False) -> Any:
        """The parsed body; `Refused` for a 4xx, `ServerFault` for one unreadable.
        `packed_rows`: a pull page's row lines are kept as they came (`TablePage.packed`)."""
        content = _unpack(self.raw, self.headers.get("Content-Encoding", ""))
        if self.status < 400 and self.headers.get("Content-Type", "").startswith(LINES_MEDIA_TYPE):
            return _page_from_lines(content, packed_rows=packed_rows)
        try:
            payload = orjson.loads(content) if content else {}
        except orjson.JSONDecodeError as exc:
            raise ServerFault(f"unreadable answer: {exc}") from exc
        if self.status >= 400:
            refusal = Refused(
                self.status, payload if isinstance(payload, dict) else {"detail": payload}
            )
            if self.status == 401 and refusal.code == "revoked":
                raise DeviceRevoked(refusal.status, refusal.body)
            if self.status == 429:
                refusal.body.setdefault("retry_after", self.headers.get("Retry-After"))
            raise refusal
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


#: How `server.page_body` starts a line of rows (orjson: no spaces, keys in order).
_LINE_START = b'{"table":"'
_LINE_ROWS = b'","rows":'


def _packed_table(line: bytes, tables: Mapping[str, Any]) -> str | None:
    """The table a line of rows is of, read off its start without parsing the rows;
    None when the line does not start as `server.page_body` writes it."""
    if not line.startswith(_LINE_START):
        return None
    end = line.find(_LINE_ROWS, len(_LINE_START))
    name = line[len(_LINE_START) : end]
    if end < 0 or b"\\" in name:
        return None
    text = name.decode("ascii", "replace")
    return text if text in tables else None


def _page_from_lines(content: bytes, *, packed_rows: bool = False) -> PullPage:
    """A pull page sent as JSON lines, parsed a line (a few thousand rows) at a time:
    between two `orjson.loads` the desk's window thread gets Python's GIL. With
    `packed_rows`, lines of rows are not parsed but kept per table
    (`TablePage.packed`), for SQLite to read (`sync.pull_apply`)."""
    try:
        first, *lines = content.split(b"\n")
        page: PullPage = orjson.loads(first)
        tables = page["tables"]
        for line in lines:
            name = _packed_table(line, tables) if packed_rows else None
            if name is not None:
                tables[name].setdefault("packed", []).append(line)
                continue
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
