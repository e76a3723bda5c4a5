"""Catching what the intimations missed: the status poll and the settlement check.

Intimations get lost (the server was down longer than the gateway kept retrying, a
proxy ate one, the signature secret was rotated on one side only). Two nets catch
what they miss, and both feed the same `ledger.ingest`, so a payment that arrives
by more than one road is still recorded once:

* Status poll — every `poll_every_s`, each activated, still unpaid voucher (without a
  payment in the ledger) is asked about with `gateway.status(psid)`; any payment it
  shows is ingested. Vouchers long expired are left to the settlement check.
* Settlement check — the gateway's list of payments in a window (`paid_between`) is
  compared with the ledger's payments of the same window, by bank transaction (bank,
  authorisation id, transaction date, PSID — the ledger's key, see `ledger.py`):
  missing ones are ingested (and take effect), the same transaction with a different
  amount raises `settlement_mismatch`, a ledger payment the gateway does not list
  raises `not_in_settlement`. Each run is kept in `settlement_runs`; the next run starts
  where the last one ended.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, func, select, update

from domain.models import Voucher
from server.payments.gateway_client import GatewayError, GatewayUnavailable, PaymentRecord
from server.payments.ledger import dedupe_key, ingest, raise_exceptions, rupees, transaction_key
from server.payments.models import PaymentLedgerEntry, PsidActivation, SettlementRun
from server.payments.service import log

if TYPE_CHECKING:
    from server.payments.service import Payments


@dataclass
class PollReport:
    asked: int = 0
    recorded: int = 0
    errors: int = 0


def poll_unpaid(payments: Payments, limit: int | None = None, *, force: bool = False) -> PollReport:
    """Ask the gateway about unpaid activated vouchers not asked for `poll_every_s`
    (all of them with `force`); ingest the payments it reports."""
    report = PollReport()
    gateway = payments.gateway
    if gateway is None:
        return report
    s = payments.settings
    now = payments.now()
    horizon = payments.today() - timedelta(days=s.activation_grace_days)
    recent = now - timedelta(seconds=s.poll_every_s)
    a = PsidActivation
    stmt = (
        select(a.voucher_id, a.psid)
        .join(Voucher, Voucher.id == a.voucher_id)
        .where(
            a.state == "active",
            a.psid.is_not(None),
            Voucher.status.in_(("unpaid", "expired")),
            Voucher.expiry_date >= horizon,
            ~exists().where(PaymentLedgerEntry.voucher_id == a.voucher_id),
        )
        .order_by(a.last_polled_at.is_not(None), a.last_polled_at)
        .limit(limit or s.poll_batch)
    )
    if not force:
        stmt = stmt.where((a.last_polled_at.is_(None)) | (a.last_polled_at <= recent))
    with payments.sessions() as session:
        todo = list(session.execute(stmt).all())
    asked: list[str] = []
    for voucher_id, psid in todo:
        if psid is None:  # the query asks for activations that have one
            continue
        try:
            status = gateway.status(str(psid))  # never None: selected with a PSID
        except GatewayUnavailable as exc:
            log.warning("status poll stopped: gateway unavailable (%s)", exc)
            report.errors += 1
            break
        except GatewayError as exc:
            log.warning("status of PSID %s: %s", psid, exc)
            report.errors += 1
            asked.append(voucher_id)
            continue
        report.asked += 1
        asked.append(voucher_id)
        for payment in status.payments:
            result = ingest(payments, payment, "poll")
            if not (result.duplicate or result.conflict):
                report.recorded += 1
                log.info(
                    "status poll found payment %s %s on PSID %s (%s)",
                    payment.bank_mnemonic,
                    payment.tran_auth_id,
                    psid,
                    result.outcome,
                )
    if asked:
        with payments.sessions.begin() as session:
            for start in range(0, len(asked), 5000):
                session.execute(
                    update(a)
                    .where(a.voucher_id.in_(asked[start : start + 5000]))
                    .values(last_polled_at=now)
                )
    return report


@dataclass
class SettlementReport:
    window_start: datetime
    window_end: datetime
    gateway_count: int = 0
    ledger_count: int = 0
    missing: int = 0  # listed by the gateway, not in the ledger: now ingested
    mismatched: int = 0  # both have it, amounts or PSIDs differ
    not_in_gateway: int = 0  # the ledger has it, the gateway's list does not
    new_exceptions: int = 0
    seconds: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "gateway_count": self.gateway_count,
            "ledger_count": self.ledger_count,
            "missing": self.missing,
            "mismatched": self.mismatched,
            "not_in_gateway": self.not_in_gateway,
            "new_exceptions": self.new_exceptions,
            "seconds": round(self.seconds, 3),
            "outcomes": self.outcomes,
        }


def settle(
    payments: Payments, start: datetime, end: datetime, listed: list[PaymentRecord] | None = None
) -> SettlementReport:
    """Compare the gateway's payments of [start, end) with the ledger (see module
    docstring). `listed` is the gateway's list when the caller already has it."""
    started = time.perf_counter()
    report = SettlementReport(start, end)
    if listed is None:
        listed = payments.need_gateway().paid_between(start, end)
    report.gateway_count = len(listed)
    L = PaymentLedgerEntry
    with payments.reader.connect() as conn:
        rows = conn.execute(
            select(
                L.id,
                L.bank_mnemonic,
                L.tran_auth_id,
                L.psid,
                L.amount_paisa,
                L.voucher_id,
                L.district_code,
                L.tran_date,
            ).where(L.paid_at >= start, L.paid_at < end)
        ).all()
    report.ledger_count = len(rows)
    ledger = {transaction_key(r[1], r[2], r[7], r[3]): r for r in rows}
    missing: list[PaymentRecord] = []
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str, date, str]] = set()
    for rec in listed:
        key = transaction_key(rec.bank_mnemonic, rec.tran_auth_id, rec.day, rec.psid)
        row = ledger.get(key)
        if row is None:
            missing.append(rec)
            continue
        seen.add(key)
        if row[4] != rec.amount_paisa:
            report.mismatched += 1
            found.append(
                _exception(
                    "settlement_mismatch",
                    row,
                    rec.amount_paisa,
                    f"The gateway settled {key[0]} transaction {key[1]} of "
                    f"{key[2]:%d %b %Y} on PSID {rec.psid} as "
                    f"{rupees(rec.amount_paisa)}; the ledger has {rupees(row[4])}.",
                )
            )
    for key, row in ledger.items():
        if key not in seen:
            report.not_in_gateway += 1
            found.append(
                _exception(
                    "not_in_settlement",
                    row,
                    None,
                    f"{key[0]} transaction {key[1]} of {key[2]:%d %b %Y} "
                    f"({rupees(row[4])} on PSID {row[3]}) is in the ledger but "
                    f"not in the gateway's settlement of "
                    f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} UTC.",
                )
            )
    for rec in missing:
        result = ingest(payments, rec, "settlement")
        if result.duplicate or result.conflict:  # in the ledger under another time
            continue
        report.missing += 1
        report.outcomes[result.outcome] = report.outcomes.get(result.outcome, 0) + 1
        log.warning(
            "settlement found payment %s %s on PSID %s that no intimation or poll brought (%s)",
            rec.bank_mnemonic,
            rec.tran_auth_id,
            rec.psid,
            result.outcome,
        )
    report.new_exceptions = raise_exceptions(payments, found)
    report.seconds = time.perf_counter() - started
    with payments.sessions.begin() as session:
        session.add(
            SettlementRun(
                window_start=start,
                window_end=end,
                ran_at=payments.now(),
                gateway_count=report.gateway_count,
                ledger_count=report.ledger_count,
                missing=report.missing,
                mismatched=report.mismatched,
                not_in_gateway=report.not_in_gateway,
                millis=int(report.seconds * 1000),
            )
        )
    return report


