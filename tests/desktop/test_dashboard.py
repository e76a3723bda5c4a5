"""The Dashboard and its reports, through the real window and the real files.

Offline, the dashboard counts the desk's own records and says they are as of the last
sync; after a sync round that brought `report_figures`, it shows the server's rows.
The reports (.xlsx, CSV, PDF) hold the same totals as the dashboard for the filter.
"""

from __future__ import annotations

import csv
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, insert, select

from daftar_cli.seed import seed_sqlite_raw
from desktop.app import open_main_window
from desktop.dashboard import reports
from desktop.dashboard.workspace import amount
from domain.ids import new_id, utcnow
from domain.models import Licence, LicenceApplication, ReportFigure, Voucher
from domain.models.reports import COLUMNS, figure_id
from sync.status import SyncStatus

N = 1200
LAST_SYNC = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def seeded(store):
    seed_sqlite_raw(store.engine, N, districts=["PSH", "MRD"], versions=False)
    with store.engine.connect() as conn:
        V = Voucher
        expect = {
            "applications": conn.execute(
                select(func.count()).select_from(LicenceApplication)
            ).scalar(),
            "vouchers": conn.execute(select(func.count()).select_from(V)).scalar(),
            "collected": conn.execute(
                select(func.sum(V.paid_amount_paisa)).where(V.status == "paid")
            ).scalar(),
            "in_process": conn.execute(
                select(func.sum(V.amount_within_due_paisa)).where(V.status == "unpaid")
            ).scalar(),
        }
    return expect


@pytest.fixture
def dash(qtbot, store, operator, fake_engine, seeded):
    fake_engine.status = SyncStatus(state="offline", last_sync=LAST_SYNC)
    session = open_main_window(store, operator, engine=fake_engine, lang="en")
    window = session.window
    ws = window.workspaces["dashboard"]
    window.show_workspace("dashboard")
    qtbot.waitUntil(lambda: ws.loads > 0, timeout=10_000)
    yield ws
    session.close()


def _text(ws, key: str) -> str:
    return ws.view.card_values[key].text()


def test_offline_the_dashboard_counts_the_desks_records_as_of_the_last_sync(dash, seeded):
    assert _text(dash, "applications_received") == f"{seeded['applications']:,}" == f"{N:,}"
    assert _text(dash, "vouchers_generated") == f"{seeded['vouchers']:,}"
    assert _text(dash, "collected_paisa") == amount(seeded["collected"])
    assert _text(dash, "in_process_paisa") == amount(seeded["in_process"])
    as_of = dash.view.as_of.text()
    assert "Offline" in as_of and "as of the last sync" in as_of and "01-12-2026" in as_of
    statuses = {
        dash.view.statuses.item(r, 0).text(): dash.view.statuses.item(r, 1).text()
        for r in range(dash.view.statuses.rowCount())
    }
    assert sum(int(v.replace(",", "")) for v in statuses.values()) == N
    assert dash.view.districts.rowCount() == 2  # Peshawar and Mardan
    assert dash.view.revenue_chart.series and dash.view.volume_chart.series


def test_online_without_figure_rows_yet_it_does_not_say_offline(qtbot, dash, fake_engine):
    loads = dash.loads
    fake_engine.report(SyncStatus(state="online", last_sync=LAST_SYNC))
    qtbot.waitUntil(lambda: dash.loads > loads, timeout=10_000)
    as_of = dash.view.as_of.text()
    assert "Offline" not in as_of
    assert "Online; the server has sent no figures yet" in as_of and "01-12-2026" in as_of
    assert _text(dash, "applications_received") == f"{N:,}"  # still the desk's own count
    # its longest line does not widen the page: on a 1280 px screen nothing scrolls sideways
    window = dash.view.window()
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    assert dash.view.horizontalScrollBar().maximum() == 0


def test_a_busy_server_is_not_called_offline(qtbot, dash, fake_engine):
    loads = dash.loads
    fake_engine.report(SyncStatus(state="busy", last_sync=LAST_SYNC, retry_after=2))
    qtbot.waitUntil(lambda: dash.loads > loads, timeout=10_000)
    as_of = dash.view.as_of.text()
    assert "Offline" not in as_of
    assert "Online; the server has sent no figures yet" in as_of and "01-12-2026" in as_of


