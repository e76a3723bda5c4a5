"""Opening the server's database: PostgreSQL in production, an SQLite file by default.

SQLite is the no-setup default (DESIGN.md "Storage"). It gets WAL (readers never
block the writer), foreign keys, a busy timeout, and `BEGIN IMMEDIATE` for write
transactions: a deferred transaction that reads first and writes later can fail with
"database is locked" when another writer got in between, which a busy timeout cannot
cure. Read-only work (pulls, token checks) runs on `read_only(engine)`, whose
transactions stay deferred so they never queue behind writers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import orjson
from platformdirs import user_data_dir
from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    Connection,
    Engine,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.settings import ENV_DATABASE_URL

READ_ONLY = "daftar_read_only"
SQLITE_BUSY_MS = 30_000


def default_sqlite_path() -> Path:
    """The embedded database file: `<user data dir>/daftar-server/daftar-server.sqlite3`."""
    return Path(user_data_dir("daftar-server", appauthor=False)) / "daftar-server.sqlite3"


def resolve_url(explicit: str | None = None) -> str:
    """`--db` wins over `DAFTAR_DATABASE_URL`, which wins over the embedded SQLite file."""
    url = explicit or os.environ.get(ENV_DATABASE_URL)
    if url:
        return url
    return f"sqlite:///{default_sqlite_path()}"


def _sqlite_engine(url: str, **kw: Any) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        raise ValueError(
            "The server needs an SQLite file, not an in-memory database: every "
            "connection of the pool would see a different, empty database."
        )
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000}, **kw
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Hand transaction control to us (pysqlite would BEGIN lazily and deferred).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        # FULL: an answer "applied" must survive a power cut, or a device would never
        # resend a command the server then forgot.
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA cache_size = -65536")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


#: Plan every execution of a prepared statement for its own parameters. psycopg
#: prepares a statement from its sixth run on a connection; PostgreSQL plans the first
#: five runs of a prepared statement for their values, then may settle on one generic
#: plan, made from the table's size at that moment and kept until the table is analysed
#: again: a push's look-ups by id (`= ANY(...)`) planned while a table was small went
#: on scanning it whole as it grew by thousands of rows a minute (in
#: `bench.profile_push`, three look-ups took a third of PostgreSQL's time; with custom
#: plans its CPU per command fell 0.53-0.72 -> 0.42-0.45 ms, planning included).
#: Prepared statements still save the parsing.
#: Behind PgBouncer nothing is prepared, so every plan is a custom one already.
CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan"


def make_engine(
    url: str | None = None, *, pool_size: int = 12, pgbouncer: bool = False, **kw: Any
) -> Engine:
    """An engine for `url` (see `resolve_url`); PostgreSQL via `postgresql+psycopg://`.

    PostgreSQL: a pool of `pool_size` connections kept open and reused, and only a few
    more in a pinch: a backend process per new connection cost most of a core when a
    small pool overflowed by the dozen. The server sizes it to what a worker admits
    (`server.admission`). No ping per checkout (a round trip on every request): a
    connection found dead fails its request (the desk retries) and SQLAlchemy throws
    the pool's other connections away. `pgbouncer`: the URL is a PgBouncer in
    transaction pooling mode, so psycopg must not prepare statements on a server
    connection the next transaction may not get (`prepare_threshold=None`); otherwise
    prepared statements are planned afresh on every run (`CUSTOM_PLANS`).
    """
    url = resolve_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, **kw)
    if backend == "postgresql":
        kw.setdefault("pool_size", pool_size)
        kw.setdefault("max_overflow", 4)
        kw.setdefault("pool_timeout", 10)
        kw.setdefault("pool_recycle", 3600)
        if pgbouncer:
            kw.setdefault("connect_args", {})["prepare_threshold"] = None
        else:
            own = make_url(url).query.get("options")  # the URL's own, kept
            options = " ".join(o for o in (own, CUSTOM_PLANS) if isinstance(o, str))
            kw.setdefault("connect_args", {}).setdefault("options", options)
        return create_engine(url, **kw)
    raise ValueError(
        f"Unsupported database {backend!r}: use sqlite:///path or "
        "postgresql+psycopg://user@host/db."
    )


def read_only(engine: Engine) -> Engine:
    """The same pool, marked so SQLite opens deferred (snapshot) transactions."""
    return engine.execution_options(**{READ_ONLY: True})


T = TypeVar("T")


def kept_for_transaction(session: Session, key: str, make: Callable[[], T]) -> T:
    """What `session.info[key]` holds for the open transaction, made by `make` when it
    is first asked for in it. A later transaction (after a commit or a rollback) gets
    a new one, so what an earlier one read or locked is never trusted; with no
    transaction open, a new one that is not kept."""
    transaction = session.get_transaction()
    if transaction is None:
        return make()
    kept = session.info.get(key)
    if kept is None or kept[0] is not transaction:
        kept = session.info[key] = (transaction, make())
    return kept[1]  # type: ignore[no-any-return]


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose commits number every synced row they touched (`server.changes`),
    chain the commands they processed into the audit log (`server.audit`), and whose
    read-ahead (`domain.commands.lookups.ReadAhead`) forgets what is added."""
    from domain.commands.lookups import forget_added
    from server import audit
    from server.changes import track_changes

    factory = sessionmaker(engine, expire_on_commit=True)
    track_changes(factory)
    audit.track(factory)
    from server.payments import exception_rows

    exception_rows.track(factory)
    event.listen(factory, "transient_to_pending", forget_added)
    return factory


