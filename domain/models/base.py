"""Declarative base and the columns every synced row carries (DESIGN.md "Sync protocol").

`version` is the server's change sequence of the row's last change (0 = never seen by
the server); `district_code`/`office_code` are its scope; `sync_state` is what the
client shows beside the row (pending, synced, rejected, conflict) and is always
"synced" on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import manager_of_class
from sqlalchemy.sql import FromClause

from domain.ids import new_id, utcnow

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always hands back aware UTC values.

    SQLite keeps no zone, so without this a value read back would be naive and
    compare wrongly with `utcnow()`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        datetime: UtcDateTime(),
        date: Date(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        int: BigInteger().with_variant(Integer(), "sqlite"),
    }


class SyncedRow:
    """Mixin for every row that travels between devices and the server."""

    if TYPE_CHECKING:  # given by the declarative class each synced model also is
        __tablename__: Any
        __table__: ClassVar[FromClause]

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(default=0)
    district_code: Mapped[str] = mapped_column(String(8))
    office_code: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    sync_state: Mapped[str] = mapped_column(String(10), default="synced")


SYNC_STATES = ("pending", "synced", "rejected", "conflict")


def table_of(model: type[Any]) -> Table:
    """The `Table` a declarative model is mapped to (typed: `__table__` is declared
    as any `FromClause`, which `insert`/`update` and `.name` do not take)."""
    table = model.__table__
    assert isinstance(table, Table), f"{model.__name__} is not mapped to a Table"
    return table


#: (attribute, column key, Python-side default, whether None is a value to store)
_Column = tuple[str, str, Callable[[], Any] | None, bool]
_INSERT_COLUMNS: dict[type[Any], list[_Column]] = {}


def _insert_columns(model: type[Any]) -> list[_Column]:
    found = _INSERT_COLUMNS.get(model)
    if found is None:
        found = []
        for prop in sa_inspect(model).column_attrs:
            column = prop.columns[0]
            default: Any = column.default
            maker: Callable[[], Any] | None = None
            if default is not None and default.is_scalar:
                maker = partial(_same, default.arg)
            elif default is not None and default.is_callable:
                maker = partial(default.arg, None)
            found.append((prop.key, column.key, maker, bool(column.type.should_evaluate_none)))
        _INSERT_COLUMNS[model] = found
    return found


def _same(value: Any) -> Any:
    return value


_T = TypeVar("_T")
_ATTRIBUTES: dict[type[Any], frozenset[str]] = {}


def new_row(model: type[_T], **values: Any) -> _T:
    """`model(**values)` for a new row, without the per-attribute events of the
    declarative constructor (a sixth of the server's time for a new application).

    The object is as the constructor leaves it (transient, its values in its
    `__dict__`, no history to compare): a session's flush inserts every value there,
    and `flush_values` gives the server's bulk insert the same columns. Attributes set
    afterwards go through the ORM as usual. An unknown name is refused as the
    constructor refuses it."""
    known = _ATTRIBUTES.get(model)
    if known is None:
        known = _ATTRIBUTES[model] = frozenset(sa_inspect(model).attrs.keys())
    unknown = values.keys() - known
    if unknown:
        raise TypeError(f"{sorted(unknown)[0]!r} is an invalid keyword argument for {model}")
    manager = manager_of_class(model)
    obj: _T = manager.new_instance()
    obj.__dict__.update(values)
    return obj


def flush_values(obj: Any) -> dict[str, Any]:
    """The column values a session's flush inserts for a new `obj` (the server writes
    a group's new rows with one executemany per table instead): the values it holds,
    a None left out where the column's default (or NULL) stands for it, as the
    ORM's flush leaves it out, and each Python-side default of a column it lacks."""
    held = obj.__dict__
    out: dict[str, Any] = {}
    for attr, column, maker, none_is_value in _insert_columns(type(obj)):
        value = held.get(attr)
        if value is not None or (none_is_value and attr in held):
            out[column] = value
        elif maker is not None:
            out[column] = maker()
    return out


def parent_link(target: str) -> Any:
    """A many-to-one link to the row a foreign key names, declared only so that one
    flush holding both a new parent and its new child inserts the parent first.

    SQLAlchemy's unit of work orders INSERTs by relationships, never by foreign keys
    alone; without a link a command had to flush the parent by hand, and the server
    could not write a group of commands in one flush. Nothing sets or reads the link
    (the `*_id` column is what commands set); reading it raises instead of loading.
    """
    return relationship(target, lazy="raise")
