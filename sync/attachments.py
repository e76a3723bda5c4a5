"""Attachments on the desk: scanned pages kept encrypted, uploaded in resumable
chunks, fetched only when someone opens one (DESIGN.md "Attachments").

A scan is named by the sha256 of its bytes, so the same page attached twice is kept
once, here and on the server. On the desk each blob is a file in the profile's
`attachments/` folder, encrypted with AES-256-GCM under a key derived (HKDF) from
the store's key, the hash bound in as associated data so a file cannot be swapped
for another. Rows carry only the hash, media type and size: a bootstrap moves no
scan bytes, and `fetch` brings a scan down the first time it is opened.

Upload asks the server how much it already has and sends the rest in chunks, so a
20 MB scan cut at 60% resumes from 60%; the server checks the hash at the end.

What this desk still owes the server is a marker file per hash in `outgoing/`,
written with the blob and removed once the server holds it: the sync engine sends
them on a thread of its own, so a 20 MB scan never holds up the command queue, and
a marker outlives a crash or a week offline (sending again is harmless: the server
says what it has). A scan fetched from the server is kept without a marker.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

log = logging.getLogger(__name__)
#: Bytes per PUT: the most the server takes (server.blobs.MAX_CHUNK_BYTES); on loopback
#: 4 MB chunks sent 20 MB at 16.4 MB/s where 1 MB chunks managed 13.6 (same load).
CHUNK_BYTES = 4 * 1024 * 1024
NONCE = 12


class HttpClient(Protocol):
    """What the upload needs of an httpx.Client (a TestClient is one too)."""

    def get(self, url: str, **kw: Any) -> Any: ...

    def put(self, url: str, **kw: Any) -> Any: ...

    def post(self, url: str, **kw: Any) -> Any: ...


class AttachmentError(Exception):
    """An attachment could not be sent or read; the message says what to do.
    `retry`: worth trying again later (False: the bytes here are wrong)."""

    def __init__(self, message: str, *, retry: bool = True):
        super().__init__(message)
        self.retry = retry


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DeskAttachments:
    """The encrypted attachment cache of one desk profile."""

    def __init__(self, folder: Path, store_key_hex: str):
        self.folder = Path(folder)
        self._aead = AESGCM(
            HKDF(
                algorithm=hashes.SHA256(), length=32, salt=None, info=b"daftar attachments v1"
            ).derive(store_key_hex.encode())
        )

    def path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put(self, data: bytes, *, send: bool = True) -> str:
        """Keep `data` encrypted; returns its sha256 (the same bytes are kept once).
        `send`: the server does not have it yet (a scan attached here), so the engine
        uploads it; False for bytes that came from the server."""
        sha = sha256_of(data)
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            nonce = os.urandom(NONCE)
            temp = target.with_suffix(".part")
            temp.write_bytes(nonce + self._aead.encrypt(nonce, data, sha.encode()))
            os.replace(temp, target)
        if send:
            marker = self._outgoing / sha
            if not marker.exists():
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
        return sha

    @property
    def _outgoing(self) -> Path:
        return self.folder / "outgoing"

    def outgoing(self) -> list[str]:
        """Hashes kept here that the server may not hold yet, oldest first."""
        if not self._outgoing.is_dir():
            return []
        markers = [p for p in self._outgoing.iterdir() if len(p.name) == 64]
        return [p.name for p in sorted(markers, key=lambda p: (p.stat().st_mtime, p.name))]

    def mark_sent(self, sha256: str) -> None:
        """The server holds `sha256` (its hash checked): nothing more to send."""
        (self._outgoing / sha256).unlink(missing_ok=True)

    def send_all(
        self,
        client: HttpClient,
        headers: dict[str, str],
        *,
        chunk: int = CHUNK_BYTES,
        stop: Callable[[], bool] | None = None,
    ) -> tuple[int, int]:
        """Upload every outgoing attachment; returns (attachments, bytes) sent. A broken
        link raises (the transport's `Offline`/`ServerFault`), leaving the markers of
        what is not through yet for the next try, which resumes mid-file. A marker
        whose blob is gone or damaged here is dropped with a warning (there is nothing
        to send; the desk that opens the scan is told it is missing)."""
        count = total = 0
        for sha in self.outgoing():
            if stop is not None and stop():
                break
            if not self.has(sha):
                log.warning("attachment %s is marked to send but not kept here", sha)
                self.mark_sent(sha)
                continue
            try:
                total += self.upload(client, sha, headers, chunk=chunk)
            except AttachmentError as exc:
                log.warning("attachment %s not sent: %s", sha, exc)
                if not exc.retry:
                    self.mark_sent(sha)
                continue
            self.mark_sent(sha)
            count += 1
        return count, total

    def get(self, sha256: str) -> bytes:
        """The plain bytes, checked against their hash."""
        data = self._decrypt(sha256)
        if sha256_of(data) != sha256:
            raise AttachmentError(
                "A kept attachment does not match its hash; fetch it again.", retry=False
            )
        return data

    def _decrypt(self, sha256: str) -> bytes:
        """The plain bytes as kept. The GCM tag, over the hash as associated data,
        proves they are the bytes `put` encrypted under this name (a damaged or
        swapped file is refused here)."""
        raw = self.path(sha256).read_bytes()
        try:
            return self._aead.decrypt(raw[:NONCE], raw[NONCE:], sha256.encode())
        except InvalidTag:
            raise AttachmentError(
                "A kept attachment is damaged; fetch it again.", retry=False
            ) from None

    # -- with the server ----------------------------------------------------------------------
    def upload(
        self,
        client: HttpClient,
        sha256: str,
        headers: dict[str, str],
        *,
        chunk: int = CHUNK_BYTES,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Send what the server does not have yet; returns the bytes sent this time.
        The bytes are not hashed again here: the GCM tag already proves them, and the
        server checks the hash of what it received before the blob counts (a second
        sha256 of a 20 MB scan was a tenth of the upload's time)."""
        data = self._decrypt(sha256)
        answer = client.get(f"/attachments/{sha256}/status", headers=headers)
        answer.raise_for_status()
        state = answer.json()
        if state["complete"]:
            return 0
        offset, sent = int(state["received"]), 0
        while offset < len(data):
            piece = data[offset : offset + chunk]
            r = client.put(
                f"/attachments/{sha256}",
                params={"offset": offset},
                content=piece,
                headers={**headers, "Content-Type": "application/octet-stream"},
            )
            if r.status_code == 409:  # the server has a different amount: go on from there
                offset = int(r.json()["received"])
                continue
            r.raise_for_status()
            offset = int(r.json()["received"])
            sent += len(piece)
            if progress is not None:
                progress(offset, len(data))
        done = client.post(f"/attachments/{sha256}/complete", headers=headers)
        if done.status_code == 422:  # the server discarded what it had: send it all again
            raise AttachmentError(done.json()["message"])
        done.raise_for_status()
        return sent

    def fetch(self, client: HttpClient, sha256: str, headers: dict[str, str]) -> bytes:
        """The attachment, from this desk's cache or else (once) from the server."""
        if self.has(sha256):
            return self.get(sha256)
        r = client.get(f"/attachments/{sha256}", headers=headers)
        if r.status_code == 404:
            raise AttachmentError(
                "The server does not have this scan yet: the desk that "
                "attached it has not sent it. Try again after it syncs."
            )
        r.raise_for_status()
        data: bytes = r.content
        if sha256_of(data) != sha256:
            raise AttachmentError("The scan that came from the server does not match its hash.")
        self.put(data, send=False)
        return data