def test_after_a_sync_round_it_shows_the_servers_figures(qtbot, dash, store, fake_engine):
    now = utcnow()
    day = date(2026, 11, 30)
    rows = [
        ("PSH", {"applications_received": 7, "collected_paisa": 1_234_500, "status_submitted": 7}),
        ("MRD", {"applications_received": 5, "status_submitted": 4, "status_verified": 1}),
    ]
    with store.engine.begin() as conn:
        conn.execute(
            insert(ReportFigure),
            [
                {
                    "id": figure_id(c, day),
                    "version": 1,
                    "district_code": c,
                    "office_code": c,
                    "created_at": now,
                    "updated_at": now,
                    "sync_state": "synced",
                    "day": day,
                    **dict.fromkeys(COLUMNS, 0),
                    **values,
                }
                for c, values in rows
            ],
        )
    fake_engine.report(SyncStatus(state="syncing", last_sync=LAST_SYNC))
    loads = dash.loads
    fake_engine.report(
        SyncStatus(
            state="online", last_sync=LAST_SYNC, changed_tables=frozenset({"report_figures"})
        )
    )
    qtbot.waitUntil(lambda: dash.loads > loads, timeout=10_000)
    assert _text(dash, "applications_received") == "12"
    assert _text(dash, "collected_paisa") == "Rs 12,345"
    assert "from the server" in dash.view.as_of.text()
    statuses = {
        dash.view.statuses.item(r, 0).text(): dash.view.statuses.item(r, 1).text()
        for r in range(dash.view.statuses.rowCount())
    }
    assert statuses == {"Submitted": "11", "Verified": "1"}
    # one district chosen: its figures only
    loads = dash.loads
    dash.view.district.setCurrentIndex(dash.view.district.findData("MRD"))
    qtbot.waitUntil(lambda: dash.loads > loads, timeout=10_000)
    assert _text(dash, "applications_received") == "5"


def _run(qtbot, ws, name: str, fmt: str, path: Path) -> Path:
    from desktop.dashboard.report_dialog import run_report

    run = run_report(ws, name, fmt, path, dialog=False)
    errors: list[BaseException] = []
    run.failed.connect(errors.append)
    qtbot.waitUntil(lambda: path.exists() or bool(errors), timeout=30_000)
    if errors:
        raise errors[0]
    return path


def _rupees(paisa: int) -> str:
    return f"{paisa // 100:,}"


def test_the_revenue_report_files_hold_the_dashboards_totals(qtbot, dash, seeded, tmp_path):
    xlsx = _run(qtbot, dash, "daily_revenue", "xlsx", tmp_path / "revenue.xlsx")
    sheet = load_workbook(xlsx, read_only=True).worksheets[0]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Total / میزان")
    assert total[2] == seeded["applications"] and total[3] == seeded["vouchers"]
    assert total[4] == seeded["collected"] / 100 and total[5] == seeded["in_process"] / 100

    pdf = _run(qtbot, dash, "daily_revenue", "pdf", tmp_path / "revenue.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Daily revenue per district" in text and "Reconciliation exceptions" in text
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("Total"))
    for figure in (
        f"{seeded['applications']:,}",
        f"{seeded['vouchers']:,}",
        _rupees(seeded["collected"]),
        _rupees(seeded["in_process"]),
    ):
        assert figure in line, (figure, line)

    out = _run(qtbot, dash, "daily_revenue", "csv", tmp_path / "revenue.csv")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert next(r for r in rows if r and r[0] == "Total")[1:3] == [
        "",
        f"{seeded['applications']:,}",
    ]


def test_a_cancelled_report_leaves_no_file(qtbot, dash, tmp_path):
    from desktop.dashboard.report_dialog import ReportRun

    run = ReportRun(dash, "daily_revenue", "pdf", tmp_path / "gone.pdf")
    run.cancel.set()
    with qtbot.waitSignal(run.failed, timeout=30_000) as blocker:
        run.start()
    assert isinstance(blocker.args[0], reports.Cancelled)
    assert list(tmp_path.glob("gone.pdf*")) == []


