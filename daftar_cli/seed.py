"""`daftar seed`: write demo records into a profile's local store or a server database.

Rows go in with one `executemany` per batch in the exact storage form (see
`sync/wire.py`), because the seed figures are half a million applications and the
budget is 20,000 applications a second.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert
from sqlalchemy.orm import Session

from domain.demo_data import (
    FIGURES_AS_OF,
    DemoGenerator,
    VoucherPlan,
    proportional_plan,
    seed_figure_plan,
)
from domain.models import LicenceApplication, Person, Voucher
from sync.store.bulk import indexes_built_after
from sync.store.engine import pragma_outside_transaction
from sync.wire import dict_row_encoder, table_encoders

BATCH = 20_000
TABLES: list[Table] = [Person.__table__, LicenceApplication.__table__, Voucher.__table__]  # type: ignore[list-item]


@dataclass
class SeedReport:
    applications: int
    vouchers: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.applications / self.seconds if self.seconds else 0.0


def _batches(
    gen: DemoGenerator, n: int, plan: VoucherPlan | None
) -> Iterable[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for triple in gen.applications(n, plan=plan):
        batch.append(triple)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(
    n: int,
    plan: VoucherPlan | None,
    gen: DemoGenerator,
    write_batch: Callable[[list[list[dict[str, Any]]]], None],
    progress: Callable[[int], None] | None,
) -> SeedReport:
    """Generate on this thread while a writer thread inserts the previous batch: the
    driver releases the GIL while SQLite works, so the two overlap on two cores."""
    started = time.perf_counter()
    batches: queue.Queue[list[list[dict[str, Any]]] | None] = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def writer() -> None:
        while (parts := batches.get()) is not None:
            if failure:
                continue
            try:
                write_batch(parts)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the generating thread
                failure.append(exc)

    thread = threading.Thread(target=writer, name="seed-writer")
    thread.start()
    try:
        done, vouchers = _generate(n, plan, gen, batches, progress, failure)
    finally:
        batches.put(None)
        thread.join()
    if failure:
        raise failure[0]
    return SeedReport(done, vouchers, time.perf_counter() - started)


def _versioned(
    gen: DemoGenerator, n: int, plan: VoucherPlan | None
) -> Iterator[list[list[dict[str, Any]]]]:
    """Batches as [persons, applications, vouchers], each row numbered in the order
    written (person, its application, its voucher)."""
    version = 0
    for batch in _batches(gen, n, plan):
        parts: list[list[dict[str, Any]]] = [[], [], []]
        for triple in batch:
            for rows, row in zip(parts, triple):
                if row is not None:
                    version += 1
                    row["version"] = version
                    rows.append(row)
        yield parts


def _generate(
    n: int,
    plan: VoucherPlan | None,
    gen: DemoGenerator,
    batches: queue.Queue[list[list[dict[str, Any]]] | None],
    progress: Callable[[int], None] | None,
    failure: list[BaseException],
) -> tuple[int, int]:
    done = vouchers = 0
    for parts in _versioned(gen, n, plan):
        if failure:
            break
        batches.put(parts)
        done += len(parts[1])
        vouchers += len(parts[2])
        if progress:
            progress(done)
    return done, vouchers


#: From this many applications on, rows are generated in a second process.
PROCESS_FROM = 50_000


def _insert_statements() -> list[str]:
    out = []
    for table in TABLES:
        names, _ = table_encoders(table)
        out.append(
            f'INSERT INTO "{table.name}" ({", ".join(names)}) '
            f"VALUES ({', '.join('?' for _ in names)})"
        )
    return out


def _produce(
    n: int, figures: bool, seed: int, districts: list[str] | None, versions: bool, out: Any
) -> None:
    """In the generating process: rows in storage form (tuples), a batch at a time,
    then None; a failure is sent as its text."""
    try:
        plan = seed_figure_plan() if figures else proportional_plan(n)
        gen = DemoGenerator(seed, districts=districts, today=FIGURES_AS_OF if figures else None)
        encoders = [dict_row_encoder(t) for t in TABLES]
        for parts in _versioned(gen, n, plan):
            if not versions:
                for rows in parts:
                    for row in rows:
                        row["version"] = 0
            out.put(
                (
                    len(parts[1]),
                    len(parts[2]),
                    [[encode(r) for r in rows] for encode, rows in zip(encoders, parts)],
                )
            )
        out.put(None)
    except BaseException as exc:  # noqa: BLE001 - reported by the writing process
        out.put(f"{type(exc).__name__}: {exc}")


def _seed_from_process(
    conn: Connection,
    n: int,
    figures: bool,
    seed: int,
    districts: list[str] | None,
    versions: bool,
    progress: Callable[[int], None] | None,
) -> SeedReport:
    """Generation (pure Python, a core's worth) in a second process while this one
    writes: in threads the two took turns on the GIL and ran no faster than one
    after the other."""
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    batches = context.Queue(maxsize=3)
    producer = context.Process(
        target=_produce,
        name="daftar-seed-generator",
        daemon=True,
        args=(n, figures, seed, districts, versions, batches),
    )
    producer.start()
    statements = _insert_statements()
    done = vouchers = 0
    try:
        while (item := batches.get()) is not None:
            if isinstance(item, str):
                raise RuntimeError(f"generating demo rows failed: {item}")
            count, voucher_count, parts = item
            for sql, rows in zip(statements, parts):
                if rows:
                    conn.exec_driver_sql(sql, rows)
            done += count
            vouchers += voucher_count
            if progress:
                progress(done)
    finally:
        producer.join(timeout=5)
        if producer.is_alive():
            producer.kill()
    return SeedReport(done, vouchers, time.perf_counter() - started)


def _can_fork() -> bool:
    return not getattr(sys, "frozen", False) and "fork" in multiprocessing.get_all_start_methods()


def seed_sqlite_raw(
    engine: Engine,
    n: int,
    *,
    figures: bool = False,
    seed: int = 7,
    districts: list[str] | None = None,
    versions: bool = True,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Seed an SQLite (or SQLCipher) database through the raw driver: fastest path."""
    shapes = [(sql, dict_row_encoder(table)) for table, sql in zip(TABLES, _insert_statements())]

    with indexes_built_after(engine, [t.name for t in TABLES]), engine.connect() as conn:
        # One transaction for the whole load: every commit of a batch would rewrite the
        # pages the random-keyed person index touched, which costs more than the rows.
        pragma_outside_transaction(conn, "PRAGMA cache_size = -262144")  # 256 MB while loading
        pragma_outside_transaction(conn, "PRAGMA synchronous = OFF")

        def write(parts: list[list[dict[str, Any]]]) -> None:
            for (sql, encode), rows in zip(shapes, parts):
                if not versions:
                    for r in rows:
                        r["version"] = 0
                if rows:
                    conn.exec_driver_sql(sql, [encode(r) for r in rows])

        with conn.begin():
            if n >= PROCESS_FROM and _can_fork():
                report = _seed_from_process(conn, n, figures, seed, districts, versions, progress)
            else:
                plan = seed_figure_plan() if figures else proportional_plan(n)
                gen = DemoGenerator(
                    seed, districts=districts, today=FIGURES_AS_OF if figures else None
                )
                report = _write(n, plan, gen, write, progress)
        pragma_outside_transaction(conn, "PRAGMA synchronous = NORMAL")
        pragma_outside_transaction(conn, "PRAGMA cache_size = -65536")
    return report


def seed_server(
    engine: Engine,
    n: int,
    *,
    figures: bool = False,
    seed: int = 7,
    districts: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Seed the central server's database and register every row in its change feed."""
    from server.changes import reindex_all

    if engine.dialect.name == "sqlite":
        report = seed_sqlite_raw(
            engine, n, figures=figures, seed=seed, districts=districts, progress=progress
        )
    else:
        plan = seed_figure_plan() if figures else proportional_plan(n)
        gen = DemoGenerator(seed, districts=districts, today=FIGURES_AS_OF if figures else None)

        converters = [_from_storage_form(t) for t in TABLES]

        def write(parts: list[list[dict[str, Any]]]) -> None:
            with engine.begin() as conn:
                for table, convert, rows in zip(TABLES, converters, parts):
                    if rows:
                        conn.execute(insert(table), [convert(r) for r in rows])

        report = _write(n, plan, gen, write, progress)
    with engine.begin() as conn:
        reindex_all(conn)
    from server.reports.figures import refresh

    refresh(engine)  # the dashboard's rows, numbered after the seeded records
    return report


def count_rows(conn: Connection) -> dict[str, int]:
    return {
        t.name: conn.exec_driver_sql(f'SELECT count(*) FROM "{t.name}"').scalar_one()
        for t in TABLES
    }


def _from_storage_form(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The generator hands out SQLite storage text for times and JSON; PostgreSQL's
    typed columns want Python values back."""
    from datetime import date, datetime, timezone

    import orjson
    from sqlalchemy import JSON, Boolean, Date

    from domain.models.base import UtcDateTime

    fixes: list[tuple[str, Callable[[Any], Any]]] = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, UtcDateTime):
            fixes.append(
                (column.name, lambda v: datetime.fromisoformat(v).replace(tzinfo=timezone.utc))
            )
        elif isinstance(kind, JSON):
            fixes.append((column.name, orjson.loads))
        elif isinstance(kind, Date):
            fixes.append((column.name, date.fromisoformat))
        elif isinstance(kind, Boolean):
            fixes.append((column.name, bool))

    def convert(row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        for name, fix in fixes:
            value = row[name]
            if isinstance(value, str) or (fix is bool and value is not None):
                row[name] = fix(value)
        return row

    return convert


def seed_gateway(server: Engine, gateway_db: str | Path, *, today: date | None = None) -> int:
    """Tell the sandbox gateway at `gateway_db` about the server's unpaid vouchers that
    are still payable (not past expiry), so a bank can pay any PSID a demo challan
    shows (`daftar gateway pay PSID`). Seeded vouchers never went through the
    server's activation, so without this the gateway would answer "unknown consumer
    number". Safe to run at every start; returns how many vouchers were new to it."""
    from sqlalchemy import select

    from domain.ids import to_karachi, utcnow
    from server.payments.activation import voucher_for_gateway
    from server.sandbox_gateway.aggregator_api import preload_vouchers
    from server.sandbox_gateway.store import GatewayStore

    day = today or to_karachi(utcnow()).date()
    with server.connect() as conn, Session(bind=conn) as session:
        vouchers = [
            (v.psid, voucher_for_gateway(v).as_json())
            for v in session.scalars(
                select(Voucher).where(
                    Voucher.status == "unpaid",
                    Voucher.psid.is_not(None),
                    Voucher.expiry_date >= day,
                )
            )
            if v.psid is not None
        ]
    store = GatewayStore(gateway_db)
    try:
        return preload_vouchers(store, vouchers)
    finally:
        store.close()
