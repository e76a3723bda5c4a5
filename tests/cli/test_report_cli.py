"""`daftar report` headless: over a seeded server database, the revenue report's
spreadsheet holds the revenue endpoint's totals, and a bad date is one clear line."""

from __future__ import annotations

import subprocess
import sys

from openpyxl import load_workbook

from daftar_cli.report import main
from daftar_cli.seed import seed_server
from server.db import make_engine
from server.migrate import prepare_database
from server.payments.config import PaymentSettings
from server.payments.revenue import revenue
from server.payments.service import Payments


def test_the_revenue_spreadsheet_holds_the_servers_totals(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = make_engine(url)
    try:
        prepare_database(engine)
        seed_server(engine, 2500, districts=["PSH", "SWT"])
        expected = revenue(Payments(engine, PaymentSettings()), ["PSH", "SWT"])
    finally:
        engine.dispose()
    out = tmp_path / "revenue.xlsx"
    assert (
        main(
            [
                "daily_revenue",
                "--server-db",
                url,
                "--district",
                "PSH",
                "--district",
                "SWT",
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    sheet = load_workbook(out, read_only=True).worksheets[0]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Total / میزان")
    assert total[2] == expected["applications_received"] == 2500
    assert total[3] == expected["vouchers_generated"]
    assert total[4] == expected["collected_paisa"] / 100
    assert total[5] == expected["in_process_paisa"] / 100


def test_a_date_that_is_not_one_is_refused_in_one_line(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "daftar_cli.main",
            "report",
            "daily_revenue",
            "--from",
            "30-11-2026",
            "--server-db",
            "sqlite:///x",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "is not a date; write it as YYYY-MM-DD" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_mutation_and_roster_reports_run_headless(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = make_engine(url)
    try:
        prepare_database(engine)
    finally:
        engine.dispose()
    for name, extra in (
        ("pending_mutations", []),
        ("visit_roster", ["--from", "2026-11-30"]),
    ):
        out = tmp_path / f"{name}.csv"
        args = [name, "--server-db", url, "--district", "PSH", "--format", "csv", "--out"]
        assert main([*args, str(out), *extra]) == 0
        text = out.read_text(encoding="utf-8-sig")
        assert text.splitlines()[0].startswith(
            "Pending mutations per tehsil and clerk"
            if name == "pending_mutations"
            else "Visit roster of the day per prison,30-11-2026 to 30-11-2026"
        )
