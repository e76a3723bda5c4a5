"""The pull: a device's share of the change feed, one page at a time.

A page is read in one snapshot (a deferred SQLite transaction, REPEATABLE READ on
PostgreSQL), so its rows, its cursor and its checksum agree with each other. Since
change numbers become visible in order (`server.changes`), everything at or below
the page's last number is already visible: the cursor never passes a change.

This path moves a 500,000-row bootstrap, so it reads through the DBAPI cursor of the
page's transaction (plain tuples: no ORM objects, no Row objects) and lets the
database hand values over in their wire form (`sync/wire.py`): SQLite already stores
datetimes, dates and JSON as the text the client stores; PostgreSQL is asked for the
same text with `to_char` and casts. Only bytes are encoded in Python.

The HTTP pull goes one step further (`json_rows`): the database writes each row as
a JSON array itself (SQLite's `json_array`, PostgreSQL's `json_build_array`), and the
answer takes that text as it is (`RowTexts`, `server.page_body`). No Python object is made
per value: on SQLite that took a 500,000-application bootstrap's page reads from
8.9 s to ~5 s of server CPU. Tables with bytes columns keep the tuple path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    String,
    Table,
    and_,
    any_,
    bindparam,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from domain import reference
from domain.errors import NotFound
from domain.models import SYNCED_MODELS, Operator
from domain.roles import tables_for
from server.models import ChangeIndex
from server.row_cache import RowTextCache
from sync.protocol import PullPage, TablePage
from sync.wire import Encoder, binary_columns, encode_rows, table_encoders

log = logging.getLogger(__name__)
_index = ChangeIndex.__table__
TABLES: dict[str, Table] = {m.__tablename__: m.__table__ for m in SYNCED_MODELS}  # type: ignore[misc]
_ID_CHUNK = 5000  # well under SQLite's limit of bound parameters


def _base_type(col: Any) -> Any:
    t = col.type
    return t.impl if isinstance(t, TypeDecorator) else t


def _pg_wire(col: Any, prefix: str = "") -> str:
    """A PostgreSQL expression giving the column as the client's SQLite stores it."""
    t = _base_type(col)
    c = f'{prefix}"{col.name}"'
    if isinstance(t, DateTime):
        return f"to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    if isinstance(t, Date):
        return f"to_char({c}, 'YYYY-MM-DD')"
    if isinstance(t, JSON):
        return f"{c}::text"
    if isinstance(t, Boolean):
        return f"{c}::int"
    return c


@dataclass(frozen=True)
class _TablePlan:
    """How to read one table in wire form on one kind of database."""

    columns: list[str]
    sql: str  # SELECT ... WHERE id IN/ANY: the id placeholders follow
    python_encoders: list[tuple[int, Encoder]]  # (position, encoder) still to apply
    #: SELECT of one JSON array text per row, in the order of the ids it is given (a
    #: JSON array on SQLite, a text[] on PostgreSQL); None: rows need Python (bytes).
    json_sql: str | None = None
    #: PostgreSQL: the SELECT list of `json_sql` (for `_fetch_json_range`), over alias t.
    json_select: str | None = None
    #: PostgreSQL: (id, version, JSON text) of the ids it is given, in no order, for
    #: the worker's `RowTextCache` (`_cached_json_rows`).
    json_keyed_sql: str | None = None


#: SQLite's JSON functions are built in (and `->>` known) from 3.38 on.
_SQLITE_JSON = (3, 38, 0)


#: Columns the feed never sends, as (table, column): always empty on the wire. A
#: scan's bytes live in the blob store (`server.blobs`); a row written before
#: attachments, or by a desk sending `scan.content_b64`, may still hold them
#: (migration 0013 moves them out), and a bootstrap must not carry them.
NEVER_SENT = {("mutation_scans", "content")}


