"""Arms licence applications and the licences issued on them (KP Arms Rules 2014).

The applicant's name and CNIC are copied onto the application: the licence list of
500,000 rows sorts, filters and searches on them without a join.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow, parent_link

if TYPE_CHECKING:
    from domain.models.people import Person


class LicenceApplication(SyncedRow, Base):
    __tablename__ = "licence_applications"
    application_no: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(10))  # new | renewal | duplicate
    status: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    cnic: Mapped[str] = mapped_column(String(13))
    applicant_name_en: Mapped[str] = mapped_column(String(120))
    applicant_name_ur: Mapped[str] = mapped_column(String(120), default="")
    name_key: Mapped[str] = mapped_column(String(120))  # lower-case English name, for prefix search
    weapon_type: Mapped[str] = mapped_column(String(20))
    bore: Mapped[str] = mapped_column(String(20))
    validity: Mapped[str] = mapped_column(String(14))  # district | provincial | all_pakistan
    fee_paisa: Mapped[int]
    fee_schedule_version: Mapped[str] = mapped_column(String(40))
    documents: Mapped[list[Any]] = mapped_column(default=list)
    previous_licence_id: Mapped[str | None] = mapped_column(String(36))
    submitted_at: Mapped[datetime]
    verification: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decision: Mapped[dict[str, Any]] = mapped_column(default=dict)
    weapon: Mapped[dict[str, Any]] = mapped_column(default=dict)
    remarks: Mapped[str] = mapped_column(String(500), default="")
    person: Mapped[Person] = parent_link("Person")

    __table_args__ = (
        Index("ix_licence_applications_application_no", "application_no", unique=True),
        Index("ix_licence_applications_cnic", "cnic"),
        Index("ix_licence_applications_name_key", "name_key"),
        Index("ix_licence_applications_applicant_name_ur", "applicant_name_ur"),
    )


class Licence(SyncedRow, Base):
    __tablename__ = "licences"
    licence_no: Mapped[str] = mapped_column(String(24), unique=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("licence_applications.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    cnic: Mapped[str] = mapped_column(String(13), index=True)
    holder_name_en: Mapped[str] = mapped_column(String(120))
    holder_name_ur: Mapped[str] = mapped_column(String(120), default="")
    weapon_type: Mapped[str] = mapped_column(String(20))
    bore: Mapped[str] = mapped_column(String(20))
    weapon_number: Mapped[str] = mapped_column(String(40))
    weapon_make: Mapped[str] = mapped_column(String(60))
    validity: Mapped[str] = mapped_column(String(14))
    status: Mapped[str] = mapped_column(String(12))
    issued_on: Mapped[date]
    valid_until: Mapped[date]
    application: Mapped[LicenceApplication] = parent_link("LicenceApplication")
    person: Mapped[Person] = parent_link("Person")
