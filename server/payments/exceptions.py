"""Reading the ledger and its exceptions, and clearing an exception with a note.

An exception (and a ledger entry) belongs to the district of its voucher. One without
a voucher (a payment on an unknown PSID) belongs to no district: it is the province's
to trace and refund, never a district desk's to see or clear (issue 12.4). Who may
see and clear what is decided in one place, `reach_of`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from server.payments.models import PaymentException, PaymentLedgerEntry, PsidActivation
from server.payments.service import Refusal

if TYPE_CHECKING:
    from server.payments.leases import Desk
    from server.payments.service import Payments

STATES = ("open", "cleared", "all")


@dataclass(frozen=True)
class Reach:
    """The payment records a caller may see and clear: its districts' rows, and with
    `provincial` also the rows that belong to no district."""

    districts: tuple[str, ...]
    provincial: bool = False

    def covers(self, district_code: str | None) -> bool:
        """True if a row of `district_code` (None: no district) is this caller's."""
        if district_code is None:
            return self.provincial
        return district_code in self.districts


def reach_of(desk: Desk) -> Reach:
    """What an enrolled device may see and clear of the ledger and its exceptions.

    A district desk reaches its own districts only. Rows of no district (a payment on
    a PSID the server has no voucher for) belong to the province: no device is
    provincial today, so nobody can clear them through these routes and they wait
    for the provincial accounts role. When accounts and roles arrive, this is the one
    place to change: return `provincial=True` for that role (and take the operator,
    not only the device, as the argument).
    """
    return Reach(tuple(desk.district_codes), provincial=False)


def _as_reach(scope: Reach | Sequence[str]) -> Reach:
    return scope if isinstance(scope, Reach) else Reach(tuple(scope))


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def exception_document(row: PaymentException) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "state": "cleared" if row.cleared_at else "open",
        "psid": row.psid,
        "voucher_id": row.voucher_id,
        "ledger_id": row.ledger_id,
        "bank_mnemonic": row.bank_mnemonic,
        "tran_auth_id": row.tran_auth_id,
        "district_code": row.district_code,
        "expected_paisa": row.expected_paisa,
        "paid_paisa": row.paid_paisa,
        "detail": row.detail,
        "raised_at": _iso(row.raised_at),
        "note": row.note,
        "cleared_by": row.cleared_by,
        "cleared_at": _iso(row.cleared_at),
    }


def ledger_document(row: PaymentLedgerEntry) -> dict[str, Any]:
    return {
        "id": row.id,
        "bank_mnemonic": row.bank_mnemonic,
        "tran_auth_id": row.tran_auth_id,
        "psid": row.psid,
        "voucher_id": row.voucher_id,
        "district_code": row.district_code,
        "amount_paisa": row.amount_paisa,
        "paid_at": _iso(row.paid_at),
        "source": row.source,
        "received_at": _iso(row.received_at),
        "outcome": row.outcome,
        "applied": row.applied,
    }


def _visible(column: Any, reach: Reach) -> Any:
    mine = column.in_(list(reach.districts))
    return or_(mine, column.is_(None)) if reach.provincial else mine


