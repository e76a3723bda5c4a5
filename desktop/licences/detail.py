"""The detail pane: every field of an application, its vouchers, its licence, its
sync state with the server's reason when it was refused, and its full history.

The history is the `record_events` rows of the record, newest first, with who did
what and when (Karachi time). A rejected or conflicting record says why, in the
server's own words from the outbox answer, and what the operator can do about it
(DESIGN.md principle 4: nothing is lost silently).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from desktop.db import read_rows
from desktop.detail_pane import RecordDetailPane, fields_table, history_html, names_html
from desktop.formatting import (
    DOCUMENT_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    SYNC_COLOURS,
    SYNC_LABELS,
    VALIDITY_LABELS,
    VOUCHER_LABELS,
    cnic,
    day,
    district_name,
    karachi_time,
    label,
    ltr,
    rupees,
    weapon_name,
)
from desktop.i18n import N_, error_text, tr
from desktop.licences import queries
from desktop.licences.actions import AppState
from desktop.qt import QWidget
from desktop.step_labels import STEP_LABELS
from domain.commands.licences import age_on
from domain.ids import to_karachi, utcnow
from sync.store.local import LocalStore

#: The person's name field as the detail names it, by the stored relation.
NAME_OF = {
    "son_of": N_("Father's name"),
    "daughter_of": N_("Father's name"),
    "wife_of": N_("Husband's name"),
    "": N_("Father's or husband's name"),
}
#: A licence's fields as a correction's history line names them.
CORRECTED_FIELDS: dict[str, str] = {
    "holder_name_en": N_("Name (English)"),
    "holder_name_ur": N_("Name (Urdu)"),
    "bore": N_("Bore"),
    "weapon_number": N_("Weapon number"),
    "weapon_make": N_("Make"),
}
#: The link from a refused or conflicting record to the inbox, where it is acted on.
INBOX_LINK = "daftar:inbox"

#: Tables whose rows the pane shows besides the application itself.
DETAIL_TABLES = ("persons", "vouchers", "licences", "record_events", "field_conflicts", "outbox")


@dataclass
class Detail:
    app: Any
    person: Any | None
    events: list[Any]
    vouchers: list[Any]
    licence: Any | None
    outbox: list[Any]

    @property
    def state(self) -> AppState:
        a = self.app
        return AppState(
            a.id,
            a.status,
            a.kind,
            a.weapon_type,
            a.bore,
            any(v.status == "unpaid" for v in self.vouchers),
            self.licence is not None,
        )


def load_detail(
    store: LocalStore, app_id: str, cancelled: Callable[[], bool] = lambda: False
) -> Detail | None:
    """Everything the pane shows, read in the worker (a handful of indexed lookups).

    `cancelled` is asked between the reads: a search typed while the pane of the last
    answer is being read stops the read at the next lookup (1-10 ms sooner) instead of
    waiting behind all of it; its answer would be dropped anyway (None then)."""
    apps = read_rows(store, queries.application_query(app_id))
    if not apps or cancelled():
        return None
    app = apps[0]
    persons = read_rows(store, queries.person_query(app.person_id))
    licences = read_rows(store, queries.licence_of_application_query(app))
    if cancelled():
        return None
    events = read_rows(store, queries.history_query(app_id))
    if licences:  # a correcting order is the licence's history: shown with the application's
        events += read_rows(store, queries.history_query(licences[0].id))
        events.sort(key=lambda e: (e.at, e.id), reverse=True)
    if cancelled():
        return None
    vouchers = read_rows(store, queries.vouchers_query(app_id))
    if cancelled():
        return None
    return Detail(
        app,
        persons[0] if persons else None,
        events,
        vouchers,
        licences[0] if licences else None,
        read_rows(store, queries.outbox_for_record_query(app_id)),
    )


def sync_advice(d: Detail) -> str:
    """The sync state in words: why, and what to do."""
    state = d.app.sync_state
    colour = SYNC_COLOURS.get(state, "#616161")
    parts = [f"<p><b style='color:{colour}'>● {escape(label(SYNC_LABELS, state))}</b></p>"]
    pending = [c for c in d.outbox if c.state == "pending"]
    if pending:
        parts.append(
            "<p>"
            + escape(
                tr("1 change saved on this computer will be sent at the next sync.")
                if len(pending) == 1
                else tr("{n} changes saved on this computer will be sent at the next sync.").format(
                    n=len(pending)
                )
            )
            + "</p>"
        )
    for c in d.outbox:
        answer = c.answer or {}
        step = label(STEP_LABELS, c.name)
        if c.state == "rejected":
            parts.append(
                "<p style='color:#b71c1c'>"
                + escape(
                    tr("The server refused “{step}”: {message}").format(
                        step=step, message=error_text(answer) or "?"
                    )
                )
                + "</p>"
            )
            parts.append(
                "<p>"
                + escape(
                    tr(
                        "What to do: the record shows what the server has. Correct the details and do "
                        "the step again; the refused step stays in the Inbox until it is dismissed."
                    )
                )
                + "</p>"
            )
        elif c.state == "conflict":
            fields = ", ".join(answer.get("fields") or []) or "?"
            parts.append(
                "<p style='color:#6a1b9a'>"
                + escape(
                    tr(
                        "Someone else changed {fields} at the same time as “{step}”. The server's value "
                        "stands and yours is kept beside it."
                    ).format(fields=fields, step=step)
                )
                + "</p>"
            )
            parts.append(
                "<p>"
                + escape(
                    tr(
                        "What to do: open the Inbox and keep one of the two values, or type the right "
                        "one."
                    )
                )
                + "</p>"
            )
    if state == "synced" and not d.outbox:
        parts.append("<p>" + escape(tr("The server has this record.")) + "</p>")
    return "".join(parts)


def _voucher_line(v: Any) -> str:
    number = f"PSID {ltr(v.psid)}" if v.psid else tr("provisional (no PSID yet)")
    parts = [
        number,
        rupees(v.amount_within_due_paisa),
        label(VOUCHER_LABELS, v.status),
        tr("due {date}").format(date=day(v.due_date)),
    ]
    if v.paid_at:
        parts.append(tr("paid on {time}").format(time=karachi_time(v.paid_at)))
    line = "<p>" + " · ".join(escape(p) for p in parts) + "</p>"
    if awaiting_activation(v):
        # What the printed challan says too: the bank answers "blocked" until then.
        line += (
            "<p style='color:#b71c1c'><b>"
            + escape(tr("Payable after this office's next sync — usually the same day."))
            + "</b></p>"
        )
    return line


def awaiting_activation(v: Any) -> bool:
    """An unpaid voucher whose PSID the server has not yet activated with the bank
    (it has not reached the server): the challan and the pane say so."""
    return (
        v.status == "unpaid"
        and v.psid is not None
        and not v.provisional
        and v.sync_state != "synced"
    )


def detail_html(d: Detail, lang: str) -> str:
    a, p = d.app, d.person
    age = ""
    if p is not None and p.date_of_birth:
        years = age_on(p.date_of_birth, to_karachi(utcnow()).date())
        age = f"{day(p.date_of_birth)} ({tr('age {n}').format(n=years)})"
    docs = ", ".join(label(DOCUMENT_LABELS, x) for x in (a.documents or []))
    weapon = a.weapon or {}
    head = (
        f"<h2 style='margin:0'>{escape(a.application_no)}</h2>"
        f"<p style='font-size:large'>{names_html(a.applicant_name_en, a.applicant_name_ur)}</p>"
        f"<p><b>{escape(label(STATUS_LABELS, a.status))}</b> · "
        f"{escape(label(KIND_LABELS, a.kind))}</p>"
    )
    rtl = lang == "ur"
    applicant = fields_table(
        [
            (tr("CNIC"), escape(cnic(a.cnic))),
            (
                # Whose name it is, as the stored relation says (W/O: the husband's).
                tr(NAME_OF.get(p.relation if p is not None else "", "Father's or husband's name")),
                names_html(p.father_name_en, p.father_name_ur) if p else "",
            ),
            (tr("Date of birth"), escape(age)),
            (tr("Mobile"), escape(p.mobile) if p else ""),
            (tr("Address"), escape(p.address) if p else ""),
            (tr("District"), escape(district_name(a.district_code, lang))),
        ],
        rtl,
    )
    application = fields_table(
        [
            (tr("Weapon"), escape(f"{weapon_name(a.weapon_type, lang)} {ltr(a.bore)}")),
            (
                tr("Weapon number"),
                escape(
                    " ".join(
                        x
                        for x in (weapon.get("weapon_number", ""), weapon.get("weapon_make", ""))
                        if x
                    )
                ),
            ),
            (tr("Validity"), escape(label(VALIDITY_LABELS, a.validity))),
            (tr("Fee"), escape(f"{rupees(a.fee_paisa)} ({a.fee_schedule_version})")),
            (tr("Documents"), escape(docs)),
            (tr("Submitted"), escape(karachi_time(a.submitted_at))),
            (tr("Verification"), escape(_verification(a.verification or {}))),
            (tr("Decision"), escape(_decision(a.decision or {}))),
            (tr("Remarks"), escape(a.remarks or "")),
        ],
        rtl,
    )
    sync = [f"<h3>{escape(tr('Sync'))}</h3>", sync_advice(d)]
    # A refusal or a conflict is the first thing to see; pending work is normal offline.
    needs_eye = a.sync_state in ("rejected", "conflict") or any(
        c.state in ("rejected", "conflict") for c in d.outbox
    )
    if needs_eye:
        sync.append(
            f"<p><a href='{INBOX_LINK}'>{escape(tr('Open its items in the Inbox'))}</a></p>"
        )
    body = [head] + (sync if needs_eye else [])
    body += [
        f"<h3>{escape(tr('Applicant'))}</h3>",
        applicant,
        f"<h3>{escape(tr('Application'))}</h3>",
        application,
    ]
    if d.vouchers:
        body += [f"<h3>{escape(tr('Vouchers'))}</h3>"] + [_voucher_line(v) for v in d.vouchers]
    if d.licence is not None:
        lic = d.licence
        body += [
            f"<h3>{escape(tr('Licence'))}</h3>",
            fields_table(
                [
                    (tr("Licence number"), escape(lic.licence_no)),
                    (tr("Issued"), escape(day(lic.issued_on))),
                    (tr("Valid until"), escape(day(lic.valid_until))),
                ],
                rtl,
            ),
        ]
    body += [
        f"<h3>{escape(tr('History'))}</h3>",
        history_html(d.events, STEP_LABELS, rtl, CORRECTED_FIELDS),
    ]
    body += [] if needs_eye else sync
    direction = "rtl" if lang == "ur" else "ltr"
    return f"<div dir='{direction}'>{''.join(body)}</div>"


def _verification(v: dict[str, Any]) -> str:
    if not v:
        return ""
    text = f"{v.get('agency', '')}: {v.get('result', '')}"
    return f"{text} — {v['remarks']}" if v.get("remarks") else text


def _decision(v: dict[str, Any]) -> str:
    if not v:
        return ""
    text = f"{v.get('decision', '')} ({v.get('by', '')})"
    return f"{text}: {v['reason']}" if v.get("reason") else text


class DetailPane(RecordDetailPane[Detail]):
    """Shows one application (`detail`, None when nothing is chosen)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            detail_html,
            N_("Choose an application in the list to see its details and history."),
            parent,
        )
