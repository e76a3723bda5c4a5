"""The Dashboard and its reports, through the real window and the real files.

Offline, the dashboard counts the desk's own records and says they are as of the last
sync; after a sync round that brought `report_figures`, it shows the server's rows.
The reports (.xlsx, CSV, PDF) hold the same totals as the dashboard for the filter.
"""

from __future__ import annotations

import csv
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from daftar_cli.seed import seed_sqlite_raw
from desktop.app import open_main_window
from desktop.dashboard import reports
from desktop.dashboard.workspace import amount
from domain.ids import new_id, utcnow
from domain.models import Licence, LicenceApplication, ReportFigure, Voucher
from domain.models.reports import figure_id
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


def test_after_a_sync_round_it_shows_the_servers_figures(qtbot, dash, store, fake_engine):
    now = utcnow()
    day = date(2026, 11, 30)
    rows = [
        ("PSH", "applications_received", 7),
        ("PSH", "collected_paisa", 1_234_500),
        ("MRD", "applications_received", 5),
    ]
    with store.engine.begin() as conn:
        conn.execute(
            insert(ReportFigure),
            [
                {
                    "id": figure_id(c, day, m),
                    "version": 1,
                    "district_code": c,
                    "office_code": c,
                    "created_at": now,
                    "updated_at": now,
                    "sync_state": "synced",
                    "day": day,
                    "metric": m,
                    "value": v,
                }
                for c, m, v in rows
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
    # one district chosen: its figures only
    loads = dash.loads
    dash.view.district.setCurrentIndex(dash.view.district.findData("MRD"))
    qtbot.waitUntil(lambda: dash.loads > loads, timeout=10_000)
    assert _text(dash, "applications_received") == "5"


def _run(qtbot, ws, name: str, fmt: str, path: Path) -> Path:
    from desktop.dashboard.report_dialog import run_report

    run = run_report(ws, name, fmt, path, dialog=False)
    with qtbot.waitSignal(run.finished, timeout=30_000):
        pass
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
