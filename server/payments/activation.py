"""Making vouchers payable: the server tells the gateway about each new voucher.

A voucher reaches the server with a command from a desk; until the gateway knows its
amounts, dates and consumer, a bank asking about its PSID is told "blocked". The job
finds unpaid vouchers the server has not taken up yet (no `psid_activations` row),
records them as pending, and sends each with `gateway.activate`:

* a voucher printed with a leased PSID is activated under that PSID;
* a provisional voucher (issued offline without a lease) gets a new PSID from the
  gateway, which the server writes onto the voucher through the change feed
  (`service.assign_psid`) so the desk learns it with its next pull.

`activate` is idempotent on the voucher id, so a call that timed out is simply made
again. An unreachable gateway is retried with backoff; a refusal (4xx) marks the
activation failed and raises an `activation_failed` exception for a person.
Vouchers that expired more than `activation_grace_days` ago are history (a seed, an
import) and are not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain import reference
from domain.errors import NotFound
from domain.models import Voucher
from domain.models.base import table_of
from server.payments.gateway_client import GatewayRejected, GatewayUnavailable, VoucherForGateway
from server.payments.models import PaymentException, PsidActivation
from server.payments.service import assign_psid, log

if TYPE_CHECKING:
    from server.payments.service import Payments

OPEN_STATES = ("unpaid", "expired")


@dataclass
class ActivationReport:
    discovered: int = 0
    activated: int = 0
    retry_later: int = 0
    failed: int = 0
    skipped: int = 0


def discover(payments: Payments, limit: int = 5_000) -> int:
    """Record unpaid vouchers not yet taken up as pending activations; returns how many."""
    now = payments.now()
    horizon = payments.today() - timedelta(days=payments.settings.activation_grace_days)
    with payments.sessions() as session:
        ids = list(
            session.execute(
                select(Voucher.id, Voucher.psid)
                .outerjoin(PsidActivation, PsidActivation.voucher_id == Voucher.id)
                .where(
                    PsidActivation.voucher_id.is_(None),
                    Voucher.status.in_(OPEN_STATES),
                    Voucher.expiry_date >= horizon,
                )
                .limit(limit)
            ).all()
        )
    if not ids:
        return 0
    try:
        with payments.sessions.begin() as session:
            session.execute(
                table_of(PsidActivation).insert(),
                [
                    {
                        "voucher_id": vid,
                        "psid": psid,
                        "state": "pending",
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                    for vid, psid in ids
                ],
            )
    except IntegrityError:  # another worker recorded some first; next round picks up the rest
        return 0
    return len(ids)


def _district_name(code: str) -> str:
    try:
        return reference.district(code).name_en
    except NotFound:
        return code


def voucher_for_gateway(voucher: Voucher) -> VoucherForGateway:
    return VoucherForGateway(
        department_transaction_id=voucher.id,
        amount_within_due_paisa=voucher.amount_within_due_paisa,
        amount_after_due_paisa=voucher.amount_after_due_paisa,
        due_date=voucher.due_date,
        expiry_date=voucher.expiry_date,
        consumer_name=voucher.consumer_name,
        cnic=voucher.cnic,
        mobile=voucher.mobile or "",
        district=_district_name(voucher.district_code),
        heads=tuple((str(h[0]), str(h[1]), int(h[2])) for h in (voucher.heads or [])),
    )


def activate_due(payments: Payments, limit: int | None = None) -> ActivationReport:
    """Discover new vouchers, then send the pending activations that are due."""
    report = ActivationReport()
    if payments.gateway is None:
        return report
    report.discovered = discover(payments)
    now = payments.now()
    with payments.sessions() as session:
        due = list(
            session.execute(
                select(PsidActivation.voucher_id, PsidActivation.attempts, Voucher)
                .join(Voucher, Voucher.id == PsidActivation.voucher_id)
                .where(PsidActivation.state == "pending", PsidActivation.next_attempt_at <= now)
                .order_by(PsidActivation.next_attempt_at)
                .limit(limit or payments.settings.activation_batch)
            ).all()
        )
        work = [
            (vid, attempts, v.status, v.psid, voucher_for_gateway(v)) for vid, attempts, v in due
        ]
    for voucher_id, attempts, status, psid, data in work:
        if status not in OPEN_STATES:
            _finish(payments, voucher_id, "skipped", error=f"voucher is {status}")
            report.skipped += 1
            continue
        try:
            given = payments.gateway.activate(data, psid=psid)
        except GatewayUnavailable as exc:
            _retry(payments, voucher_id, attempts + 1, str(exc))
            report.retry_later += 1
            break  # the gateway is down: the rest waits for the next round
        except GatewayRejected as exc:
            _fail(payments, voucher_id, psid, str(exc))
            report.failed += 1
            continue
        if _activated(payments, voucher_id, psid, given):
            report.activated += 1
        else:
            report.failed += 1
    return report


def _finish(payments: Payments, voucher_id: str, state: str, error: str | None = None) -> None:
    with payments.sessions.begin() as session:
        row = session.get(PsidActivation, voucher_id)
        if row is not None:
            row.state = state
            row.last_error = error[:300] if error else None


def _retry(payments: Payments, voucher_id: str, attempts: int, error: str) -> None:
    s = payments.settings
    delay = min(s.activation_retry_max_s, s.activation_retry_s * 2 ** max(0, attempts - 1))
    with payments.sessions.begin() as session:
        row = session.get(PsidActivation, voucher_id)
        if row is not None:
            row.attempts = attempts
            row.last_error = error[:300]
            row.next_attempt_at = payments.now() + timedelta(seconds=delay)
    log.warning("activation of voucher %s failed (%s); retry in %.0f s", voucher_id, error, delay)


def _fail(payments: Payments, voucher_id: str, psid: str | None, error: str) -> None:
    now = payments.now()
    with payments.sessions.begin() as session:
        row = session.get(PsidActivation, voucher_id)
        voucher = session.get(Voucher, voucher_id)
        if row is not None:
            row.state = "failed"
            row.attempts += 1
            row.last_error = error[:300]
        key = f"activation_failed:{voucher_id}"
        if session.scalar(select(PaymentException.id).where(PaymentException.dedupe_key == key)):
            return
        session.add(
            PaymentException(
                kind="activation_failed",
                dedupe_key=key,
                psid=psid,
                voucher_id=voucher_id,
                district_code=voucher.district_code if voucher else None,
                expected_paisa=voucher.amount_within_due_paisa if voucher else None,
                detail=(
                    f"The gateway refused to make voucher {psid or voucher_id} payable: {error}. "
                    "Banks will not accept it; correct and re-issue the voucher."
                )[:500],
                raised_at=now,
                note="",
            )
        )
        log.error("gateway refused voucher %s: %s", voucher_id, error)


def _activated(payments: Payments, voucher_id: str, psid: str | None, given: str) -> bool:
    now = payments.now()
    try:
        with payments.sessions.begin() as session:
            row = session.get(PsidActivation, voucher_id)
            voucher = session.get(Voucher, voucher_id, with_for_update=True)
            if row is None or voucher is None:
                return False
            if voucher.psid is None:
                assign_psid(session, voucher, given, now)
            elif voucher.psid != given:
                raise RuntimeError(
                    f"gateway activated voucher {voucher_id} as PSID {given}, "
                    f"but it carries {voucher.psid}"
                )
            row.state = "active"
            row.psid = given
            row.activated_at = now
            row.last_error = None
            row.attempts += 1
    except (IntegrityError, RuntimeError) as exc:
        _fail(payments, voucher_id, psid, str(exc))
        return False
    return True