def test_the_fortnightly_licence_list_in_english_and_urdu(qtbot, dash, store, tmp_path):
    with store.engine.begin() as conn:
        apps = conn.execute(
            select(LicenceApplication)
            .where(LicenceApplication.status == "licence_issued")
            .limit(30)
        ).all()
        now = utcnow()
        conn.execute(
            insert(Licence),
            [
                {
                    "id": new_id(),
                    "version": 0,
                    "district_code": a.district_code,
                    "office_code": a.office_code,
                    "created_at": now,
                    "updated_at": now,
                    "sync_state": "synced",
                    "licence_no": f"LIC-{i:05d}",
                    "application_id": a.id,
                    "person_id": a.person_id,
                    "cnic": a.cnic,
                    "holder_name_en": a.applicant_name_en,
                    "holder_name_ur": a.applicant_name_ur or "احمد خان",
                    "weapon_type": "pistol",
                    "bore": ".30",
                    "weapon_number": f"W{i}",
                    "weapon_make": "Darra",
                    "validity": "district",
                    "status": "active",
                    "issued_on": reports.today(),
                    "valid_until": date(2029, 12, 31),
                }
                for i, a in enumerate(apps)
            ],
        )
    assert len(apps) > 5
    pdf = _run(qtbot, dash, "licences_issued", "pdf", tmp_path / "licences.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "LIC-00000" in text and f"LIC-{len(apps) - 1:05d}" in text
    xlsx = _run(qtbot, dash, "licences_issued", "xlsx", tmp_path / "licences.xlsx")
    rows = list(load_workbook(xlsx, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert sum(1 for r in rows if str(r[0]).startswith("LIC-")) == len(apps)
    assert rows[-1][1] == len(apps)


# -- pending mutations and the visit roster -------------------------------------------------
def _pdf_text(pdf: Path, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _reload(qtbot, ws) -> None:
    loads = ws.loads
    ws.reload()
    qtbot.waitUntil(lambda: ws.loads > loads, timeout=10_000)


def test_the_pending_mutations_report_counts_per_tehsil_and_clerk_as_the_dashboard(
    qtbot, dash, store, tmp_path
):
    from daftar_cli.mutation_seed import CLERKS, seed_mutation_backlog
    from domain.models import Mutation

    with store.sessions() as s:
        seed_mutation_backlog(s)
        s.commit()
    with store.engine.connect() as conn:
        M = Mutation
        open_ = conn.execute(
            select(M.recorded_by, func.count())
            .where(M.status.in_(("recorded", "returned", "verified")))
            .group_by(M.recorded_by)
        ).all()
        oldest = conn.execute(
            select(M.mutation_no)
            .where(M.status.in_(("recorded", "returned", "verified")))
            .order_by(M.mutation_date, M.mutation_no)
        ).first()[0]
    pending = sum(n for _c, n in open_)
    assert pending > 100
    _reload(qtbot, dash)  # the backlog chart counts the same mutations
    assert sum(sum(w.values()) for w in dash.figures.backlog.values()) == pending

    xlsx = _run(qtbot, dash, "pending_mutations", "xlsx", tmp_path / "mutations.xlsx")
    book = load_workbook(xlsx, read_only=True)
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[1][:4] == (
        "District / ضلع",
        "Tehsil / تحصیل",
        "Tehsil (Urdu) / تحصیل (اردو)",
        "Clerk / کلرک",
    )
    per_clerk: dict[str, int] = {}
    for row in summary[2:-1]:
        assert row[0] == "Peshawar" and row[4] + row[5] + row[6] == row[7]
        per_clerk[row[3]] = per_clerk.get(row[3], 0) + row[7]
    assert per_clerk == dict(open_) and set(per_clerk) <= set(CLERKS)
    assert summary[-1][0] == "Total / میزان" and summary[-1][7] == pending
    detail = list(book.worksheets[1].iter_rows(values_only=True))
    assert detail[2][0] == oldest and len(detail) == pending + 3

    pdf = _run(qtbot, dash, "pending_mutations", "pdf", tmp_path / "mutations.pdf")
    text = _pdf_text(pdf)
    assert (
        "Pending mutations per tehsil and clerk" in text and "Pending per tehsil and clerk" in text
    )
    assert all(clerk in text for clerk in per_clerk) and oldest in text
    total = next(ln for ln in text.splitlines() if ln.strip().startswith("Total"))
    assert f"{pending:,}" in total, total

    out = _run(qtbot, dash, "pending_mutations", "csv", tmp_path / "mutations.csv")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert next(r for r in rows if r and r[0] == "Total")[7] == f"{pending:,}"


def _roster_records(store, day: date) -> dict[str, str]:
    """CP-PSH: two slots on `day` and one the day after; bookings of each status that
    counts, one withdrawn request; returns booking number -> status."""
    from datetime import time

    from domain.models import Inmate, VisitBooking, VisitSlot
    from domain.visit_slots import to_utc

    now = utcnow()
    base = {
        "version": 1,
        "district_code": "PSH",
        "office_code": "CP-PSH",
        "created_at": now,
        "updated_at": now,
        "sync_state": "synced",
    }
    inmates = [
        {
            **base,
            "id": new_id(),
            "prison_code": "CP-PSH",
            "inmate_no": f"CP-{i}",
            "name_en": en,
            "name_ur": ur,
        }
        for i, (en, ur) in enumerate((("Gul Khan", "گل خان"), ("Nadir Shah", "نادر شاہ")))
    ]
    slots = [
        {
            **base,
            "id": new_id(),
            "prison_code": "CP-PSH",
            "terminal": term,
            "starts_at": to_utc(d, at),
            "minutes": 30,
            "capacity": 10,
        }
        for d, at, term in (
            (day, time(10, 0), "T1"),
            (day, time(9, 0), "T2"),
            (day + timedelta(days=1), time(9, 0), "T1"),
        )
    ]
    plan = [
        ("VB-0001", 0, 0, "booked", 3),
        ("VB-0002", 1, 1, "completed", 1),
        ("VB-0003", 0, 1, "withdrawn", 2),
        ("VB-0004", 1, 0, "requested", 2),
        ("VB-0005", 2, 0, "booked", 1),  # the next day: not on this day's roster
    ]
    bookings = [
        {
            **base,
            "id": new_id(),
            "booking_no": no,
            "slot_id": slots[s]["id"],
            "inmate_id": inmates[i]["id"],
            "lead_visitor_cnic": "1730112345671",
            "visitors": [{"name": f"Visitor {no}", "cnic": "1730112345671"}] * n,
            "status": status,
            "requested_at": now,
        }
        for no, s, i, status, n in plan
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(Inmate), inmates)
        conn.execute(insert(VisitSlot), slots)
        conn.execute(insert(VisitBooking), bookings)
    return {no: status for no, _s, _i, status, _n in plan}


def test_the_days_visit_roster_per_prison_in_time_order(qtbot, dash, store, tmp_path):
    day = reports.today()
    _roster_records(store, day)
    pdf = _run(qtbot, dash, "visit_roster", "pdf", tmp_path / "roster.pdf")
    text = _pdf_text(pdf)
    assert "Visit roster of the day per prison" in text
    assert reference_prison_name("CP-PSH") in text
    # by time: the 09:00 slot on T2 first; withdrawn and the next day's left out
    assert text.index("VB-0002") < text.index("VB-0004") < text.index("VB-0001")
    assert "VB-0003" not in text and "VB-0005" not in text
    assert "Gul Khan" in text and "17301-1234567-1" in text and "Visitor VB-0001" in text
    total = next(ln for ln in text.splitlines() if ln.strip().startswith("Total"))
    assert "3" in total.split() and "6" in total.split(), total  # 3 visits, 6 visitors

    xlsx = _run(qtbot, dash, "visit_roster", "xlsx", tmp_path / "roster.xlsx")
    sheet = load_workbook(xlsx, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[3] for r in rows[2:-1]] == ["VB-0002", "VB-0004", "VB-0001"]
    assert [r[1] for r in rows[2:-1]] == ["09:00", "09:00", "10:00"]
    assert rows[2][0].date() == day and rows[2][6] == "نادر شاہ"
    assert rows[-1][3] == 3 and rows[-1][9] == 6


def test_a_day_without_visits_makes_a_roster_that_says_so(qtbot, dash, tmp_path):
    pdf = _run(qtbot, dash, "visit_roster", "pdf", tmp_path / "empty.pdf")
    text = _pdf_text(pdf)
    assert "No visits" in text and "None." in text


def reference_prison_name(code: str) -> str:
    from domain import reference

    return reference.prison(code).name_en


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_chart_titles_legends_and_axis_labels_do_not_overlap(qtbot, dash, lang, tmp_path):
    window = dash.view.window()
    window.set_language(lang)
    _reload(qtbot, dash)
    window.resize(1280, 860)
    window.grab().save(str(tmp_path / f"dashboard_{lang}.png"))
    for chart in (dash.view.revenue_chart, dash.view.volume_chart):
        chart.resize(520, 220)
        chart.grab().save(str(tmp_path / f"{chart.objectName()}_{lang}.png"))
        boxes = chart.text_boxes()
        assert len(boxes) >= 5  # title, two legend entries, top value, two dates
        for i, (name_a, a) in enumerate(boxes):
            assert chart.rect().contains(a.toAlignedRect()), (lang, name_a, a)
            for name_b, b in boxes[i + 1 :]:
                assert not a.intersects(b), (lang, name_a, a, name_b, b)
