"""Report figures reach desks through the pull, only for their districts, one row per
district and office day, and add up to the revenue report; a second refresh with
nothing changed sends nothing new, and a payment moves only its own day's row."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select, update

from daftar_cli.seed import seed_server
from domain import reference
from domain.figures import compute
from domain.models import Voucher
from domain.models.reports import STATUS_COLUMNS, STATUS_PREFIX
from server.payments.config import PaymentSettings
from server.payments.revenue import revenue
from server.payments.service import Payments
from server.reports.figures import refresh


def _totals(rows: list[dict], metric: str) -> int:
    return sum(int(r[metric]) for r in rows)


def _statuses(row: dict) -> dict:
    return {s: int(row[c]) for s, c in STATUS_COLUMNS.items() if int(row[c])}


def test_figures_come_through_the_pull_in_scope_and_agree_with_the_revenue_report(server):
    seed_server(server.engine, 1500, districts=["PSH", "MRD"])  # refreshes the figures
    desk = server.enrol("DC-PSH")
    desk.pull_all()
    rows = [r for (table, _id), r in desk.seen.items() if table == "report_figures"]
    assert rows and {r["district_code"] for r in rows} == {"PSH"}
    days = Counter(r["day"] for r in rows)
    assert max(days.values()) == 1  # one row per district and day
    report = revenue(Payments(server.engine, PaymentSettings()), ["PSH"])
    assert _totals(rows, "applications_received") == report["applications_received"] > 0
    assert _totals(rows, "vouchers_generated") == report["vouchers_generated"]
    assert _totals(rows, "collected_paisa") == report["collected_paisa"]
    assert _totals(rows, "in_process_paisa") == report["in_process_paisa"]
    assert sum(sum(_statuses(r).values()) for r in rows) == report["applications_received"]

    with server.engine.connect() as conn:
        figures = compute(conn, ["PSH"])
    assert len(rows) == len({(c, d) for c, d, _m in figures})
    assert len(figures) > 2 * len(rows)  # the per-metric shape took several times the rows
    assert {m[len(STATUS_PREFIX) :] for _c, _d, m in figures if m.startswith(STATUS_PREFIX)} == {
        s for r in rows for s in _statuses(r)
    }

    cursor = desk.cursor
    assert refresh(server.engine).written == 0  # nothing changed: nothing to send
    desk.pull_all()
    assert desk.cursor == cursor


def test_a_payment_moves_only_its_days_row(server):
    seed_server(server.engine, 600, districts=["PSH"])
    with server.engine.begin() as conn:
        psid, _issued = conn.execute(
            select(Voucher.id, Voucher.issued_at)
            .where(Voucher.status == "unpaid")
            .order_by(Voucher.issued_at)
        ).first()
        conn.execute(update(Voucher).where(Voucher.id == psid).values(status="cancelled"))
    done = refresh(server.engine)
    assert done.written == 1 and done.computed > 1  # the voucher's issue day, nothing else


def test_every_application_status_has_its_column():
    from domain.models import ReportFigure
    from domain.states import ApplicationStatus

    table = ReportFigure.__table__
    assert all(f"status_{s.value}" in table.c for s in ApplicationStatus)


def test_every_district_refreshes_to_compact_rows(server):
    seed_server(server.engine, 900, districts=["PSH", "MRD", "SWT"])
    with server.engine.connect() as conn:
        figures = compute(conn, [d.code for d in reference.districts()])
        stored = conn.exec_driver_sql("SELECT count(*) FROM report_figures").scalar()
    assert stored == len({(c, d) for c, d, _m in figures})


def test_upgrading_a_server_of_the_per_metric_shape_drops_its_rows_and_their_changes(tmp_path):
    """0010 -> 0011: the old rows and their change-index entries go; the next refresh
    writes the new rows as new changes."""
    from sqlalchemy import text

    from server.db import make_engine
    from server.migrate import current_revision, head_revision, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(engine, "0010")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO report_figures (id, version, district_code, office_code, "
                    "created_at, updated_at, sync_state, day, metric, value) VALUES ('f1', 7, "
                    "'PSH', 'PSH', '2026-11-30 00:00:00', '2026-11-30 00:00:00', 'synced', "
                    "'2026-11-30', 'applications_received', 3)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO change_index (table_name, row_id, seq, district_code, deleted) "
                    "VALUES ('report_figures', 'f1', 7, 'PSH', 0)"
                )
            )
        upgrade(engine)
        assert current_revision(engine) == head_revision() == "0015"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM report_figures")).scalar() == 0
            assert (
                conn.execute(
                    text("SELECT count(*) FROM change_index WHERE table_name = 'report_figures'")
                ).scalar()
                == 0
            )
        seed_server(engine, 300, districts=["PSH"])
        with engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM report_figures")).scalar()
            indexed = conn.execute(
                text("SELECT count(*) FROM change_index WHERE table_name = 'report_figures'")
            ).scalar()
        assert n > 0 and indexed == n
    finally:
        engine.dispose()


def test_a_desk_store_of_the_per_metric_shape_is_migrated_to_rows_per_day(tmp_path):
    from sqlalchemy import create_engine, inspect

    from sync.store.migrate import head_revision, migrate_store

    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        migrate_store(engine, path, "0010")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO report_figures (id, version, district_code, office_code, "
                "created_at, updated_at, sync_state, day, metric, value) VALUES ('f1', 7, "
                "'PSH', 'PSH', '2026-11-30', '2026-11-30', 'synced', '2026-11-30', "
                "'applications_received', 3)"
            )
        report = migrate_store(engine, path, "head")
        assert report.to_revision == head_revision() == "0012"
        columns = {c["name"] for c in inspect(engine).get_columns("report_figures")}
        assert {"day", "applications_received", "collected_paisa", "status_submitted"} <= columns
        assert "metric" not in columns
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM report_figures").scalar() == 0
    finally:
        engine.dispose()
