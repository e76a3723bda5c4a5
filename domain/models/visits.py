"""Virtual prison visits: inmates, their approved visitors, slots and bookings.

Prison rules (allowances, visitor caps, booking window) are configuration in
`resources/reference/prisons.json`; here are only the records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow, parent_link


class Inmate(SyncedRow, Base):
    __tablename__ = "inmates"
    prison_code: Mapped[str] = mapped_column(String(16))
    inmate_no: Mapped[str] = mapped_column(String(24))
    name_en: Mapped[str] = mapped_column(String(120))
    name_ur: Mapped[str] = mapped_column(String(120), default="")
    father_name_en: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(12), default="held")  # held | released | moved

    __table_args__ = (Index("ix_inmates_prison_no", "prison_code", "inmate_no", unique=True),)


class ApprovedVisitor(SyncedRow, Base):
    __tablename__ = "approved_visitors"
    inmate_id: Mapped[str] = mapped_column(ForeignKey("inmates.id"), index=True)
    cnic: Mapped[str] = mapped_column(String(13))
    name_en: Mapped[str] = mapped_column(String(120))
    name_ur: Mapped[str] = mapped_column(String(120), default="")
    relationship: Mapped[str] = mapped_column(String(30))
    mobile: Mapped[str] = mapped_column(String(15), default="")
    banned: Mapped[bool] = mapped_column(default=False)
    inmate: Mapped[Inmate] = parent_link("Inmate")


class VisitSlot(SyncedRow, Base):
    """One video-visit slot at a prison. `seat_quotas` leases seats to help desks
    (office code -> seats) so a booking made offline within the quota holds."""

    __tablename__ = "visit_slots"
    prison_code: Mapped[str] = mapped_column(String(16))
    #: The video terminal the slot runs on (the prison's template names it).
    terminal: Mapped[str] = mapped_column(String(16), default="T1", server_default="T1")
    starts_at: Mapped[datetime]
    minutes: Mapped[int]
    capacity: Mapped[int]
    booked: Mapped[int] = mapped_column(default=0)
    closed: Mapped[bool] = mapped_column(default=False)
    seat_quotas: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (Index("ix_visit_slots_prison_start", "prison_code", "starts_at"),)


class VisitBooking(SyncedRow, Base):
    __tablename__ = "visit_bookings"
    booking_no: Mapped[str] = mapped_column(String(24), unique=True)
    slot_id: Mapped[str] = mapped_column(ForeignKey("visit_slots.id"), index=True)
    inmate_id: Mapped[str] = mapped_column(ForeignKey("inmates.id"), index=True)
    lead_visitor_cnic: Mapped[str] = mapped_column(String(13))
    visitors: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(300), default="")
    outcome_note: Mapped[str] = mapped_column(String(300), default="")
    requested_at: Mapped[datetime]
    #: The unguessable part of the meeting link (`domain.meeting.meeting_link`); made
    #: by the booking desk from `secrets` and carried in the command, so the server's
    #: replay keeps the same link.
    meeting_token: Mapped[str] = mapped_column(String(64), default="", server_default="")
    slot: Mapped[VisitSlot] = parent_link("VisitSlot")
    inmate: Mapped[Inmate] = parent_link("Inmate")