def list_exceptions(
    payments: Payments,
    scope: Reach | Sequence[str],
    *,
    state: str = "open",
    kind: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> dict[str, Any]:
    """The exceptions `scope` reaches (a `Reach`, or a list of districts), with counts
    of the open ones by kind."""
    if state not in STATES:
        raise Refusal(422, "validation", f"state must be one of {', '.join(STATES)}.")
    reach = _as_reach(scope)
    E = PaymentException
    cond = [_visible(E.district_code, reach)]
    if state == "open":
        cond.append(E.cleared_at.is_(None))
    elif state == "cleared":
        cond.append(E.cleared_at.is_not(None))
    if kind:
        cond.append(E.kind == kind)
    with payments.sessions() as session:
        rows = session.scalars(
            select(E).where(*cond).order_by(E.id).limit(limit).offset(offset)
        ).all()
        open_by_kind = {
            kind: int(n)
            for kind, n in session.execute(
                select(E.kind, func.count())
                .where(_visible(E.district_code, reach), E.cleared_at.is_(None))
                .group_by(E.kind)
            )
        }
        return {
            "exceptions": [exception_document(r) for r in rows],
            "open": sum(open_by_kind.values()),
            "open_by_kind": open_by_kind,
        }


def clear_exception(
    payments: Payments, scope: Reach | Sequence[str], exception_id: int, note: Any, cleared_by: str
) -> dict[str, Any]:
    """Clear one exception `scope` reaches with a note; 404 if it is another district's,
    403 if it belongs to the province (no district) and `scope` is a district's."""
    reach = _as_reach(scope)
    if not isinstance(note, str) or len(note.strip()) < 3:
        raise Refusal(
            422,
            "validation",
            "A note saying how the exception was settled is required "
            "(for example 'refunded by HBL on 3 Dec, ref 8812').",
        )
    with payments.sessions.begin() as session:
        row = session.get(PaymentException, exception_id, with_for_update=True)
        if row is not None and row.district_code is None and not reach.provincial:
            raise Refusal(
                403,
                "provincial_exception",
                f"Payment exception {exception_id} "
                "belongs to no district (a payment on a PSID this server has no "
                "voucher for): the provincial accounts office traces and clears it, "
                "not a district desk.",
            )
        if row is None or not reach.covers(row.district_code):
            raise Refusal(
                404,
                "not_found",
                f"There is no payment exception {exception_id} for this desk's districts.",
            )
        if row.cleared_at is not None:
            raise Refusal(
                409,
                "already_cleared",
                f"Exception {exception_id} was cleared by "
                f"{row.cleared_by} on {row.cleared_at:%d %b %Y}.",
                exception=exception_document(row),
            )
        row.note = note.strip()[:500]
        row.cleared_by = cleared_by[:120]
        row.cleared_at = payments.now()
        session.flush()
        return exception_document(row)


def list_ledger(
    payments: Payments,
    scope: Reach | Sequence[str],
    *,
    psid: str | None = None,
    voucher_id: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> dict[str, Any]:
    """Ledger entries `scope` reaches, oldest first."""
    L = PaymentLedgerEntry
    cond = [_visible(L.district_code, _as_reach(scope))]
    if psid:
        cond.append(L.psid == psid)
    if voucher_id:
        cond.append(L.voucher_id == voucher_id)
    with payments.sessions() as session:
        rows = session.scalars(
            select(L).where(*cond).order_by(L.id).limit(limit).offset(offset)
        ).all()
        return {"entries": [ledger_document(r) for r in rows]}


def voucher_payment_status(
    payments: Payments, scope: Reach | Sequence[str], voucher_id: str
) -> dict[str, Any]:
    """Where one voucher stands with the gateway: activation, payments, exceptions."""
    from domain.models import Voucher

    reach = _as_reach(scope)
    with payments.sessions() as session:
        voucher = session.get(Voucher, voucher_id)
        if voucher is None or not reach.covers(voucher.district_code):
            raise Refusal(
                404,
                "not_found",
                f"There is no voucher {voucher_id} in this desk's "
                "districts on the server (has it been synced?).",
            )
        act = session.get(PsidActivation, voucher_id)
        ledger = session.scalars(
            select(PaymentLedgerEntry)
            .where(PaymentLedgerEntry.voucher_id == voucher_id)
            .order_by(PaymentLedgerEntry.id)
        ).all()
        exceptions = session.scalars(
            select(PaymentException)
            .where(PaymentException.voucher_id == voucher_id)
            .order_by(PaymentException.id)
        ).all()
        return {
            "voucher_id": voucher.id,
            "psid": voucher.psid,
            "status": voucher.status,
            "activation": None
            if act is None
            else {
                "state": act.state,
                "psid": act.psid,
                "activated_at": _iso(act.activated_at),
                "attempts": act.attempts,
                "last_error": act.last_error,
                "last_polled_at": _iso(act.last_polled_at),
            },
            "ledger": [ledger_document(r) for r in ledger],
            "exceptions": [exception_document(r) for r in exceptions],
        }
