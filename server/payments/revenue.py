"""The revenue report: applications received, vouchers generated, money collected and
money in process, for the districts a desk serves, in total and per district.

Definitions (the seed figures of DESIGN.md read back exactly from a seeded server):

* applications received — licence applications submitted in the period;
* vouchers generated — vouchers issued in the period (whatever became of them);
* collected — the paid amount of vouchers paid in the period;
* in process — the amount due (within the due date) of vouchers issued in the period
  that are still in status "unpaid": neither paid, cancelled nor marked expired.
  `overdue_unpaid_rupees` is the part of it whose expiry date has passed (today, or
  the period's last day), for a person to chase or write off;
* held — money in the ledger that paid no voucher (partial, duplicate, cancelled,
  unknown PSID): collected by the banks, not yet revenue.

The period is office days (Asia/Karachi), both ends included; either may be left out.
Amounts are exact: `*_paisa` fields, and `*_rupees` as whole rupees (paisa dropped).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from domain import reference
from domain.errors import NotFound
from domain.models import LicenceApplication, Voucher
from server.payments.models import PaymentLedgerEntry
from server.payments.service import as_utc_bounds

if TYPE_CHECKING:
    from server.payments.service import Payments

_FIGURES = (
    "applications_received",
    "vouchers_generated",
    "collected_paisa",
    "in_process_paisa",
    "overdue_unpaid_paisa",
    "held_paisa",
    "vouchers_paid",
    "vouchers_unpaid",
)


def _name(code: str) -> str:
    try:
        return reference.district(code).name_en
    except NotFound:
        return code


def _shape(figures: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {k: int(figures.get(k, 0)) for k in _FIGURES}
    for key in ("collected", "in_process", "overdue_unpaid", "held"):
        out[f"{key}_rupees"] = out[f"{key}_paisa"] // 100
    return out


def revenue(
    payments: Payments, districts: Sequence[str], start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The report over `districts` (a desk's scope, or one district of it)."""
    lo, hi = as_utc_bounds(start, end)
    as_of = min(end, payments.today()) if end else payments.today()
    scope = list(districts)
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    A, V, L = LicenceApplication, Voucher, PaymentLedgerEntry

    def window(col: Any) -> list[Any]:
        cond = []
        if lo is not None:
            cond.append(col >= lo)
        if hi is not None:
            cond.append(col < hi)
        return cond

    with payments.reader.connect() as conn:
        for code, n in conn.execute(
            select(A.district_code, func.count())
            .where(A.district_code.in_(scope), *window(A.submitted_at))
            .group_by(A.district_code)
        ):
            per[code]["applications_received"] += n
        issued = window(V.issued_at)
        unpaid = and_(V.status == "unpaid", *issued) if issued else V.status == "unpaid"
        for code, n, owed, late in conn.execute(
            select(
                V.district_code,
                func.count(),
                func.coalesce(func.sum(V.amount_within_due_paisa), 0),
                func.coalesce(func.sum(V.amount_within_due_paisa).filter(V.expiry_date < as_of), 0),
            )
            .where(V.district_code.in_(scope), unpaid)
            .group_by(V.district_code)
        ):
            per[code]["vouchers_unpaid"] += n
            per[code]["in_process_paisa"] += owed
            per[code]["overdue_unpaid_paisa"] += late
        for code, n in conn.execute(
            select(V.district_code, func.count())
            .where(V.district_code.in_(scope), *issued)
            .group_by(V.district_code)
        ):
            per[code]["vouchers_generated"] += n
        for code, n, paid in conn.execute(
            select(V.district_code, func.count(), func.coalesce(func.sum(V.paid_amount_paisa), 0))
            .where(V.district_code.in_(scope), V.status == "paid", *window(V.paid_at))
            .group_by(V.district_code)
        ):
            per[code]["vouchers_paid"] += n
            per[code]["collected_paisa"] += int(paid or 0)
        for district, held in conn.execute(
            select(L.district_code, func.coalesce(func.sum(L.amount_paisa), 0))
            .where(L.district_code.in_(scope), L.applied.is_(False), *window(L.paid_at))
            .group_by(L.district_code)
        ):
            if district is not None:  # always, within the scope asked for
                per[str(district)]["held_paisa"] += int(held)

    totals: dict[str, int] = defaultdict(int)
    for figures in per.values():
        for key, value in figures.items():
            totals[key] += value
    rows = [
        {"district_code": code, "district_name": _name(code), **_shape(per[code])}
        for code in sorted(per)
    ]
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "districts": scope,
        "as_of": as_of.isoformat(),
        **_shape(totals),
        "per_district": rows,
    }
