"""PSID leases: blocks of PSIDs a desk may print on vouchers while it is offline
(DESIGN.md "Offline promises").

The server reserves the block at the gateway (`reserve_block`: the PSIDs exist there
but banks are told "blocked" until the server activates each one with its voucher)
and writes a `PsidLease` row — a synced row, numbered in the change feed like a
command's, so it reaches the desk with its next pull. The desk's `issue_voucher`
accepts only a PSID from a lease of its own (`domain.commands.vouchers`), on the desk
and again on the server.

A request carries a `request_id` chosen by the desk; the lease id is derived from it
and the device, and the gateway block is reserved under that id, so a request retried
after a timeout gets the same block instead of a second one.

Expiry: after `expires_at` the lease is marked expired in `psid_lease_blocks` and the
PSIDs no voucher on the server carries are recorded as returned. They are never handed
out again — a desk that printed one of them offline before the expiry and syncs later
must still find its voucher accepted and payable, which is the promise a lease makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain.models import PsidLease, Voucher
from server.payments.gateway_client import GatewayRejected, GatewayUnavailable
from server.payments.models import PsidLeaseBlock
from server.payments.service import Refusal, derived_uuid, log

if TYPE_CHECKING:
    from server.payments.service import Payments

DEFAULT_BLOCK = 50


@dataclass(frozen=True)
class Desk:
    """The enrolled device behind a request."""

    device_id: str
    name: str
    office_code: str
    district_codes: list[str]


def lease_document(lease: PsidLease, request_id: str, created: bool) -> dict[str, Any]:
    return {
        "lease_id": lease.id,
        "request_id": request_id,
        "device_id": lease.device_id,
        "psids": list(lease.psids),
        "expires_at": lease.expires_at.isoformat(),
        "district_code": lease.district_code,
        "created": created,
    }


def lease_psids(
    payments: Payments, desk: Desk, count: int | None = None, request_id: str | None = None
) -> dict[str, Any]:
    """Reserve `count` PSIDs at the gateway for `desk` and write its lease row.

    Refusals: 422 for a count out of range, 409 `enough_leased` when the desk already
    holds `lease_outstanding_max` unused PSIDs, 503 without a gateway or when it is
    unreachable (the desk retries later with the same request id).
    """
    settings = payments.settings
    count = DEFAULT_BLOCK if count is None else count
    if (
        isinstance(count, bool)
        or not isinstance(count, int)
        or not 1 <= count <= settings.lease_block_max
    ):
        raise Refusal(
            422, "validation", f"count must be a whole number from 1 to {settings.lease_block_max}."
        )
    if request_id is not None and (
        not isinstance(request_id, str) or not 0 < len(request_id) <= 64
    ):
        raise Refusal(422, "validation", "request_id must be text of 1 to 64 characters.")
    request_id = request_id or derived_uuid(
        "lease-request", desk.device_id, payments.now().isoformat()
    )
    lease_id = derived_uuid("lease", desk.device_id, request_id)
    earlier = _existing(payments, lease_id, request_id)
    if earlier is not None:
        return earlier
    unused = unused_count(payments, desk.device_id)
    if unused + count > settings.lease_outstanding_max:
        raise Refusal(
            409,
            "enough_leased",
            f"This device already holds {unused} unused leased "
            f"PSIDs; a new block is leased when fewer remain.",
            unused=unused,
        )
    gateway = payments.need_gateway()
    try:
        psids = gateway.reserve_block(count, request_id=lease_id)
    except GatewayUnavailable as exc:
        raise Refusal(
            503,
            "gateway_unavailable",
            f"The payment gateway cannot be reached ({exc}); try again later.",
        ) from None
    except GatewayRejected as exc:
        log.error("gateway refused a PSID block for %s: %s", desk.device_id, exc)
        raise Refusal(
            502, "gateway_refused", f"The payment gateway refused the block: {exc}"
        ) from None
    now = payments.now()
    expires = now + timedelta(days=settings.lease_days)
    try:
        with payments.sessions.begin() as session:
            lease = PsidLease(
                id=lease_id,
                device_id=desk.device_id,
                psids=list(psids),
                next_index=0,
                expires_at=expires,
                district_code=desk.district_codes[0],
                office_code=desk.office_code,
                created_at=now,
                updated_at=now,
                sync_state="synced",
            )
            session.add(lease)
            session.add(
                PsidLeaseBlock(
                    lease_id=lease_id,
                    device_id=desk.device_id,
                    request_id=request_id,
                    psid_count=len(psids),
                    state="active",
                    created_at=now,
                    expires_at=expires,
                    returned_psids=[],
                )
            )
            session.flush()
            answer = lease_document(lease, request_id, True)
    except IntegrityError:  # the same request, concurrently: it won, give its answer
        earlier = _existing(payments, lease_id, request_id)
        if earlier is None:
            raise
        return earlier
    log.info(
        "leased %d PSIDs to device %s (%s…%s) until %s",
        len(psids),
        desk.device_id,
        psids[0] if psids else "",
        psids[-1] if psids else "",
        expires.isoformat(),
    )
    return answer


def _existing(payments: Payments, lease_id: str, request_id: str) -> dict[str, Any] | None:
    with payments.sessions() as session:
        lease = session.get(PsidLease, lease_id)
        return lease_document(lease, request_id, False) if lease is not None else None


def unused_count(payments: Payments, device_id: str) -> int:
    """Unused PSIDs of the device's active leases, as far as the server knows (a desk
    that is offline may have used more)."""
    with payments.sessions() as session:
        leases = session.scalars(
            select(PsidLease)
            .join(PsidLeaseBlock, PsidLeaseBlock.lease_id == PsidLease.id)
            .where(
                PsidLeaseBlock.device_id == device_id,
                PsidLeaseBlock.state == "active",
                PsidLeaseBlock.expires_at > payments.now(),
            )
        ).all()
        psids = [p for lease in leases for p in lease.psids]
        used = 0
        for start in range(0, len(psids), 5000):
            used += (
                session.scalar(
                    select(func.count())
                    .select_from(Voucher)
                    .where(Voucher.psid.in_(psids[start : start + 5000]))
                )
                or 0
            )
    return len(psids) - used


def expire_leases(payments: Payments) -> int:
    """Mark leases past their expiry as expired and record their unused PSIDs as
    returned; returns how many leases expired."""
    now = payments.now()
    done = 0
    with payments.sessions.begin() as session:
        blocks = session.scalars(
            select(PsidLeaseBlock)
            .where(PsidLeaseBlock.state == "active", PsidLeaseBlock.expires_at <= now)
            .with_for_update()
        ).all()
        for block in blocks:
            lease = session.get(PsidLease, block.lease_id)
            psids = list(lease.psids) if lease is not None else []
            used = (
                set(session.scalars(select(Voucher.psid).where(Voucher.psid.in_(psids))))
                if psids
                else set()
            )
            block.returned_psids = [p for p in psids if p not in used]
            block.state = "expired"
            block.expired_at = now
            done += 1
            log.info(
                "PSID lease %s of device %s expired: %d used, %d returned",
                block.lease_id,
                block.device_id,
                len(used),
                len(block.returned_psids),
            )
    return done
