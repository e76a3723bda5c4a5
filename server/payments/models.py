"""Tables only the central server keeps about payments (DESIGN.md "Payments").

They sit in `server.models.ServerBase`'s metadata, beside devices and the change feed,
never in the domain metadata: a desk's store must not grow them. What a desk needs to
know (a voucher is paid, a provisional voucher got its PSID, a block of PSIDs is
leased to it) reaches it as ordinary synced rows through the pull.

* `psid_lease_blocks`: the server's side of each PSID lease (which request made it,
  whether it expired and which PSIDs came back unused).
* `psid_activations`: which vouchers the gateway has been told about, so banks can
  pay them; and when each was last polled.
* `payment_ledger`: every payment the gateway reported, once per bank transaction
  (bank, authorisation id, transaction date, PSID), however it arrived (intimation,
  status poll or settlement list).
* `payment_exceptions`: every mismatch for a person to clear with a note.
* `settlement_runs`: each comparison of the gateway's settlement list with the ledger.
* `payment_job_locks`: which server process runs the background jobs, so several
  uvicorn workers do not all call the gateway.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.ids import utcnow
from server.models import ServerBase

#: Exception kinds. The first six are the mismatches of a payment against its voucher;
#: the others come from the gateway side (activation, settlement).
EXCEPTION_KINDS = (
    "partial",  # less than the amount due on the day it was paid
    "over",  # more than due: the voucher is paid, the excess is to refund
    "late",  # paid after the voucher's expiry: recorded, for a person to see
    "duplicate",  # a second payment of a voucher already paid
    "cancelled_voucher",  # paid against a voucher the office had cancelled
    "unknown_psid",  # a PSID the server has no voucher for
    "not_applied",  # the payment rule refused it for another reason (message kept)
    "amount_conflict",  # the same bank transaction reported again with another amount
    "activation_failed",  # the gateway refused to make a voucher payable
    "settlement_mismatch",  # the gateway's settlement list and the ledger disagree
    "not_in_settlement",  # in the ledger, missing from the gateway's settlement list
)


class PsidLeaseBlock(ServerBase):
    """The server's record of one PSID lease (its synced twin is `psid_leases`).

    `(device_id, request_id)` is unique: a device retrying a lease request that timed
    out gets the same block, never a second one.
    """

    __tablename__ = "psid_lease_blocks"
    lease_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    request_id: Mapped[str] = mapped_column(String(64))
    psid_count: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="active")  # active | expired
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    expired_at: Mapped[datetime | None]
    returned_psids: Mapped[list[Any]] = mapped_column(default=list)

    __table_args__ = (
        UniqueConstraint("device_id", "request_id"),
        Index("ix_psid_lease_blocks_state_expires", "state", "expires_at"),
    )


class PsidActivation(ServerBase):
    """A voucher the server has taken up with the gateway.

    state: pending (to be sent), active (payable at banks), failed (the gateway
    refused; an `activation_failed` exception says why), skipped (cancelled or paid
    before it was sent).
    """

    __tablename__ = "psid_activations"
    voucher_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    psid: Mapped[str | None] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None]
    last_polled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_psid_activations_state_next", "state", "next_attempt_at"),
        Index("ix_psid_activations_psid", "psid"),
    )


class PaymentLedgerEntry(ServerBase):
    """One payment as the gateway reported it, kept once per bank transaction.

    A bank transaction is (`bank_mnemonic`, `tran_auth_id`, `tran_date`, `psid`): banks
    reuse short authorisation ids from day to day and across consumer numbers, so only
    the four together name one payment (issue 12.4). `tran_date` is the bank's
    transaction date (Karachi office day).

    `outcome` says what the server made of it: exact, over, late (all three paid the
    voucher: `applied` is true), partial, duplicate, cancelled_voucher, unknown_psid,
    not_applied.
    """

    __tablename__ = "payment_ledger"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bank_mnemonic: Mapped[str] = mapped_column(String(12))
    tran_auth_id: Mapped[str] = mapped_column(String(40))
    psid: Mapped[str] = mapped_column(String(30))
    voucher_id: Mapped[str | None] = mapped_column(String(36))
    department_transaction_id: Mapped[str | None] = mapped_column(String(64))
    district_code: Mapped[str | None] = mapped_column(String(8))
    tran_date: Mapped[date]
    amount_paisa: Mapped[int]
    paid_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(12))  # intimation | poll | settlement
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(20))
    applied: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint(
            "bank_mnemonic",
            "tran_auth_id",
            "tran_date",
            "psid",
            name="uq_payment_ledger_bank_transaction",
        ),
        Index("ix_payment_ledger_paid_at", "paid_at"),
        Index("ix_payment_ledger_psid", "psid"),
        Index("ix_payment_ledger_voucher_id", "voucher_id"),
    )


class PaymentException(ServerBase):
    """A mismatch a person must look at and clear with a note.

    `detail` is the server's account of what is wrong; `note`, `cleared_by` and
    `cleared_at` are the person's. `dedupe_key` keeps one exception per cause, so a
    settlement run repeated over the same period does not raise it twice.
    """

    __tablename__ = "payment_exceptions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(24))
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    ledger_id: Mapped[int | None] = mapped_column(ForeignKey("payment_ledger.id"))
    psid: Mapped[str | None] = mapped_column(String(30))
    voucher_id: Mapped[str | None] = mapped_column(String(36))
    bank_mnemonic: Mapped[str | None] = mapped_column(String(12))
    tran_auth_id: Mapped[str | None] = mapped_column(String(40))
    district_code: Mapped[str | None] = mapped_column(String(8))
    expected_paisa: Mapped[int | None]
    paid_paisa: Mapped[int | None]
    detail: Mapped[str] = mapped_column(String(500), default="")
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(500), default="")
    cleared_by: Mapped[str | None] = mapped_column(String(120))
    cleared_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_payment_exceptions_cleared_at", "cleared_at"),
        Index("ix_payment_exceptions_voucher_id", "voucher_id"),
    )


class SettlementRun(ServerBase):
    """One settlement check: the gateway's payments of [window_start, window_end)
    against the ledger, and what it found."""

    __tablename__ = "settlement_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    ran_at: Mapped[datetime] = mapped_column(default=utcnow)
    gateway_count: Mapped[int] = mapped_column(Integer, default=0)
    ledger_count: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    mismatched: Mapped[int] = mapped_column(Integer, default=0)
    not_in_gateway: Mapped[int] = mapped_column(Integer, default=0)
    millis: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_settlement_runs_window_end", "window_end"),)


class PaymentJobLock(ServerBase):
    """Who runs the payment jobs until when: one holder at a time across workers."""

    __tablename__ = "payment_job_locks"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    until: Mapped[datetime]


__all__ = [
    "EXCEPTION_KINDS",
    "PaymentException",
    "PaymentJobLock",
    "PaymentLedgerEntry",
    "PsidActivation",
    "PsidLeaseBlock",
    "SettlementRun",
]
