"""What the inbox lists, read from the local store in one pass.

Three kinds of item, as the status bar's "Needs attention" counts them
(`LocalStore.attention_count`): a step the server refused (`rejected`), a step the
server applied with a field conflict (`answered`, kept until dismissed), and an open
field conflict with both values (`conflict`). Items are read with a bounded number
of queries whatever their count: labels of the records are looked up per table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from desktop.db import read_rows
from domain.commands import CommandResult
from domain.models import (
    SYNCED_TABLES,
    ApprovedVisitor,
    FieldConflict,
    LicenceApplication,
    Person,
    VisitBooking,
)
from sync.store.client_models import OutboxCommand
from sync.store.local import LocalStore

#: How a record is named in the list: its number, or a person's name.
LABEL_COLUMNS: dict[str, Any] = {
    "licence_applications": LicenceApplication.application_no,
    "persons": Person.name_en,
    "visit_bookings": VisitBooking.booking_no,
}


@dataclass
class InboxItem:
    """One thing waiting for a person. `key` is unique in the inbox."""

    key: str
    kind: str  # rejected | answered | conflict
    table: str
    record_id: str
    step: str  # the command's name
    at: datetime | None
    label: str = ""
    answer: dict[str, Any] = field(default_factory=dict)  # the server's answer (rejected)
    args: dict[str, Any] = field(default_factory=dict)
    command_id: str = ""
    # field conflicts
    conflict_id: str = ""
    field: str = ""
    theirs: Any = None
    ours: Any = None
    their_author: str = ""
    our_author: str = ""
    record_exists: bool = True
    #: a refused visit booking: the lead visitor's mobile, for the desk to call the family
    family_phone: str = ""


def _record_of(args: dict[str, Any], touched: list[Any] | None) -> tuple[str, str]:
    """The record a command is about: its id argument, else the first row it touched."""
    for key, table in (("application_id", "licence_applications"), ("row_id", "")):
        if isinstance(args.get(key), str):
            return (table or str(args.get("table", ""))), args[key]
    for table, row_id in touched or ():
        if table != "record_events":
            return str(table), str(row_id)
    return "", ""


def load_items(store: LocalStore, limit: int = 5000) -> list[InboxItem]:
    """Every item, newest first (at most `limit` of each kind)."""
    items: list[InboxItem] = []
    # Only the columns shown (never the signatures nor base versions), as plain rows:
    # the first open compiles and decodes a third of what whole entities cost.
    o, c = OutboxCommand, FieldConflict
    commands = read_rows(
        store,
        select(o.command_id, o.name, o.state, o.args, o.answer, o.touched)
        .add_columns(o.answered_at, o.client_time)
        .where(o.state.in_(("rejected", "conflict")))
        .order_by(o.device_seq.desc())
        .limit(limit),
    )
    for command_id, name, state, args, answer, touched, answered_at, client_time in commands:
        table, record_id = _record_of(args or {}, touched)
        items.append(
            InboxItem(
                key=f"cmd:{command_id}",
                kind="rejected" if state == "rejected" else "answered",
                table=table,
                record_id=record_id,
                step=name,
                at=answered_at or client_time,
                answer=dict(answer or {}),
                args=dict(args or {}),
                command_id=command_id,
            )
        )
    conflicts = read_rows(
        store,
        select(c.id, c.table_name, c.row_id, c.created_at, c.field, c.theirs, c.ours)
        .add_columns(c.their_author, c.our_author, c.command_id)
        .where(c.status == "open")
        .order_by(c.created_at.desc())
        .limit(limit),
    )
    for cid, table, row_id, created, fname, theirs, ours, their_by, our_by, cmd_id in conflicts:
        items.append(
            InboxItem(
                key=f"conflict:{cid}",
                kind="conflict",
                table=table,
                record_id=row_id,
                step="edit_record",
                at=created,
                conflict_id=cid,
                field=fname,
                theirs=theirs,
                ours=ours,
                their_author=their_by,
                our_author=our_by,
                command_id=cmd_id,
            )
        )
    _label(store, items)
    _family_phones(store, items)
    items.sort(key=lambda i: i.at or datetime.min, reverse=True)
    return items


def _label(store: LocalStore, items: list[InboxItem]) -> None:
    by_table: dict[str, set[str]] = {}
    for item in items:
        if item.table in SYNCED_TABLES and item.record_id:
            by_table.setdefault(item.table, set()).add(item.record_id)
    for table, ids in by_table.items():
        model = SYNCED_TABLES[table]
        column = LABEL_COLUMNS.get(table, model.id)
        found: dict[str, str] = {}
        id_list = sorted(ids)
        for start in range(0, len(id_list), 500):
            found.update(
                (r[0], str(r[1]))
                for r in read_rows(
                    store,
                    select(model.id, column).where(model.id.in_(id_list[start : start + 500])),
                )
            )
        for item in items:
            if item.table == table:
                item.record_exists = item.record_id in found
                item.label = found.get(item.record_id, "")
    for item in items:
        if not item.label:
            item.label = str(
                item.args.get("application_no") or item.args.get("booking_no") or item.record_id[:8]
            )


#: Refused steps about a visit booking: the desk calls the family to rebook.
VISIT_STEPS = ("book_visit", "move_visit", "cancel_visit")


def _family_phones(store: LocalStore, items: list[InboxItem]) -> None:
    """The family's phone on each refused visit step: the lead visitor's mobile on the
    inmate's approved list (one query for the bookings named, one for the visitors)."""
    visits = [i for i in items if i.kind == "rejected" and i.step in VISIT_STEPS]
    if not visits:
        return
    booking_ids = sorted({str(i.args["booking_id"]) for i in visits if i.args.get("booking_id")})
    known: dict[str, tuple[str, str]] = {}
    for start in range(0, len(booking_ids), 500):
        known.update(
            (r[0], (r[1], r[2]))
            for r in read_rows(
                store,
                select(
                    VisitBooking.id, VisitBooking.inmate_id, VisitBooking.lead_visitor_cnic
                ).where(VisitBooking.id.in_(booking_ids[start : start + 500])),
            )
        )
    wanted: dict[str, tuple[str, str]] = {}
    for item in visits:
        pair = known.get(str(item.args.get("booking_id")))
        if pair is None and isinstance(item.args.get("inmate_id"), str):
            lead = "".join(c for c in str(item.args.get("lead_visitor_cnic", "")) if c.isdigit())
            pair = (item.args["inmate_id"], lead)
        if pair is not None:
            wanted[item.key] = pair
    inmates = sorted({inmate for inmate, _ in wanted.values()})
    phones: dict[tuple[str, str], str] = {}
    for start in range(0, len(inmates), 500):
        phones.update(
            ((r[0], r[1]), str(r[2] or ""))
            for r in read_rows(
                store,
                select(
                    ApprovedVisitor.inmate_id, ApprovedVisitor.cnic, ApprovedVisitor.mobile
                ).where(ApprovedVisitor.inmate_id.in_(inmates[start : start + 500])),
            )
        )
    for item in visits:
        pair = wanted.get(item.key)
        item.family_phone = phones.get(pair, "") if pair else ""


