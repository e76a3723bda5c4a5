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

from sqlalchemy import Connection, LargeBinary, column, func, select, table, update

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


def keep(store: BlobStore, data: bytes) -> str:
    """Keep `data` as a blob (nothing when the store has it already); its sha256."""
    sha = hashlib.sha256(data).hexdigest()
    if store.has(sha):
        return sha
    have = store.received(sha)  # a cut upload of the same bytes: go on from there
    for start in range(have, len(data), MAX_CHUNK_BYTES):
        store.append(sha, start, data[start : start + MAX_CHUNK_BYTES])
    store.complete(sha)
    return sha


#: Scan rows read at a time when their bytes move out (a row holds up to 8 MB).
_MOVE_BATCH = 16


def move_scan_bytes(conn: Connection, store: BlobStore, sha256: str | None = None) -> int:
    """Move the bytes still held in `mutation_scans` rows (pushed before attachments
    existed, or by a desk sending `scan.content_b64`) into `store` and empty the rows'
    `content`: the blob store is where a desk fetches a scan from (by the row's
    sha256, which the command computed from these very bytes), and the change feed
    never sends the column (`server.feed.NEVER_SENT`). The rows keep their version:
    what the feed sends of them is unchanged, so no desk pulls them again. Returns
    the rows emptied. Used by migration 0013, on SQLite or PostgreSQL; with `sha256`,
    only that page's rows (a desk asking for a page an old desk pushed inside its
    command after the migration: `GET /attachments/{sha}`)."""
    scans = table(
        "mutation_scans", column("id"), column("sha256"), column("content", LargeBinary())
    )
    pick = (
        select(scans.c.id, scans.c.content)
        .where(func.length(scans.c.content) > 0)
        .order_by(scans.c.id)
        .limit(_MOVE_BATCH)
    )
    if sha256 is not None:
        pick = pick.where(scans.c.sha256 == sha256)
    moved = 0
    while rows := conn.execute(pick).all():
        for row_id, content in rows:
            keep(store, bytes(content))
            conn.execute(update(scans).where(scans.c.id == row_id).values(content=b""))
            moved += 1
    return moved


def blob_folder(blob_dir: str | None, url: Any) -> Path:
    """Where a server keeps scans: `blob_dir` (the setting) when given, else beside
    an SQLite database file (a test's or a demo's server keeps its own), else the
    user data directory. `url` is the database's SQLAlchemy URL."""
    from server.db import default_sqlite_path

    if blob_dir:
        return Path(blob_dir)
    database = url.database if url.get_backend_name() == "sqlite" else None
    if database and database != ":memory:":
        return Path(database).with_name(Path(database).name + ".blobs")
    return default_sqlite_path().parent / "blobs"
