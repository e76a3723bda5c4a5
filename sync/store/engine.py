"""Opening the encrypted SQLite store (SQLCipher) with the pragmas Daftar relies on."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool


class WrongKey(RuntimeError):
    """The file is not a Daftar store or the key does not open it."""


def _connect(path: Path, key: str, cache_mb: int) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), check_same_thread=False, timeout=30)
    # A raw 256-bit key skips PBKDF2, so opening takes microseconds, not half a second.
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise WrongKey(f"{path} cannot be opened with this profile's key: {exc}") from exc
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{cache_mb * 1024}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


DEFAULT_CACHE_MB = 64
#: Execution option of a connection that only reads: its transactions begin deferred
#: (a WAL snapshot at the first read) and so never wait for the write lock, nor hold it.
READ_ONLY = "daftar_read_only"


def open_engine(path: Path, key: str, *, cache_mb: int = DEFAULT_CACHE_MB) -> Engine:
    """An engine over the encrypted file; SQLAlchemy's own BEGIN handling is replaced
    by SQLite's so that `BEGIN IMMEDIATE` is used for writes (no upgrade deadlocks);
    connections marked `READ_ONLY` begin deferred instead."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine("sqlite://", module=sqlcipher3.dbapi2,
                           creator=lambda: _connect(path, key, cache_mb),
                           poolclass=QueuePool, pool_size=4, max_overflow=4)

    @event.listens_for(engine, "connect")
    def _no_pysqlite_begin(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY)
                             else "BEGIN IMMEDIATE")

    return engine


def pragma_outside_transaction(conn: "Connection", statement: str) -> None:
    """Run a PRAGMA that SQLite ignores (foreign_keys) or refuses (synchronous) inside a
    transaction, on the driver connection so SQLAlchemy does not open one first."""
    conn.connection.driver_connection.execute(statement)  # type: ignore[union-attr]
