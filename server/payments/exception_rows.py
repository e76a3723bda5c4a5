"""The district's payment exceptions as synced rows (`VoucherException`).

The ledger raises a `PaymentException` wherever a payment cannot simply be applied.
The desktop never talks HTTP itself, so for a desk to see and clear the exceptions of
its district they must travel as synced rows: whenever a session of the server adds
an exception that belongs to a district, this hook adds its `VoucherException` in
the same flush (so in the same transaction, numbered for the feed like any synced
row), and a clearance on either side is copied to the other — by the
`clear_payment_exception` command from a desk, or by the server's own HTTP route.
Exceptions of no district stay the province's, on the server only.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from domain.ids import utcnow
from domain.models import Voucher, VoucherException
from server.payments.models import PaymentException

NAMESPACE = uuid.UUID("6f0e3c1a-2b7d-4c59-9d1e-7a5b8c4d2e10")


def row_id(dedupe_key: str) -> str:
    """The synced row's id, the same for the same ledger exception on every run."""
    return str(uuid.uuid5(NAMESPACE, dedupe_key))


def _mirror(session: Session, exc: PaymentException) -> VoucherException:
    voucher = session.get(Voucher, exc.voucher_id) if exc.voucher_id else None
    now = utcnow()
    return VoucherException(
        id=row_id(exc.dedupe_key),
        ledger_key=exc.dedupe_key,
        kind=exc.kind,
        voucher_id=exc.voucher_id,
        psid=exc.psid,
        bank_code=exc.bank_mnemonic,
        tran_auth_id=exc.tran_auth_id,
        expected_paisa=exc.expected_paisa,
        paid_paisa=exc.paid_paisa,
        detail=(exc.detail or "")[:500],
        raised_at=exc.raised_at or now,
        status="cleared" if exc.cleared_at else "open",
        note=exc.note or "",
        cleared_by=exc.cleared_by,
        cleared_at=exc.cleared_at,
        district_code=exc.district_code,
        office_code=voucher.office_code if voucher is not None else f"DC-{exc.district_code}",
        created_at=now,
        updated_at=now,
        sync_state="synced",
    )


_ADDED = "daftar.payment_exceptions_added"


def _note_added(session: Session, obj: Any) -> None:
    if isinstance(obj, PaymentException):
        session.info.setdefault(_ADDED, []).append(obj)


def _before_commit(session: Session) -> None:
    """Before the change numbering (registered first): a synced row written here is
    numbered with the transaction's other rows, even when it is the only one."""
    if session.in_nested_transaction():
        return
    with session.no_autoflush:
        for obj in session.info.pop(_ADDED, []):
            if obj.district_code and session.get(VoucherException, row_id(obj.dedupe_key)) is None:
                session.add(_mirror(session, obj))
        for obj in list(session.dirty):
            if isinstance(obj, PaymentException) and obj.cleared_at is not None:
                row = session.get(VoucherException, row_id(obj.dedupe_key))
                if row is not None and row.status != "cleared":
                    row.status, row.note = "cleared", obj.note
                    row.cleared_by, row.cleared_at = obj.cleared_by, obj.cleared_at
                    row.updated_at = utcnow()


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """A clearance by the desk's command is copied to the server's ledger row (which is
    not synced: nothing to number)."""
    with session.no_autoflush:
        for obj in list(session.dirty):
            if isinstance(obj, VoucherException) and obj.status == "cleared":
                ledger = session.scalars(
                    select(PaymentException).where(PaymentException.dedupe_key == obj.ledger_key)
                ).first()
                if ledger is not None and ledger.cleared_at is None:
                    ledger.note, ledger.cleared_by = obj.note, obj.cleared_by
                    ledger.cleared_at = obj.cleared_at


def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_ADDED, None)


#: Exceptions copied per transaction by `backfill`.
BACKFILL_BATCH = 1000


def backfill(sessions: sessionmaker[Session]) -> int:
    """Copy every district exception the ledger holds without its synced row: those
    raised before server revision 0008 made the copies (the hook above copies only
    what is added after). Run at every server start (`server.migrate.prepare_database`),
    so an upgraded server sends its old exceptions to the districts' desks by the
    ordinary pull; through a tracked session, so each copy is numbered for the feed.
    Idempotent: an exception with its copy is never copied again. Returns the count."""
    copied = 0
    while True:
        with sessions() as session, session.begin():
            missing = session.scalars(
                select(PaymentException)
                .outerjoin(
                    VoucherException, VoucherException.ledger_key == PaymentException.dedupe_key
                )
                .where(PaymentException.district_code.is_not(None), VoucherException.id.is_(None))
                .order_by(PaymentException.raised_at)
                .limit(BACKFILL_BATCH)
            ).all()
            if not missing:
                return copied
            with session.no_autoflush:
                rows = [_mirror(session, exc) for exc in missing]
            session.add_all(rows)
            copied += len(rows)


def track(factory: sessionmaker[Session]) -> None:
    """Keep the synced copies of the sessions of `factory` in step with the ledger."""
    event.listen(factory, "transient_to_pending", _note_added)
    event.listen(factory, "before_commit", _before_commit, insert=True)
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_transaction_end", _forget)
