"""Tables only the desktop's local store has: the outbox, pre-images of rows that
pending commands touched (for rebase), and small sync facts (cursor, device id).

They live in their own metadata so the server's schema never carries them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.models.base import NAMING, UtcDateTime


class ClientBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class OutboxCommand(ClientBase):
    """A command run locally, in device order, with the server's answer once known.

    state: pending (not yet answered), applied, rejected, conflict, dismissed (an
    operator has seen a rejection and let it go; it is kept, never deleted).
    """

    __tablename__ = "outbox"
    device_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    command_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    args: Mapped[dict[str, Any]]
    base_versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor: Mapped[str] = mapped_column(String(60))
    #: The signing operator and the Ed25519 signature over `sync.signing.canonical_command`;
    #: None only for commands queued before commands were signed (store revision 0003).
    operator_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(100), nullable=True)
    client_time: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    touched: Mapped[list[Any]] = mapped_column(default=list)
    answer: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    local_error: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]


class ShadowRow(ClientBase):
    """The server's state of a row that a pending command changed locally.

    `data` is None when the row does not exist on the server (a pending create).
    A pull writes server changes here instead of over the pending local row; rebase
    restores these and replays the pending commands on top (DESIGN.md principle 3).
    """

    __tablename__ = "shadow_rows"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class OperatorCredential(ClientBase):
    """What this desk keeps of an operator who logged in here online: an argon2id
    verifier for offline login, and the operator's Ed25519 private key encrypted
    under a key derived from the password (argon2id, `salt`, `kdf`). The password is
    never stored; without it the key cannot be used, so the desk cannot sign in the
    operator's name. `failed_attempts`/`locked_until` lock the account on this device
    after repeated wrong passwords. `profile` is the server's account record as the
    last online login returned it (name, roles, scope)."""

    __tablename__ = "operator_credentials"
    operator_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    verifier: Mapped[str] = mapped_column(Text)
    salt: Mapped[str] = mapped_column(String(64))
    kdf: Mapped[dict[str, Any]] = mapped_column(default=dict)
    wrapped_key: Mapped[str] = mapped_column(Text)
    public_key: Mapped[str] = mapped_column(String(100))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_online_login: Mapped[datetime | None]


class SyncFact(ClientBase):
    """Key/value facts: device_id, device_no, token-less server URL, pull cursor..."""

    __tablename__ = "sync_facts"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
