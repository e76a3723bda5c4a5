"""Payment exceptions raised before server revision 0008 reach the district's desks
(issue 19): the upgraded server gives each its synced copy at start, numbered for the
feed, so the ordinary pull brings it; a second start copies nothing again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from domain.models import VoucherException
from server.db import make_engine, session_factory
from server.migrate import prepare_database, upgrade
from server.payments.exception_rows import backfill, row_id
from server.payments.models import PaymentException


def test_exceptions_raised_before_0008_are_copied_at_start_and_pulled_by_the_district(
    tmp_path: Path, make_server
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0007")  # a server as it was before the synced copies existed
    raised = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(PaymentException),
            [
                {
                    "kind": "partial",
                    "dedupe_key": "partial:PSID-OLD-1",
                    "psid": "PSID-OLD-1",
                    "district_code": "PSH",
                    "expected_paisa": 150_000,
                    "paid_paisa": 100_000,
                    "detail": "paid 1,000 of 1,500",
                    "raised_at": raised,
                    "note": "",
                },
                {  # the province's own (no district): stays on the server
                    "kind": "unknown_psid",
                    "dedupe_key": "unknown:PSID-X",
                    "psid": "PSID-X",
                    "district_code": None,
                    "expected_paisa": None,
                    "paid_paisa": 5_000,
                    "detail": "no such voucher",
                    "raised_at": raised,
                    "note": "",
                },
            ],
        )
    prepare_database(engine)  # the upgraded server starts
    with engine.connect() as conn:
        rows = conn.execute(select(VoucherException)).all()
    assert [(r.id, r.kind, r.district_code, r.status) for r in rows] == [
        (row_id("partial:PSID-OLD-1"), "partial", "PSH", "open")
    ]
    assert rows[0].paid_paisa == 100_000 and rows[0].office_code == "DC-PSH"
    assert backfill(session_factory(engine)) == 0  # a second start copies nothing

    desk = make_server(engine).enrol("DC-PSH")
    desk.pull_all()
    pulled = {row_id_ for table, row_id_ in desk.seen if table == "voucher_exceptions"}
    assert pulled == {row_id("partial:PSID-OLD-1")}
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(VoucherException)) == 1
    engine.dispose()
