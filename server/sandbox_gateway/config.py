"""Settings of a sandbox gateway, including the knobs tests turn to provoke exceptions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from domain.ids import utcnow


@dataclass
class GatewayConfig:
    """How one sandbox gateway behaves.

    ``lenient``, ``duplicate_rate`` and ``fail_next_bank_calls`` may also be changed
    while it runs (``POST /sandbox/knobs``), so the object is deliberately mutable.
    """

    psid_length: int = 17
    psid_prefix: str = "1002"  # then the sequence, zero-padded to psid_length
    clients: dict[str, str] = field(default_factory=lambda: {"daftar": "sandbox-secret"})
    token_ttl_s: int = 3600
    intimation_url: str | None = None
    shared_secret: str = "sandbox-shared-secret"
    # Accept partial, over, late (expired) and repeated payments instead of refusing them,
    # so the central server can be shown each reconciliation exception.
    lenient: bool = False
    # Chance that a delivered intimation is delivered once more, on purpose.
    duplicate_rate: float = 0.0
    # The next N bank-side calls answer 05 (service failure) without doing anything.
    fail_next_bank_calls: int = 0
    backoff_base_s: float = 1.0
    backoff_max_s: float = 300.0
    delivery_timeout_s: float = 5.0
    idle_poll_s: float = 1.0
    random_seed: int | None = None
    clock: Callable[[], datetime] = utcnow

    def __post_init__(self) -> None:
        if not 8 <= self.psid_length <= 30:
            raise ValueError("psid_length must be between 8 and 30 digits")
        if not self.psid_prefix.isdigit() or len(self.psid_prefix) >= self.psid_length:
            raise ValueError("psid_prefix must be digits, shorter than psid_length")