def _plan(table: Table, dialect: str, sqlite_version: tuple[int, ...] = ()) -> _TablePlan:
    names, encoders = table_encoders(table)
    blank = {i for i, n in enumerate(names) if (table.name, n) in NEVER_SENT}
    todo = [(i, encoders[i]) for i in binary_columns(table) if i not in blank]
    if dialect == "sqlite":  # the stored text comes back as it is
        cols = ", ".join("''" if i in blank else f'"{n}"' for i, n in enumerate(names))
        json_sql = None
        if not todo and sqlite_version >= _SQLITE_JSON:
            prefixed = ", ".join("''" if i in blank else f't."{n}"' for i, n in enumerate(names))
            json_sql = (
                f"SELECT json_array({prefixed}) FROM json_each(?) AS j "
                f'JOIN "{table.name}" AS t ON t."id" = j.value ORDER BY j.key'
            )
        return _TablePlan(
            names, f'SELECT {cols} FROM "{table.name}" WHERE "id" IN ', todo, json_sql
        )
    # The ids go as a binary array (`%b`): as text, psycopg checked every id with a
    # regular expression for quoting, about two seconds of a bootstrap's server CPU.
    cols = ", ".join("''" if i in blank else _pg_wire(c) for i, c in enumerate(table.columns))
    json_sql = json_select = json_keyed_sql = None
    if not todo:
        prefixed = ", ".join(
            "''" if i in blank else _pg_wire(c, "t.") for i, c in enumerate(table.columns)
        )
        json_select = f"SELECT json_build_array({prefixed})::text"
        # One key lookup per id (LATERAL ... LIMIT 1 keeps the planner from joining by
        # hash): with statistics behind a fast-growing table it chose to read the whole
        # table for a pull of a few hundred rows, 10 ms and more as the table grew.
        by_key = (
            f'CROSS JOIN LATERAL (SELECT * FROM "{table.name}" AS r WHERE r."id" = j.id '
            "LIMIT 1) AS t"
        )
        json_sql = (
            f"{json_select} FROM unnest(%b::text[]) WITH ORDINALITY AS j(id, n) "
            f"{by_key} ORDER BY j.n"
        )
        json_keyed_sql = (
            f'SELECT t."id", t."version", json_build_array({prefixed})::text '
            f"FROM unnest(%b::text[]) AS j(id) {by_key}"
        )
    return _TablePlan(
        names,
        f'SELECT {cols} FROM "{table.name}" WHERE "id" = ANY(%b)',
        todo,
        json_sql,
        json_select,
        json_keyed_sql,
    )


_PLANS: dict[tuple[str, str], _TablePlan] = {}


def plan_for(table: Table, dialect: str, sqlite_version: tuple[int, ...] = ()) -> _TablePlan:
    """The cached read plan of a table (built once per process and database kind)."""
    key = (table.name, dialect)
    if key not in _PLANS:
        _PLANS[key] = _plan(table, dialect, sqlite_version)
    return _PLANS[key]


def _plan_of(conn: Connection, table: Table) -> _TablePlan:
    dbapi = conn.dialect.dbapi
    version = tuple(getattr(dbapi, "sqlite_version_info", ())) if dbapi is not None else ()
    return plan_for(table, conn.dialect.name, version)


def _in_scope(col: Any, districts: Sequence[str], dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return col == any_(bindparam("districts", list(districts), type_=ARRAY(String)))
    return col.in_(list(districts))


def _raw_cursor(conn: Connection) -> Any:
    """The DBAPI cursor of the connection's open transaction (same snapshot).

    Rows come back as plain tuples: building SQLAlchemy Row objects and expanding
    5,000 bound ids per query cost more than the query itself on a bootstrap.
    """
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


def _fetch_rows(conn: Connection, table: Table, ids: list[str]) -> list[Any]:
    dialect = conn.dialect.name
    if dialect not in FAST_DIALECTS:  # any other database: Core, every encoder in Python
        stmt = select(table).where(table.c.id.in_(ids))
        encoded = encode_rows(table, [tuple(r) for r in conn.execute(stmt)])
        blank = [i for i, c in enumerate(table.columns) if (table.name, c.name) in NEVER_SENT]
        for values in encoded:
            for i in blank:
                values[i] = ""
        return encoded
    plan = _plan_of(conn, table)
    cur = _raw_cursor(conn)
    rows: list[Any] = []
    try:
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            if dialect == "sqlite":
                cur.execute(plan.sql + "(" + ",".join("?" * len(chunk)) + ")", chunk)
            else:
                cur.execute(plan.sql, (chunk,))
            rows.extend(cur.fetchall())
    finally:
        cur.close()
    if plan.python_encoders:
        encoded = []
        for r in rows:
            values = list(r)
            for i, enc in plan.python_encoders:
                values[i] = enc(values[i])
            encoded.append(values)
        return encoded
    return rows


FAST_DIALECTS = ("sqlite", "postgresql")


class RowTexts:
    """A table's rows of a page as the JSON texts the database wrote, one per row, in
    change order. `server.page_body` writes them into the answer as they are, in one
    JSON document or in lines of a few thousand rows."""

    __slots__ = ("texts",)

    def __init__(self, texts: list[str]):
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts)

    def fragment(self, start: int = 0, stop: int | None = None) -> orjson.Fragment:
        """Rows [start, stop) as the text of one JSON array, for `orjson.dumps`."""
        return orjson.Fragment("[" + ",".join(self.texts[start:stop]) + "]")


