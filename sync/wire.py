"""How a row's values travel: in the exact form the client's SQLite stores them.

Datetimes go as naive-UTC "YYYY-MM-DD HH:MM:SS.ffffff", dates as "YYYY-MM-DD", JSON
columns as their JSON text, booleans as 0/1, bytes as base64. The client can then
insert a page with one `executemany` and no per-value conversion, which is what keeps
a first sync of 500,000 rows inside its budget.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, Date, LargeBinary, Table
from sqlalchemy.types import TypeDecorator

from domain.models.base import UtcDateTime

Encoder = Callable[[Any], Any]


def _datetime(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def _date(value: date | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # already JSON text (read raw from SQLite)
        return value
    return orjson.dumps(value).decode()


def _bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _bytes(value: bytes | None) -> str | None:
    return None if value is None else base64.b64encode(value).decode()


def _same(value: Any) -> Any:
    return value


def encoder_for(column_type: Any) -> Encoder:
    if isinstance(column_type, UtcDateTime):
        return _datetime
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl
    if isinstance(column_type, JSON):
        return _json
    if isinstance(column_type, Boolean):
        return _bool
    if isinstance(column_type, LargeBinary):
        return _bytes
    if isinstance(column_type, Date):
        return _date
    return _same


def table_encoders(table: Table) -> tuple[list[str], list[Encoder]]:
    """Column names of a synced table in wire order, and one encoder per column."""
    names = [c.name for c in table.columns]
    return names, [encoder_for(c.type) for c in table.columns]


def encode_rows(table: Table, rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    _, encoders = table_encoders(table)
    return [[enc(v) for enc, v in zip(encoders, row)] for row in rows]


def binary_columns(table: Table) -> list[int]:
    """Positions of bytes columns, which the client decodes from base64 on insert."""
    return [i for i, c in enumerate(table.columns) if isinstance(c.type, LargeBinary)]


def decode_binary(value: str | None) -> bytes | None:
    return None if value is None else base64.b64decode(value)


def dict_row_encoder(table: Table) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function turning a dict of column values into a storage-form tuple.

    Generated once per table so that encoding half a million rows costs one call per
    row, with conversions only on the columns that need them.
    """
    names, encoders = table_encoders(table)
    env: dict[str, Any] = {}
    parts = []
    for i, (name, enc) in enumerate(zip(names, encoders)):
        if enc is _same:
            parts.append(f"r[{name!r}]")
        else:
            env[f"e{i}"] = enc
            parts.append(f"e{i}(r[{name!r}])")
    code = f"def encode(r):\n    return ({', '.join(parts)},)\n"
    exec(code, env)
    return env["encode"]  # type: ignore[no-any-return]
