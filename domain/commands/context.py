"""What a command knows about where and by whom it runs."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

_DERIVED = uuid.UUID("5b1c1f8e-2a53-4c55-9d61-2f7f0b7d2c10")
_DERIVED_BYTES = _DERIVED.bytes


@dataclass
class CommandContext:
    """The session a command writes through and the identity it writes as.

    `on_server` is true when the central server applies the command: the code is the
    same, but there the database holds every office's rows, so the same queries check
    global uniqueness and slot capacity (DESIGN.md principle 1).
    """

    session: Session
    actor: str
    office_code: str
    district_code: str
    device_id: str
    command_id: str
    on_server: bool = False
    #: Where `add` puts a new row instead of the session: the server's group of
    #: commands writes the new rows with one INSERT per table (`server.changes.add_new`).
    add_row: Callable[[Any], None] | None = None

    def add(self, row: Any) -> None:
        """Add a new row the command creates (`session.add`, or the server's batch)."""
        if self.add_row is None:
            self.session.add(row)
        else:
            self.add_row(row)


@dataclass
class CommandResult:
    """What changed, so views refresh only what they show (Anki's "operations")."""

    name: str
    changed: list[tuple[str, str]] = field(default_factory=list)
    summary: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def derived_id(command_id: str, *parts: object) -> str:
    """A stable id for a row a command creates beyond those its caller named.

    Re-running the command gives the same id, so a replay never doubles a row.
    """
    return uuid5_text(_DERIVED_BYTES, ":".join([command_id, *map(str, parts)]))


def uuid5_text(namespace: bytes, name: str) -> str:
    """`str(uuid.uuid5(UUID(bytes=namespace), name))` without building UUID objects (a
    bulk import derives several ids per entry, a seed half a million)."""
    digest = bytearray(hashlib.sha1(namespace + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_PERSON_NS = uuid.UUID("0b6e2f3c-8d1a-4b7e-a5c4-6f1d2e3a4b5c")
_PERSON_NS_BYTES = _PERSON_NS.bytes


@lru_cache(maxsize=8192)
def person_id_for(cnic: str) -> str:
    """A person's id follows from the CNIC, so two offline offices that meet the same
    citizen create the same row instead of two that would collide on sync.

    This is `uuid.uuid5(_PERSON_NS, cnic)`, computed without building UUID objects
    because a seed makes half a million of them; and remembered for the last few
    thousand CNICs, because a push asks for each applicant's twice (its read-ahead and
    the command).
    """
    return uuid5_text(_PERSON_NS_BYTES, cnic)


def stamp(row: Any, ctx: CommandContext, at: datetime, *, new: bool) -> None:
    """Set scope and times on a row the command writes."""
    if new:
        row.created_at = at
        row.district_code = row.district_code or ctx.district_code
        row.office_code = row.office_code or ctx.office_code
    row.updated_at = at