def _json_readable(conn: Connection, table: Table) -> bool:
    """Whether the database can write this table's rows as JSON (`_fetch_json_rows`)."""
    return conn.dialect.name in FAST_DIALECTS and _plan_of(conn, table).json_sql is not None


def _fetch_json_rows(conn: Connection, table: Table, ids: list[str]) -> RowTexts | None:
    """The rows of `ids`, in that order, as JSON texts made by the database (see
    `_json_readable`); None when the table holds none of them. Ids the table does not
    hold are left out, as `_fetch_rows` does."""
    plan = _plan_of(conn, table)
    assert plan.json_sql is not None
    cur = _raw_cursor(conn)
    try:
        if conn.dialect.name == "sqlite":
            cur.execute(plan.json_sql, (orjson.dumps(ids).decode(),))
        else:
            cur.execute(plan.json_sql, (ids,))
        parts = [text for (text,) in cur.fetchall()]
    finally:
        cur.close()
    return RowTexts(parts) if parts else None


def _cached_json_rows(
    conn: Connection,
    table: Table,
    ids: list[str],
    versions: Mapping[tuple[str, str], int],
    cache: RowTextCache,
) -> RowTexts | None:
    """`_fetch_json_rows` through the worker's cache (`server.row_cache`): the rows
    it holds at the version their entries name come from memory, the rest from the
    database by key, which the cache then keeps under the version the row has."""
    plan = _plan_of(conn, table)
    assert plan.json_keyed_sql is not None
    found = cache.take(table.name, [(i, versions[table.name, i]) for i in ids])
    missing = [i for i, text in zip(ids, found, strict=True) if text is None]
    if missing:
        cur = _raw_cursor(conn)
        try:
            cur.execute(plan.json_keyed_sql, (missing,))
            rows = cur.fetchall()
        finally:
            cur.close()
        cache.keep(table.name, rows)
        read = {row_id: text for row_id, _version, text in rows}
        found = [text if text is not None else read.get(i) for i, text in zip(ids, found)]
    texts = [text for text in found if text is not None]
    return RowTexts(texts) if texts else None


#: Server-only indexes (PostgreSQL, migration 0003) that `_fetch_json_range` reads by.
#: They are not in the shared models: the desks' stores have no use for them.
FEED_INDEXES = {name: f"ix_{name}_district_version" for name in TABLES}


def _fetch_json_range(
    conn: Connection, table: Table, districts: Sequence[str], after: int, upto: int, expected: int
) -> RowTexts | None:
    """A page's live rows of `table` on PostgreSQL, read by version instead of by id.

    A row's `version` is the number of its last change, which its change-index entry
    also holds: the rows in scope with a version in (`after`, `upto`] are exactly the
    page's live entries of the table, in change order. Read as a range of the
    (district, version) index (`FEED_INDEXES`), not as thousands of key lookups, a
    500,000-application bootstrap took 19.8 s instead of 26.3 s. If the count is not
    the `expected` one (a row written around the numbering), None: the caller reads
    the rows by id."""
    plan = _plan_of(conn, table)
    assert plan.json_select is not None
    sql = (
        f'{plan.json_select} FROM "{table.name}" AS t WHERE t."district_code" = ANY(%s) '
        'AND t."version" > %s AND t."version" <= %s ORDER BY t."version"'
    )
    cur = _raw_cursor(conn)
    try:
        cur.execute(sql, (list(districts), after, upto))
        parts = [text for (text,) in cur.fetchall()]
    finally:
        cur.close()
    if len(parts) != expected:
        # Expected where a page holds a person (or a row about one) whose own district
        # is not the device's (`server.scope`); anywhere else it is worth a look.
        (log.debug if table.name in PERSON_SCOPED else log.warning)(
            "%s: %d rows by version in (%d, %d], %d entries; read by id instead",
            table.name,
            len(parts),
            after,
            upto,
            expected,
        )
        return None
    return RowTexts(parts)


