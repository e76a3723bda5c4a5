"""Field edits with field-level merge, and the resolution of field conflicts.

An edit carries the version of the row it was made on and the values it replaced.
Where the row has moved on, a field nobody else touched is still applied; a field
that both sides changed keeps the server's value and the losing value is stored in a
`FieldConflict` for an operator (DESIGN.md "Field conflicts").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.commands.args import Args, check_column_value, shown
from domain.commands.catalogue import command
from domain.commands.context import CommandContext, CommandResult, derived_id, stamp
from domain.commands.events import log_event
from domain.commands.lookups import added_rows, get_row
from domain.errors import ValidationError, msg
from domain.models import SYNCED_TABLES, FieldConflict
from domain.states import STATE_WORDS
from domain.values import Cnic, check_relation

#: Fields an operator may change by a plain edit; workflow fields (status, fees,
#: numbers) change only through their own commands.
EDITABLE: dict[str, tuple[str, ...]] = {
    "persons": (
        "name_en",
        "name_ur",
        "father_name_en",
        "father_name_ur",
        "relation",
        "address",
        "mobile",
        "date_of_birth",
    ),
    "licence_applications": ("applicant_name_en", "applicant_name_ur", "remarks", "bore"),
    "mutations": ("mauza", "khewat_no", "khatauni_no", "remarks"),
    "mutation_parties": ("name_en", "name_ur", "father_name"),
    "inmates": ("name_en", "name_ur", "father_name_en", "status"),
    "approved_visitors": ("name_en", "name_ur", "mobile", "relationship", "banned"),
}


def plain(value: Any) -> Any:
    """A column value as it travels in command arguments (JSON)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def checked(table: str, field: str, value: Any) -> Any:
    """`value` as the column stores it, refused as an argument would be (length,
    control characters, ISO date, type: `args.check_column_value`)."""
    if field == "cnic":
        return Cnic.parse(value).digits
    if table == "persons" and field == "relation":
        return check_relation(value, "")  # the person's gender is checked on the row
    return check_column_value(getattr(SYNCED_TABLES[table], field), field, value)


def _set(row: Any, table: str, field: str, value: Any) -> None:
    """Write a checked value (see `checked`)."""
    setattr(row, field, value)
    if table == "licence_applications" and field == "applicant_name_en":
        row.name_key = str(value).lower()


#: States after which a record is an order of the office: it is changed only by a
#: correcting command the audit shows, never edited in place.
FINAL_STATES = {
    "mutations": frozenset({"attested"}),
    "licence_applications": frozenset({"licence_issued"}),
}


def _refuse_final(ctx: CommandContext, table: str, row: Any) -> None:
    record, kind = row, table
    if table == "mutation_parties":
        record, kind = ctx.session.get(SYNCED_TABLES["mutations"], row.mutation_id), "mutations"
    state = getattr(record, "status", None)
    if record is not None and state in FINAL_STATES.get(kind, ()):
        raise ValidationError(
            msg(
                "This record is {state}; it can be changed only by a correcting order, not edited.",
                state=STATE_WORDS.get(str(state), state),
            ),
            code="final",
        )


#: Every role that keeps records at a desk: each edits only what its pull brings it.
EDITORS = (
    "licence_operator",
    "licence_officer",
    "mutation_clerk",
    "help_desk",
    "prison_staff",
    "supervisor",
)


