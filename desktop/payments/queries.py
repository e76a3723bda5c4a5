"""What the payments workspace reads: a page of vouchers (newest first, filtered and
searched in SQL, so 200,000 vouchers cost what one page costs) and the district's
payment exceptions, as the ordinary pull brought them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from desktop.db import read_rows, read_scalar
from domain.models import Voucher, VoucherException
from domain.values import Cnic
from sync.store.local import LocalStore

#: How many vouchers one page shows; the count says how many match in all.
PAGE = 500
STATUSES = ("all", "unpaid", "paid", "expired", "cancelled")


@dataclass(frozen=True)
class VoucherFilter:
    status: str = "all"
    search: str = ""
    today: date | None = None


def _where(f: VoucherFilter) -> list[Any]:
    cond: list[Any] = []
    today = f.today or date.today()
    if f.status == "expired":
        cond += [Voucher.status == "unpaid", Voucher.expiry_date < today]
    elif f.status == "unpaid":
        cond += [Voucher.status == "unpaid", Voucher.expiry_date >= today]
    elif f.status != "all":
        cond.append(Voucher.status == f.status)
    text = f.search.strip()
    if text:
        digits = text.replace("-", "").replace(" ", "")
        if digits.isdigit() and len(digits) == 13:
            cond.append(Voucher.cnic == Cnic.parse(digits).digits)
        elif digits.isdigit():
            cond.append(Voucher.psid == digits)
        else:
            cond.append(or_(Voucher.consumer_name.ilike(f"%{text}%"), Voucher.tran_auth_id == text))
    return cond


def load_vouchers(store: LocalStore, f: VoucherFilter) -> tuple[list[Any], int]:
    """(a page of vouchers newest first, how many match)."""
    cond = _where(f)
    rows = read_rows(
        store,
        select(Voucher).where(*cond).order_by(Voucher.issued_at.desc(), Voucher.id).limit(PAGE),
    )
    total = read_scalar(store, select(func.count()).select_from(Voucher).where(*cond)) or 0
    return rows, int(total)


def load_exceptions(store: LocalStore, state: str = "open") -> list[Any]:
    """The district's payment exceptions, newest first (`open`, `cleared` or `all`)."""
    stmt = select(VoucherException).order_by(VoucherException.raised_at.desc()).limit(2000)
    if state != "all":
        stmt = stmt.where(VoucherException.status == state)
    return read_rows(store, stmt)


def shown_status(v: Any, today: date | None = None) -> str:
    """unpaid | expired | paid | cancelled: an unpaid voucher past its expiry is expired."""
    if v.status == "unpaid" and v.expiry_date < (today or date.today()):
        return "expired"
    return str(v.status)
