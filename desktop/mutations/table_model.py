"""The mutation list: the record table (`desktop.record_table`) over mutations."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Select

from desktop.db import read_rows
from desktop.formatting import SYNC_LABELS, day, label
from desktop.i18n import N_
from desktop.mutations import queries
from desktop.mutations.queries import MutationFilter
from desktop.qt import QObject
from desktop.record_table import ID_ROLE, Column, RecordTableModel, SyncedRecordSource  # noqa: F401
from desktop.worker import DbWorker
from domain import reference
from domain.errors import NotFound
from domain.values import Area
from sync.store.local import LocalStore

#: What each state is called on the desk (the domain's states, MUTATION in domain.states).
MUTATION_STATUS_LABELS = {
    "recorded": N_("Awaiting verification"),
    "verified": N_("Awaiting attestation"),
    "returned": N_("Returned for correction"),
    "attested": N_("Attested"),
    "rejected": N_("Rejected"),
}

SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("mutation_no", N_("Mutation no."), latin=True, samples=("000000",)),
    Column("date", N_("Date"), latin=True, samples=("00-00-0000",)),
    Column("tehsil", N_("Tehsil"), samples=("Dera Ismail Khan",)),
    Column("mauza", N_("Mauza"), samples=("Pajaggi Payan",)),
    Column("type", N_("Type"), samples=("Inheritance",)),
    Column("khewat", N_("Khewat"), latin=True, samples=("0000/00",)),
    Column("area", N_("Area"), latin=True, samples=("00-00-0",)),
    Column("status", N_("Status"), samples=(N_("Awaiting attestation"),)),
    Column("clerk", N_("Entered by"), latin=True, samples=("clerk-name",)),
    Column("sync", N_("Sync"), samples=tuple(SYNC_LABELS.values())),
)
COLUMNS: tuple[tuple[str, str], ...] = tuple((c.key, c.title) for c in SOURCE_COLUMNS)


class Row(NamedTuple):
    id: str
    mutation_no: str
    date: str
    tehsil: str
    mauza: str
    type: str
    khewat: str
    area: str
    status: str
    clerk: str
    sync: str


def area_text(sarsai: int) -> str:
    """Kanal-marla-sarsai as the register writes it (2-5-3)."""
    k, m, s = Area(sarsai).kms
    return f"{k}-{m}-{s}"


def fetch_rows(store: LocalStore, ids: list[str]) -> list[Row]:
    found = {r[0]: r for r in read_rows(store, queries.rows_query(ids))}
    out = []
    for row_id in ids:
        r = found.get(row_id)
        if r is None:
            out.append(Row(row_id, "—", "", "", "", "", "", "", "", "", ""))
            continue
        out.append(
            Row(r[0], r[1], day(r[2]), r[3], r[4], r[5], r[6], area_text(r[7]), r[8], r[9], r[10])
        )
    return out


def tehsil_name(code: str, lang: str) -> str:
    try:
        return reference.tehsil(code).name(lang)
    except NotFound:
        return code


def type_name(code: str, lang: str) -> str:
    try:
        return reference.mutation_type(code).name(lang)
    except NotFound:
        return code


class MutationSource(SyncedRecordSource[Row]):
    columns = SOURCE_COLUMNS
    table = "mutations"

    def default_query(self) -> MutationFilter:
        return MutationFilter()

    def id_query(self, query: Any) -> Select[*tuple[Any, ...]]:
        return queries.id_query(query)

    def fetch_rows(self, store: LocalStore, ids: list[str]) -> list[Row]:
        return fetch_rows(store, ids)

    def display(self, row: Row, key: str, lang: str) -> str:
        if key == "tehsil":
            return tehsil_name(row.tehsil, lang)
        if key == "type":
            return type_name(row.type, lang)
        if key == "status":
            return label(MUTATION_STATUS_LABELS, row.status)
        return super().display(row, key, lang)


class MutationTableModel(RecordTableModel[Row]):
    def __init__(self, store: LocalStore, worker: DbWorker, parent: QObject | None = None):
        super().__init__(MutationSource(), store, worker, parent)