_COLS = "table_name, row_id, seq, deleted"


def _sqlite_entries_sql(
    districts: Sequence[str], cursor: int, limit: int, tables: Sequence[str] | None = None
) -> tuple[str, list[Any]]:
    """SQLite cannot merge several ranges of the (district, seq) index in seq order:
    for a few districts, read each range in order and merge; for many (a provincial
    desk), walk the seq index and filter, instead of sorting the whole remainder."""
    only = f" AND table_name IN ({','.join('?' * len(tables))})" if tables is not None else ""
    names = list(tables or ())
    if len(districts) == 1:
        return (
            f"SELECT {_COLS} FROM change_index WHERE district_code = ? AND seq > ?{only} "
            "ORDER BY seq LIMIT ?",
            [districts[0], cursor, *names, limit],
        )
    if len(districts) <= 4:
        part = (
            f"SELECT * FROM (SELECT {_COLS} FROM change_index WHERE district_code = ? "
            f"AND seq > ?{only} ORDER BY seq LIMIT ?)"
        )
        sql = " UNION ALL ".join([part] * len(districts)) + " ORDER BY seq LIMIT ?"
        params: list[Any] = [v for d in districts for v in (d, cursor, *names, limit)] + [limit]
        return sql, params
    sql = (
        f"SELECT {_COLS} FROM change_index WHERE +district_code IN "
        f"({','.join('?' * len(districts))}) AND seq > ?{only} ORDER BY seq LIMIT ?"
    )
    return sql, [*districts, cursor, *names, limit]


def _entries(
    conn: Connection,
    districts: Sequence[str],
    cursor: int,
    limit: int,
    tables: Sequence[str] | None = None,
) -> list[Any]:
    """(table, id, seq, deleted) of the next `limit` changes in scope, in order; only
    of `tables` when given."""
    dialect = conn.dialect.name
    if dialect not in FAST_DIALECTS:
        stmt = select(_index.c.table_name, _index.c.row_id, _index.c.seq, _index.c.deleted).where(
            _index.c.district_code.in_(list(districts)), _index.c.seq > cursor
        )
        if tables is not None:
            stmt = stmt.where(_index.c.table_name.in_(list(tables)))
        return list(conn.execute(stmt.order_by(_index.c.seq).limit(limit)).tuples())
    cur = _raw_cursor(conn)
    try:
        if dialect == "sqlite":
            cur.execute(*_sqlite_entries_sql(districts, cursor, limit, tables))
        elif tables is None:
            cur.execute(
                f"SELECT {_COLS} FROM change_index WHERE "
                "district_code = ANY(%s) AND seq > %s ORDER BY seq LIMIT %s",
                (list(districts), cursor, limit),
            )
        else:
            cur.execute(
                f"SELECT {_COLS} FROM change_index WHERE district_code = ANY(%s) "
                "AND seq > %s AND table_name = ANY(%s) ORDER BY seq LIMIT %s",
                (list(districts), cursor, list(tables), limit),
            )
        return cur.fetchall()
    finally:
        cur.close()


#: Tables whose rows may be in the scope of districts other than their own
#: (`server.scope`): their checksum counts change-index entries, not the table.
PERSON_SCOPED = ("persons", "field_conflicts", "record_events")


@dataclass(frozen=True)
class Reach:
    """What a device pulls: `tables` (None: every synced table) and, per kind of place
    ("tehsil", "prison"), the only places whose records it gets (a kind absent: every
    place of its districts)."""

    tables: list[str] | None
    places: dict[str, list[str]]


