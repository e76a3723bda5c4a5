"""Tables only the central server has: devices, processed commands, the change feed,
operators' password hashes, enrolment codes, throttles and the audit chain.

They live in their own metadata (`ServerBase`), not in `domain.models.Base`, because
the desktop's store is created from the domain metadata and must not grow them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.ids import utcnow
from domain.models.base import NAMING, UtcDateTime

_BIG = BigInteger().with_variant(Integer(), "sqlite")


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        int: _BIG,
    }


class Device(ServerBase):
    """An enrolled laptop. `last_seq` is the last command number it had processed,
    bumped in the same transaction as that command's effects (DESIGN.md "Sync")."""

    __tablename__ = "devices"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_no: Mapped[int] = mapped_column(Integer, unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    #: The token a rotation replaced, still accepted until the new one is first used or
    #: `previous_token_until` passes: a desk that lost the rotation's answer is not
    #: locked out (`server.devices.rotate`).
    previous_token_hash: Mapped[str | None] = mapped_column(
        String(64), unique=True, index=True, default=None
    )
    previous_token_until: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[str] = mapped_column(String(120))
    office_code: Mapped[str] = mapped_column(String(16))
    district_codes: Mapped[list[Any]] = mapped_column(default=list)
    last_seq: Mapped[int] = mapped_column(default=0)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When the token was last used (written at most hourly): an unused token expires.
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    #: The client time of the device's last command, to flag one that goes back.
    last_client_time: Mapped[datetime | None] = mapped_column(default=None)


class OperatorSecret(ServerBase):
    """An operator's password hash (argon2id), apart from the synced `operators` row so
    that no pull can ever carry it."""

    __tablename__ = "operator_secrets"
    operator_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class EnrolmentCode(ServerBase):
    """A one-time code an administrator issued for enrolling one laptop at one office.
    Only its sha256 is kept; it is spent by the enrolment that uses it."""

    __tablename__ = "enrolment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_code: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Throttle(ServerBase):
    """Failed attempts of one kind from one source (a device, a username, a client
    address, an office) in the current window; past `limit`, refused until
    `blocked_until`. In the database so every worker process sees the same count."""

    __tablename__ = "throttles"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(default=None)


class AuditEntry(ServerBase):
    """One processed command, as the server answered it, chained by SHA-256: `hash`
    covers this entry's fields and `prev_hash` (the entry before's `hash`), so a row
    changed, removed or inserted afterwards breaks the chain (`server.audit.verify`).
    Append-only: on PostgreSQL a trigger refuses UPDATE and DELETE."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    server_time: Mapped[datetime] = mapped_column()
    client_time: Mapped[str] = mapped_column(String(40), default="")
    flags: Mapped[str] = mapped_column(String(80), default="")
    operator_id: Mapped[str] = mapped_column(String(36), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")
    device_id: Mapped[str] = mapped_column(String(36))
    device_seq: Mapped[int] = mapped_column()
    command_id: Mapped[str] = mapped_column(String(36))
    command: Mapped[str] = mapped_column(String(60))
    args_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(40), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(ServerBase):
    """The one row naming the chain's last entry. An append locks it (`FOR UPDATE`) so
    two workers appending at once take turns instead of forking the chain."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64), default="0" * 64)


class ProcessedCommand(ServerBase):
    """The answer given to one device command, kept for ever so a resend of any age
    gets the same answer and is never applied twice."""

    __tablename__ = "processed_commands"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    command_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(60))
    answer: Mapped[dict[str, Any]] = mapped_column(default=dict)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeIndex(ServerBase):
    """One entry per synced row and district whose desks receive it, holding the
    row's latest change: the pull reads this.

    A row has one entry, in its own district, except a person and the rows about
    them, which have one in each district that serves the person (`server.scope`),
    all with the same `seq`. Deleted rows stay as tombstones for ever, so a device
    that was offline for months still learns of the deletion.
    """

    __tablename__ = "change_index"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    district_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    seq: Mapped[int] = mapped_column()
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        # No index on `seq` alone (migration 0015): only the bulk reindex looks entries
        # up by number, and every entry written under the feed counter paid for it.
        # A pull asks "this district's changes after C, in order": one index range scan.
        Index("ix_change_index_district_seq", "district_code", "seq"),
        # The scope checksum of a person-scoped table counts its entries in a district
        # (`server.feed.checksum`): read from this index alone, not row by row.
        Index("ix_change_index_table_district", "table_name", "district_code", "deleted", "seq"),
    )


class FeedCounter(ServerBase):
    """The one row whose value is the last change number handed out.

    Taking numbers with `UPDATE ... RETURNING` at the end of a transaction holds this
    row's lock until commit, so changes commit in the order of their numbers.
    """

    __tablename__ = "feed_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(default=0)