def items_for_record(store: LocalStore, record_id: str) -> list[InboxItem]:
    """The open items about one record (the detail pane links to them)."""
    return [i for i in load_items(store) if i.record_id == record_id]


def resolve(store: LocalStore, actor: str, conflict_id: str, value: Any) -> CommandResult:
    return store.execute(
        "resolve_conflict", {"conflict_id": conflict_id, "value": value}, actor=actor
    )


def set_state(store: LocalStore, command_id: str, state: str, note: str = "") -> None:
    """Mark an answered command as dealt with (`dismissed`, or `resent` after a fix);
    it stays in the outbox, with the note, for the record's story."""
    with store.write_lock, store.sessions.begin() as s:
        cmd = s.scalars(select(OutboxCommand).where(OutboxCommand.command_id == command_id)).one()
        answer = dict(cmd.answer or {})
        if note:
            answer["dismissed_note"] = note
        s.execute(
            update(OutboxCommand)
            .where(OutboxCommand.command_id == command_id)
            .values(state=state, answer=answer)
        )


def dismiss(store: LocalStore, actor: str, item: InboxItem, note: str) -> CommandResult:
    """Dismiss a refused (or answered) step with a note: the note is a command on the
    record, so it reaches the record's history everywhere; a refused creation left no
    record to write on, and keeps its note in the outbox."""
    from domain.commands.records import DISMISSABLE

    if item.record_exists and item.table in DISMISSABLE and item.record_id:
        result = store.execute(
            "dismiss_rejection",
            {
                "record_type": item.table,
                "record_id": item.record_id,
                "step": item.step,
                "refused_command_id": item.command_id,
                "note": note,
            },
            actor=actor,
        )
    else:
        from domain.commands.args import check_text

        note = check_text(note, "note", limit=300)
        result = CommandResult("dismiss_rejection", [], "Dismissed with a note")
    set_state(store, item.command_id, "dismissed", note)
    return result
