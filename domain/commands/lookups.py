"""Fetching the record a command acts on, with a clear message when it is missing."""

from __future__ import annotations

from typing import TypeVar

from domain.commands.context import CommandContext
from domain.errors import NotFound

T = TypeVar("T")


def get_row(ctx: CommandContext, model: type[T], row_id: str, what: str) -> T:
    row = ctx.session.get(model, row_id)
    if row is None:
        raise NotFound(f"No {what} with id {row_id} is known here; it may not have synced yet.")
    return row
