"""The backlog of manual mutations, per tehsil and per clerk, with its weekly trend.

Computed on the desk from the local store (works offline; "as of last sync"). A
mutation is pending from the moment it is entered until it is attested or rejected
(the `attest_mutation` / `reject_mutation` events of its history). The trend is the
pending count at the end of each week. QtCharts is not in PySide6-Essentials, so the
chart is drawn with QPainter.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from desktop.db import read_rows
from desktop.i18n import N_, tr
from desktop.mutations import queries
from desktop.mutations.table_model import tehsil_name
from desktop.qt import (
    QColor,
    QFont,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPaintEvent,
    QPen,
    QPointF,
    QRectF,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sync.store.local import LocalStore

#: Backlog columns in workflow order: (key, English title).
BUCKETS = (
    ("entered", N_("Entered")),
    ("recorded", N_("Awaiting verification")),
    ("verified", N_("Awaiting attestation")),
    ("attested", N_("Attested")),
    ("rejected", N_("Rejected")),
)
PENDING = frozenset({"recorded", "verified", "returned"})
WEEKS_SHOWN = 16


@dataclass
class Backlog:
    by_tehsil: dict[str, Counter[str]] = field(default_factory=dict)
    by_clerk: dict[str, Counter[str]] = field(default_factory=dict)
    weeks: list[tuple[date, int]] = field(default_factory=list)
    as_of: str | None = None

    @property
    def pending(self) -> int:
        return sum(c["recorded"] + c["verified"] + c["returned"] for c in self.by_tehsil.values())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def load_backlog(store: LocalStore, today: date | None = None) -> Backlog:
    """Worker thread: counts per tehsil and clerk, and pending at each week's end."""
    out = Backlog(as_of=store.fact("last_sync_at"))
    rows = read_rows(store, queries.backlog_rows_query())
    closed = {r[0]: _aware(r[1]) for r in read_rows(store, queries.closed_events_query())}
    for _id, tehsil, clerk, status, _created in rows:
        for key, table in ((tehsil, out.by_tehsil), (clerk, out.by_clerk)):
            counts = table.setdefault(key, Counter())
            counts["entered"] += 1
            counts[status] += 1
    if not rows:
        return out
    end = today or max(_aware(r[4]) for r in rows).date()
    end = end + timedelta(days=6 - end.weekday())  # the Sunday closing this week
    starts = sorted(_aware(r[4]) for r in rows)
    stops = sorted(closed.values())
    for w in range(WEEKS_SHOWN - 1, -1, -1):
        week_end = end - timedelta(weeks=w)
        cut = datetime(week_end.year, week_end.month, week_end.day, 23, 59, 59, tzinfo=timezone.utc)
        entered = sum(1 for s in starts if s <= cut)
        done = sum(1 for s in stops if s <= cut)
        if entered or out.weeks:  # from the first week anything was entered
            out.weeks.append((week_end, entered - done))
    return out


class TrendChart(QWidget):
    """Pending mutations at the end of each week, as a line with its values."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backlog_chart")
        self.weeks: list[tuple[date, int]] = []
        self.setMinimumHeight(240)

    def set_weeks(self, weeks: list[tuple[date, int]]) -> None:
        self.weeks = weeks
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        p.setPen(QColor("#333"))
        p.drawText(
            QRectF(0, 4, self.width(), 20),
            Qt.AlignmentFlag.AlignCenter,
            tr("Pending mutations at the end of each week"),
        )
        if not self.weeks:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No mutations yet."))
            p.end()
            return
        left, right, top, bottom = 50.0, 20.0, 30.0, 40.0
        w, h = self.width() - left - right, self.height() - top - bottom
        peak = max(v for _, v in self.weeks) or 1
        n = len(self.weeks)
        p.setPen(QPen(QColor("#999"), 1))
        p.drawLine(QPointF(left, top + h), QPointF(left + w, top + h))
        p.drawLine(QPointF(left, top), QPointF(left, top + h))
        points = [
            QPointF(left + (w * i / max(n - 1, 1)), top + h - h * v / peak)
            for i, (_, v) in enumerate(self.weeks)
        ]
        p.setPen(QPen(QColor("#1565c0"), 2))
        for a, b in itertools.pairwise(points):
            p.drawLine(a, b)
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6))
        p.setFont(small)
        for i, ((week_end, value), pt) in enumerate(zip(self.weeks, points)):
            p.setPen(QColor("#1565c0"))
            p.drawEllipse(pt, 3, 3)
            p.setPen(QColor("#333"))
            p.drawText(
                QRectF(pt.x() - 25, pt.y() - 18, 50, 14), Qt.AlignmentFlag.AlignCenter, f"{value:,}"
            )
            if i % 2 == 0 or i == n - 1:
                p.drawText(
                    QRectF(pt.x() - 30, top + h + 4, 60, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    week_end.strftime("%d-%m"),
                )
        p.end()


class BacklogPage(QWidget):
    """Counts per tehsil and per clerk, the chart beneath, and how fresh it is."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backlog")
        self.as_of = QLabel(self)
        self.as_of.setObjectName("as_of")
        self.pending = QLabel(self)
        self.pending.setObjectName("pending")
        self.by_tehsil = QTableWidget(0, len(BUCKETS) + 1, self)
        self.by_tehsil.setObjectName("by_tehsil")
        self.by_clerk = QTableWidget(0, len(BUCKETS) + 1, self)
        self.by_clerk.setObjectName("by_clerk")
        self.chart = TrendChart(self)
        self.backlog = Backlog()
        self.lang = "en"
        top = QHBoxLayout()
        top.addWidget(self.pending)
        top.addStretch(1)
        top.addWidget(self.as_of)
        tables = QHBoxLayout()
        tables.addWidget(self.by_tehsil)
        tables.addWidget(self.by_clerk)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tables, 1)
        layout.addWidget(self.chart, 1)

    def show_backlog(self, backlog: Backlog) -> None:
        self.backlog = backlog
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        b = self.backlog
        self.pending.setText(tr("{n} mutations pending").format(n=f"{b.pending:,}"))
        self.as_of.setText(
            tr("As of last sync: {time}").format(time=b.as_of)
            if b.as_of
            else tr("As of last sync: never synced (this desk's entries only)")
        )
        for table, data, first, name in (
            (self.by_tehsil, b.by_tehsil, N_("Tehsil"), lambda k: tehsil_name(k, lang)),
            (self.by_clerk, b.by_clerk, N_("Clerk"), lambda k: k),
        ):
            table.setHorizontalHeaderLabels([tr(first)] + [tr(t) for _, t in BUCKETS])
            table.setRowCount(len(data))
            for r, key in enumerate(sorted(data)):
                table.setItem(r, 0, QTableWidgetItem(name(key)))
                for c, (bucket, _) in enumerate(BUCKETS, start=1):
                    item = QTableWidgetItem(f"{data[key][bucket]:,}")
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    table.setItem(r, c, item)
            table.resizeColumnsToContents()
        self.chart.set_weeks(b.weeks)
