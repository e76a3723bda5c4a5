"""Report figures: the dashboard's numbers, computed on the server and pulled like any
synced row (the desk never asks the server over HTTP; DESIGN.md "Sync protocol").

One row per district and office day (Asia/Karachi) holding every figure of that day as
columns: the counts and amounts, and the applications received that day split by their
status now (`status_<status>`, one column per `ApplicationStatus`; as columns, not a
JSON object, so the dashboard sums them in the same GROUP BY: reading and decoding
81,000 small JSON objects cost the province's first figures 0.7 s). The first shape (one row per district, day *and* metric) made
352,000 synced rows of the seed figures, each carrying its id, version, scope and
timestamps for one number, plus a change-index entry: fourteen times the rows for the
same information, and as many rows for a desk's first pull to write.

The server's job (`server.reports.figures`) rewrites only the rows whose figures
changed, so a refresh after a payment run sends desks a handful of rows. The row id is
derived from (district, day), so every server run names the same row the same way.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow
from domain.states import ApplicationStatus

_NAMESPACE = uuid.UUID("7d1c1f7e-2b55-4d84-9a57-5e0f3c1a2b01")

#: The figures a row holds as columns (amounts in paisa, counts otherwise), and the
#: metric names `domain.figures.compute` gives them.
METRICS = (
    "applications_received",
    "vouchers_generated",
    "vouchers_paid",
    "collected_paisa",
    "in_process_paisa",
    "licences_issued",
)
#: `applications_status:<status>` metrics (from `compute`) go into `status_<status>`.
STATUS_PREFIX = "applications_status:"
#: Application status -> the column counting it.
STATUS_COLUMNS = {s.value: f"status_{s.value}" for s in ApplicationStatus}
#: Every figure column of a row, in table order.
COLUMNS = METRICS + tuple(STATUS_COLUMNS.values())


def figure_id(district_code: str, day: date) -> str:
    """The row id of a district's day: the same on every server run and every desk."""
    return str(uuid.uuid5(_NAMESPACE, f"{district_code}|{day.isoformat()}"))


class ReportFigure(SyncedRow, Base):
    __tablename__ = "report_figures"
    day: Mapped[date]
    applications_received: Mapped[int] = mapped_column(default=0)
    vouchers_generated: Mapped[int] = mapped_column(default=0)
    vouchers_paid: Mapped[int] = mapped_column(default=0)
    collected_paisa: Mapped[int] = mapped_column(default=0)
    in_process_paisa: Mapped[int] = mapped_column(default=0)
    licences_issued: Mapped[int] = mapped_column(default=0)
    # Applications received that day, by their status now (STATUS_COLUMNS).
    status_submitted: Mapped[int] = mapped_column(default=0)
    status_voucher_issued: Mapped[int] = mapped_column(default=0)
    status_fee_paid: Mapped[int] = mapped_column(default=0)
    status_verified: Mapped[int] = mapped_column(default=0)
    status_verification_failed: Mapped[int] = mapped_column(default=0)
    status_approved: Mapped[int] = mapped_column(default=0)
    status_rejected: Mapped[int] = mapped_column(default=0)
    status_weapon_entered: Mapped[int] = mapped_column(default=0)
    status_licence_issued: Mapped[int] = mapped_column(default=0)
    status_cancelled: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        Index("ix_report_figures_district_code_day", "district_code", "day", unique=True),
    )


def fold(figures: dict[tuple[str, date, str], int]) -> dict[tuple[str, date], dict[str, int]]:
    """`compute`'s (district, day, metric) -> value as one row's columns per district
    and day (0 where `compute` had nothing). A status no column counts cannot be stored
    (the state machine knows every status): it raises rather than lose applications."""
    out: dict[tuple[str, date], dict[str, int]] = {}
    for (code, day, metric), value in figures.items():
        row = out.get((code, day))
        if row is None:
            row = out[(code, day)] = dict.fromkeys(COLUMNS, 0)
        if metric.startswith(STATUS_PREFIX):
            metric = STATUS_COLUMNS[metric[len(STATUS_PREFIX) :]]
        row[metric] = value
    return out
