"""Report figures: the dashboard's numbers, computed on the server and pulled like any
synced row (the desk never asks the server over HTTP; DESIGN.md "Sync protocol").

One row per district, office day (Asia/Karachi) and metric, e.g. ("PSH", 2026-11-03,
"collected_paisa", 1_250_000). The server's job (`server.reports.figures`) rewrites only
rows whose value changed, so a refresh after a payment run sends desks a handful of rows.
The row id is derived from its key, so every server run names the same row the same way.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow

_NAMESPACE = uuid.UUID("7d1c1f7e-2b55-4d84-9a57-5e0f3c1a2b01")

#: The metrics a figure row may hold (amounts in paisa, counts otherwise).
#: `applications_status:<status>` rows split applications received by their status now.
METRICS = (
    "applications_received",
    "vouchers_generated",
    "vouchers_paid",
    "collected_paisa",
    "in_process_paisa",
    "licences_issued",
)
STATUS_PREFIX = "applications_status:"


def figure_id(district_code: str, day: date, metric: str) -> str:
    """The row id of a figure: the same on every server run and every desk."""
    return str(uuid.uuid5(_NAMESPACE, f"{district_code}|{day.isoformat()}|{metric}"))


class ReportFigure(SyncedRow, Base):
    __tablename__ = "report_figures"
    day: Mapped[date]
    metric: Mapped[str] = mapped_column(String(48))
    value: Mapped[int]

    __table_args__ = (Index("ix_report_figures_district_code_day", "district_code", "day"),)
