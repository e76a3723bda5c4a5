"""Opening the encrypted SQLite store (SQLCipher) with the pragmas Daftar relies on."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool


def _null(value: None) -> None:
    return value


# The driver binds a None through its adapter protocol: with no adapter registered for
# it, it asks the protocol and then the value for `__adapt__` and `__conform__`, each
# look-up failing with an exception built and dropped (~0.75 µs a NULL; a bulk import
# binds five an entry). An adapter for None that gives it back makes that one dict
# look-up; the NULL bound is the same.
sqlcipher3.register_adapter(type(None), _null)


class WrongKey(RuntimeError):
    """The file is not a Daftar store or the key does not open it."""


@dataclass(frozen=True)
class StoreFormat:
    """How a store file is encrypted. SQLCipher keeps none of this in the file: a store
    opens only with the settings it was made with, so every format ever used stays
    listed in `FORMATS` (newest first) and an existing file is opened with the first
    that reads it."""

    name: str
    page_size: int
    hmac: str


#: 16 KB pages and HMAC-SHA256 (SHA-NI in hardware, unlike SHA-512) for stores made
#: from December 2026: a first sync of 500,000 applications wrote its 1.2 M rows and
#: built its indexes in ~11.5 s instead of ~17 s (fewer pages to encrypt, sign, write
#: and checkpoint). Lookups stayed within their budgets (bench/bench_desktop.py).
CURRENT_FORMAT = StoreFormat("2026-12", page_size=16384, hmac="HMAC_SHA256")
#: SQLCipher 4's defaults, which the first stores were made with.
FIRST_FORMAT = StoreFormat("sqlcipher4-defaults", page_size=4096, hmac="HMAC_SHA512")
FORMATS = (CURRENT_FORMAT, FIRST_FORMAT)


def _keyed(path: Path, key: str, fmt: StoreFormat, *, probe: bool = False) -> sqlcipher3.Connection:
    """A connection that has read the file with `key` in `fmt`, or `WrongKey`. A
    `probe` does not let SQLCipher log its failure ("hmac check failed") to stderr: a
    store of an older format fails the newer formats' probes every time it opens."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False, timeout=30)
    # A raw 256-bit key skips PBKDF2, so opening takes microseconds, not half a second.
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute(f"PRAGMA cipher_page_size = {fmt.page_size}")
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {fmt.hmac}")
    if probe:  # the level is process-wide: put back below
        level = conn.execute("PRAGMA cipher_log_level").fetchone()[0]
        conn.execute("PRAGMA cipher_log_level = NONE")
    failure: sqlcipher3.DatabaseError | None = None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        failure = exc
    if probe:
        conn.execute(f"PRAGMA cipher_log_level = {level}")
    if failure is not None:
        conn.close()
        raise WrongKey(f"{path} cannot be opened with this profile's key: {failure}") from failure
    return conn


def store_format(path: Path, key: str) -> StoreFormat:
    """The format of the file at `path`: `CURRENT_FORMAT` for a new file, else the
    first of `FORMATS` that reads it (an empty file: the first); `WrongKey` when none
    does."""
    if not path.exists():
        return CURRENT_FORMAT
    for fmt in FORMATS[:-1]:
        try:
            _keyed(path, key, fmt, probe=True).close()
            return fmt
        except WrongKey:
            continue
    # Quiet too: SQLCipher's "hmac check failed" lines would only repeat what WrongKey says.
    _keyed(path, key, FORMATS[-1], probe=True).close()
    return FORMATS[-1]


def _connect(path: Path, key: str, cache_mb: int, fmt: StoreFormat) -> sqlcipher3.Connection:
    conn = _keyed(path, key, fmt)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # A bootstrap lets the log grow to 64 MB (sync.engine): the file is cut back to
    # that after a checkpoint instead of keeping its largest size.
    conn.execute(f"PRAGMA journal_size_limit = {64 * 1024 * 1024}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{cache_mb * 1024}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


DEFAULT_CACHE_MB = 64
#: Execution option of a connection that only reads: its transactions begin deferred
#: (a WAL snapshot at the first read) and so never wait for the write lock, nor hold it.
READ_ONLY = "daftar_read_only"


PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR


def make_private(path: Path) -> None:
    """The store file, its WAL and shared-memory files readable by their owner only.
    A new file is created 0600 before SQLite opens it (SQLite gives the -wal and -shm
    files the main file's permissions); existing ones are narrowed."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    if os.name == "nt":
        return
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if stat.S_IMODE(part.stat().st_mode) != PRIVATE_FILE:
                os.chmod(part, PRIVATE_FILE)
        except FileNotFoundError:
            continue


def open_engine(path: Path, key: str, *, cache_mb: int = DEFAULT_CACHE_MB) -> Engine:
    """An engine over the encrypted file; SQLAlchemy's own BEGIN handling is replaced
    by SQLite's so that `BEGIN IMMEDIATE` is used for writes (no upgrade deadlocks);
    connections marked `READ_ONLY` begin deferred instead."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    make_private(path)
    # An empty file is what a new store looks like to the format probe.
    fmt = CURRENT_FORMAT if fresh else store_format(path, key)
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: _connect(path, key, cache_mb, fmt),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _no_pysqlite_begin(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql(
            "BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
        )

    return engine


def pragma_outside_transaction(conn: Connection, statement: str) -> None:
    """Run a PRAGMA that SQLite ignores (foreign_keys) or refuses (synchronous) inside a
    transaction, on the driver connection so SQLAlchemy does not open one first."""
    conn.connection.driver_connection.execute(statement)  # type: ignore[union-attr]
