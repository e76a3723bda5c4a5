"""The dashboard's figures per district, office day and metric, computed from the
records themselves: by the server into `report_figures` (the rows desks pull), and by a
desk from its own store when it has no fresh rows (offline, "as of" its last sync).

Same definitions as the revenue report (`server.payments.revenue`), per day, so that the
sum over a date range equals that report for the same range:

* applications_received: applications by the day they were submitted, and
  `applications_status:<status>` the same split by their status now;
* vouchers_generated: vouchers by the day issued; in_process_paisa: the amount due of those
  still unpaid; vouchers_paid / collected_paisa: paid vouchers by the day paid;
* licences_issued: licences by their issue date.

Days are office days in Asia/Karachi (UTC+5, no daylight saving).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, literal_column, select

from domain.models import Licence, LicenceApplication, Voucher
from domain.models.reports import STATUS_PREFIX

Key = tuple[str, date, str]


def office_day(col: Any, dialect: str) -> Any:
    """The Asia/Karachi calendar day of a UTC timestamp column, in SQL."""
    if dialect == "postgresql":
        return func.date(func.timezone(literal_column("'Asia/Karachi'"), col))
    return func.date(col, "+5 hours")


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def compute(conn: Connection, districts: Sequence[str] | None = None) -> dict[Key, int]:
    """Every non-zero figure of `districts` (all districts when None)."""
    dialect = conn.dialect.name
    A, V, L = LicenceApplication, Voucher, Licence
    out: dict[Key, int] = defaultdict(int)

    def scoped(stmt: Any, col: Any) -> Any:
        return stmt.where(col.in_(list(districts))) if districts is not None else stmt

    day = office_day(A.submitted_at, dialect)
    for code, d, status, n in conn.execute(
        scoped(select(A.district_code, day, A.status, func.count()), A.district_code).group_by(
            A.district_code, day, A.status
        )
    ):
        out[(code, _day(d), "applications_received")] += n
        out[(code, _day(d), STATUS_PREFIX + status)] += n
    day = office_day(V.issued_at, dialect)
    unpaid = func.coalesce(func.sum(V.amount_within_due_paisa).filter(V.status == "unpaid"), 0)
    for code, d, n, owed in conn.execute(
        scoped(select(V.district_code, day, func.count(), unpaid), V.district_code).group_by(
            V.district_code, day
        )
    ):
        out[(code, _day(d), "vouchers_generated")] += n
        out[(code, _day(d), "in_process_paisa")] += int(owed)
    day = office_day(V.paid_at, dialect)
    for code, d, n, paid in conn.execute(
        scoped(
            select(
                V.district_code, day, func.count(), func.coalesce(func.sum(V.paid_amount_paisa), 0)
            ),
            V.district_code,
        )
        .where(V.status == "paid", V.paid_at.is_not(None))
        .group_by(V.district_code, day)
    ):
        out[(code, _day(d), "vouchers_paid")] += n
        out[(code, _day(d), "collected_paisa")] += int(paid)
    for code, d, n in conn.execute(
        scoped(select(L.district_code, L.issued_on, func.count()), L.district_code).group_by(
            L.district_code, L.issued_on
        )
    ):
        out[(code, _day(d), "licences_issued")] += n
    return {k: v for k, v in out.items() if v}
