"""Inbox and vouchers list open times (issue 19.5): budget < 300 ms each with 200,000
vouchers and 1,000 open items (500 refused steps, 500 field conflicts) in the store.

Measures, with the real workspaces over the database worker, the time from `start()`
to the rows shown (inbox: `ready`; payments: the first page of vouchers and the
exceptions ledger), five times each, and the bare queries. Prints a table; never
asserts. Run: ``python -m bench.bench_inbox [--vouchers N] [--items N]``; the store is
made once in $DAFTAR_BENCH_DIR (Core inserts).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

KEY = "e" * 64
DEFAULT_STORE = Path(os.environ.get("DAFTAR_BENCH_DIR", "/tmp/daftar_bench")) / "inbox.db"


def make_store(path: Path, vouchers: int, items: int) -> None:
    from sqlalchemy import func, insert, select

    from domain.ids import new_id
    from domain.models import FieldConflict, Voucher, VoucherException
    from sync.store.client_models import OutboxCommand
    from sync.store.local import LocalStore

    path.parent.mkdir(parents=True, exist_ok=True)
    store = LocalStore.open("bench-inbox", path=path, key=KEY)
    try:
        with store.sessions() as s:
            have = s.scalar(select(func.count()).select_from(Voucher)) or 0
        if have >= vouchers:
            return
        t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
        statuses = ("unpaid", "paid", "paid", "paid", "cancelled")
        with store.engine.begin() as conn:
            for start in range(have, vouchers, 20_000):
                rows = []
                for n in range(start, min(start + 20_000, vouchers)):
                    at = t0 + timedelta(minutes=n)
                    status = statuses[n % len(statuses)]
                    rows.append(
                        {
                            "id": new_id(),
                            "version": n + 1,
                            "district_code": "PSH",
                            "office_code": "DC-PSH",
                            "created_at": at,
                            "updated_at": at,
                            "sync_state": "synced",
                            "psid": f"10036{n:015d}",
                            "provisional": False,
                            "subject_type": "licence_application",
                            "subject_id": new_id(),
                            "status": status,
                            "amount_within_due_paisa": 5_200_000,
                            "amount_after_due_paisa": 5_720_000,
                            "due_date": (at + timedelta(days=15)).date(),
                            "expiry_date": (at + timedelta(days=30)).date(),
                            "consumer_name": f"Applicant {n}",
                            "cnic": f"{17301_0000000 + n:013d}"[:13],
                            "mobile": "03001234567",
                            "heads": [],
                            "issued_at": at,
                            "paid_amount_paisa": 5_200_000 if status == "paid" else None,
                            "paid_at": at + timedelta(days=2) if status == "paid" else None,
                            "bank_code": "HBL" if status == "paid" else None,
                            "tran_auth_id": f"HBL{n:08d}" if status == "paid" else None,
                            "cancel_reason": "wrong fee" if status == "cancelled" else "",
                        }
                    )
                conn.execute(insert(Voucher), rows)
            half = items // 2
            conn.execute(
                insert(FieldConflict),
                [
                    {
                        "id": new_id(),
                        "version": 1,
                        "district_code": "PSH",
                        "office_code": "DC-PSH",
                        "created_at": t0 + timedelta(minutes=n),
                        "updated_at": t0,
                        "sync_state": "synced",
                        "table_name": "persons",
                        "row_id": new_id(),
                        "field": "mobile",
                        "theirs": "03111111111",
                        "ours": "03222222222",
                        "their_author": "a",
                        "our_author": "b",
                        "command_id": new_id(),
                        "status": "open",
                    }
                    for n in range(half)
                ],
            )
            conn.execute(
                insert(OutboxCommand),
                [
                    {
                        "device_seq": n + 1,
                        "command_id": new_id(),
                        "name": "reject_application",
                        "args": {"application_id": new_id(), "reason": "x"},
                        "base_versions": {},
                        "actor": "b",
                        "client_time": t0 + timedelta(minutes=n),
                        "state": "rejected",
                        "touched": [],
                        "answer": {
                            "status": "rejected",
                            "code": "illegal_transition",
                            "message": "Already rejected.",
                        },
                        "answered_at": t0 + timedelta(minutes=n),
                    }
                    for n in range(items - half)
                ],
            )
            conn.execute(
                insert(VoucherException),
                [
                    {
                        "id": new_id(),
                        "version": 1,
                        "district_code": "PSH",
                        "office_code": "DC-PSH",
                        "created_at": t0,
                        "updated_at": t0,
                        "sync_state": "synced",
                        "ledger_key": f"partial|{n}",
                        "kind": "partial",
                        "voucher_id": None,
                        "psid": f"10036{n:015d}",
                        "bank_code": "HBL",
                        "tran_auth_id": f"T{n}",
                        "expected_paisa": 5_200_000,
                        "paid_paisa": 2_600_000,
                        "detail": "",
                        "raised_at": t0 + timedelta(minutes=n),
                        "status": "open",
                        "note": "",
                    }
                    for n in range(100)
                ],
            )
    finally:
        store.close()


def _pump_until(done: Any, timeout: float = 30.0) -> None:
    from desktop.qt import QApplication

    end = time.perf_counter() + timeout
    while not done():
        QApplication.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("rows never shown")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vouchers", type=int, default=200_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    make_store(args.store, args.vouchers, args.items)
    print(f"store ready in {time.perf_counter() - started:.1f} s: {args.store}")

    from sqlalchemy.orm import configure_mappers

    from desktop.app import application
    from desktop.changes import ChangeHub
    from desktop.inbox import queries as inbox_queries
    from desktop.inbox.workspace import InboxWorkspace
    from desktop.operators import Operator
    from desktop.payments import queries as pay_queries
    from desktop.payments.workspace import PaymentsWorkspace
    from desktop.worker import DbWorker
    from desktop.workspace import Desk
    from sync.store.local import LocalStore

    application()
    store = LocalStore.open("bench-inbox", path=args.store, key=KEY)
    # As the desktop does while the login is typed (desktop.app._session): the one-time
    # mapper set-up is no part of any workspace's first open.
    configure_mappers()
    worker = DbWorker()
    worker.start()
    figures: list[tuple[str, list[float]]] = []
    try:
        desk = Desk(
            store,
            worker,
            None,
            Operator(
                username="sup",
                full_name="S",  # type: ignore[arg-type]
                roles=("supervisor",),
            ),
            ChangeHub(),
        )
        inbox_ms, pay_ms, inbox_q, pay_q = [], [], [], []
        for _ in range(5):
            inbox = InboxWorkspace(desk)
            ready: list[bool] = []
            inbox.ready.connect(lambda r=ready: r.append(True))
            t = time.perf_counter()
            inbox.start()
            _pump_until(lambda r=ready: bool(r))
            inbox_ms.append((time.perf_counter() - t) * 1000)
            assert inbox.row_count() == args.items
            payments = PaymentsWorkspace(desk)
            t = time.perf_counter()
            payments.start()
            _pump_until(lambda p=payments: p.loaded and bool(p.exceptions))
            pay_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            inbox_queries.load_items(store)
            inbox_q.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            pay_queries.load_vouchers(store, pay_queries.VoucherFilter(today=date(2026, 6, 1)))
            pay_q.append((time.perf_counter() - t) * 1000)
            inbox.page.deleteLater()
            payments.page.deleteLater()
        figures = [
            ("inbox opens (start -> rows shown)", inbox_ms),
            ("vouchers list + exceptions open", pay_ms),
            ("  inbox query alone", inbox_q),
            ("  vouchers page query alone", pay_q),
        ]
    finally:
        worker.stop()
        store.close()
    print(f"\n{args.vouchers:,} vouchers, {args.items:,} open items; budget 300 ms")
    print(f"{'what':40} {'median ms':>10} {'max ms':>8}")
    for name, values in figures:
        print(f"{name:40} {statistics.median(values):10.0f} {max(values):8.0f}")


if __name__ == "__main__":
    main()