def one_of(column: Any, values: Iterable[Any], dialect: str) -> ColumnElement[bool]:
    """`column IN (values)`, written for PostgreSQL as `column = ANY(:array)`: one
    parameter whatever the count, so the statement is the same text every time (and
    prepared once), and the planner keeps to the primary key's index for it. The
    push's lookups by a hundred ids (read-ahead, locks, a person's districts) took up
    to 20 ms each as an IN list of a hundred parameters on tables whose statistics
    were stale (freshly written), 1 ms as ANY; 2-6 ms and 1 ms once analysed."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(list(values))  # type: ignore[no-any-return]


_JSON_INSERTS: dict[tuple[Table, tuple[str, ...]], tuple[str, Sequence[Any]]] = {}


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys, column values) into `table`.

    PostgreSQL: one statement with one parameter, the rows as a JSON array read by
    `json_to_recordset`: an executemany cost psycopg about 15 ms of CPU per thousand
    rows (and the server a statement each), this about 1 ms; a push of a thousand
    new applications writes five thousand rows (rows, answers, audit entries). Values
    go through the columns' own bind processing first; a JSON column's value travels
    as the very text SQLAlchemy would send (`json.dumps`) and is cast to json, so
    what is stored is the same to the byte. Elsewhere: an executemany."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    keys = tuple(rows[0])
    plan = _JSON_INSERTS.get((table, keys))
    if plan is None:
        plan = _JSON_INSERTS[(table, keys)] = json_insert_sql(conn.dialect, table, keys)
    sql, processors = plan
    conn.exec_driver_sql(sql, (json_rows(rows, processors),))


def json_record(
    dialect: Any, table: Table, keys: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Any, ...]]:
    """How rows of `table` (dicts with `keys`) travel as one JSON array read by
    `json_to_recordset`: the record's column definitions, the expression that reads
    each column back, and each value's processing before `orjson.dumps` (None: as is).
    A JSON column's value travels as the very text SQLAlchemy would send and is cast.

    Worked out once per table and set of keys: a push asked it for every table it
    wrote, each time compiling every column's type (2.5% of a push's CPU)."""
    return _json_record(dialect, table, tuple(keys))


@lru_cache(maxsize=256)
def _json_record(
    dialect: Any, table: Table, keys: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Any, ...]]:
    quote = dialect.identifier_preparer.quote
    serialize = dialect._json_serializer or json.dumps
    declared, selected, processors = [], [], []
    for key in keys:  # the record's fields are named as the rows' keys
        column, field = table.c[key], quote(key)
        if isinstance(column.type, JSON):
            declared.append(f"{field} text")
            selected.append(f"{field}::json")
            processors.append(serialize)
        else:
            declared.append(f"{field} {column.type.compile(dialect=dialect)}")
            selected.append(field)
            processors.append(column.type.bind_processor(dialect))
    return tuple(declared), tuple(selected), tuple(processors)


def json_rows(rows: list[dict[str, Any]], processors: Sequence[Any]) -> str:
    """`rows` as the JSON text `json_record`'s record reads (values processed)."""
    keys = tuple(rows[0]) if rows else ()
    steps = [(key, process) for key, process in zip(keys, processors) if process is not None]
    if steps:
        rows = [dict(row) for row in rows]
        for row in rows:
            for key, process in steps:
                row[key] = process(row[key])
    return orjson.dumps(rows).decode()


def json_insert_sql(
    dialect: Any,
    table: Table,
    keys: Sequence[str],
    *,
    reads: Mapping[str, str] | None = None,
    computed: Mapping[str, str] | None = None,
    fields: Sequence[str] = (),
    source: str = "",
) -> tuple[str, Sequence[Any]]:
    """`INSERT INTO table (keys…) SELECT … FROM json_to_recordset(%s::json) AS x(…)`,
    and each value's processing for `json_rows`: the rows travel as one JSON text.

    `reads`: another expression for a key's column (over the record `x`); `computed`:
    further columns and their expressions, which may read the record's further
    `fields` (column definitions) or what `source` puts before it in FROM (`"f, "`)."""
    declared, selected, processors = json_record(dialect, table, keys)
    reads, computed = reads or {}, computed or {}
    quote = dialect.identifier_preparer.quote
    names = [quote(table.c[k].name) for k in [*keys, *computed]]
    chosen = [reads.get(k, f"x.{s}") for k, s in zip(keys, selected)] + list(computed.values())
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({', '.join(names)}) "
        f"SELECT {', '.join(chosen)} FROM {source}json_to_recordset(%s::json) AS "
        f"x({', '.join([*declared, *fields])})"
    )
    return sql, processors
