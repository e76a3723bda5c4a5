"""Keeping a desk supplied with leased PSIDs, so it can print payable vouchers offline
(DESIGN.md "Offline promises").

`top_up_leases` asks the server for a new block (`POST /payments/psid-lease`) when
fewer than `low_water` unused leased PSIDs remain. The answer is not written here:
the lease row reaches the store through the ordinary pull, like every synced row, so
call it between push and pull in a sync round (after the push, the server knows which
PSIDs the desk has used; the pull then brings the new lease at once).

The request carries a `request_id` kept in the store's sync facts until the lease it
asked for has arrived, so a request that timed out is sent again with the same id and
the server answers with the same block instead of reserving a second one.

`next_leased_psid` is what the voucher form prints: the first unused PSID of the
desk's leases that are not about to expire, or None (the voucher is then issued
provisional and the server gives it a PSID when it syncs).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from domain.ids import new_id, utcnow
from domain.models import PsidLease, Voucher
from sync.store.local import LocalStore
from sync.transport import Refused, Transport, TransportError

log = logging.getLogger(__name__)

#: A lease this close to its expiry is not used for new vouchers: the voucher must
#: reach the server while the lease still holds.
EXPIRY_MARGIN = timedelta(hours=12)
_REQUEST_FACT = "psid_lease_request"
_LEASE_FACT = "psid_lease_expected"


@dataclass(frozen=True)
class TopUp:
    """What `top_up_leases` did: `requested` is the block size asked for (0 if none)."""

    unused: int
    requested: int = 0
    lease_id: str | None = None
    psids: int = 0
    error: str | None = None


def unused_psids(
    store: LocalStore, *, now: datetime | None = None, margin: timedelta = EXPIRY_MARGIN
) -> list[str]:
    """This desk's leased PSIDs that no voucher in the store carries, soonest-expiring
    lease first, in the order the server gave them."""
    device_id = store.identity().device_id
    limit = (now or utcnow()) + margin
    with store.sessions() as s:
        leases = list(
            s.scalars(
                select(PsidLease)
                .where(PsidLease.device_id == device_id, PsidLease.expires_at > limit)
                .order_by(PsidLease.expires_at, PsidLease.id)
            )
        )
        psids = [str(p) for lease in leases for p in lease.psids]
        used: set[str] = set()
        for start in range(0, len(psids), 500):
            used.update(
                s.scalars(select(Voucher.psid).where(Voucher.psid.in_(psids[start : start + 500])))
            )
    return [p for p in psids if p not in used]


def next_leased_psid(store: LocalStore, *, now: datetime | None = None) -> str | None:
    """The PSID to print on the next voucher issued at this desk, or None."""
    free = unused_psids(store, now=now)
    return free[0] if free else None


def _lease_arrived(store: LocalStore, lease_id: str) -> bool:
    with store.sessions() as s:
        return s.get(PsidLease, lease_id) is not None


def top_up_leases(
    store: LocalStore, transport: Transport, low_water: int = 10, block: int = 50
) -> TopUp:
    """Ask for `block` more PSIDs when fewer than `low_water` unused ones remain.

    Never raises for the network or a refusal (a desk without new PSIDs still issues
    provisional vouchers): the outcome says what happened and the error is logged.
    A desk that is not enrolled does nothing.
    """
    me = store.identity()
    if me.device_id.startswith("local-") or not store.fact("device_token"):
        return TopUp(unused=0, error="not enrolled")
    expected = store.fact(_LEASE_FACT)
    if expected and _lease_arrived(store, expected):
        store.set_facts(**{_REQUEST_FACT: "", _LEASE_FACT: ""})
        expected = None
    unused = len(unused_psids(store))
    if unused >= low_water:
        return TopUp(unused=unused)
    # A request still in the facts was sent and its lease has not arrived (or it got no
    # answer at all): send it again under the same id.
    request_id = store.fact(_REQUEST_FACT) or ""
    for _attempt in range(2):
        if not request_id:
            request_id = new_id()
            store.set_facts(**{_REQUEST_FACT: request_id, _LEASE_FACT: ""})
        try:
            answer = transport.post(
                "/payments/psid-lease", {"count": block, "request_id": request_id}
            )
        except Refused as exc:
            if exc.body.get("code") == "enough_leased":
                # The server counts PSIDs this desk has not pushed yet as unused: fine.
                store.set_facts(**{_REQUEST_FACT: "", _LEASE_FACT: ""})
            log.warning("PSID lease refused: %s", exc)
            return TopUp(unused=unused, requested=block, error=str(exc))
        except TransportError as exc:
            log.info("PSID lease not obtained now: %s", exc)
            return TopUp(unused=unused, requested=block, error=str(exc))
        lease_id = str(answer.get("lease_id") or "")
        if lease_id and _lease_arrived(store, lease_id):
            # An earlier answer was lost but its lease came by pull (and is used up):
            # that request is done, ask afresh.
            store.set_facts(**{_REQUEST_FACT: "", _LEASE_FACT: ""})
            request_id = ""
            continue
        store.set_facts(**{_REQUEST_FACT: request_id, _LEASE_FACT: lease_id})
        break
    return TopUp(
        unused=unused,
        requested=block,
        lease_id=lease_id or None,
        psids=len(answer.get("psids") or []),
    )
