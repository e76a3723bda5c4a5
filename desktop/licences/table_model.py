"""The licence list: the record table (`desktop.record_table`) over applications.

The generic part (ids streamed and packed, rows read in blocks and cached) lives in
the record table; this module says what an application row is, how its block is
read and how each cell reads, in English and Urdu.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import CompoundSelect, Select

from desktop.db import read_rows
from desktop.formatting import (
    KIND_LABELS,
    STATUS_LABELS,
    SYNC_LABELS,
    cnic,
    district_name,
    karachi_date,
    label,
)
from desktop.i18n import N_
from desktop.licences import queries
from desktop.licences.queries import LicenceFilter
from desktop.qt import QObject
from desktop.record_table import (  # noqa: F401  (sync_tooltip: imported from here elsewhere)
    Column,
    RecordTableModel,
    SyncedRecordSource,
    sync_tooltip,
)
from desktop.worker import DbWorker
from sync.store.local import LocalStore

SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("application_no", N_("Application no."), latin=True, samples=("PSH-26-S0000000",)),
    Column("applicant", N_("Applicant"), samples=("Muhammad Imran Khan", "محمد عمران خان")),
    Column("cnic", N_("CNIC"), latin=True, samples=("00000-0000000-0",)),
    Column("kind", N_("Kind"), samples=(N_("Renewal"), N_("New"))),
    Column("status", N_("Status"), samples=(N_("Voucher issued"), N_("Licence issued"))),
    Column("district", N_("District"), samples=("Dera Ismail Khan",)),
    Column("submitted", N_("Submitted"), latin=True, samples=("00-00-0000",)),
    Column("sync", N_("Sync"), samples=tuple(SYNC_LABELS.values())),
)
#: (key, English title) of each column, in order.
COLUMNS: tuple[tuple[str, str], ...] = tuple((c.key, c.title) for c in SOURCE_COLUMNS)


class Row(NamedTuple):
    """One application as the list shows it (formatted in the worker)."""

    id: str
    application_no: str
    name_en: str
    name_ur: str
    cnic: str
    kind: str
    status: str
    district: str
    submitted: str
    sync: str


def fetch_rows(store: LocalStore, ids: list[str]) -> list[Row]:
    """Rows for `ids`, in that order (worker thread). A row deleted meanwhile comes
    back blank rather than shifting the others."""
    found = {r[0]: r for r in read_rows(store, queries.rows_query(ids))}
    out = []
    for row_id in ids:
        r = found.get(row_id)
        if r is None:
            out.append(Row(row_id, "—", "", "", "", "", "", "", "", ""))
            continue
        out.append(
            Row(r[0], r[1], r[2], r[3], cnic(r[4]), r[5], r[6], r[7], karachi_date(r[8]), r[9])
        )
    return out


class LicenceSource(SyncedRecordSource[Row]):
    """Arms licence applications, newest first unless sorted or searched by name."""

    columns = SOURCE_COLUMNS
    table = "licence_applications"

    def default_query(self) -> LicenceFilter:
        return LicenceFilter()

    def id_query(self, query: Any) -> Select[*tuple[Any, ...]] | CompoundSelect:
        return queries.id_query(query)

    def fetch_rows(self, store: LocalStore, ids: list[str]) -> list[Row]:
        return fetch_rows(store, ids)

    def display(self, row: Row, key: str, lang: str) -> str:
        if key == "applicant":
            return (row.name_ur or row.name_en) if lang == "ur" else row.name_en
        if key == "kind":
            return label(KIND_LABELS, row.kind)
        if key == "status":
            return label(STATUS_LABELS, row.status)
        if key == "district":
            return district_name(row.district, lang)
        return super().display(row, key, lang)


class LicenceTableModel(RecordTableModel[Row]):
    """The record table over licence applications."""

    def __init__(self, store: LocalStore, worker: DbWorker, parent: QObject | None = None):
        super().__init__(LicenceSource(), store, worker, parent)
