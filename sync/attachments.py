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
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CHUNK_BYTES = 1024 * 1024
NONCE = 12


class HttpClient(Protocol):
    """What the upload needs of an httpx.Client (a TestClient is one too)."""

    def get(self, url: str, **kw: Any) -> Any: ...

    def put(self, url: str, **kw: Any) -> Any: ...

    def post(self, url: str, **kw: Any) -> Any: ...


class AttachmentError(Exception):
    """An attachment could not be sent or read; the message says what to do."""


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

    def put(self, data: bytes) -> str:
        """Keep `data` encrypted; returns its sha256 (the same bytes are kept once)."""
        sha = sha256_of(data)
        target = self.path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        nonce = os.urandom(NONCE)
        temp = target.with_suffix(".part")
        temp.write_bytes(nonce + self._aead.encrypt(nonce, data, sha.encode()))
        os.replace(temp, target)
        return sha

    def get(self, sha256: str) -> bytes:
        """The plain bytes, checked against their hash."""
        raw = self.path(sha256).read_bytes()
        data = self._aead.decrypt(raw[:NONCE], raw[NONCE:], sha256.encode())
        if sha256_of(data) != sha256:
            raise AttachmentError("A kept attachment does not match its hash; fetch it again.")
        return data

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
        """Send what the server does not have yet; returns the bytes sent this time."""
        data = self.get(sha256)
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
        if done.status_code == 422:
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
        self.put(data)
        return data
