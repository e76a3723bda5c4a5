"""Fee vouchers (challans) identified by a PSID, and the PSIDs leased to devices.

Amounts are integer paisa. A voucher made offline without a leased PSID is
provisional and may not be printed as payable (DESIGN.md "Offline promises").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, SyncedRow


class Voucher(SyncedRow, Base):
    __tablename__ = "vouchers"
    psid: Mapped[str | None] = mapped_column(String(20))
    provisional: Mapped[bool] = mapped_column(default=False)
    subject_type: Mapped[str] = mapped_column(String(24))  # licence_application | mutation
    subject_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12))
    amount_within_due_paisa: Mapped[int]
    amount_after_due_paisa: Mapped[int]
    due_date: Mapped[date]
    expiry_date: Mapped[date]
    consumer_name: Mapped[str] = mapped_column(String(120))
    cnic: Mapped[str] = mapped_column(String(13))
    mobile: Mapped[str] = mapped_column(String(15), default="")
    heads: Mapped[list[Any]] = mapped_column(default=list)
    issued_at: Mapped[datetime]
    paid_amount_paisa: Mapped[int | None]
    paid_at: Mapped[datetime | None]
    bank_code: Mapped[str | None] = mapped_column(String(12))
    tran_auth_id: Mapped[str | None] = mapped_column(String(40))
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (
        Index("ix_vouchers_psid", "psid", unique=True),
        Index("ix_vouchers_subject_id", "subject_id"),
        # The payments workspace lists vouchers newest first, a page at a time.
        Index("ix_vouchers_issued_at", "issued_at"),
    )


class PsidLease(SyncedRow, Base):
    """A block of PSIDs the server reserved at the gateway for one device.

    The device hands them out in order while offline; `next_index` is how many it has
    used. The lease expires so unused numbers return to the server.
    """

    __tablename__ = "psid_leases"
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    psids: Mapped[list[Any]] = mapped_column(default=list)
    next_index: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime]


class VoucherException(SyncedRow, Base):
    """A payment the ledger could not simply apply (partial, over, late, duplicate,
    paid for a cancelled voucher), as the district's desks see it.

    The server raises it (its own `payment_exceptions` ledger row, whose
    `dedupe_key` is `ledger_key` here, keeps the bank's details) and writes this synced copy in the same
    transaction, so it reaches the district's desks by the ordinary pull; a
    supervisor clears it with a note by the `clear_payment_exception` command, and
    the server copies the clearance back to its ledger row. Exceptions of no district
    (a PSID nobody issued) stay on the server: they are the province's.
    """

    __tablename__ = "voucher_exceptions"
    ledger_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    voucher_id: Mapped[str | None] = mapped_column(String(36), index=True)
    psid: Mapped[str | None] = mapped_column(String(30))
    bank_code: Mapped[str | None] = mapped_column(String(12))
    tran_auth_id: Mapped[str | None] = mapped_column(String(40))
    expected_paisa: Mapped[int | None]
    paid_paisa: Mapped[int | None]
    detail: Mapped[str] = mapped_column(String(500), default="")
    raised_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | cleared
    note: Mapped[str] = mapped_column(String(500), default="")
    cleared_by: Mapped[str | None] = mapped_column(String(120))
    cleared_at: Mapped[datetime | None]