def _exception(kind: str, row: Any, listed_paisa: int | None, detail: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "dedupe_key": dedupe_key(kind, row[1], row[2], row[7], row[3]),
        "ledger_id": row[0],
        "psid": row[3],
        "voucher_id": row[5],
        "bank_mnemonic": row[1],
        "tran_auth_id": row[2],
        "district_code": row[6],
        "expected_paisa": row[4],
        "paid_paisa": listed_paisa,
        "detail": detail[:500],
    }


def last_settled(payments: Payments) -> datetime | None:
    with payments.sessions() as session:
        return session.scalar(select(func.max(SettlementRun.window_end)))


def settle_due(payments: Payments, *, force: bool = False) -> SettlementReport | None:
    """Run the next settlement window if `settle_every_s` has passed since the last
    one ended (always with `force`). The window ends `settle_lag_s` before now."""
    if payments.gateway is None:
        return None
    s = payments.settings
    end = payments.now() - timedelta(seconds=s.settle_lag_s)
    last = last_settled(payments)
    start = last if last is not None else end - timedelta(seconds=s.settle_first_window_s)
    if end <= start:
        return None
    if not force and last is not None and (end - last).total_seconds() < s.settle_every_s:
        return None
    try:
        return settle(payments, start, end)
    except GatewayUnavailable as exc:  # the window stays open: the next run covers it
        log.warning("settlement check postponed: gateway unavailable (%s)", exc)
        return None
