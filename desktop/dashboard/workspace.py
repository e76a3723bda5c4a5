"""The Dashboard workspace: revenue, vouchers, applications and their statuses per
district and date range, with trend charts, the mutation backlog and prison visits.

Figures load on the database worker (`desktop.worker`), never on the GUI thread, and
reload after every sync round that brought records or figures (`on_records_changed`).
Online they are the server's `report_figures` rows; offline the desk's own count,
labelled "as of" the last sync (`desktop.dashboard.data`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from desktop.changes import Changes
from desktop.dashboard.charts import TrendChart
from desktop.dashboard.data import Figures, Filter, backlog_per_tehsil, load, visits_per_prison
from desktop.date_range import DateRangeFilter
from desktop.db import read_engine
from desktop.formatting import district_name, karachi_time, rupees
from desktop.i18n import N_, tr
from desktop.qt import (
    QComboBox,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QObject,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from desktop.workspace import ActionSpec, Desk, Workspace
from domain import reference
from sync.status import LINKED

if TYPE_CHECKING:
    from desktop.dashboard.report_dialog import ReportRun

WATCHED = frozenset(
    {
        "report_figures",
        "licence_applications",
        "vouchers",
        "licences",
        "mutations",
        "visit_bookings",
        "visit_slots",
    }
)
CARDS = (
    ("applications_received", N_("Applications received"), False),
    ("vouchers_generated", N_("Vouchers generated"), False),
    ("collected_paisa", N_("Revenue collected"), True),
    ("in_process_paisa", N_("Revenue in process"), True),
    ("licences_issued", N_("Licences issued"), False),
)
STATUS_NAMES = {
    "submitted": N_("Submitted"),
    "verified": N_("Verified"),
    "approved": N_("Approved"),
    "voucher_issued": N_("Voucher issued"),
    "fee_paid": N_("Fee paid"),
    "licence_issued": N_("Licence issued"),
    "rejected": N_("Rejected"),
    "cancelled": N_("Cancelled"),
}


def bucketed(points: dict[date, int]) -> list[tuple[date, float]]:
    """Daily points, summed by week or month when the range is long (a readable line)."""
    if not points:
        return []
    lo, hi = min(points), max(points)
    span = (hi - lo).days
    out: dict[date, float] = defaultdict(float)
    for d, v in points.items():
        if span > 3 * 366:
            key = d.replace(day=1)
        elif span > 120:
            key = d - timedelta(days=d.weekday())
        else:
            key = d
        out[key] += v
    return sorted(out.items())


def amount(paisa: int) -> str:
    """Rupees for a card: exact below a million, else in millions or billions."""
    rs = paisa / 100
    if rs >= 1_000_000_000:
        return f"Rs {rs / 1_000_000_000:,.2f} bn"
    if rs >= 1_000_000:
        return f"Rs {rs / 1_000_000:,.1f} m"
    return rupees(paisa)


class DashboardPage(QScrollArea):
    """The widgets; the workspace fills them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dashboard_page")
        self.setWidgetResizable(True)
        inner = QWidget(self)
        self.setWidget(inner)
        outer = QVBoxLayout(inner)
        bar = QHBoxLayout()
        self.district_caption = QLabel(inner)
        self.district = QComboBox(inner)
        self.district.setObjectName("dashboard_district")
        self.district_caption.setBuddy(self.district)
        self.dates = DateRangeFilter(N_("Dates"), inner)
        self.as_of = QLabel(inner)
        self.as_of.setObjectName("as_of")
        # A line of its own, wrapped: beside the filters, its longest text ("Online; the
        # server has sent no figures yet: ...") widened the page past a 1280 px screen.
        self.as_of.setWordWrap(True)
        for w in (self.district_caption, self.district, self.dates):
            bar.addWidget(w)
        bar.addStretch(1)
        outer.addLayout(bar)
        outer.addWidget(self.as_of)

        cards = QGridLayout()
        self.card_titles: dict[str, QLabel] = {}
        self.card_values: dict[str, QLabel] = {}
        for i, (key, _title, _money) in enumerate(CARDS):
            frame = QFrame(inner)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            title, value = QLabel(frame), QLabel("…", frame)
            value.setObjectName(f"figure_{key}")
            font = QFont(value.font())
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            box.addWidget(title)
            box.addWidget(value)
            self.card_titles[key], self.card_values[key] = title, value
            cards.addWidget(frame, 0, i)
        outer.addLayout(cards)

        charts = QGridLayout()
        self.revenue_chart = TrendChart(parent=inner, fmt=lambda v: amount(int(v * 100)))
        self.revenue_chart.setObjectName("revenue_chart")
        self.volume_chart = TrendChart(parent=inner)
        self.volume_chart.setObjectName("volume_chart")
        self.backlog_chart = TrendChart(parent=inner)
        self.backlog_chart.setObjectName("backlog_chart")
        self.visits_chart = TrendChart(parent=inner)
        self.visits_chart.setObjectName("visits_chart")
        for i, chart in enumerate(
            (self.revenue_chart, self.volume_chart, self.backlog_chart, self.visits_chart)
        ):
            chart.setMinimumHeight(200)
            charts.addWidget(chart, i // 2, i % 2)
        outer.addLayout(charts)

        tables = QHBoxLayout()
        self.statuses = QTableWidget(0, 2, inner)
        self.statuses.setObjectName("status_table")
        self.districts = QTableWidget(0, 5, inner)
        self.districts.setObjectName("district_table")
        for t in (self.statuses, self.districts):
            t.verticalHeader().setVisible(False)
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            t.setMinimumHeight(220)
        tables.addWidget(self.statuses, 1)
        tables.addWidget(self.districts, 3)
        outer.addLayout(tables)


class DashboardWorkspace(Workspace):
    key: ClassVar[str] = "dashboard"
    title: ClassVar[str] = N_("Dashboard")
    menu_title: ClassVar[str | None] = N_("&Reports")
    # Its figures over every record (~80 MB and seconds with 500,000 applications)
    # are read when the page is first opened, not at every start of the desk.
    load_when_shown: ClassVar[bool] = True
    ACTIONS: ClassVar[tuple[ActionSpec, ...]] = (
        ActionSpec("refresh_dashboard", N_("Refresh figures"), "Shift+F5"),
        ActionSpec("report_revenue", N_("Daily revenue report…"), "Ctrl+Alt+R", separator=True),
        ActionSpec("report_licences", N_("Fortnightly licence list…"), "Ctrl+Alt+L"),
        ActionSpec("report_mutations", N_("Pending mutations report…"), "Ctrl+Alt+M"),
        ActionSpec("report_roster", N_("Day's visit roster…"), "Ctrl+Alt+O"),
    )
    REPORT_ACTIONS: ClassVar[dict[str, str]] = {
        "report_revenue": "daily_revenue",
        "report_licences": "licences_issued",
        "report_mutations": "pending_mutations",
        "report_roster": "visit_roster",
    }

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(desk, parent)
        self.view = DashboardPage()
        self.page = self.view
        self.figures: Figures | None = None
        self.loads = 0  # loads finished (charts drawn)
        self.first_figures = 0  # loads whose totals are shown
        self.runs: list[ReportRun] = []  # reports being written (kept alive until done)
        self.make_actions(self.view)
        self.actions_by_key["refresh_dashboard"].triggered.connect(self.reload)
        for key, report in self.REPORT_ACTIONS.items():
            self.actions_by_key[key].triggered.connect(
                lambda _checked=False, r=report: self.ask_report(r)
            )
        self._fill_districts()
        self.view.district.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.dates.changed.connect(self.reload)
        self._was_offline = self.offline()
        desk.bridge.status_changed.connect(self._status_changed)
        self._retranslate_page()

    # -- loading -------------------------------------------------------------------------
    def current_filter(self) -> Filter:
        code = self.view.district.currentData()
        districts = (code,) if code else tuple(d.code for d in reference.districts())
        start, end = self.view.dates.value()
        return Filter(districts, start, end)

    def offline(self) -> bool:
        """A desk turned away by a busy server is still linked: the server's figures
        it pulled at its last sync hold, and calling it offline read as a lost link."""
        return self.desk.bridge.status.state not in LINKED

    def start(self) -> None:
        self.reload(first=True)

    def reload(self, first: bool = False) -> None:
        """Two jobs on the database worker: the totals first (cards and tables, a few
        GROUP BYs), then the per-day series, backlog and visits for the charts."""
        flt, offline = self.current_filter(), self.offline()
        as_of = self.desk.bridge.status.last_sync
        store = self.store

        def work(extras: bool) -> Figures:
            with read_engine(store).connect() as conn:
                return load(conn, flt, offline=offline, as_of=as_of, extras=extras)

        def totals_done(figures: Figures) -> None:
            self.show(figures, charts=False)
            if first:
                self.ready.emit()
            self.worker.submit(
                lambda: charted(figures),
                on_done=self.show,
                on_error=failed,
                label=tr("Dashboard"),
                key="dashboard-charts",
            )

        def charted(figures: Figures) -> Figures:
            if figures.source == "server":
                return work(True)
            with read_engine(store).connect() as conn:  # the desk's count has its days
                figures.backlog = backlog_per_tehsil(conn, flt)
                figures.visits = visits_per_prison(conn, flt)
            return figures

        def failed(exc: BaseException) -> None:
            self.message.emit(str(exc))
            if first:
                self.ready.emit()

        self.worker.submit(
            lambda: work(False),
            on_done=totals_done,
            on_error=failed,
            label=tr("Dashboard"),
            key="dashboard",
        )

    def _status_changed(self, _status: object) -> None:
        """Going online or offline changes where the figures come from: reload."""
        offline = self.offline()
        if offline != self._was_offline and self.figures is not None:
            self.reload()
        self._was_offline = offline

    def on_records_changed(self, changes: Changes) -> None:
        if changes.tables & WATCHED or any(t in WATCHED for t in changes.ids):
            self.reload()

    # -- showing -------------------------------------------------------------------------
    def show(self, figures: Figures, charts: bool = True) -> None:
        """Cards, as-of line and tables; with `charts`, the trend charts too (the
        second step of a load; `loads` counts completed loads)."""
        self.figures = figures
        v = self.view
        for key, _title, money in CARDS:
            n = figures.total(key)
            v.card_values[key].setText(amount(n) if money else f"{n:,}")
        self._show_as_of()
        v.statuses.setRowCount(0)
        for status, n in sorted(figures.statuses.items(), key=lambda kv: -kv[1]):
            row = v.statuses.rowCount()
            v.statuses.insertRow(row)
            v.statuses.setItem(row, 0, QTableWidgetItem(tr(STATUS_NAMES.get(status, status))))
            v.statuses.setItem(row, 1, QTableWidgetItem(f"{n:,}"))
        v.districts.setRowCount(0)
        for code, per in sorted(figures.per_district.items()):
            row = v.districts.rowCount()
            v.districts.insertRow(row)
            cells = (
                district_name(code, self.lang),
                f"{per.get('applications_received', 0):,}",
                f"{per.get('vouchers_generated', 0):,}",
                rupees(per.get("collected_paisa", 0)),
                rupees(per.get("in_process_paisa", 0)),
            )
            for col, text in enumerate(cells):
                v.districts.setItem(row, col, QTableWidgetItem(text))
        v.districts.resizeColumnsToContents()
        self.first_figures += 1
        if not charts:
            return
        self.loads += 1

        def series(metric: str, scale: float = 1) -> list[tuple[date, float]]:
            return [
                (d, x / scale)
                for d, x in bucketed({d: m.get(metric, 0) for d, m in figures.daily.items()})
            ]

        v.revenue_chart.set_series(
            [
                (tr("Collected"), series("collected_paisa", 100)),
                (tr("In process"), series("in_process_paisa", 100)),
            ]
        )
        v.volume_chart.set_series(
            [
                (tr("Applications"), series("applications_received")),
                (tr("Vouchers"), series("vouchers_generated")),
            ]
        )
        v.backlog_chart.set_series(
            [(t, bucketed(w)) for t, w in sorted(figures.backlog.items())[:6]]
        )
        v.visits_chart.set_series([(p, bucketed(w)) for p, w in sorted(figures.visits.items())[:6]])

    def _show_as_of(self) -> None:
        f = self.figures
        if f is None:
            self.view.as_of.setText("")
            return
        when = karachi_time(f.as_of) if f.as_of else tr("never")
        if f.source == "desk" and f.why_desk == "no_rows":
            text = tr(
                "Online; the server has sent no figures yet: counted from this desk's "
                "records (last sync {when})"
            )
        elif f.source == "desk":
            text = tr("Offline: this desk's records, as of the last sync ({when})")
        else:
            text = tr("Figures from the server, as of the last sync ({when})")
        self.view.as_of.setText(text.format(when=when))

    # -- reports -------------------------------------------------------------------------
    def ask_report(self, name: str) -> None:
        from desktop.dashboard.report_dialog import ask_and_run

        ask_and_run(self, name)

    # -- language ------------------------------------------------------------------------
    def _fill_districts(self) -> None:
        combo = self.view.district
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("All my districts"), None)
        for d in reference.districts():
            combo.addItem(d.name(self.lang), d.code)
        i = combo.findData(current)
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)

    def _retranslate_page(self) -> None:
        v = self.view
        v.district_caption.setText(tr("District"))
        v.dates.retranslate()
        for key, title, _money in CARDS:
            v.card_titles[key].setText(tr(title))
        v.revenue_chart.title = tr("Revenue (Rs)")
        v.volume_chart.title = tr("Applications and vouchers")
        v.backlog_chart.title = tr("Mutation backlog per tehsil")
        v.visits_chart.title = tr("Visits per prison per week")
        for chart in (v.revenue_chart, v.volume_chart, v.backlog_chart, v.visits_chart):
            chart.empty_text = tr("No records in this range")
        v.statuses.setHorizontalHeaderLabels([tr("Status"), tr("Applications")])
        v.districts.setHorizontalHeaderLabels(
            [tr("District"), tr("Applications"), tr("Vouchers"), tr("Collected"), tr("In process")]
        )
        self._fill_districts()
        if self.figures is not None:
            self.show(self.figures)

    def retranslate(self, lang: str, latin_font: QFont | None = None) -> None:
        super().retranslate(lang, latin_font)
        self._retranslate_page()

    def focus_target(self) -> QWidget | None:
        return self.view.district
