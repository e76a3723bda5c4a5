"""Settlement check speed: 200,000 vouchers, the gateway's list of 200,000 payments
against the server's ledger (`server.payments.reconcile.settle`).

The server database (SQLite, migrated) holds 200,000 vouchers and a ledger that
mostly agrees with the gateway: a few hundred payments are missing from it (lost
intimations: the check records them and marks their vouchers paid through
`record_payment`), a hundred differ in amount and a hundred are not in the gateway's
list (both raise exceptions). Timed: turning the gateway's JSON list into payment
records, and the check itself. Prints figures only; never asserts.

Run: ``python -m bench.bench_reconcile`` (or ``make bench``).
"""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson

from domain.ids import new_id, to_karachi

VOUCHERS = 200_000
MISSING = 200  # in the gateway's list, not in the ledger
MISMATCHED = 100  # in both, with another amount in the ledger
GHOSTS = 100  # in the ledger, not in the gateway's list
FEE = 5_200_000
START = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _storage(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def _day(moment: datetime) -> str:
    """The bank's transaction date of a payment at `moment` (the Karachi day)."""
    return to_karachi(moment).date().isoformat()


def _load(engine, n: int) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Vouchers and ledger rows straight into SQLite; returns the gateway's list (JSON docs)."""
    voucher_rows, ledger_rows, gateway = [], [], []
    issued = _storage(START)
    heads = orjson.dumps([["C02101", "Arms licence fee", FEE]]).decode()
    for k in range(n):
        voucher_id, psid = new_id(), f"1002{k:013d}"
        paid_at = START + timedelta(seconds=10 * k)
        tran = f"{k:012d}"
        missing = k < MISSING
        voucher_rows.append(
            (
                voucher_id,
                1 + k,
                "PSH",
                "DC-PSH",
                issued,
                issued,
                "synced",
                psid,
                0,
                "licence_application",
                new_id(),
                "unpaid" if missing else "paid",
                FEE,
                FEE + 500_000,
                "2026-12-15",
                "2026-12-30",
                f"Citizen {k}",
                f"17301{k:07d}1",
                "03001234567",
                heads,
                issued,
                None if missing else FEE,
                None if missing else _storage(paid_at),
                None if missing else "HBL",
                None if missing else tran,
                "",
            )
        )
        gateway.append(
            {
                "psid": psid,
                "tran_auth_id": tran,
                "amount_paisa": FEE,
                "paid_at": paid_at.isoformat().replace("+00:00", "Z"),
                "bank_mnemonic": "HBL",
                "department_transaction_id": voucher_id,
            }
        )
        if not missing:
            amount = FEE - 100 if k < MISSING + MISMATCHED else FEE
            ledger_rows.append(
                (
                    "HBL",
                    tran,
                    _day(paid_at),
                    psid,
                    voucher_id,
                    voucher_id,
                    "PSH",
                    amount,
                    _storage(paid_at),
                    "intimation",
                    _storage(paid_at),
                    "exact",
                    1,
                )
            )
    for g in range(GHOSTS):
        ghost_at = START + timedelta(seconds=10 * g + 5)
        ledger_rows.append(
            (
                "MCB",
                f"ghost{g:07d}",
                _day(ghost_at),
                f"1002{g:013d}",
                None,
                None,
                "PSH",
                FEE,
                _storage(ghost_at),
                "intimation",
                _storage(START),
                "unknown_psid",
                0,
            )
        )
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO vouchers (id, version, district_code, office_code, created_at, updated_at, "
            "sync_state, psid, provisional, subject_type, subject_id, status, "
            "amount_within_due_paisa, amount_after_due_paisa, due_date, expiry_date, "
            "consumer_name, cnic, mobile, heads, issued_at, paid_amount_paisa, paid_at, bank_code, "
            "tran_auth_id, cancel_reason) VALUES (" + ", ".join("?" * 26) + ")",
            voucher_rows,
        )
        conn.exec_driver_sql(
            "INSERT INTO payment_ledger (bank_mnemonic, tran_auth_id, tran_date, psid, voucher_id, "
            "department_transaction_id, district_code, amount_paisa, paid_at, source, received_at, "
            "outcome, applied) VALUES (" + ", ".join("?" * 13) + ")",
            ledger_rows,
        )
    return gateway


def main(n: int = VOUCHERS) -> None:
    from server.db import make_engine
    from server.migrate import prepare_database
    from server.payments.config import PaymentSettings
    from server.payments.gateway_client import PaymentRecord
    from server.payments.reconcile import settle
    from server.payments.service import Payments

    # Each recorded payment is logged as a warning (it is news to an operator); not here.
    logging.getLogger("server.payments").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'server.sqlite3'}")
        try:
            prepare_database(engine)
            started = time.perf_counter()
            docs = _load(engine, n)
            loaded = time.perf_counter() - started
            body = orjson.dumps({"payments": docs})  # what /aggregator/paid answers
            started = time.perf_counter()
            listed = [PaymentRecord.from_json(d) for d in orjson.loads(body)["payments"]]
            parsed = time.perf_counter() - started
            payments = Payments(engine, PaymentSettings())
            end = START + timedelta(seconds=10 * n + 60)
            report = settle(payments, START, end, listed=listed)
            total = parsed + report.seconds
            print(
                f"setup: {n:,} vouchers, {n - MISSING + GHOSTS:,} ledger rows in {loaded:.1f} s; "
                f"gateway list {len(body) / 1e6:.1f} MB of JSON"
            )
            print(f"{'step':<44}{'seconds':>10}{'payments/s':>14}")
            print(
                f"{'parse the gateway list (orjson + records)':<44}{parsed:>10.2f}{n / parsed:>14,.0f}"
            )
            print(
                f"{'settlement check (compare + record + flag)':<44}{report.seconds:>10.2f}"
                f"{n / report.seconds:>14,.0f}"
            )
            print(
                f"{'reconciliation of ' + format(n, ',') + ' vouchers':<44}{total:>10.2f}{n / total:>14,.0f}"
            )
            print(
                f"found: {report.missing} missing (recorded: {report.outcomes}), "
                f"{report.mismatched} mismatched, {report.not_in_gateway} not in the gateway's "
                f"list; {report.new_exceptions} exceptions raised"
            )
        finally:
            engine.dispose()


if __name__ == "__main__":
    main()