def _office_accounts(
    bind: Engine | Connection, office_code: str, district_codes: Sequence[str]
) -> list[tuple[list[str], dict[str, Any]]]:
    """(roles, scope) of the office's active accounts: those whose home office it is or
    whose scope names it. Read on `bind` when it is a connection (`pull_for_device`:
    the page's own snapshot), else on a connection of its own."""
    table = Operator.__table__
    query = select(table.c.office_code, table.c.scope, table.c.roles).where(
        table.c.district_code.in_(list(district_codes)), table.c.active.is_(True)
    )
    if isinstance(bind, Connection):
        rows = bind.execute(query).all()
    else:
        with bind.connect() as conn:
            rows = conn.execute(query).all()
    return [
        (list(held or []), dict(scope or {}))
        for home, scope, held in rows
        if home == office_code or office_code in ((scope or {}).get("offices") or [])
    ]


def reach_of_device(
    bind: Engine | Connection,
    office_code: str,
    district_codes: Sequence[str],
    *,
    unsigned: bool = False,
) -> Reach:
    """What a desk at `office_code` pulls (DESIGN.md "Identity, roles and audit").

    Tables: those the roles of the office's accounts need (`resources/reference/
    roles.json`), and always `operators`. An office with no account yet pulls the
    accounts list only: on a server that takes signed commands only, nobody can do
    anything at that desk until an account exists, so it has no business with any
    record, and a help desk enrolled before its accounts were made must not download a
    district's arms-licence applicants meanwhile. When the first account arrives (the
    `operators` row), the desk asks for the scope checksum at once and downloads what
    the account's roles need (`sync.engine`). A server that takes `unsigned` commands
    (`--unsigned-commands`: tests and old desks) has no accounts to go by: every table.

    Places: a tehsil office gets its own tehsil's mutations (`tehsils_for_office`); a
    desk whose mutation-keeping accounts are all limited to some tehsils gets those
    tehsils' mutations only (within the office's own, for a tehsil office); a desk
    whose visit-keeping accounts are all limited to some prisons gets those prisons'
    inmates, visitors, slots and bookings only. One keeper without such a limit
    widens the desk to every place of its districts (or of its tehsil office)."""
    accounts = _office_accounts(bind, office_code, district_codes)
    roles = {r for held, _scope in accounts for r in held}
    places: dict[str, list[str]] = {}
    tehsils = tehsils_for_office(office_code)
    if tehsils is not None:
        places["tehsil"] = tehsils
    if not roles:
        return Reach(None if unsigned else [Operator.__tablename__], places)
    wanted = tables_for(roles) | {Operator.__tablename__}
    scoped = _scoped_places(accounts, TEHSIL_TABLES, "tehsils")
    if scoped is not None:
        places["tehsil"] = sorted(set(scoped) & set(tehsils)) if tehsils is not None else scoped
    scoped = _scoped_places(accounts, PRISON_TABLES, "prisons")
    if scoped is not None:
        places["prison"] = scoped
    return Reach([name for name in TABLES if name in wanted], places)


def _scoped_places(
    accounts: list[tuple[list[str], dict[str, Any]]], tables: frozenset[str], kind: str
) -> list[str] | None:
    """The places of `kind` ("tehsils", "prisons") the accounts keeping `tables` are
    limited to, together; None when one of them is not limited (or none keeps them)."""
    keepers = [scope for held, scope in accounts if tables_for(held) & tables]
    if not keepers or not all(scope.get(kind) for scope in keepers):
        return None
    return sorted({place for scope in keepers for place in scope[kind]})


@dataclass(frozen=True)
class _Place:
    """How a table's rows name their place: `column` of the row itself, or of the
    `parent` table reached by the row's `link` column."""

    kind: str  # "tehsil" | "prison"
    column: str
    parent: str | None = None
    link: str | None = None


#: Tables whose rows belong to one place (a tehsil's mutations, a prison's visits).
PLACED: dict[str, _Place] = {
    "mutations": _Place("tehsil", "tehsil_code"),
    "mutation_parties": _Place("tehsil", "tehsil_code", "mutations", "mutation_id"),
    "mutation_scans": _Place("tehsil", "tehsil_code", "mutations", "mutation_id"),
    "inmates": _Place("prison", "prison_code"),
    "visit_slots": _Place("prison", "prison_code"),
    "approved_visitors": _Place("prison", "prison_code", "inmates", "inmate_id"),
    "visit_bookings": _Place("prison", "prison_code", "visit_slots", "slot_id"),
}
#: The tables of prison visits (an account that keeps them may be limited to prisons).
PRISON_TABLES = frozenset(name for name, place in PLACED.items() if place.kind == "prison")
#: The tables of mutations (an account that keeps them may be limited to tehsils).
TEHSIL_TABLES = frozenset(name for name, place in PLACED.items() if place.kind == "tehsil")


