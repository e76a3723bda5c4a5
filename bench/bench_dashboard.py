"""Dashboard and reports on the seed figures (issue 20). Nothing is asserted.

1. A server database (SQLite file, or --pg URL) seeded with `--seed-figures`
   (474,560 applications, 203,998 vouchers): seeding, then `refresh` of report_figures
   (one row per district and office day; the first shape's row count beside it).
2. The dashboard's loads on that database (it holds the same tables as a desk):
   first figures (cards, from report_figures), the desk's own offline count, and the
   charts (full load + painting the four charts offscreen).
3. The fortnightly licence list of 20,000 licences as PDF and .xlsx.

    python -m bench.bench_dashboard [--applications N] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _timed(label: str, fn, rows: list[tuple[str, str]]):
    started = time.perf_counter()
    out = fn()
    took = time.perf_counter() - started
    rows.append((label, f"{took:.2f} s"))
    print(f"  {label}: {took:.2f} s", flush=True)
    return out


def bench_figures(url: str, n: int, rows: list[tuple[str, str]]) -> None:
    from daftar_cli.seed import seed_server
    from desktop.dashboard.charts import TrendChart
    from desktop.dashboard.data import Filter, load
    from desktop.dashboard.workspace import bucketed
    from desktop.qt import QApplication
    from domain import reference
    from domain.figures import compute
    from server.db import make_engine
    from server.migrate import prepare_database
    from server.reports.figures import refresh

    app = QApplication.instance() or QApplication([])
    engine = make_engine(url)
    prepare_database(engine)
    with engine.connect() as conn:
        seeded = conn.exec_driver_sql("SELECT count(*) FROM licence_applications").scalar()
    if seeded != n:  # --keep a folder to reuse its seeded database
        _timed(
            f"seed {n:,} applications (+ figures refresh)",
            lambda: seed_server(engine, n, figures=n == 474_560),
            rows,
        )
    report = _timed("refresh report_figures again (nothing changed)", lambda: refresh(engine), rows)
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM report_figures").scalar()
        per_metric = len(compute(conn))
    rows.append(
        ("report_figures rows", f"{count:,} (rewritten on the second refresh: {report.written})")
    )
    rows.append(("  the same figures one row per metric (the first shape)", f"{per_metric:,}"))
    flt = Filter(tuple(d.code for d in reference.districts()))
    with engine.connect() as conn:
        first = _timed(
            "dashboard first figures (server rows, province)",
            lambda: load(conn, flt, offline=False, extras=False),
            rows,
        )
        _timed(
            "dashboard figures offline (desk's own count, province)",
            lambda: load(conn, flt, offline=True, extras=False),
            rows,
        )

        def charts() -> None:
            f = load(conn, flt, offline=False)
            for metric in (
                "collected_paisa",
                "in_process_paisa",
                "applications_received",
                "vouchers_generated",
            ):
                chart = TrendChart(metric)
                chart.resize(640, 240)
                chart.set_series(
                    [(metric, bucketed({d: m.get(metric, 0) for d, m in f.daily.items()}))]
                )
                chart.grab()

        _timed("dashboard figures + four charts painted", charts, rows)
    rows.append(
        (
            "dashboard reads",
            f"{first.total('applications_received'):,} applications, "
            f"{first.total('vouchers_generated'):,} vouchers, "
            f"Rs {first.total('collected_paisa') / 100:,.0f} collected, "
            f"Rs {first.total('in_process_paisa') / 100:,.0f} in process",
        )
    )
    engine.dispose()
    del app


URDU = [
    "محمد علی",
    "احمد خان",
    "فاطمہ بی بی",
    "عبداللہ شاہ",
    "زینب گل",
    "عمران خان",
    "سعید اللہ",
    "نور محمد",
    "گل رحمان",
    "عائشہ بیگم",
]


def bench_licences(folder: Path, n: int, rows: list[tuple[str, str]]) -> None:
    from sqlalchemy import create_engine, insert

    from desktop.dashboard import reports
    from desktop.dashboard.data import Filter
    from domain.ids import new_id, utcnow
    from domain.models import Base, Licence

    (folder / "licences.sqlite3").unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{folder / 'licences.sqlite3'}")
    Base.metadata.create_all(engine, tables=[Licence.__table__])  # type: ignore[list-item]
    rng = random.Random(3)
    end = date(2026, 11, 30)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            insert(Licence),
            [
                {
                    "id": new_id(),
                    "version": 0,
                    "district_code": "PSH",
                    "office_code": "DC-PSH",
                    "created_at": now,
                    "updated_at": now,
                    "sync_state": "synced",
                    "licence_no": f"PSH-{i:07d}",
                    "application_id": new_id(),
                    "person_id": new_id(),
                    "cnic": f"17301{i:07d}{i % 10}",
                    "holder_name_en": f"Holder {i}",
                    "holder_name_ur": f"{rng.choice(URDU)} {rng.choice(URDU).split()[0]}",
                    "weapon_type": "pistol",
                    "bore": ".30",
                    "weapon_number": f"W{i}",
                    "weapon_make": "Darra",
                    "validity": "district",
                    "status": "active",
                    "issued_on": end - timedelta(days=i % 14),
                    "valid_until": date(2029, 12, 31),
                }
                for i in range(n)
            ],
        )
    flt = Filter(("PSH",), end - timedelta(days=13), end)
    with engine.connect() as conn:
        report = _timed(
            f"licence list query ({n:,})", lambda: reports.build("licences_issued", conn, flt), rows
        )
    pdf = _timed(
        f"licence list {n:,} as PDF",
        lambda: reports.write(report, "pdf", folder / "licences.pdf"),
        rows,
    )
    _timed(
        f"licence list {n:,} as .xlsx",
        lambda: reports.write(report, "xlsx", folder / "licences.xlsx"),
        rows,
    )
    _timed(
        f"licence list {n:,} as CSV",
        lambda: reports.write(report, "csv", folder / "licences.csv"),
        rows,
    )
    rows.append(("PDF size", f"{pdf.stat().st_size / 1e6:.1f} MB"))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--applications", type=int, default=474_560)
    p.add_argument("--licences", type=int, default=20_000)
    p.add_argument("--pg", default=None, help="PostgreSQL URL of an empty database to use")
    p.add_argument("--keep", type=Path, default=None, help="write files here and keep them")
    args = p.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        url = args.pg or f"sqlite:///{folder / 'server.sqlite3'}"
        print(f"server database: {url.split('@')[-1]}")
        bench_figures(url, args.applications, rows)
        bench_licences(folder, args.licences, rows)
    print()
    for label, value in rows:
        print(f"{label:<58} {value}")


if __name__ == "__main__":
    main()
