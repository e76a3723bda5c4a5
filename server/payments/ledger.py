"""Payments in: every payment the gateway reports goes into the ledger exactly once.

A payment may arrive three ways — a signed intimation, the answer to a status poll, or
the gateway's settlement list — and the same one may arrive by all three, or twice by
one (aggregators resend intimations). Its identity is the bank transaction as banks
issue it: (`bank_mnemonic`, `tran_auth_id`, `tran_date`, `psid`). Banks' authorisation
ids are short and repeat (within days at a busy bank, and across consumer numbers),
so none of the four alone, nor the bank with the id, names one payment (issue 12.4):

============================================ ==============================================
arrival                                      effect
============================================ ==============================================
new key                                      recorded and applied (table below)
same key, same amount (a true resend)        "duplicate": nothing changes
same key, another amount                     exception `amount_conflict` for a person; the
                                             first record stands, nothing is dropped silently
same bank and id, another day or PSID        a new payment: recorded and applied
============================================ ==============================================

What a new payment does depends on its voucher:

=================== ============================================ =========================
voucher             payment                                      effect
=================== ============================================ =========================
unpaid              the amount due on its (Karachi) day          paid: `record_payment`
unpaid              more than due                                paid + exception `over`
unpaid              after the expiry date, in full               paid + exception `late`
unpaid              less than due                                exception `partial`
paid                any (another transaction)                    exception `duplicate`
cancelled           any                                          exception `cancelled_voucher`
none with that PSID any                                          exception `unknown_psid`
=================== ============================================ =========================

"Paid" means the server runs the catalogue's `record_payment` (actor "gateway") in the
transaction that writes the ledger row: the voucher becomes paid and its application
fee_paid, both numbered in the change feed. A late payment is recorded because the
money is real (the voucher state machine allows expired -> paid); the exception asks
a person to confirm it. A payment the rule refuses for any other reason is kept as
`not_applied` with the rule's message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from domain.commands import run_command
from domain.commands.vouchers import amount_due_on
from domain.errors import DomainError
from domain.models import Voucher
from domain.models.base import table_of
from server.payments.gateway_client import PaymentRecord
from server.payments.models import PaymentException, PaymentLedgerEntry
from server.payments.service import assign_psid, karachi_day, log, server_context

if TYPE_CHECKING:
    from server.payments.service import Payments

SOURCES = ("intimation", "poll", "settlement")
APPLIED_OUTCOMES = ("exact", "over", "late")
_ATTEMPTS = 4


@dataclass(frozen=True)
class Ingested:
    """What became of one reported payment."""

    ledger_id: int
    outcome: str
    applied: bool
    duplicate: bool  # this bank transaction was already in the ledger: nothing changed
    exceptions: tuple[str, ...] = ()
    conflict: bool = False  # already in the ledger with another amount: an exception

    @property
    def status(self) -> str:
        return "conflict" if self.conflict else "duplicate" if self.duplicate else "recorded"

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "ledger_id": self.ledger_id,
            "outcome": self.outcome,
            "applied": self.applied,
            "exceptions": list(self.exceptions),
        }


def rupees(paisa: int | None) -> str:
    return "Rs ?" if paisa is None else f"Rs {paisa // 100:,}.{paisa % 100:02d}"


def transaction_key(
    bank: str, tran_auth_id: str, tran_date: date, psid: str
) -> tuple[str, str, date, str]:
    """A payment's identity: (bank, authorisation id, transaction date, PSID)."""
    return (bank.strip().upper(), tran_auth_id, tran_date, psid)


