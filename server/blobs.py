"""Where the server keeps attachment bytes (scanned register pages): content-addressed
by sha256, behind a small interface.

Attachments never travel in the change feed (a synced row carries only the hash,
media type and size; DESIGN.md "Attachments"). A desk uploads the bytes in chunks
to `PUT /attachments/{sha256}?offset=N`; a broken link resumes from what the server
already has (`received`); `complete` checks the hash before the blob counts, and a
blob the server already holds is never stored twice.

`BlobStore` is the interface: `FolderBlobStore` keeps blobs in a folder (the
default); an S3-compatible object store would implement the same five methods with
a multipart upload (`received` = the sum of its uploaded parts, `append` = upload
part, `complete` = complete multipart upload after a hash check, `open` = a ranged
GET), for provincial scale. Not required here.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path
from typing import Any, BinaryIO, Protocol

SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: The largest attachment (a scanned register page as a multi-page PDF).
MAX_BLOB_BYTES = 64 * 1024 * 1024
#: The largest chunk of one PUT (under the request body limit).
MAX_CHUNK_BYTES = 4 * 1024 * 1024
#: Running hashes of unfinished uploads a folder store keeps in memory.
_HASHING_MAX = 256


class BlobError(Exception):
    """An upload the store cannot take: `code` for the API answer."""

    def __init__(self, code: str, message: str, received: int = 0):
        super().__init__(message)
        self.code, self.message, self.received = code, message, received


class BlobStore(Protocol):
    def has(self, sha256: str) -> bool: ...

    def received(self, sha256: str) -> int:
        """Bytes of an unfinished upload kept so far (0 when none)."""

    def append(self, sha256: str, offset: int, data: bytes) -> int:
        """Add `data` at `offset` (which must be `received`); returns the new total."""

    def complete(self, sha256: str) -> None:
        """Check the upload's hash and keep it as the blob (raises BlobError)."""

    def open(self, sha256: str) -> BinaryIO: ...


def check_sha(sha256: str) -> str:
    if not SHA256.match(sha256):
        raise BlobError("bad_hash", "An attachment is named by its sha256: 64 hex digits.")
    return sha256


class FolderBlobStore:
    """Blobs as files `root/ab/abcdef…`; unfinished uploads in `root/partial/`."""

    def __init__(self, root: Path):
        self.root = Path(root)  # made on the first upload, not when the app starts
        #: The running sha256 of each upload this process has seen from its first
        #: byte, with the size it covers: `complete` then checks the hash without
        #: reading the whole file again (an upload resumed after a restart has none,
        #: and is read back once). At most `_HASHING_MAX` are kept.
        self._hashing: dict[str, tuple[int, Any]] = {}
        self._lock = threading.Lock()

    def _final(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _partial(self, sha256: str) -> Path:
        return self.root / "partial" / sha256

    def has(self, sha256: str) -> bool:
        return self._final(check_sha(sha256)).exists()

    def received(self, sha256: str) -> int:
        if self.has(sha256):
            return self._final(sha256).stat().st_size
        part = self._partial(sha256)
        return part.stat().st_size if part.exists() else 0

    def append(self, sha256: str, offset: int, data: bytes) -> int:
        if self.has(sha256):
            return self.received(sha256)  # already here: nothing is stored twice
        have = self.received(sha256)
        if offset != have:
            raise BlobError(
                "wrong_offset",
                f"The server has {have} bytes of this attachment; send from there.",
                have,
            )
        if have + len(data) > MAX_BLOB_BYTES:
            raise BlobError(
                "too_large", f"An attachment may be at most {MAX_BLOB_BYTES} bytes.", have
            )
        self._partial(sha256).parent.mkdir(parents=True, exist_ok=True)
        with self._partial(sha256).open("ab") as f:
            f.write(data)
        with self._lock:
            size, digest = self._hashing.pop(sha256, (0, None))
            if digest is None and have == 0:
                digest = hashlib.sha256()
            if digest is not None and size == have:
                digest.update(data)
                while len(self._hashing) >= _HASHING_MAX:
                    del self._hashing[next(iter(self._hashing))]
                self._hashing[sha256] = (have + len(data), digest)
        return have + len(data)

    def complete(self, sha256: str) -> None:
        if self.has(sha256):
            return
        part = self._partial(sha256)
        if not part.exists():  # `complete` before any chunk: a refusal, not a server error
            raise BlobError(
                "not_found", "Nothing of this attachment was uploaded; send its bytes first."
            )
        with self._lock:
            size, digest = self._hashing.pop(sha256, (0, None))
        if digest is None or size != part.stat().st_size:
            digest = hashlib.sha256()
            with part.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
        if digest.hexdigest() != sha256:
            part.unlink()
            raise BlobError(
                "hash_mismatch",
                "The attachment's bytes do not match its sha256; it was discarded, send it again.",
            )
        final = self._final(sha256)
        final.parent.mkdir(exist_ok=True)
        os.replace(part, final)

    def open(self, sha256: str) -> BinaryIO:
        if not self.has(sha256):
            raise BlobError("not_found", "The server has no attachment with this hash.")
        return self._final(sha256).open("rb")
