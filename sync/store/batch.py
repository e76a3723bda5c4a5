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

import json
from collections.abc import Callable, Sequence
from functools import cache
from json import encoder as json_encoder
from operator import itemgetter
from typing import Any, Protocol

from sqlalchemy import JSON, Date, DateTime, Dialect, Table
from sqlalchemy.orm import Session

from domain.commands import CommandContext, CommandResult
from domain.commands.mutations import plan_record_mutations
from domain.errors import DomainError
from domain.models.base import UtcDateTime
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

#: Each planner checks every command through `domain.commands.catalogue.checked`, as
#: the command itself runs (so an accepted command's arguments passed `check_plain`,
#: and `LocalStore` signs them without a JSON round trip).
BULK_PLANNERS: dict[str, Planner] = {"record_mutation": plan_record_mutations}


@cache
def plain_name(table: Table) -> str:
    """A table's name as an exact `str`, for a value written in a row (a shadow row's
    table). `Table.name` is a `quoted_name`, a str subclass the SQLite driver does not
    bind as it is: it asks the value for `__conform__`, which SQLAlchemy's
    `MemoizedSlots.__getattr__` answers after two more attribute look-ups, all three
    failing with an exception (measured: several percent of a bulk import's CPU)."""
    return str(table.name)


def insert_rows(s: Session, writes: dict[Table, list[dict[str, Any]]]) -> None:
    """Insert the rows, one executemany per table (and set of columns), in the order
    the tables were first met (a parent before its children). A shadow already kept
    for a row stays (as `WriteTracker` keeps the first).

    The rows go through the DBAPI cursor, each value through its column type's own
    bind processor (the one SQLAlchemy applies: JSON text, dates as the dialect writes
    them), so what is stored is what a Core insert stores; Core's per-row parameter
    handling was a sixth of an import's time."""
    conn = s.connection()
    dialect = conn.dialect
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for table, rows in writes.items():
            shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for values in rows:
                shapes.setdefault(tuple(values), []).append(values)
            for names, same in shapes.items():
                sql, filled = _statement(table, names, dialect)
                cursor.executemany(sql, [filled(v) for v in same])
    finally:
        cursor.close()


_Filler = Callable[[dict[str, Any]], list[Any]]
_STATEMENTS: dict[tuple[str, tuple[str, ...], str], tuple[str, _Filler]] = {}


def _statement(table: Table, names: tuple[str, ...], dialect: Dialect) -> tuple[str, _Filler]:
    """The INSERT of `table` for rows giving `names`, and the function making one row's
    parameters: the given values and, for a column not given, its Python-side default
    (as Core fills it), each through the column's bind processor."""
    key = (table.name, names, dialect.name)
    found = _STATEMENTS.get(key)
    if found is not None:
        return found
    given = [c for c in table.columns if c.key in names]
    defaulted = [
        c
        for c in table.columns
        if c.key not in names
        and c.default is not None
        and (c.default.is_scalar or c.default.is_callable)
    ]  # any other column: NULL or the database's default, as Core leaves it
    columns = given + defaulted
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    for n, c in enumerate(columns):
        process: Callable[[Any], Any] | None = c.type._cached_bind_processor(dialect)
        if process is not None and isinstance(c.type, DateTime | UtcDateTime | Date):
            process = _remembered(type(c.type), process)
        elif process is not None and isinstance(c.type, JSON):
            process = _json_text(c.type, dialect, process)
        if process is not None:
            processors.append((n, process))
    pick = itemgetter(*(c.key for c in given))
    defaults = [
        (c.default.arg, c.default.is_callable)  # type: ignore[union-attr]
        for c in defaulted
    ]
    prefix = "INSERT OR IGNORE" if table.name == ShadowRow.__tablename__ else "INSERT"
    quoted = ", ".join(f'"{c.name}"' for c in columns)
    sql = f'{prefix} INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" for _ in columns)})'

    single = len(given) == 1

    def filled(values: dict[str, Any]) -> list[Any]:
        row = [pick(values)] if single else list(pick(values))
        for arg, call in defaults:
            row.append(arg(None) if call else arg)
        for n, process in processors:
            row[n] = process(row[n])
        return row

    _STATEMENTS[key] = (sql, filled)
    return sql, filled


#: Times already written as text, per column type: the rows of one entry (the entry,
#: its parties, scans and events, created and updated) all carry its one time; and
#: days (a register's page repeats its date).
_TIMES: dict[type, dict[Any, Any]] = {}
_TIMES_MAX = 4096


def _remembered(kind: type, process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    memo = _TIMES.setdefault(kind, {})

    def remembered(value: Any) -> Any:
        found = memo.get(value, memo)
        if found is memo:
            if len(memo) >= _TIMES_MAX:
                memo.clear()
            found = memo[value] = process(value)
        return found

    return remembered


def _json_text(kind: JSON, dialect: Dialect, process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The JSON column's bind processor, made cheaper with the very same text: None
    (a new row's shadow, 4 an entry) is written once, and, where the dialect writes
    JSON with `json.dumps` as it is, the rest goes straight to the C encoder
    `json.dumps` builds anew on every call (same separators, ASCII escapes, NaN
    handling)."""
    null = process(None)
    make: Callable[..., Callable[[Any, int], Any]] | None = getattr(
        json_encoder, "c_make_encoder", None
    )
    if (
        make is None
        or getattr(dialect, "_json_serializer", None) is not None
        or kind.none_as_null is not False
        or kind._str_impl.bind_processor(dialect) is not None
    ):

        def known_null(value: Any) -> Any:
            return null if value is None else process(value)

        return known_null
    default = json.JSONEncoder().default
    encode = make(
        None, default, json_encoder.encode_basestring_ascii, None, ": ", ", ", False, False, True
    )
    join = "".join

    def dumped(value: Any) -> Any:
        if value is None:
            return null
        if value is JSON.NULL or type(value) not in (dict, list):
            return process(value)
        return join(encode(value, 0))

    return dumped
