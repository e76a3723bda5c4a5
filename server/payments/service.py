"""The payment side of the server as one object: database, gateway, settings, clock.

Routes (`routes.py`) and background jobs (`jobs.py`) both work through a `Payments`;
the work itself lives in `ledger.py` (payments in), `leases.py` (PSID blocks),
`activation.py` (vouchers made payable), `reconcile.py` (status poll, settlement) and
`revenue.py` (the report). Tests build a `Payments` over an in-process sandbox and a
clock they move.

Writes go through `server.db.session_factory` sessions, so every synced row a payment
touches (the voucher, its application, a history line, a lease) is numbered in the
change feed in the same transaction and reaches the desks with their next pull.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from domain.commands import CommandContext
from domain.commands.events import log_event
from domain.ids import KARACHI, to_karachi, utcnow
from domain.models import Voucher
from server.db import read_only, session_factory
from server.deps import ApiError
from server.payments.config import PaymentSettings
from server.payments.gateway_client import PaymentGateway, SandboxGateway

log = logging.getLogger("server.payments")

#: Namespace of the ids the server derives for its own commands and leases, so a
#: retry of the same payment or lease request makes the same ids again.
PAYMENTS_NS = uuid.UUID("8d3f6a52-3c1e-4f0a-9a57-6c2b1de0f4a1")
#: Who the server's own payment commands are recorded as.
GATEWAY_ACTOR = "gateway"
SERVER_DEVICE = "server"


def derived_uuid(*parts: object) -> str:
    return str(uuid.uuid5(PAYMENTS_NS, ":".join(map(str, parts))))


def karachi_day(moment: datetime) -> date:
    """The office day (Asia/Karachi) of a UTC moment: due dates and expiry are office days."""
    return to_karachi(moment).date()


def make_gateway(settings: PaymentSettings) -> PaymentGateway | None:
    """The adapter for `settings.gateway_url`, or None when no gateway is configured."""
    if not settings.gateway_url:
        return None
    return SandboxGateway(
        settings.gateway_url, settings.gateway_client_id, settings.gateway_client_secret
    )


#: The payment routes refuse with the server's one error type (`server.deps`).
Refusal = ApiError


@dataclass
class Payments:
    """What every payment operation needs. `gateway` None: payments are switched off
    (leases and activation refuse or do nothing; intimations and reports still work)."""

    engine: Engine
    settings: PaymentSettings = field(default_factory=PaymentSettings)
    gateway: PaymentGateway | None = None
    clock: Callable[[], datetime] = utcnow
    sessions: sessionmaker[Session] = field(init=False)
    reader: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.engine)
        self.reader = read_only(self.engine)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return karachi_day(self.clock())

    def need_gateway(self) -> PaymentGateway:
        if self.gateway is None:
            raise Refusal(
                503,
                "no_gateway",
                "This server has no payment gateway configured "
                "(DAFTAR_GATEWAY_URL); PSIDs cannot be leased or activated.",
            )
        return self.gateway


def server_context(
    session: Session, voucher: Voucher, key: str, actor: str = GATEWAY_ACTOR
) -> CommandContext:
    """The context of a command the server runs itself for `voucher` (a payment, a
    PSID assignment). `key` makes its command id, and so its history line's id,
    stable across retries."""
    return CommandContext(
        session=session,
        actor=actor,
        office_code=voucher.office_code,
        district_code=voucher.district_code,
        device_id=SERVER_DEVICE,
        command_id=derived_uuid(key),
        on_server=True,
    )


def assign_psid(session: Session, voucher: Voucher, psid: str, at: datetime) -> None:
    """Give a provisional voucher the PSID the gateway made for it. The row is written
    through the change feed (the session numbers it on commit), so the desk that
    issued it learns the number with its next pull and can print a payable challan."""
    voucher.psid = psid
    voucher.provisional = False
    voucher.updated_at = at
    ctx = server_context(session, voucher, f"assign_psid:{voucher.id}", actor="server")
    log_event(
        ctx,
        record_id=voucher.subject_id,
        record_type=voucher.subject_type,
        command="assign_psid",
        at=at,
        district_code=voucher.district_code,
        summary=f"PSID {psid} assigned to the provisional voucher; it can now be paid",
        details={"voucher_id": voucher.id, "psid": psid},
    )


def as_utc_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """Office days [start, end] (inclusive) as UTC moments [from, to)."""
    lo = datetime.combine(start, dtime(), KARACHI).astimezone(timezone.utc) if start else None
    hi = (
        datetime.combine(end + timedelta(days=1), dtime(), KARACHI).astimezone(timezone.utc)
        if end
        else None
    )
    return lo, hi
