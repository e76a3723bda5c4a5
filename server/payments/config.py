"""What the payment side of the server is told at start: which gateway, which shared
secret signs intimations, how often the background jobs run.

`server.settings.Settings` carries the database and enrolment; the payment settings
come from the same `Settings` object when it has the attributes (a later version may
add them) and otherwise from the environment, which is how `daftar demo` and the
end-to-end tests hand them to a server process:

=============================== ==================================================
DAFTAR_GATEWAY_URL              aggregator base URL (no gateway: payments are off)
DAFTAR_GATEWAY_CLIENT_ID        client id at the aggregator (default ``daftar``)
DAFTAR_GATEWAY_CLIENT_SECRET    its secret (default the sandbox's ``sandbox-secret``)
DAFTAR_INTIMATION_SECRET        shared secret of the intimation HMAC (none: all refused)
DAFTAR_PAYMENT_JOBS             ``0`` keeps the background jobs from starting
DAFTAR_PAYMENT_JOB_INTERVAL     seconds between job rounds (default 30)
DAFTAR_PAYMENT_POLL_EVERY       seconds before an unpaid voucher is polled again (300)
DAFTAR_SETTLEMENT_EVERY         seconds between settlement checks (900)
DAFTAR_SETTLEMENT_LAG           settle up to this many seconds ago (60)
DAFTAR_PSID_LEASE_DAYS          lifetime of a PSID lease in days (7)
=============================== ==================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

ENV = {
    "gateway_url": "DAFTAR_GATEWAY_URL",
    "gateway_client_id": "DAFTAR_GATEWAY_CLIENT_ID",
    "gateway_client_secret": "DAFTAR_GATEWAY_CLIENT_SECRET",
    "intimation_secret": "DAFTAR_INTIMATION_SECRET",
    "jobs_enabled": "DAFTAR_PAYMENT_JOBS",
    "job_interval_s": "DAFTAR_PAYMENT_JOB_INTERVAL",
    "poll_every_s": "DAFTAR_PAYMENT_POLL_EVERY",
    "settle_every_s": "DAFTAR_SETTLEMENT_EVERY",
    "settle_lag_s": "DAFTAR_SETTLEMENT_LAG",
    "lease_days": "DAFTAR_PSID_LEASE_DAYS",
}


@dataclass(frozen=True)
class PaymentSettings:
    gateway_url: str | None = None
    gateway_client_id: str = "daftar"
    gateway_client_secret: str = "sandbox-secret"
    #: HMAC secret shared with the gateway; None refuses every intimation (401).
    intimation_secret: str | None = None
    #: How stale an intimation's X-Timestamp may be (signing.verify's max_skew_s).
    intimation_max_skew_s: float = 300.0
    jobs_enabled: bool = True
    job_interval_s: float = 30.0
    #: PSID leases: lifetime, largest block one request may take, and how many unused
    #: leased PSIDs one device may hold before it is told it has enough.
    lease_days: float = 7.0
    lease_block_max: int = 500
    lease_outstanding_max: int = 2_000
    #: Activation: vouchers per round; a voucher that expired longer ago than this is
    #: not activated (old vouchers loaded by a seed or an import are history).
    activation_batch: int = 200
    activation_grace_days: int = 30
    activation_retry_s: float = 30.0
    activation_retry_max_s: float = 3_600.0
    #: Status poll: vouchers per round, and how soon the same voucher is asked again.
    poll_batch: int = 200
    poll_every_s: float = 300.0
    #: Settlement: how often, how far behind now, and the first window's length.
    settle_every_s: float = 900.0
    settle_lag_s: float = 60.0
    settle_first_window_s: float = 2 * 86_400.0
    #: Who holds the jobs: a holder that stopped renewing loses them after this long.
    job_lock_s: float = 120.0

    @classmethod
    def from_settings(
        cls, settings: Any = None, env: Mapping[str, str] | None = None, **overrides: Any
    ) -> PaymentSettings:
        """Attributes of `settings` with these names win over the environment;
        `overrides` win over both (tests)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = getattr(settings, f.name, None) if settings is not None else None
            if value is None and f.name in ENV and env.get(ENV[f.name]):
                value = _parse(f.type, env[ENV[f.name]])
            if value is not None:
                values[f.name] = value
        values.update(overrides)
        return cls(**values)


def _parse(kind: Any, text: str) -> Any:
    kind = str(kind)
    if kind.startswith("bool"):
        return text.strip().lower() not in ("0", "false", "no", "off", "")
    if kind.startswith("float"):
        return float(text)
    if kind.startswith("int"):
        return int(text)
    return text
