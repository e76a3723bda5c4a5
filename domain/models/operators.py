"""The people who work a desk, as the server knows them (DESIGN.md "Identity, roles
and audit").

An operator row is made and changed only on the server (`daftar admin`); it reaches
the desks of the operator's office through the ordinary pull, so a desk can show who
signed a command and check a signature offline. The password hash never leaves the
server and is not a column here: it lives in the server's own `operator_secrets`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow


class Operator(SyncedRow, Base):
    """`roles` are role keys of `resources/reference/roles.json`; `scope` is
    {"districts": [...], "offices": [...], "tehsils": [...], "prisons": [...]} (codes;
    an empty list means "all of that kind within the districts"); `public_keys` maps a
    device id to the Ed25519 public key (`sync.signing`) the operator registered there.
    `district_code`/`office_code` are the operator's home office."""

    __tablename__ = "operators"
    username: Mapped[str] = mapped_column(String(30))
    full_name: Mapped[str] = mapped_column(String(120))
    full_name_ur: Mapped[str] = mapped_column(String(120), default="")
    roles: Mapped[list[Any]] = mapped_column(default=list)
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    public_keys: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (Index("ix_operators_username", "username", unique=True),)