def tehsils_for_office(office_code: str) -> list[str] | None:
    """A tehsil office's desks pull their own tehsil's mutations only; None: every
    tehsil of their districts."""
    try:
        office = reference.office(office_code)
    except NotFound:
        return None
    return [office.tehsil_code] if office.kind == "tehsil_office" and office.tehsil_code else None


def _codes_for(name: str, places: Mapping[str, Sequence[str]] | None) -> Sequence[str] | None:
    """The places `name`'s rows are limited to, or None (not limited)."""
    place = PLACED.get(name)
    if place is None or not places:
        return None
    return places.get(place.kind)


def _place_filter(table: Table, name: str, codes: Sequence[str]) -> tuple[Any, Any]:
    """(FROM clause, condition) limiting `table` to rows of the places `codes`."""
    place = PLACED[name]
    if place.parent is None or place.link is None:
        return table, table.c[place.column].in_(list(codes))
    parent = TABLES[place.parent]
    return (
        table.join(parent, parent.c.id == table.c[place.link]),
        parent.c[place.column].in_(list(codes)),
    )


def _in_places(conn: Connection, name: str, ids: list[str], codes: Sequence[str]) -> list[str]:
    """The ids among `ids` whose rows are of the places `codes`, in their order."""
    table = TABLES[name]
    source, condition = _place_filter(table, name, codes)
    keep: set[str] = set()
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        keep.update(
            conn.execute(
                select(table.c.id).select_from(source).where(table.c.id.in_(chunk), condition)
            ).scalars()
        )
    return [i for i in ids if i in keep]


#: What a history line's `record_type` names, as the synced table of that record (a
#: type not listed is a table name itself, as `edit_record` writes it).
RECORD_TYPES = {
    "licence_application": "licence_applications",
    "mutation": "mutations",
    "visit_booking": "visit_bookings",
    "voucher": "vouchers",
    "licence": "licences",
    "inmate": "inmates",
}


def _event_types(tables: Sequence[str]) -> list[str]:
    """The `record_type`s of history lines about records of `tables`."""
    return [*tables, *(kind for kind, table in RECORD_TYPES.items() if table in tables)]


def _events_filter(
    tables: Sequence[str] | None, places: Mapping[str, Sequence[str]] | None
) -> ColumnElement[bool] | None:
    """Which history lines a desk gets: those about records of its `tables`, and of a
    record of a place-bound table (a mutation, an inmate, a visit) only those whose
    record is in its `places`. None: every line."""
    events = TABLES["record_events"]
    conditions: list[ColumnElement[bool]] = []
    if tables is not None:
        conditions.append(events.c.record_type.in_(_event_types(tables)))
    for name in PLACED:
        codes = _codes_for(name, places)
        if codes is None or (tables is not None and name not in tables):
            continue
        table = TABLES[name]
        source, condition = _place_filter(table, name, codes)
        conditions.append(
            or_(
                events.c.record_type.not_in(_event_types([name])),
                events.c.record_id.in_(select(table.c.id).select_from(source).where(condition)),
            )
        )
    return and_(*conditions) if conditions else None


def _types_alone(
    tables: Sequence[str] | None, places: Mapping[str, Sequence[str]] | None
) -> frozenset[str] | None:
    """The `record_type`s a desk's history lines are limited to, when that is all of
    `_events_filter` (no place limits them); else None. Then the lines' own texts
    tell (`_of_types`): a desk's pull of lines its worker keeps asks the database
    nothing (`server.row_cache`)."""
    if tables is None:
        return None
    if any(_codes_for(name, places) is not None and name in tables for name in PLACED):
        return None
    return frozenset(_event_types(tables))


def _of_types(table: Table, texts: RowTexts, types: frozenset[str]) -> RowTexts | None:
    """The history lines among `texts` whose `record_type` is one of `types`."""
    at = table_encoders(table)[0].index("record_type")
    keep = [text for text in texts.texts if orjson.loads(text)[at] in types]
    return RowTexts(keep) if keep else None