def dedupe_key(kind: str, *parts: object) -> str:
    """The `PaymentException.dedupe_key` for one cause: readable when it fits the
    column (120), else the kind with a digest of the parts."""
    text = ":".join(
        [kind, *(p.strftime("%Y%m%d") if isinstance(p, date) else str(p) for p in parts)]
    )
    if len(text) <= 120:
        return text
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def ingest(payments: Payments, record: PaymentRecord, source: str) -> Ingested:
    """Record one payment (once per bank transaction) and apply it; see module docstring.

    A concurrent arrival of the same transaction (intimation and poll at once) loses
    on the ledger's unique key and is answered as the duplicate it is.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown payment source {source!r}")
    bank = record.bank_mnemonic.strip().upper()
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with payments.sessions.begin() as session:
                earlier = _find(session, bank, record)
                if earlier is None:
                    return _record(payments, session, record, bank, source)
                if earlier.amount_paisa == record.amount_paisa:
                    return Ingested(earlier.id, earlier.outcome, earlier.applied, True)
                return _conflict(payments, session, earlier, record, source)
        except IntegrityError:
            if attempt == _ATTEMPTS:
                raise
        except OperationalError as exc:  # SQLite busy / PostgreSQL deadlock: once more
            if attempt == _ATTEMPTS or not _retryable(exc):
                raise
    raise AssertionError("unreachable")


def _retryable(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40P01", "40001") or "database is locked" in str(exc.orig)


def _find(session: Session, bank: str, record: PaymentRecord) -> PaymentLedgerEntry | None:
    L = PaymentLedgerEntry
    return session.scalars(
        select(L).where(
            L.bank_mnemonic == bank,
            L.tran_auth_id == record.tran_auth_id,
            L.tran_date == record.day,
            L.psid == record.psid,
        )
    ).first()


def _conflict(
    payments: Payments,
    session: Session,
    earlier: PaymentLedgerEntry,
    record: PaymentRecord,
    source: str,
) -> Ingested:
    """The same bank transaction again with another amount: the ledger keeps what it
    has, and a person is asked which is right (once per amount reported)."""
    key = dedupe_key(
        "amount_conflict",
        earlier.bank_mnemonic,
        record.tran_auth_id,
        record.day,
        record.psid,
        record.amount_paisa,
    )
    if (
        session.scalar(select(PaymentException.id).where(PaymentException.dedupe_key == key))
        is None
    ):
        session.add(
            PaymentException(
                kind="amount_conflict",
                dedupe_key=key,
                ledger_id=earlier.id,
                psid=record.psid,
                voucher_id=earlier.voucher_id,
                bank_mnemonic=earlier.bank_mnemonic,
                tran_auth_id=record.tran_auth_id,
                district_code=earlier.district_code,
                expected_paisa=earlier.amount_paisa,
                paid_paisa=record.amount_paisa,
                detail=(
                    f"{earlier.bank_mnemonic} transaction {record.tran_auth_id} of "
                    f"{record.day:%d %b %Y} on PSID {record.psid} was reported again ({source}) "
                    f"as {rupees(record.amount_paisa)}; the ledger has it as "
                    f"{rupees(earlier.amount_paisa)} ({earlier.outcome}). Ask the bank which "
                    "is right; the ledger was not changed."
                )[:500],
                raised_at=payments.now(),
                note="",
            )
        )
        log.warning(
            "payment %s %s of %s on PSID %s reported again with another amount (%d, ledger %d)",
            earlier.bank_mnemonic,
            record.tran_auth_id,
            record.day,
            record.psid,
            record.amount_paisa,
            earlier.amount_paisa,
        )
    return Ingested(
        earlier.id, "amount_conflict", False, False, ("amount_conflict",), conflict=True
    )


def _voucher_for(session: Session, record: PaymentRecord) -> Voucher | None:
    """The voucher by PSID; else by the department transaction id (the voucher id the
    server gave the gateway) when the server has not yet stored the PSID it got."""
    voucher = session.scalars(
        select(Voucher).where(Voucher.psid == record.psid).with_for_update()
    ).first()
    if voucher is None and record.department_transaction_id:
        candidate = session.get(Voucher, record.department_transaction_id, with_for_update=True)
        if candidate is not None and candidate.psid is None:
            voucher = candidate
    return voucher


def _record(
    payments: Payments, session: Session, record: PaymentRecord, bank: str, source: str
) -> Ingested:
    now = payments.now()
    voucher = _voucher_for(session, record)
    if voucher is not None and voucher.psid is None:
        assign_psid(session, voucher, record.psid, now)
    entry = PaymentLedgerEntry(
        bank_mnemonic=bank,
        tran_auth_id=record.tran_auth_id,
        tran_date=record.day,
        psid=record.psid,
        voucher_id=voucher.id if voucher else None,
        department_transaction_id=record.department_transaction_id,
        district_code=voucher.district_code if voucher else None,
        amount_paisa=record.amount_paisa,
        paid_at=record.paid_at,
        source=source,
        received_at=now,
        outcome="",
        applied=False,
    )
    session.add(entry)
    session.flush()
    raised: list[str] = []

    def exception(kind: str, detail: str, expected: int | None = None) -> None:
        raised.append(kind)
        session.add(
            PaymentException(
                kind=kind,
                dedupe_key=dedupe_key(kind, bank, record.tran_auth_id, record.day, record.psid),
                ledger_id=entry.id,
                psid=record.psid,
                voucher_id=entry.voucher_id,
                bank_mnemonic=bank,
                tran_auth_id=record.tran_auth_id,
                district_code=entry.district_code,
                expected_paisa=expected,
                paid_paisa=record.amount_paisa,
                detail=detail[:500],
                raised_at=now,
                note="",
            )
        )

    paid = rupees(record.amount_paisa)
    where = f"{bank} transaction {record.tran_auth_id} of {record.day:%d %b %Y}"
    if voucher is None:
        entry.outcome = "unknown_psid"
        exception(
            "unknown_psid",
            f"{paid} paid at {where} against PSID {record.psid}, which "
            "is on no voucher of this server: find whose it is or refund it.",
        )
    elif voucher.status == "cancelled":
        entry.outcome = "cancelled_voucher"
        exception(
            "cancelled_voucher",
            f"{paid} paid at {where} for voucher {record.psid}, "
            f"cancelled by the office ({voucher.cancel_reason or 'no reason given'}): "
            "refund it or issue a new voucher.",
            voucher.amount_within_due_paisa,
        )
    elif voucher.status == "paid":
        entry.outcome = "duplicate"
        exception(
            "duplicate",
            f"{paid} paid at {where} for voucher {record.psid}, which was "
            f"already paid ({voucher.bank_code or 'bank'} transaction "
            f"{voucher.tran_auth_id}): the second payment is to be refunded.",
            0,
        )
    else:
        day = karachi_day(record.paid_at)
        due = amount_due_on(voucher, day)
        late = day > voucher.expiry_date
        if record.amount_paisa < due:
            entry.outcome = "partial"
            exception(
                "partial",
                f"{paid} paid at {where} for voucher {record.psid}, "
                f"{rupees(due)} due on {day:%d %b %Y}"
                + (" (and after its expiry)" if late else "")
                + ": the voucher stays unpaid until the rest is settled.",
                due,
            )
        else:
            entry.outcome, entry.applied = _apply(session, voucher, record, bank, now)
            if not entry.applied:
                exception(
                    "not_applied",
                    f"{paid} paid at {where} for voucher {record.psid} "
                    f"was not applied: {entry.outcome}",
                    due,
                )
                entry.outcome = "not_applied"
            else:
                if record.amount_paisa > due:
                    entry.outcome = "over"
                    exception(
                        "over",
                        f"{paid} paid at {where} for voucher {record.psid}, "
                        f"{rupees(due)} due: {rupees(record.amount_paisa - due)} to "
                        "refund. The voucher is marked paid.",
                        due,
                    )
                if late:
                    entry.outcome = "late"
                    exception(
                        "late",
                        f"{paid} paid at {where} on {day:%d %b %Y} for voucher "
                        f"{record.psid}, which expired on {voucher.expiry_date:%d %b %Y}. "
                        "The money is recorded and the voucher marked paid; confirm "
                        "the application may go on.",
                        due,
                    )
    if raised:
        log.warning(
            "payment %s %s on PSID %s: %s",
            bank,
            record.tran_auth_id,
            record.psid,
            ", ".join(raised),
        )
    return Ingested(entry.id, entry.outcome, entry.applied, False, tuple(raised))


def _apply(
    session: Session, voucher: Voucher, record: PaymentRecord, bank: str, now: datetime
) -> tuple[str, bool]:
    """Run `record_payment` on the server; (outcome, applied)."""
    ctx = server_context(
        session,
        voucher,
        f"payment:{bank}:{record.tran_auth_id}:{record.day.isoformat()}:{record.psid}",
    )
    try:
        run_command(
            ctx,
            "record_payment",
            {
                "voucher_id": voucher.id,
                "amount_paisa": record.amount_paisa,
                "paid_at": record.paid_at.isoformat(),
                "bank_code": bank[:12],
                "tran_auth_id": record.tran_auth_id,
                "at": now.isoformat(),
                "actor": ctx.actor,
            },
        )
    except DomainError as exc:
        return f"{exc.code}: {exc.message}", False
    return "exact", True


def raise_exceptions(payments: Payments, rows: Iterable[dict[str, object]]) -> int:
    """Insert exceptions (dicts of PaymentException columns, with `dedupe_key`) that are
    not there yet; returns how many were new. For settlement, which may find thousands."""
    rows = list(rows)
    if not rows:
        return 0
    keys = [str(r["dedupe_key"]) for r in rows]
    new = 0
    with payments.sessions.begin() as session:
        existing: set[str] = set()
        for start in range(0, len(keys), 5000):
            existing.update(
                session.scalars(
                    select(PaymentException.dedupe_key).where(
                        PaymentException.dedupe_key.in_(keys[start : start + 5000])
                    )
                )
            )
        now = payments.now()
        fresh = []
        for row in rows:
            if row["dedupe_key"] in existing:
                continue
            existing.add(str(row["dedupe_key"]))
            fresh.append({"raised_at": now, "note": "", **row})
        if fresh:
            session.execute(table_of(PaymentException).insert(), fresh)
            new = len(fresh)
    return new
