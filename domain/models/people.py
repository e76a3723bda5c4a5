"""People the offices serve, keyed by CNIC (13 digits, stored without dashes)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow


class Person(SyncedRow, Base):
    """An applicant, a party to a mutation or a prison visitor."""

    __tablename__ = "persons"
    cnic: Mapped[str] = mapped_column(String(13))
    name_en: Mapped[str] = mapped_column(String(120))
    name_ur: Mapped[str] = mapped_column(String(120), default="")
    father_name_en: Mapped[str] = mapped_column(String(120), default="")
    father_name_ur: Mapped[str] = mapped_column(String(120), default="")
    #: Whose name `father_name_*` is: son_of / daughter_of (the father's) or wife_of
    #: (the husband's), as on the CNIC (`domain.values.relation`).
    relation: Mapped[str] = mapped_column(String(12), default="", server_default="")
    date_of_birth: Mapped[date | None]
    gender: Mapped[str] = mapped_column(String(6), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    mobile: Mapped[str] = mapped_column(String(15), default="")

    # A named index rather than a column constraint: a bulk load can drop and rebuild it.
    __table_args__ = (Index("ix_persons_cnic", "cnic", unique=True),)
