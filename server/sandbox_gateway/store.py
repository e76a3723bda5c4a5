"""The sandbox gateway's own SQLite file: PSIDs, payments, intimation deliveries, clients.

Its tables live in their own metadata so they never mix with the central server's
schema: the sandbox stands in for a third party and must share nothing with Daftar but
the HTTP API. Times are stored as naive UTC (SQLite keeps no zone) and turned aware at
the edges by :func:`aware`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.schema import CreateTable

# PSID states inside the gateway. A reserved PSID was leased in a block and not yet
# activated with voucher details: banks are told it is blocked.
RESERVED = "reserved"
ACTIVE = "active"


class Base(DeclarativeBase):
    metadata = MetaData()


class Client(Base):
    """A department system allowed to call the aggregator API."""

    __tablename__ = "clients"
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))


class AccessToken(Base):
    __tablename__ = "access_tokens"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id"))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Psid(Base):
    __tablename__ = "psids"
    psid: Mapped[str] = mapped_column(String(30), primary_key=True)
    state: Mapped[str] = mapped_column(String(10))
    client_id: Mapped[str | None] = mapped_column(String(64))
    block_request_id: Mapped[str | None] = mapped_column(String(64), index=True)
    department_transaction_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    amount_within_due_paisa: Mapped[int | None] = mapped_column(Integer)
    amount_after_due_paisa: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    consumer_name: Mapped[str | None] = mapped_column(String(120))
    cnic: Mapped[str | None] = mapped_column(String(13))
    mobile: Mapped[str | None] = mapped_column(String(20))
    district: Mapped[str | None] = mapped_column(String(60))
    heads: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    reserved_at: Mapped[datetime] = mapped_column(DateTime)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime)


class Payment(Base):
    """One BillPayment the gateway accepted. ``kind`` says how it matched the voucher.

    A bank's authorisation ids are its own and short: they repeat across banks, from
    day to day and across consumer numbers. As on a real network, a transaction is
    (bank, ``tran_auth_id``, ``tran_date``, consumer number): the same four again is
    the bank resending its own transaction (answered 03), anything else is new.
    """

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    psid: Mapped[str] = mapped_column(ForeignKey("psids.psid"), index=True)
    tran_auth_id: Mapped[str] = mapped_column(String(40))
    bank_mnemonic: Mapped[str] = mapped_column(String(12))
    amount_paisa: Mapped[int] = mapped_column(Integer)
    tran_date: Mapped[str] = mapped_column(String(8))
    tran_time: Mapped[str] = mapped_column(String(6))
    paid_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # exact partial over late repeat

    __table_args__ = (
        UniqueConstraint(
            "bank_mnemonic",
            "tran_auth_id",
            "tran_date",
            "psid",
            name="uq_payments_bank_transaction",
        ),
    )


class Intimation(Base):
    """One delivery of a payment to the central server, retried until it is taken."""

    __tablename__ = "intimation_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    deliberate_duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))


class Counter(Base):
    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


def naive_utc(moment: datetime) -> datetime:
    """The form stored in SQLite: UTC without a zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def aware(moment: datetime) -> datetime:
    """A stored time back as an aware UTC datetime."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


class GatewayStore:
    """Engine, sessions and the single write lock of one sandbox database file.

    Every write runs under one process-wide lock: the sandbox serves a handful of
    requests a second, and a serial writer makes "next PSID" and "is this tran_auth_id
    new" trivially race-free on SQLite.
    """

    def __init__(self, db_path: str | Path):
        path = str(db_path)
        url = "sqlite://" if path == ":memory:" else f"sqlite:///{path}"
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if path == ":memory:":
            from sqlalchemy.pool import StaticPool

            kwargs["poolclass"] = StaticPool
        self.engine = create_engine(url, **kwargs)
        event.listen(self.engine, "connect", _sqlite_pragmas)
        _key_payments_per_bank(self.engine)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, under the write lock."""
        with self.write_lock, self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def next_values(self, session: Session, name: str, count: int) -> range:
        """Take ``count`` numbers from counter ``name`` (call inside :meth:`write`)."""
        counter = session.get(Counter, name)
        if counter is None:
            counter = Counter(name=name, value=0)
            session.add(counter)
        start = counter.value + 1
        counter.value += count
        return range(start, start + count)

    def close(self) -> None:
        self.engine.dispose()


def _key_payments_per_bank(engine: Engine) -> None:
    """Bring a sandbox file made before payments were keyed per bank (``tran_auth_id``
    unique across banks) to the current key, keeping its payments: SQLite cannot drop
    a constraint, so the table is rebuilt (the documented twelve-step way)."""
    if "payments" not in inspect(engine).get_table_names():
        return
    with engine.connect() as conn:  # a column-level UNIQUE shows only as an autoindex
        unique_indexes = [
            row[1] for row in conn.exec_driver_sql("PRAGMA index_list(payments)") if row[2]
        ]
        keyed_on_id_alone = any(
            [info[2] for info in conn.exec_driver_sql(f"PRAGMA index_info('{name}')")]
            == ["tran_auth_id"]
            for name in unique_indexes
        )
    if not keyed_on_id_alone:
        return
    table: Table = Payment.__table__  # type: ignore[assignment]
    create = str(CreateTable(table).compile(engine)).replace(
        "CREATE TABLE payments", "CREATE TABLE payments_new", 1
    )
    columns = ", ".join(c.name for c in table.columns)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        with conn.begin():
            conn.exec_driver_sql(create)
            conn.exec_driver_sql(
                f"INSERT INTO payments_new ({columns}) SELECT {columns} FROM payments"
            )
            conn.exec_driver_sql("DROP TABLE payments")
            conn.exec_driver_sql("ALTER TABLE payments_new RENAME TO payments")
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
