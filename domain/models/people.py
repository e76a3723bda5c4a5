"""People the offices serve, keyed by CNIC (13 digits, stored without dashes)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow


class Person(SyncedRow, Base):
    """An applicant, a party to a mutation or a prison visitor."""

    __tablename__ = "persons"
    cnic: Mapped[str] = mapped_column(String(13), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_ur: Mapped[str] = mapped_column(String(120), default="")
    father_name_en: Mapped[str] = mapped_column(String(120), default="")
    father_name_ur: Mapped[str] = mapped_column(String(120), default="")
    date_of_birth: Mapped[date | None]
    gender: Mapped[str] = mapped_column(String(6), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    mobile: Mapped[str] = mapped_column(String(15), default="")
