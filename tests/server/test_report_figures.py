"""Report figures reach desks through the pull, only for their districts, and add up to
the revenue report; a second refresh with nothing changed sends nothing new."""

from __future__ import annotations

from daftar_cli.seed import seed_server
from domain import reference
from domain.figures import compute
from server.payments.config import PaymentSettings
from server.payments.revenue import revenue
from server.payments.service import Payments
from server.reports.figures import refresh


def _totals(rows: list[dict], metric: str) -> int:
    return sum(int(r["value"]) for r in rows if r["metric"] == metric)


def test_figures_come_through_the_pull_in_scope_and_agree_with_the_revenue_report(server):
    seed_server(server.engine, 1500, districts=["PSH", "MRD"])  # refreshes the figures
    desk = server.enrol("DC-PSH")
    desk.pull_all()
    rows = [r for (table, _id), r in desk.seen.items() if table == "report_figures"]
    assert rows and {r["district_code"] for r in rows} == {"PSH"}
    report = revenue(Payments(server.engine, PaymentSettings()), ["PSH"])
    assert _totals(rows, "applications_received") == report["applications_received"] > 0
    assert _totals(rows, "vouchers_generated") == report["vouchers_generated"]
    assert _totals(rows, "collected_paisa") == report["collected_paisa"]
    assert _totals(rows, "in_process_paisa") == report["in_process_paisa"]
    assert (
        sum(int(r["value"]) for r in rows if r["metric"].startswith("applications_status:"))
        == report["applications_received"]
    )

    cursor = desk.cursor
    assert refresh(server.engine).written == 0  # nothing changed: nothing to send
    desk.pull_all()
    assert desk.cursor == cursor
    with server.engine.connect() as conn:
        assert len(compute(conn, [d.code for d in reference.districts()])) > len(rows)
