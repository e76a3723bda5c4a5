"""Writing a batch of local commands at once (a bulk import of register records).

A command with a batch form checks a slice of its commands by its own rules without
writing (`BULK_PLANNERS`: for `record_mutation`, the domain's
`plan_record_mutations`); `LocalStore.execute_many` then inserts the rows of the
whole slice with one Core executemany per table, instead of one ORM flush, one
savepoint and one outbox row at a time (30 ms an entry at 1,000 entries; an import
must take thousands of rows a second). The commands still go to the server one by
one, each signed, so the server applies and refuses them as if typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from domain.commands import CommandContext, CommandResult
from domain.commands.mutations import plan_record_mutations
from domain.errors import DomainError
from sync.store.client_models import ShadowRow

#: Commands checked and written per slice: the reads of what the store already holds
#: go in a few IN (...) queries per slice; progress and cancel are seen per slice.
BULK_SLICE = 500


class Planned(Protocol):
    """One command of a batch, checked: the values of the rows it writes, table by
    table (parents first), and the result it answers."""

    @property
    def result(self) -> CommandResult: ...

    def values(self) -> list[tuple[Table, dict[str, Any]]]: ...


Planner = Callable[
    [Session, Sequence[tuple[CommandContext, dict[str, Any]]]], Sequence[Planned | DomainError]
]

BULK_PLANNERS: dict[str, Planner] = {"record_mutation": plan_record_mutations}


def insert_rows(s: Session, writes: dict[Table, list[dict[str, Any]]]) -> None:
    """Insert the rows, one executemany per table (and set of columns), in the order
    the tables were first met (a parent before its children). A shadow already kept
    for a row stays (as `WriteTracker` keeps the first)."""
    conn = s.connection()
    for table, rows in writes.items():
        stmt = insert(table)
        if table.name == ShadowRow.__tablename__:
            stmt = stmt.prefix_with("OR IGNORE")
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for values in rows:
            shapes.setdefault(tuple(values), []).append(values)
        for same in shapes.values():
            conn.execute(stmt, same)
