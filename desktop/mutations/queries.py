"""Every query of the mutation workspace, as SQLAlchemy Core statements.

The list's default order is newest first by id (UUIDv7: entry order, from the primary
key). A search is a mutation number (exact, then within the tehsil filter), or a
party's name or CNIC (through `mutation_parties`). The entry form's suggestions come
from what the store already holds: mauzas used in a tehsil, khewat numbers known in a
mauza.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from desktop.record_table import TableQuery
from domain.models import Mutation as M
from domain.models import MutationParty as P
from domain.models import MutationScan, RecordEvent

#: Suggestions shown by a completer: enough for one tehsil's mauzas.
SUGGESTIONS_MAX = 2000


@dataclass(frozen=True)
class MutationFilter(TableQuery):
    status: str | None = None
    tehsil: str | None = None
    search: str = ""


def id_query(f: MutationFilter) -> Select[*tuple[Any, ...]]:
    stmt = select(M.id)
    if f.status:
        stmt = stmt.where(M.status == f.status)
    if f.tehsil:
        stmt = stmt.where(M.tehsil_code == f.tehsil)
    text = f.search.strip()
    if text:
        digits = text.replace("-", "")
        by_party = select(P.mutation_id).where(
            (P.cnic == digits)
            if digits.isdigit() and len(digits) == 13
            else P.name_en.ilike(f"{text}%") | P.name_ur.like(f"{text}%")
        )
        stmt = stmt.where((M.mutation_no == text) | M.id.in_(by_party))
    order = {
        "mutation_no": M.mutation_no,
        "date": M.mutation_date,
        "mauza": M.mauza,
        "status": M.status,
    }.get(f.sort or "")
    if order is not None:
        stmt = stmt.order_by(order.desc() if f.descending else order, M.id.desc())
    else:
        stmt = stmt.order_by(M.id.desc())
    return stmt


def rows_query(ids: list[str]) -> Select[*tuple[Any, ...]]:
    return select(
        M.id,
        M.mutation_no,
        M.mutation_date,
        M.tehsil_code,
        M.mauza,
        M.mutation_type,
        M.khewat_no,
        M.area_sarsai,
        M.status,
        M.recorded_by,
        M.sync_state,
    ).where(M.id.in_(ids))


def mutation_query(mutation_id: str) -> Select[*tuple[Any, ...]]:
    return select(M).where(M.id == mutation_id)


def parties_query(mutation_id: str) -> Select[*tuple[Any, ...]]:
    return select(P).where(P.mutation_id == mutation_id).order_by(P.role.desc(), P.id)


def scans_query(mutation_id: str) -> Select[*tuple[Any, ...]]:
    """The scans of an entry: (sha256, media type), in the order they were attached."""
    return (
        select(MutationScan.sha256, MutationScan.media_type)
        .where(MutationScan.mutation_id == mutation_id)
        .order_by(MutationScan.created_at, MutationScan.id)
    )


def history_query(record_id: str) -> Select[*tuple[Any, ...]]:
    return (
        select(RecordEvent)
        .where(RecordEvent.record_id == record_id)
        .order_by(RecordEvent.at.desc(), RecordEvent.id.desc())
    )


def mauzas_query(tehsil_code: str) -> Select[*tuple[Any, ...]]:
    """Mauzas already used in the tehsil, for the entry form's completer."""
    return (
        select(M.mauza)
        .distinct()
        .where(M.tehsil_code == tehsil_code)
        .order_by(M.mauza)
        .limit(SUGGESTIONS_MAX)
    )


def khewats_query(tehsil_code: str, mauza: str) -> Select[*tuple[Any, ...]]:
    return (
        select(M.khewat_no)
        .distinct()
        .where(M.tehsil_code == tehsil_code, M.mauza == mauza)
        .order_by(M.khewat_no)
        .limit(SUGGESTIONS_MAX)
    )


def backlog_rows_query(district_code: str | None = None) -> Select[*tuple[Any, ...]]:
    """Per mutation: tehsil, clerk, status, when entered (for the backlog and its trend)."""
    stmt = select(M.id, M.tehsil_code, M.recorded_by, M.status, M.created_at)
    if district_code:
        stmt = stmt.where(M.district_code == district_code)
    return stmt


def closed_events_query() -> Select[*tuple[Any, ...]]:
    """When each mutation left the pending backlog (attested or rejected)."""
    return select(RecordEvent.record_id, RecordEvent.at).where(
        RecordEvent.record_type == "mutation",
        RecordEvent.command.in_(("attest_mutation", "reject_mutation")),
    )