def merge_fields(
    ctx: CommandContext,
    table: str,
    row: Any,
    changes: dict[str, Any],
    *,
    base_version: int,
    base_values: dict[str, Any],
    at: datetime,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Apply `changes` (field -> value as it travels) made on `base_version` of `row`,
    where the desk saw `base_values`; returns (applied, conflicts).

    On the server, if the row has moved on since, a field that was changed there too
    (its value is neither the one the desk saw nor the desk's) keeps the server's value
    and the desk's is kept in a `FieldConflict`; every other field is applied. On a
    desk the edit is simply applied: the server's answer decides.
    """
    applied: dict[str, Any] = {}
    conflicts: list[dict[str, Any]] = []
    moved_on = ctx.on_server and row.version != base_version
    their_author: str | None = None  # asked once, for the first conflict
    for field, ours in sorted(changes.items()):
        theirs = plain(getattr(row, field))
        if moved_on and field in base_values and theirs != base_values[field] and theirs != ours:
            if their_author is None:
                their_author = _last_author(ctx, row.id)
            conflict = FieldConflict(
                id=derived_id(ctx.command_id, "conflict", field),
                table_name=table,
                row_id=row.id,
                field=field,
                theirs=theirs,
                ours=ours,
                their_author=their_author,
                our_author=ctx.actor,
                command_id=ctx.command_id,
                status="open",
                district_code=row.district_code,
                office_code=ctx.office_code,
                sync_state="synced",
            )
            stamp(conflict, ctx, at, new=True)
            ctx.session.add(conflict)
            conflicts.append(
                {"field": field, "theirs": theirs, "ours": ours, "conflict_id": conflict.id}
            )
            continue
        _set(row, table, field, checked(table, field, ours))
        applied[field] = ours
    if applied:
        stamp(row, ctx, at, new=False)
    return applied, conflicts


@command("edit_record", roles=EDITORS)
def edit_record(ctx: CommandContext, a: Args) -> CommandResult:
    """Change some fields of a record, merging with edits made elsewhere meanwhile."""
    at = a.time()
    table = a.choice("table", tuple(EDITABLE))
    model = SYNCED_TABLES[table]
    changes = a.dict("changes")
    unknown = [f for f in changes if f not in EDITABLE[table]]
    if unknown:
        raise ValidationError(
            msg("{fields} cannot be edited here.", fields=shown(", ".join(unknown), 200)),
            field=unknown[0][:40],
        )
    if not changes:
        raise ValidationError(msg("Nothing was changed."))
    # Values are checked before the row is read: a desk refuses what the server would.
    changes = {field: plain(checked(table, field, value)) for field, value in changes.items()}
    row = get_row(ctx, model, a.id("row_id", model), table.rstrip("s").replace("_", " "))
    _refuse_final(ctx, table, row)
    if table == "persons" and "relation" in changes:
        person: Any = row
        check_relation(changes["relation"], person.gender or Cnic(person.cnic).gender)
    base_values = a.dict("base_values", required=False)
    base_version = a.int("base_version", required=False, default=row.version)
    applied, conflicts = merge_fields(
        ctx, table, row, changes, base_version=base_version, base_values=base_values, at=at
    )
    log_event(
        ctx,
        record_id=row.id,
        record_type=table,
        command=a.name,
        at=at,
        summary="Edited " + ", ".join(applied) if applied else "Edit conflicted",
        district_code=row.district_code,
        details={"changes": applied, "conflicts": [c["field"] for c in conflicts]},
    )
    changed = [(table, row.id)] + [("field_conflicts", c["conflict_id"]) for c in conflicts]
    return CommandResult(
        a.name,
        changed,
        "Saved" if not conflicts else "Saved with conflicts",
        {"conflicts": conflicts, "applied": applied},
    )


def _last_author(ctx: CommandContext, row_id: str) -> str:
    """Who wrote the record's newest history line: one written earlier in this
    transaction and not yet flushed, or one in the database.

    Read without an autoflush: on the server a group of commands is written in one
    flush, and a conflict on a busy applicant flushed the whole group so far for
    every conflicting field."""
    from sqlalchemy import select

    from domain.models import RecordEvent

    session = ctx.session
    with session.no_autoflush:
        stored = session.execute(
            select(RecordEvent.actor, RecordEvent.at)
            .where(RecordEvent.record_id == row_id)
            .order_by(RecordEvent.at.desc())
            .limit(1)
        ).first()
    newest = (stored.at, stored.actor) if stored is not None else None
    for obj in added_rows(session):
        if (
            isinstance(obj, RecordEvent)
            and obj.record_id == row_id
            and (newest is None or obj.at >= newest[0])
        ):
            newest = (obj.at, obj.actor)
    return (newest[1] if newest else None) or "unknown"


@command("resolve_conflict", roles=EDITORS)
def resolve_conflict(ctx: CommandContext, a: Args) -> CommandResult:
    """An operator keeps one side of a field conflict or types a third value."""
    at = a.time()
    conflict = get_row(ctx, FieldConflict, a.id("conflict_id", FieldConflict), "conflict")
    if conflict.status != "open":
        raise ValidationError(msg("This conflict was already resolved."), code="already_resolved")
    row = get_row(ctx, SYNCED_TABLES[conflict.table_name], conflict.row_id, "record")
    stored = checked(conflict.table_name, conflict.field, a.raw.get("value"))
    value = plain(stored)
    _set(row, conflict.table_name, conflict.field, stored)
    stamp(row, ctx, at, new=False)
    conflict.status = "resolved"
    conflict.resolution = value
    conflict.resolved_by = ctx.actor
    stamp(conflict, ctx, at, new=False)
    log_event(
        ctx,
        record_id=row.id,
        record_type=conflict.table_name,
        command=a.name,
        at=at,
        summary=f"Conflict on {conflict.field} resolved",
        district_code=row.district_code,
    )
    return CommandResult(
        a.name,
        [(conflict.table_name, row.id), ("field_conflicts", conflict.id)],
        "Conflict resolved",
    )


#: Records a refused step can be dismissed on: each is kept with its history.
DISMISSABLE = (
    "licence_applications",
    "persons",
    "mutations",
    "inmates",
    "approved_visitors",
    "visit_bookings",
    "vouchers",
)


@command("dismiss_rejection", roles=EDITORS)
def dismiss_rejection(ctx: CommandContext, a: Args) -> CommandResult:
    """An operator has read why a step was refused and lets it go, with a note.

    The refused step was never applied, so nothing else changes; the note goes in the
    record's history, where the next person to open the record reads what was decided
    (DESIGN.md principle 4: nothing is lost silently, not even a decision to drop)."""
    at = a.time()
    table = a.choice("record_type", DISMISSABLE)
    model = SYNCED_TABLES[table]
    row = get_row(ctx, model, a.id("record_id", model), "record")
    step = a.str("step", max_len=40)
    refused_id = a.str("refused_command_id", max_len=36)
    note = a.str("note", max_len=300)
    if not note.strip():
        raise ValidationError(
            msg("Write a note saying why the refused step is dismissed."), field="note"
        )
    log_event(
        ctx,
        record_id=row.id,
        record_type=table,
        command=a.name,
        at=at,
        summary=f"Refused step dismissed ({step}): {note.strip()}",
        district_code=row.district_code,
        details={"step": step, "refused_command_id": refused_id, "note": note.strip()},
    )
    return CommandResult(
        a.name, [("record_events", derived_id(ctx.command_id, "event", 0))], "Dismissed with a note"
    )