def _events_of(conn: Connection, ids: list[str], condition: ColumnElement[bool]) -> list[str]:
    """The history lines among `ids` that meet `condition` (`_events_filter`), in order.

    PostgreSQL: each id looked up by key (as `_fetch_json_rows` does), not an IN list
    the planner may test against every row of the table."""
    events = TABLES["record_events"]
    keep: set[str] = set()
    if conn.dialect.name == "postgresql":
        j = (
            func.unnest(bindparam("event_ids", ids, type_=ARRAY(String)))
            .table_valued("id")
            .render_derived(name="j")
        )
        hit = select(events.c.id).where(events.c.id == j.c.id, condition).limit(1).lateral("hit")
        keep.update(conn.execute(select(hit.c.id).select_from(j).join(hit, true())).scalars())
        return [i for i in ids if i in keep]
    for start in range(0, len(ids), _ID_CHUNK):
        keep.update(
            conn.execute(
                select(events.c.id).where(
                    events.c.id.in_(ids[start : start + _ID_CHUNK]), condition
                )
            ).scalars()
        )
    return [i for i in ids if i in keep]


def checksum(
    conn: Connection,
    districts: Sequence[str],
    tables: Sequence[str] | None = None,
    places: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[int]]:
    """Per synced table, [row count, sum of versions] of the rows in scope: what a
    device holding every change up to now must also count (DESIGN.md escape hatch).
    Only `tables` when given: a desk is not asked to count what it is not sent; only
    the rows of `places` (`Reach.places`) where given.

    A person-scoped table is counted from its change-index entries in scope (a
    row's entries all hold its version), each row once; every other table from its
    own `district_code`."""
    dialect = conn.dialect.name
    result: dict[str, list[int]] = {}
    for name, table in TABLES.items():
        if tables is not None and name not in tables:
            continue
        if name in PERSON_SCOPED:
            stmt = select(_index.c.row_id, _index.c.seq).where(
                _index.c.table_name == name,
                _index.c.deleted.is_(False),
                _in_scope(_index.c.district_code, districts, dialect),
            )
            events = _events_filter(tables, places) if name == "record_events" else None
            if events is not None:
                stmt = stmt.join(table, table.c.id == _index.c.row_id).where(events)
            if len(districts) > 1:
                stmt = stmt.distinct()
            rows = stmt.subquery()
            stmt = select(func.count(), func.coalesce(func.sum(rows.c.seq), 0))
        else:
            stmt = select(func.count(), func.coalesce(func.sum(table.c.version), 0)).where(
                _in_scope(table.c.district_code, districts, dialect)
            )
            codes = _codes_for(name, places)
            if codes is not None:
                source, condition = _place_filter(table, name, codes)
                stmt = stmt.select_from(source).where(condition)
        count, total = conn.execute(stmt).one()
        result[name] = [int(count), int(total)]
    return result


