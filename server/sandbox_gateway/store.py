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
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

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
    """One BillPayment the gateway accepted. ``kind`` says how it matched the voucher."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    psid: Mapped[str] = mapped_column(ForeignKey("psids.psid"), index=True)
    # Unique across banks: it is the key the central server dedupes intimations on.
    tran_auth_id: Mapped[str] = mapped_column(String(40), unique=True)
    bank_mnemonic: Mapped[str] = mapped_column(String(12))
    amount_paisa: Mapped[int] = mapped_column(Integer)
    tran_date: Mapped[str] = mapped_column(String(8))
    tran_time: Mapped[str] = mapped_column(String(6))
    paid_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # exact partial over late repeat


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


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
