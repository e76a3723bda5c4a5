"""The detail pane of a mutation: the entry, its parties and shares, taxes, who
entered, verified and attested it, and its full history (record_events)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from desktop.db import read_rows
from desktop.detail_pane import RecordDetailPane, fields_table, history_html, names_html
from desktop.formatting import SYNC_LABELS, day, label, ltr, rupees
from desktop.i18n import N_, tr
from desktop.mutations import queries
from desktop.mutations.table_model import MUTATION_STATUS_LABELS, area_text, tehsil_name, type_name
from desktop.qt import QWidget
from desktop.step_labels import STEP_LABELS
from sync.store.local import LocalStore

DETAIL_TABLES = ("mutation_parties", "record_events", "outbox")


@dataclass
class Detail:
    mutation: Any
    parties: list[Any]
    events: list[Any]


def load_detail(store: LocalStore, mutation_id: str) -> Detail | None:
    """Worker thread: the mutation with its parties and history."""
    found = read_rows(store, queries.mutation_query(mutation_id))
    if not found:
        return None
    parties = read_rows(store, queries.parties_query(mutation_id))
    events = read_rows(store, queries.history_query(mutation_id))
    return Detail(found[0], parties, events)


def _share(num: int | None, den: int | None) -> str:
    return "" if num is None or den is None else ltr(f"{num}/{den}")


def render(detail: Detail, lang: str) -> str:
    m, rtl = detail.mutation, lang == "ur"
    fields = fields_table(
        [
            (tr("Mutation no."), escape(ltr(m.mutation_no))),
            (tr("Date"), escape(day(m.mutation_date))),
            (tr("Status"), escape(label(MUTATION_STATUS_LABELS, m.status))),
            (tr("Tehsil"), escape(tehsil_name(m.tehsil_code, lang))),
            (tr("Mauza"), escape(m.mauza)),
            (tr("Type"), escape(type_name(m.mutation_type, lang))),
            (tr("Khewat"), escape(ltr(m.khewat_no))),
            (tr("Khatauni"), escape(ltr(m.khatauni_no))),
            (tr("Khasra nos."), escape(ltr(", ".join(str(k) for k in m.khasra_nos)))),
            (tr("Area"), escape(ltr(area_text(m.area_sarsai)))),
            (
                tr("Consideration"),
                escape(rupees(m.consideration_paisa)) if m.consideration_paisa else "",
            ),
            *[(str(t[1]), escape(rupees(int(t[2])))) for t in m.taxes],
            (tr("Entered by"), escape(m.recorded_by)),
            (tr("Verified by"), escape(m.verified_by or "")),
            (tr("Revenue officer"), escape(m.officer or "")),
            (tr("Order date"), escape(day(m.order_date)) if m.order_date else ""),
            (tr("Reason"), escape(m.order_reason)),
            (tr("Sync"), escape(label(SYNC_LABELS, m.sync_state))),
        ],
        rtl,
    )
    parties = []
    for p in detail.parties:
        role = tr("Transferor") if p.role == "transferor" else tr("Transferee")
        held = _share(p.held_num, p.held_den)
        held_text = " " + tr("(holds {share})").format(share=held) if held else ""
        parties.append(
            (
                role,
                names_html(p.name_en, p.name_ur)
                + f"<br>{escape(_share(p.share_num, p.share_den) + held_text)}",
            )
        )
    read_only = ""
    if m.status == "attested":
        read_only = f"<p style='color:#555'>{escape(tr('Attested: read-only. A correction is a new mutation.'))}</p>"
    return (
        f"<h3>{escape(tr('Mutation {number}').format(number=m.mutation_no))}</h3>{read_only}"
        f"{fields}<h4>{escape(tr('Parties'))}</h4>{fields_table(parties, rtl)}"
        f"<h4>{escape(tr('History'))}</h4>{history_html(detail.events, STEP_LABELS, rtl)}"
    )


class DetailPane(RecordDetailPane[Detail]):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(render, N_("Choose a mutation to see its entry and history."), parent)