def read_page(
    conn: Connection,
    districts: Sequence[str],
    cursor: int,
    limit: int,
    with_checksum: bool = False,
    json_rows: bool = False,
    tables: Sequence[str] | None = None,
    places: Mapping[str, Sequence[str]] | None = None,
    cache: RowTextCache | None = None,
) -> PullPage:
    """The changes in `districts` after `cursor`, at most `limit`, in change order
    (of `tables` only and the rows of `places` only, when given: `Reach`).

    Run inside one transaction (see `pull`) so the page is one snapshot. With
    `json_rows`, a table's `rows` may be `RowTexts` (the rows' JSON texts, made by
    the database) instead of a list: such a page is for `server.page_body` only.
    With a `cache` too (PostgreSQL), a small page's texts go through it
    (`server.row_cache`).
    """
    only = tables
    entries = _entries(conn, districts, cursor, limit + 1, only)
    more = len(entries) > limit
    entries = entries[:limit]
    wanted: dict[str, list[str]] = {}
    deleted: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    versions: dict[tuple[str, str], int] = {}
    for table_name, row_id, seq, is_deleted in entries:
        versions[table_name, row_id] = seq
        if len(districts) > 1:  # a person served in two of the device's districts
            if (table_name, row_id) in seen:
                continue
            seen.add((table_name, row_id))
        if is_deleted:
            deleted.append([table_name, row_id])
        else:
            wanted.setdefault(table_name, []).append(row_id)
    page_tables: dict[str, TablePage] = {}
    for name, table in TABLES.items():  # parents before children, as the client applies
        ids = wanted.get(name)
        if not ids:
            continue
        kept = (
            cache is not None
            and json_rows
            and len(ids) <= cache.page_rows
            and conn.dialect.name == "postgresql"
            and _json_readable(conn, table)
        )
        narrowed = False
        codes = _codes_for(name, places)
        if codes is not None:
            ids, narrowed = _in_places(conn, name, ids, codes), True
        types = _types_alone(only, places) if kept and name == "record_events" else None
        events = _events_filter(only, places) if name == "record_events" else None
        if ids and events is not None and types is None:
            ids, narrowed = _events_of(conn, ids, events), True
        if not ids:
            continue
        if kept:
            assert cache is not None
            texts = _cached_json_rows(conn, table, ids, versions, cache)
            if texts is not None and types is not None:
                texts = _of_types(table, texts, types)
            if texts is not None:
                page_tables[name] = TablePage(columns=table_encoders(table)[0], rows=texts)  # type: ignore[typeddict-item]
            continue
        # A narrowed table's rows are fewer than its entries: read by id, not by range.
        if (
            not narrowed
            and json_rows
            and conn.dialect.name == "postgresql"
            and _json_readable(conn, table)
        ):
            texts = _fetch_json_range(conn, table, districts, cursor, int(entries[-1][2]), len(ids))
            if texts is not None:
                page_tables[name] = TablePage(columns=table_encoders(table)[0], rows=texts)  # type: ignore[typeddict-item]
                continue
        if json_rows and _json_readable(conn, table):
            texts = _fetch_json_rows(conn, table, ids)
            if texts is not None:  # else none of the ids is in the table any more
                page_tables[name] = TablePage(columns=table_encoders(table)[0], rows=texts)  # type: ignore[typeddict-item]
            continue
        rows = _fetch_rows(conn, table, ids)
        if rows:
            columns = table_encoders(table)[0]
            id_at = columns.index("id")
            order = {row_id: n for n, row_id in enumerate(ids)}
            rows.sort(key=lambda r: order[r[id_at]])
            page_tables[name] = TablePage(columns=columns, rows=rows)
    page = PullPage(
        cursor=int(entries[-1][2]) if entries else cursor,
        more=more,
        tables=page_tables,
        deleted=deleted,
        checksum=None,
    )
    if with_checksum and not more:
        page["checksum"] = checksum(conn, districts, only, places)
    return page


def pull(
    engine: Engine,
    districts: Sequence[str],
    cursor: int,
    limit: int,
    with_checksum: bool = False,
    json_rows: bool = False,
    tables: Sequence[str] | None = None,
    places: Mapping[str, Sequence[str]] | None = None,
    cache: RowTextCache | None = None,
) -> PullPage:
    """`read_page` in a read-only snapshot of its own. `engine` should be
    `server.db.read_only(engine)` so SQLite opens a deferred transaction. `tables` and
    `places`: the device's `Reach` (`reach_of_device`)."""
    with _snapshot(engine) as conn:
        return read_page(
            conn, districts, cursor, limit, with_checksum, json_rows, tables, places, cache
        )


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in a read-only transaction that sees one snapshot throughout
    (REPEATABLE READ on PostgreSQL), committed at the end."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn


def pull_for_device(
    engine: Engine,
    office_code: str,
    districts: Sequence[str],
    cursor: int,
    limit: int,
    with_checksum: bool = False,
    *,
    unsigned: bool = False,
    cache: RowTextCache | None = None,
) -> PullPage:
    """A desk's pull: its `Reach` and the page it bounds, both read in one snapshot.

    Why one: the reach read in a transaction of its own could see an account the page's
    snapshot does not (or miss one it sees), and it cost a second connection from the
    pool and two more round trips (BEGIN, ROLLBACK) on every pull, which under load is
    most rounds of a desk."""
    with _snapshot(engine) as conn:
        reach = reach_of_device(conn, office_code, districts, unsigned=unsigned)
        return read_page(
            conn, districts, cursor, limit, with_checksum, True, reach.tables, reach.places, cache
        )
