"""Fetching the record a command acts on, with a clear message when it is missing."""

from __future__ import annotations

from typing import TypeVar

from domain.commands.context import CommandContext
from domain.errors import NotFound, msg

T = TypeVar("T")


#: The records commands look up, as words in messages (the interface translates them).
_WHAT_WORDS = {
    "application": msg("application"), "licence": msg("licence"), "licence holder": msg("licence holder"),
    "voucher": msg("voucher"), "mutation": msg("mutation"), "inmate": msg("inmate"),
    "visit slot": msg("visit slot"), "booking": msg("booking"), "conflict": msg("conflict"),
    "record": msg("record"),
    # edit_record names the table's row: persons -> "person" and so on
    "person": msg("person"), "licence application": msg("licence application"),
    "mutation party": msg("mutation party"), "approved visitor": msg("approved visitor"),
}


def get_row(ctx: CommandContext, model: type[T], row_id: str, what: str) -> T:
    row = ctx.session.get(model, row_id)
    if row is None:
        raise NotFound(msg("No {what} with id {id} is known here; it may not have synced yet.",
                           what=_WHAT_WORDS.get(what, what), id=row_id))
    return row
