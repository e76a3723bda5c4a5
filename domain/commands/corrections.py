"""Correcting orders: how a final record (an issued licence, an attested mutation) is
changed at all.

Such a record refuses a plain edit (`records._refuse_final`, code `final`): it is an
order of the office. A mistake in it is put right by a correcting command of its
own, which is signed by the operator who makes it, allowed only to the roles that
may issue such orders (the command's `@command(roles=...)`), names its reason, and
leaves a history line holding every value before and after; the server's audit
chain holds the command itself (`server.audit`). `correct_fields` is the shared part
of those commands: `checked_changes` checks the changes before the record is read,
`correct_fields` applies them and writes the history line.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain.commands.args import Args, shown
from domain.commands.context import CommandContext, stamp
from domain.commands.events import log_event
from domain.commands.records import checked, plain
from domain.errors import ValidationError, msg

#: A correction's reason: what was wrong, and on whose authority it is put right.
REASON_MAX = 500


def correction_reason(a: Args) -> str:
    """The reason a correcting command must give (at most `REASON_MAX` characters)."""
    # Read as optional so that a missing reason gets this message, not the generic
    # "Reason is required.", whose field name no catalogue translates.
    reason = a.str("reason", required=False, max_len=REASON_MAX, multiline=True).strip()
    if not reason:
        raise ValidationError(
            msg("A correction needs its reason: what was wrong, on whose order."),
            field="reason",
        )
    return reason


def checked_changes(a: Args, table: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """The command's `changes` (field -> new value): only `allowed` fields, each value
    as its column of `table` stores it. Checked before the record is read, so a desk
    refuses what the server would."""
    changes = a.dict("changes")
    unknown = [f for f in changes if f not in allowed]
    if unknown:
        raise ValidationError(
            msg(
                "{fields} cannot be corrected here; a correction may change {allowed}.",
                fields=shown(", ".join(unknown), 200),
                allowed=", ".join(allowed),
            ),
            field=unknown[0][:40],
        )
    if not changes:
        raise ValidationError(msg("The correction changes nothing."), field="changes")
    return {field: checked(table, field, value) for field, value in changes.items()}


def correct_fields(
    ctx: CommandContext,
    a: Args,
    *,
    row: Any,
    changes: Mapping[str, Any],
    record_type: str,
    at: datetime,
    reason: str,
) -> dict[str, dict[str, Any]]:
    """Apply `changes` (from `checked_changes`) to `row` and log one history line with
    the values before and after and the `reason`. Returns {field: {"before", "after"}}
    of the fields that changed; a correction that changes nothing is refused."""
    changed: dict[str, dict[str, Any]] = {}
    for field, value in sorted(changes.items()):
        before = plain(getattr(row, field))
        if before == plain(value):
            continue
        setattr(row, field, value)
        changed[field] = {"before": before, "after": plain(value)}
    if not changed:
        raise ValidationError(msg("The correction changes nothing."), field="changes")
    stamp(row, ctx, at, new=False)
    log_event(
        ctx,
        record_id=row.id,
        record_type=record_type,
        command=a.name,
        at=at,
        summary=f"Corrected {', '.join(changed)}: {reason}",
        district_code=row.district_code,
        details={"corrected": changed, "reason": reason, "by": ctx.actor},
    )
    return changed


def mirrored(changed: Mapping[str, Mapping[str, Any]], names: Mapping[str, str]) -> dict[str, Any]:
    """The new values of `changed` under other names (`names`: field -> other field),
    for a record that repeats them (an application repeats its licence's holder)."""
    return {names[f]: c["after"] for f, c in changed.items() if f in names}
