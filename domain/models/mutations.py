"""Land mutations (intiqal) typed in from the paper registers (Land Revenue Act 1967).

Area is an integer count of sarsai; shares are exact fractions kept as numerator and
denominator so no rounding ever creeps in (DOMAIN.md "Land mutations").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow, parent_link


class Mutation(SyncedRow, Base):
    __tablename__ = "mutations"
    mutation_no: Mapped[str] = mapped_column(String(24))
    mutation_date: Mapped[date]
    tehsil_code: Mapped[str] = mapped_column(String(12))
    mauza: Mapped[str] = mapped_column(String(80))
    mutation_type: Mapped[str] = mapped_column(String(24))
    khewat_no: Mapped[str] = mapped_column(String(20))
    khatauni_no: Mapped[str] = mapped_column(String(20), default="")
    khasra_nos: Mapped[list[Any]] = mapped_column(default=list)
    area_sarsai: Mapped[int]
    consideration_paisa: Mapped[int] = mapped_column(default=0)
    taxes: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(12))
    recorded_by: Mapped[str] = mapped_column(String(60))
    verified_by: Mapped[str | None] = mapped_column(String(60))
    officer: Mapped[str | None] = mapped_column(String(60))
    order_date: Mapped[date | None]
    order_reason: Mapped[str] = mapped_column(String(500), default="")
    remarks: Mapped[str] = mapped_column(String(500), default="")
    #: The attested mutation this one corrects (an attested record is never edited: a
    #: correction is a new entry, verified and attested like any other, linked here).
    corrects_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)

    __table_args__ = (Index("ix_mutations_tehsil_no", "tehsil_code", "mutation_no", unique=True),)


class MutationParty(SyncedRow, Base):
    """A transferor or transferee with the share of the khewat that moves."""

    __tablename__ = "mutation_parties"
    mutation_id: Mapped[str] = mapped_column(ForeignKey("mutations.id"), index=True)
    role: Mapped[str] = mapped_column(String(12))  # transferor | transferee
    person_id: Mapped[str | None] = mapped_column(String(36))
    cnic: Mapped[str] = mapped_column(String(13), default="")
    name_en: Mapped[str] = mapped_column(String(120))
    name_ur: Mapped[str] = mapped_column(String(120), default="")
    father_name: Mapped[str] = mapped_column(String(120), default="")
    share_num: Mapped[int]
    share_den: Mapped[int]
    held_num: Mapped[int | None]
    held_den: Mapped[int | None]
    mutation: Mapped[Mutation] = parent_link("Mutation")


class MutationScan(SyncedRow, Base):
    """The scanned register page kept with the entry, for the verifying clerk."""

    __tablename__ = "mutation_scans"
    mutation_id: Mapped[str] = mapped_column(ForeignKey("mutations.id"), index=True)
    media_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    mutation: Mapped[Mutation] = parent_link("Mutation")
