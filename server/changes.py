"""Numbering changes so that a pull's cursor can never skip one.

A plain sequence is wrong with concurrent writers: a transaction may take number 7,
another take 8 and commit first, and a device that pulls in between moves its cursor
past 7 before 7 is visible (DESIGN.md "Sync protocol"). Here numbers are taken at
the END of a transaction with `UPDATE feed_counter SET value = value + n RETURNING
value`: the counter row stays locked until commit, so the next transaction gets its
numbers only after this one is visible, and numbers become visible in order.

The counter is the one lock every writer takes, so on PostgreSQL it is taken LAST:
the transaction's rows are all written (and so all their row locks held) before it
asks for numbers, and from then to commit it only writes rows it already holds (their
versions, their change-index entries). A transaction holding the counter therefore
never waits for another one, and no deadlock can run through the counter; it is held
for a few statements and the commit. (Numbering rows before their flush saved the
UPDATE of their versions, but a flush that waited for a row lock while holding the
counter stalled every push on the server, and deadlocked with the holder of the row.)
SQLite serialises writers (BEGIN IMMEDIATE), so there rows are numbered before their
flush and go out with their own INSERT or UPDATE.

Every session made by `server.db.session_factory` collects the synced rows it writes
(an `after_flush` hook, where new rows already have their ids and the pending lists
still show what the flush did) and numbers them just before commit. Code that needs
the numbers before committing (the push answer carries them) calls `number_changes`.
A push group goes further (`prepare_numbers`, `server.push_commit`): it builds its
answers from each row's place in the numbering, and takes the counter, writes what
needs the numbers and commits in one pipeline, so no Python runs while the counter
is held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
    union,
    union_all,
    update,
)
from sqlalchemy.orm import Session, make_transient_to_detached, object_session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import Select, TextClause
from sqlalchemy.sql.visitors import iterate

from domain.commands.lookups import NEW_ROWS, READ_AHEAD, HeldRows, forget_added
from domain.ids import new_id
from domain.models import SYNCED_MODELS, Licence, LicenceApplication, Person, SyncedRow
from domain.models.base import flush_values, table_of
from server.db import insert_many, json_insert_sql, json_rows
from server.heads import CHANNEL, committed_here, notify_reset
from server.models import ChangeIndex, FeedCounter
from server.scope import plan_entries

_PENDING = "daftar_changes"
_WATCH = "daftar_watch"
_BEFORE_WATCH = "daftar_before_watch"
_ADDED = "daftar_watch_added"
_STAMPS = "daftar_watch_stamps"
_HEADS = "daftar_feed_heads"
_EFFECTS = "daftar_effects"
_STAMPED = "daftar_watch_stamped"
_NEW = NEW_ROWS
_ADD_ORDER = "daftar_add_order"
_ORDER = {m.__tablename__: i for i, m in enumerate(SYNCED_MODELS)}
_counter = table_of(FeedCounter)
_index = table_of(ChangeIndex)


@dataclass
class _Touched:
    table: str
    row_id: str
    district_code: str
    obj: Any
    deleted: bool


def track_changes(factory: sessionmaker[Session]) -> None:
    """Make every session of `factory` number the synced rows it commits."""
    event.listen(factory, "before_flush", _collect_deleted)
    event.listen(factory, "after_flush", _collect)
    event.listen(factory, "before_commit", _number_on_commit)
    event.listen(factory, "after_commit", _committed)
    event.listen(factory, "after_transaction_end", _forget)
    event.listen(factory, "transient_to_pending", _note_added)
    event.listen(factory, "before_flush", _effects_before_flush)
    event.listen(factory, "after_flush_postexec", _effects_after_flush)
    event.listen(factory, "do_orm_execute", _new_rows_before_query)


def _touched(obj: Any, deleted: bool) -> _Touched:
    return _Touched(obj.__tablename__, obj.id, obj.district_code, obj, deleted)


def _remember(session: Session, obj: Any, deleted: bool, *, watched: bool = True) -> None:
    pending: dict[tuple[str, str], _Touched] = session.info.setdefault(_PENDING, {})
    key = (obj.__tablename__, obj.id)
    pending[key] = _touched(obj, deleted)
    keys = session.info.get(_WATCH)
    if keys is not None and watched:
        keys.add(key)


def _collect_deleted(session: Session, _flush_context: Any, _instances: Any) -> None:
    # Before the DELETE runs, while the row can still be loaded for its district.
    batched = _STAMPS in session.info
    if batched:  # a flush in the middle of a command of a batch: count its rows first
        count_unflushed(session)
    for obj in session.deleted:
        if isinstance(obj, SyncedRow):
            _remember(session, obj, True, watched=not batched)


def _collect(session: Session, _flush_context: Any) -> None:
    # After the flush new rows have their ids; `new`/`dirty` still show what was written.
    # A batch counts rows before they are flushed (`watch(unflushed=True)`): a flush
    # writes earlier commands' rows too, which are not the watching command's.
    watched = _STAMPS not in session.info
    for obj in session.new:
        if isinstance(obj, SyncedRow):
            _remember(session, obj, False, watched=watched)
    for obj in session.dirty:
        if isinstance(obj, SyncedRow) and session.is_modified(obj, include_collections=False):
            _remember(session, obj, False, watched=watched)


def _number_on_commit(session: Session) -> None:
    # Fires before the commit's own flush, so `number_changes` flushes first; fires for
    # SAVEPOINT commits too (run_command uses one): number only at the real end.
    if not session.in_nested_transaction():
        number_changes(session)


def _forget(session: Session, transaction: Any) -> None:
    # A rolled-back (or committed) outer transaction leaves nothing to number.
    if transaction.parent is None:
        for key in (
            _PENDING,
            _WATCH,
            _BEFORE_WATCH,
            _ADDED,
            _STAMPS,
            _STAMPED,
            _HEADS,
            _EFFECTS,
            _NEW,
            _ADD_ORDER,
        ):
            session.info.pop(key, None)


def _committed(session: Session) -> None:
    heads = session.info.pop(_HEADS, None)
    if heads:
        committed_here(heads)


def _note_added(session: Session, obj: Any) -> None:
    order: dict[Any, int] = session.info.setdefault(_ADD_ORDER, {})
    order.setdefault(obj, len(order))
    held: HeldRows | None = session.info.get(_NEW)
    if held is not None and held.moving:  # a held row, already its command's
        return
    effects = session.info.get(_EFFECTS)
    if effects is not None:
        effects.adds += 1
    added = session.info.get(_ADDED)
    if added is not None and isinstance(obj, SyncedRow):
        added.append(obj)


def watch(session: Session, *, unflushed: bool = False) -> set[tuple[str, str]]:
    """A fresh set that collects the (table, id) of every synced row written from now
    on (until the next `watch`): several commands in one transaction can each tell
    which rows are theirs.

    Rows are counted when they are flushed. A caller that runs several commands
    before one flush passes `unflushed=True` and calls `count_unflushed` after each
    command: then a row counts as the command's if the command added it, deleted it,
    or changed it and gave it a new `updated_at` (every command stamps the rows it
    writes), also a row an earlier command of the batch added."""
    keys: set[tuple[str, str]] = set()
    session.info[_WATCH] = keys
    session.info[_BEFORE_WATCH] = dict(session.info.get(_PENDING, {}))
    if unflushed:
        session.info[_ADDED] = []
        # The stamps are noted as they are set (`_note_stamped`): comparing every
        # pending row's stamp before and after each command cost a group time that
        # grew with its size squared (a seventh of a push of new applications).
        session.info[_STAMPED] = []
        session.info[_STAMPS] = set(session._deleted)
    else:
        session.info.pop(_ADDED, None)
        session.info.pop(_STAMPED, None)
        session.info.pop(_STAMPS, None)
    return keys


def _note_stamped(target: Any, value: Any, oldvalue: Any, _initiator: Any) -> None:
    """A synced row's `updated_at` was set: a batch's watching command wrote it."""
    if value is oldvalue:
        return
    session = object_session(target)
    if session is not None:
        stamped = session.info.get(_STAMPED)
        if stamped is not None:
            stamped.append(target)


for _model in SYNCED_MODELS:
    event.listen(_model.updated_at, "set", _note_stamped)


@dataclass
class _Effects:
    """What the session held when a command started (or when a flush during it wrote
    only earlier commands' work), to tell afterwards whether it changed anything."""

    adds: int
    deleted: int
    modified: dict[Any, dict[str, Any]]
    changed: bool = False


_NEVER = object()


def _effects_now(session: Session, adds: int = 0) -> _Effects:
    # The ORM's own lists of pending deletions and of changed rows (their states):
    # the `deleted`/`dirty` properties build new sets and compare every attribute.
    return _Effects(
        adds,
        len(session._deleted),
        {state: dict(state.dict) for state in session.identity_map._modified},
    )


def _effects_differ(session: Session, before: _Effects) -> bool:
    if before.changed or len(session._deleted) != before.deleted:
        return True
    modified = session.identity_map._modified
    if len(modified) != len(before.modified):
        return True
    for state, values in before.modified.items():
        now = state.dict
        if state not in modified or len(now) != len(values):
            return True
        if any(now.get(key, _NEVER) is not value for key, value in values.items()):
            return True
    return False


def watch_effects(session: Session) -> None:
    """Start noting whether the command about to run changes anything in the session:
    a row added, deleted or changed (an attribute set to another object), before or
    after a flush it causes (`had_effects`)."""
    session.info[_EFFECTS] = _effects_now(session)


def had_effects(session: Session) -> bool:
    """True unless the command run since `watch_effects` left the session as it found
    it: then a refusal of it needs no savepoint to be undone. Stops watching."""
    before: _Effects | None = session.info.pop(_EFFECTS, None)
    return before is None or before.adds > 0 or _effects_differ(session, before)


def _effects_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    # A query of the command flushes the batch so far: it must not hide the command's
    # own changes, so whether it had made any is decided here, before they are written.
    before = session.info.get(_EFFECTS)
    if before is not None and not before.changed:
        before.changed = before.adds > 0 or _effects_differ(session, before)


def _effects_after_flush(session: Session, _context: Any) -> None:
    before = session.info.get(_EFFECTS)
    if before is not None and not before.changed:  # what it wrote was earlier commands'
        session.info[_EFFECTS] = _effects_now(session)


def count_unflushed(session: Session) -> set[tuple[str, str]]:
    """Add the rows written since `watch(unflushed=True)` to its set; returns the set."""
    keys: set[tuple[str, str]] = session.info[_WATCH]
    keys.update((obj.__tablename__, obj.id) for obj in session.info[_ADDED])
    keys.update((obj.__tablename__, obj.id) for obj in session.info[_STAMPED])
    before = session.info[_STAMPS]
    for state, obj in session._deleted.items():
        if state not in before and isinstance(obj, SyncedRow):
            keys.add((obj.__tablename__, obj.id))
    return keys


def unwatch(session: Session) -> None:
    """Stop collecting: the rows flushed from now on belong to no one command."""
    for key in (_WATCH, _ADDED, _STAMPED, _STAMPS):
        session.info.pop(key, None)


def discard(session: Session, keys: Iterable[tuple[str, str]]) -> None:
    """Forget rows a rolled-back savepoint wrote, so they are not numbered.

    A row that an earlier command of the same transaction wrote as well keeps that
    command's entry: its change still stands and must be numbered (forgetting it left
    the row at version 0 and out of every desk's feed)."""
    pending = session.info.get(_PENDING, {})
    before = session.info.get(_BEFORE_WATCH, {})
    for key in keys:
        if key in before:
            pending[key] = before[key]
        else:
            pending.pop(key, None)


def touched_rows(
    session: Session, keys: Iterable[tuple[str, str]] | None = None, *, flush: bool = True
) -> list[tuple[str, str, str, bool, Any]]:
    """(table, id, district_code, deleted, row) of the synced rows the open transaction
    wrote so far and still holds (rows of a rolled-back savepoint are left out);
    only those in `keys` when given. With `flush=False`, rows waiting for the next
    flush are included as they stand, and nothing is flushed."""
    if flush:
        held: HeldRows | None = session.info.get(_NEW)
        if held:
            held.write_now(session)
        session.flush()
        pending = session.info.get(_PENDING, {})
    else:
        pending = {
            k: t
            for k, t in session.info.get(_PENDING, {}).items()
            if inspect(t.obj).persistent or t.deleted
        }
        pending.update(_unflushed(session))
        pending.update(_new_rows(session))
    entries = pending.values() if keys is None else [pending[k] for k in keys if k in pending]
    if flush:
        entries = _live(entries)
    return [(t.table, t.row_id, t.district_code, t.deleted, t.obj) for t in entries]


def _live(entries: Iterable[_Touched], written: Iterable[Any] = ()) -> list[_Touched]:
    """The entries whose row the transaction still holds: written by a flush (or, the
    objects in `written`, by `_write_new_rows`) and not rolled back since."""
    inserted = {id(obj) for obj in written}
    live = []
    for t in entries:
        if id(t.obj) in inserted:
            live.append(t)
            continue
        state = inspect(t.obj)
        if (state.deleted or state.was_deleted) if t.deleted else state.persistent:
            live.append(t)
    return live


def number_changes(session: Session) -> dict[str, int]:
    """Give each row written in this transaction its change number; call last.

    Sets each row's `version` to its number and points its change-index entries at it
    (one per district whose desks receive the row: `server.scope`). From here to commit
    the feed counter is locked: commit promptly. Parents are numbered before children
    (the order of `SYNCED_MODELS`) so that a page boundary inside one transaction's
    changes never puts a child before its parent; deletions come last, children first.
    A person named in a district new to them is numbered again with the rows that
    follow them (`server.scope.plan_entries`). Returns {"table:id": number}.

    PostgreSQL: everything is flushed first, then the counter is taken (module
    docstring), then versions, index entries and the heads' notification go in one
    statement (`_number_after_flush`). SQLite: rows not flushed yet are numbered before
    the flush, so their number goes out with their own INSERT or UPDATE; rows flushed
    earlier get an UPDATE of their version. (The server writes a group of a hundred
    commands in one flush: an UPDATE per row after it was an eighth of a push.)
    """
    if session.get_bind().dialect.name == "postgresql":
        return _number_after_flush(session)
    flushed = session.info.pop(_PENDING, {})
    waiting = _unflushed(session)
    waiting.update(_new_rows(session))
    entries = [t for key, t in flushed.items() if key not in waiting]
    entries += waiting.values()
    if not entries:
        session.flush()
        return {}
    with session.no_autoflush:
        plan = plan_entries(session, [(t.table, t.obj, t.deleted) for t in entries])
    entries += [_touched(obj, False) for obj in plan.renumber]
    _sort(session, entries)
    conn = session.connection()
    first = allocate(conn, len(entries))
    numbers = {(t.table, t.row_id): first + n for n, t in enumerate(entries)}
    for key, t in waiting.items():
        if not t.deleted:
            t.obj.version = numbers[key]
    session.flush()
    written = _write_new_rows(session)
    session.info.pop(_PENDING, None)
    versions: dict[str, int] = {}
    by_table: dict[str, list[dict[str, Any]]] = {}
    index_rows = []
    followed = []
    for t in _live(entries, written):
        key = (t.table, t.row_id)
        seq = numbers[key]
        versions[f"{t.table}:{t.row_id}"] = seq
        for district in sorted(plan.of(t.table, t.obj, t.district_code)):
            index_rows.append(
                {
                    "table_name": t.table,
                    "row_id": t.row_id,
                    "seq": seq,
                    "district_code": district,
                    "deleted": t.deleted,
                }
            )
        if plan.spread(t.table, t.obj):
            followed.append(
                {"table_name": t.table, "row_id": t.row_id, "seq": seq, "deleted": t.deleted}
            )
        if not t.deleted and key not in waiting:
            by_table.setdefault(t.table, []).append({"b_id": t.row_id, "b_version": seq})
            set_committed_value(t.obj, "version", seq)
    for table, params in by_table.items():
        model_table = table_of(SYNCED_MODELS[_ORDER[table]])
        conn.execute(
            update(model_table)
            .where(model_table.c.id == bindparam("b_id"))
            .values(version=bindparam("b_version")),
            params,
        )
    upsert_index(conn, index_rows)
    move_all_entries(conn, followed)
    return versions


def _sort(session: Session, entries: list[_Touched]) -> None:
    """Parents before children, deletions last (children first); within a table the
    rows added in this transaction first, in the order they were added, then the
    others as they came. (Whether a new row was flushed with the session or inserted
    in bulk, `add_new`, or flushed early by a query, it gets the same number.)"""
    added: dict[Any, int] = session.info.get(_ADD_ORDER, {})

    def key(t: _Touched) -> tuple[bool, int, bool, int]:
        n = added.get(t.obj)
        return (
            t.deleted,
            -_ORDER[t.table] if t.deleted else _ORDER[t.table],
            n is None,
            n or 0,
        )

    entries.sort(key=key)


@dataclass
class Numbering:
    """The rows a transaction wrote, in the order they are numbered, before the feed
    counter is taken (PostgreSQL, `prepare_numbers`); or after it, on SQLite, where
    numbers are taken before the flush.

    `offsets` gives each row's place ("table:id" -> its number minus `first`). A push
    builds its answers and audit entries from the offsets while no lock is held, and
    `push_commit` takes the counter, writes everything that needs the numbers and
    commits in one pipeline (`numbering_ctes`)."""

    offsets: dict[str, int]
    first: int | None = None  # known once the counter is taken
    entries: list[_Touched] = field(default_factory=list)
    plan: Any = None
    #: New rows still to be inserted, by the numbering statement itself (`hold`):
    #: {(table, column names): their values}.
    new_rows: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = field(default_factory=dict)
    dialect: Any = None  # the session's, for the new rows' values (`_insert_numbered`)

    def versions(self, first: int) -> dict[str, int]:
        return {key: first + n for key, n in self.offsets.items()}


def prepare_numbers(session: Session, *, hold: bool = False) -> Numbering:
    """Write the transaction's rows and put them in number order, without taking the
    counter (PostgreSQL); SQLite takes its numbers here (`number_changes`).

    `hold`: the rows `add_new` holds are not written here but by the numbering
    statement (`numbering_ctes`), with their numbers: inserted here, each was written
    again by the numbering's UPDATE of its version, and with it every index entry of
    its row (`version` is in the feed's index), a third of that statement's work.
    Their keys cannot clash with another push's: new persons and claimed numbers are
    locked ahead (`server.apply.lock_in_order`), the rest are new ids."""
    if session.get_bind().dialect.name != "postgresql":
        return Numbering(number_changes(session), first=0)
    session.flush()
    if hold:
        written, new_rows = _take_held_values(session)
    else:
        written, new_rows = _write_new_rows(session), {}
    entries = _live(session.info.pop(_PENDING, {}).values())
    entries += [_touched(obj, False) for obj in written]
    if not entries:
        return Numbering({})
    with session.no_autoflush:
        plan = plan_entries(session, [(t.table, t.obj, t.deleted) for t in entries])
    if plan.renumber:
        _lock_rows(session, plan.renumber)
        entries += [_touched(obj, False) for obj in plan.renumber]
    _sort(session, entries)
    offsets = {f"{t.table}:{t.row_id}": n for n, t in enumerate(entries)}
    return Numbering(
        offsets, entries=entries, plan=plan, new_rows=new_rows, dialect=session.get_bind().dialect
    )


#: Takes `n` numbers and returns the first; the statement after it in the transaction
#: reads that first number back from the transaction's setting `daftar.first`
#: (`numbering_ctes`). The counter's row is made if a database lacks it.
TAKE_NUMBERS = (
    "WITH c AS (INSERT INTO feed_counter (id, value) VALUES (1, %(n)s) ON CONFLICT (id) "
    "DO UPDATE SET value = feed_counter.value + excluded.value RETURNING value) "
    "SELECT set_config('daftar.first', (value - %(n)s + 1)::text, true)::bigint FROM c"
)


def numbering_ctes(numbering: Numbering) -> tuple[str, list[Any], str]:
    """The common table expressions that, after `TAKE_NUMBERS` in the same
    transaction, set the versions of the numbered rows, insert or move their
    change-index entries (one per district whose desks receive the row: `server.scope`)
    and point every district's entry of a person-scoped row at its new number
    (`move_all_entries`); and the SELECT list item that queues the notification of the
    districts' new heads (`server.heads`). `f(first)` holds the first number: later
    expressions may read it.

    Run as a statement of its own after the counter is taken, so that its snapshot
    holds every transaction that committed before this one got the counter (a person's
    entry for a district another push added just before is moved too)."""
    # Each list travels as one JSON text (orjson): as arrays, psycopg dumped them
    # element by element in Python, 4% of a push.
    rows: list[dict[str, Any]] = []  # table, id, place of each live row
    index: list[dict[str, Any]] = []  # its entries, one per district
    followed: list[dict[str, Any]] = []
    plan = numbering.plan
    inserted = {
        (table, values["id"])
        for (table, _columns), batch in numbering.new_rows.items()
        for values in batch
    }
    for n, t in enumerate(numbering.entries):
        if not t.deleted and (t.table, t.row_id) not in inserted:
            rows.append({"t": t.table, "i": t.row_id, "o": n})
        for district in sorted(plan.of(t.table, t.obj, t.district_code)):
            index.append({"t": t.table, "i": t.row_id, "o": n, "d": district, "x": t.deleted})
        if plan.spread(t.table, t.obj):
            followed.append({"t": t.table, "i": t.row_id, "o": n, "x": t.deleted})
    tables = tuple(sorted({r["t"] for r in rows}, key=_ORDER.__getitem__))
    updates = "".join(
        f', v_{n} AS (UPDATE "{table}" AS r SET version = v.seq FROM v '
        f"WHERE v.t = '{table}' AND r.id = v.i)"
        for n, table in enumerate(tables)
    )
    params: list[Any] = [orjson.dumps(rows).decode(), orjson.dumps(index).decode()]
    sql = (
        "f AS (SELECT current_setting('daftar.first')::bigint AS first), "
        "v AS (SELECT x.t, x.i, f.first + x.o AS seq FROM f, "
        "json_to_recordset(%s::json) AS x(t text, i text, o bigint)), "
        "e AS (SELECT y.t, y.i, f.first + y.o AS seq, y.d, y.x AS del FROM f, "
        "json_to_recordset(%s::json) AS y(t text, i text, o bigint, d text, x boolean))"
        f"{updates}, "
        "ix AS (INSERT INTO change_index (table_name, row_id, seq, district_code, deleted) "
        "SELECT t, i, seq, d, del FROM e ON CONFLICT (table_name, row_id, district_code) "
        "DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted)"
    )
    batches = sorted(numbering.new_rows.items(), key=lambda item: _ORDER[item[0][0]])
    for k, ((table, columns), batch) in enumerate(batches):
        part, values = _insert_numbered(
            numbering.dialect, k, table, columns, batch, numbering.offsets
        )
        sql += part
        params.append(values)
    if followed:
        # The other districts' entries of the rows that follow a person; an entry the
        # INSERT above writes is left to it (a statement may change a row only once).
        # The LIMIT (the rows' own count) tells the planner how few rows there are: it
        # takes a function's rows for 100, and against a change index whose statistics
        # lag behind its growth it hashed them with a scan of the whole index table
        # (1,000+ pages a push in `bench.loadgen`) instead of looking each row up.
        sql += (
            ", fo AS (UPDATE change_index AS c SET seq = f.first + z.o, deleted = z.x "
            "FROM f, (SELECT * FROM json_to_recordset(%s::json) "
            "AS z(t text, i text, o bigint, x boolean) LIMIT %s) AS z "
            "WHERE c.table_name = z.t AND c.row_id = z.i AND NOT EXISTS (SELECT 1 FROM e "
            "WHERE e.t = z.t AND e.i = z.i AND e.d = c.district_code))"
        )
        params += [orjson.dumps(followed).decode(), len(followed)]
    notify = (
        f"(SELECT pg_notify('{CHANNEL}', string_agg(d || ':' || top, ',')) "
        "FROM (SELECT d, max(seq) AS top FROM e GROUP BY d) AS heads)"
    )
    return sql, params, notify


def _insert_numbered(
    dialect: Any,
    index: int,
    table_name: str,
    columns: tuple[str, ...],
    batch: list[dict[str, Any]],
    offsets: dict[str, int],
) -> tuple[str, str]:
    """A CTE inserting held rows of one table with their version (first + place).
    (Foreign keys are checked at the end of the statement, so the CTEs' order among
    themselves does not matter to them.)"""
    table = table_of(SYNCED_MODELS[_ORDER[table_name]])
    keys = [c for c in columns if c != "version"]
    sql, processors = json_insert_sql(
        dialect,
        table,
        keys,
        computed={"version": "f.first + x.o"},
        fields=["o bigint"],
        source="f, ",
    )
    rows = [
        {**{k: values[k] for k in keys}, "o": offsets[f"{table_name}:{values['id']}"]}
        for values in batch
    ]
    return f", n_{index} AS ({sql})", json_rows(rows, [*processors, None])


def numbered(session: Session, numbering: Numbering, first: int) -> dict[str, int]:
    """After the numbers were taken (`first`): the rows' versions as the ORM knows
    them, this worker's heads (raised after commit); returns {"table:id": number}."""
    numbering.first = first
    heads: dict[str, int] = {}
    plan = numbering.plan
    for n, t in enumerate(numbering.entries):
        if not t.deleted:
            set_committed_value(t.obj, "version", first + n)
        for district in plan.of(t.table, t.obj, t.district_code):
            heads[district] = max(heads.get(district, 0), first + n)
    session.info.setdefault(_HEADS, {}).update(heads)
    return numbering.versions(first)


def _number_after_flush(session: Session) -> dict[str, int]:
    """PostgreSQL: flush (every row lock taken), then the counter, then in one
    statement the versions and index entries of rows this transaction already holds
    and the notification of the new heads (module docstring; `numbering_ctes`).

    Rows numbered again because their person gained a district (`plan_entries`) were
    not written by this transaction: they are locked (in id order) before the counter
    too, so its holder never waits for a row."""
    numbering = prepare_numbers(session)
    if not numbering.entries:
        return {}
    conn = session.connection()
    first = conn.exec_driver_sql(TAKE_NUMBERS, {"n": len(numbering.entries)}).scalar_one()
    ctes, params, notify = numbering_ctes(numbering)
    conn.exec_driver_sql(f"WITH {ctes} SELECT {notify}", tuple(params))
    return numbered(session, numbering, int(first))


def _lock_rows(session: Session, objs: list[Any]) -> None:
    by_model: dict[Any, list[str]] = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj.id)
    for model in sorted(by_model, key=lambda m: _ORDER[m.__tablename__]):
        session.execute(
            select(model.id)
            .where(model.id.in_(sorted(by_model[model])))
            .order_by(model.id)
            .with_for_update(key_share=True)
        ).all()


def add_new(session: Session, obj: Any) -> None:
    """Keep a new synced row a command of a group creates (`CommandContext.add`) out of
    the session, to be written with the group's other new rows of its table in one
    INSERT when they are numbered (`_write_new_rows`): building and flushing them as
    ORM objects was half of a push of new applications.

    For everything else the row is as if added: it counts as the watching command's
    (`watch`, `had_effects`), the read-ahead knows it exists (`find_in`), the scope
    check (`touched_rows`) and the numbering see it. A command that looks it up gets
    it moved into the session (`_take_held`), so a change to it is written; a query
    that would have flushed it finds it written (`_new_rows_before_query`)."""
    if obj.id is None:
        obj.id = new_id()
    held = session.info.get(_NEW)
    if held is None:
        held = session.info[_NEW] = HeldRows(_write_held_now, _take_held)
    held[(obj.__tablename__, obj.id)] = obj
    _note_added(session, obj)
    forget_added(session, obj)


def _new_rows(session: Session) -> dict[tuple[str, str], _Touched]:
    """The rows `add_new` holds, not yet written."""
    return {key: _touched(obj, False) for key, obj in session.info.get(_NEW, {}).items()}


def _write_held_now(session: Session) -> None:
    """Write the held rows before their time (`HeldRows.write_now`): the session's own
    rows first (a held row may name one of them), then the held ones in bulk, which
    then join the session as rows loaded from the database, so that a change made to
    one later is written like any other and the numbering finds them written."""
    session.flush()
    written = _write_new_rows(session)
    pending = session.info.setdefault(_PENDING, {})
    for obj in written:
        pending[(obj.__tablename__, obj.id)] = _touched(obj, False)
        make_transient_to_detached(obj)
        session.add(obj)


def _take_held(session: Session, key: tuple[str, str]) -> None:
    """Move a held row into the session as an added row of the command that made it,
    after the held rows it names by a foreign key (the session's flush writes it
    before the held rows are inserted, so its parents must not stay behind)."""
    held: HeldRows = session.info[_NEW]
    obj = held.pop(key, None)
    if obj is None:
        return
    for fk in table_of(type(obj)).foreign_keys:
        parent = (fk.column.table.name, obj.__dict__.get(fk.parent.key))
        if parent in held:
            _take_held(session, parent)  # type: ignore[arg-type]
    held.moving = True
    try:
        session.add(obj)
    finally:
        held.moving = False


def _new_rows_before_query(state: Any) -> None:
    # A query autoflushes what was added before it; the rows held back must be seen
    # too (a later command that counts the bookings an earlier one made).
    session = state.session
    if not session.autoflush:
        return
    held: HeldRows | None = session.info.get(_NEW)
    tables = _read_tables(state.statement)
    if tables is None:  # text, a write: everything goes out first, as before
        if held:
            held.write_now(session)
        return
    states = [*session._new, *session.identity_map._modified, *session._deleted]
    pending = {table.name for state in states for table in state.mapper.tables}
    # A push group's query of tables it has not changed: what is waiting for the
    # group's flush cannot change its answer, so it waits. (A booking's look-up of
    # approved visitors flushed the group's edits so far: a tenth of a push's CPU.)
    skip = not tables & pending and session.info.get(READ_AHEAD) is not None
    if held:
        held_tables = {table for table, _row_id in held}
        flushed = bool(pending) and not skip
        if tables & held_tables or (flushed and _names_held(states, held_tables)):
            held.write_now(session)
            return
    if skip:
        state.update_execution_options(autoflush=False)


#: The tables a SELECT of each shape reads, by its SQLAlchemy cache key.
_READS: dict[Any, frozenset[str] | None] = {}


def _read_tables(statement: Any) -> frozenset[str] | None:
    """The tables a SELECT reads (its subqueries too); None for anything else.

    Found once per shape of statement: walking its whole tree on every query of a push
    group was 3% of a push's CPU. The shape is SQLAlchemy's cache key, which it works
    out (once per statement object) to find the compiled SQL anyway; values are not
    part of it, so one key stands for every run of a look-up."""
    if not isinstance(statement, Select):
        return None
    cache_key = statement._generate_cache_key()
    if cache_key is None:  # a statement SQLAlchemy does not cache
        return _walk(statement)
    try:
        return _READS[cache_key.key]
    except KeyError:
        pass
    if len(_READS) > 5000:  # shapes come from the code: bounded in practice
        _READS.clear()
    tables = _READS[cache_key.key] = _walk(statement)
    return tables


def _walk(statement: Select[Any]) -> frozenset[str] | None:
    tables = set()
    for element in iterate(statement):
        if isinstance(element, TextClause):
            return None
        if isinstance(element, Table):
            tables.add(element.name)
    return frozenset(tables)


def _names_held(states: list[Any], held_tables: set[str]) -> bool:
    """Whether a row waiting for the flush (`states`) names a held row's table by a
    foreign key (the flush would write it before its parent)."""
    return any(
        fk.column.table.name in held_tables
        for state in states
        for table in state.mapper.tables
        for fk in table.foreign_keys
    )


def _take_held_values(
    session: Session,
) -> tuple[list[Any], dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]]]:
    """Take the rows `add_new` holds: the objects, and their column values by table
    and set of columns (each object now holds them too)."""
    held = session.info.get(_NEW)
    if not held:
        return [], {}
    objs = list(held.values())
    held.clear()
    batches: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for obj in objs:
        values = flush_values(obj)
        # the object holds what its row holds (defaults too): nothing to load back
        # (the synced models name their attributes as their columns)
        obj.__dict__.update(values)
        batches.setdefault((obj.__tablename__, tuple(values)), []).append(values)
    return objs, batches


def _write_new_rows(session: Session) -> list[Any]:
    """Insert the rows `add_new` holds, one executemany per table and set of columns,
    parents first (the order of `SYNCED_MODELS`), after the session's flush (a held
    row may name a person the flush writes); returns them."""
    objs, batches = _take_held_values(session)
    if not objs:
        return []
    conn = session.connection()
    for (table, _columns), rows in sorted(batches.items(), key=lambda item: _ORDER[item[0][0]]):
        insert_many(conn, table_of(SYNCED_MODELS[_ORDER[table]]), rows)
    return objs


def _unflushed(session: Session) -> dict[tuple[str, str], _Touched]:
    """The synced rows the next flush will write (added, changed or deleted)."""
    written: list[_Touched] = []
    for obj in session.new:
        if isinstance(obj, SyncedRow):
            if obj.id is None:
                obj.id = new_id()
            written.append(_touched(obj, False))
    written += [
        _touched(obj, False)
        for obj in session.dirty
        if isinstance(obj, SyncedRow) and session.is_modified(obj, include_collections=False)
    ]
    written += [_touched(obj, True) for obj in session.deleted if isinstance(obj, SyncedRow)]
    return {(t.table, t.row_id): t for t in written}


def allocate(conn: Connection, n: int) -> int:
    """Take `n` consecutive change numbers; returns the first. Holds the counter's row
    lock until the caller's transaction ends (that is the point)."""
    if n < 1:
        raise ValueError("allocate needs n >= 1")
    stmt = (
        update(_counter)
        .where(_counter.c.id == 1)
        .values(value=_counter.c.value + n)
        .returning(_counter.c.value)
    )
    last = conn.execute(stmt).scalar()
    if last is None:  # a database created without the migration's counter row
        conn.execute(insert(_counter).values(id=1, value=0))
        last = conn.execute(stmt).scalar_one()
    return int(last) - n + 1


_PG_UPSERT_INDEX = (
    "INSERT INTO change_index (table_name, row_id, seq, district_code, deleted) "
    "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[], %s::varchar[], "
    "%s::boolean[]) ON CONFLICT (table_name, row_id, district_code) DO UPDATE SET "
    "seq = excluded.seq, deleted = excluded.deleted"
)


def upsert_index(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert or move change-index entries (one per row and district whose desks
    receive it, holding the row's latest change)."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect == "postgresql":
        # One statement over arrays: psycopg's executemany sends a row at a time, and
        # a group's hundreds of entries were a fifth of a push.
        conn.exec_driver_sql(
            _PG_UPSERT_INDEX,
            tuple(
                [row[c] for row in rows]
                for c in ("table_name", "row_id", "seq", "district_code", "deleted")
            ),
        )
        return
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        for row in rows:
            conn.execute(
                delete(_index).where(
                    _index.c.table_name == row["table_name"],
                    _index.c.row_id == row["row_id"],
                    _index.c.district_code == row["district_code"],
                )
            )
        conn.execute(insert(_index), rows)
        return
    stmt = dialect_insert(_index)
    stmt = stmt.on_conflict_do_update(
        index_elements=[_index.c.table_name, _index.c.row_id, _index.c.district_code],
        set_={"seq": stmt.excluded.seq, "deleted": stmt.excluded.deleted},
    )
    conn.execute(stmt, rows)


def move_all_entries(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Point every entry of each person-scoped row at its new change number, in every
    district, also one that a transaction committed after this one read the person's
    districts (it committed before this one took the counter, so this UPDATE sees it):
    no district is left holding an older number of the row, which its desks would
    never be sent again."""
    if not rows:
        return
    conn.execute(
        update(_index)
        .where(_index.c.table_name == bindparam("b_table"), _index.c.row_id == bindparam("b_row"))
        .values(seq=bindparam("b_seq"), deleted=bindparam("b_deleted")),
        [
            {
                "b_table": r["table_name"],
                "b_row": r["row_id"],
                "b_seq": r["seq"],
                "b_deleted": r["deleted"],
            }
            for r in rows
        ],
    )


def _index_person_scopes(conn: Connection) -> None:
    """Entries for the districts a person is served in beyond their own (the districts
    of the applications and licences that name them), for the person and for the rows
    that follow them (`server.scope`)."""
    persons = Person.__table__
    named = union(
        *[
            select(m.__table__.c.person_id, m.__table__.c.district_code)  # type: ignore[attr-defined]
            for m in (LicenceApplication, Licence)
        ]
    ).subquery()
    columns = ["table_name", "row_id", "seq", "district_code", "deleted"]
    conn.execute(
        insert(_index).from_select(
            columns,
            select(
                literal("persons"),
                persons.c.id,
                persons.c.version,
                named.c.district_code,
                literal(False),
            )
            .join(named, named.c.person_id == persons.c.id)
            .where(named.c.district_code != persons.c.district_code),
        )
    )
    links = _index.alias("links")
    for model, about, kind in (
        ("field_conflicts", "row_id", "table_name"),
        ("record_events", "record_id", "record_type"),
    ):
        t = SYNCED_MODELS[_ORDER[model]].__table__  # type: ignore[attr-defined]
        conn.execute(
            insert(_index).from_select(
                columns,
                select(literal(model), t.c.id, t.c.version, links.c.district_code, literal(False))
                .join(links, links.c.row_id == t.c[about])
                .where(
                    links.c.table_name == "persons",
                    t.c[kind] == "persons",
                    links.c.district_code != t.c.district_code,
                ),
            )
        )


def current_seq(conn: Connection) -> int:
    """The last change number handed out (0 on an empty server)."""
    return int(conn.execute(select(_counter.c.value).where(_counter.c.id == 1)).scalar() or 0)


def reindex_all(conn: Connection) -> int:
    """Rebuild the change index from the synced tables' `version` columns.

    For bulk seeding, which writes rows (with versions) directly, bypassing commands.
    Rows whose version is 0 or shared with another row get fresh numbers above the
    highest in use, so every number again belongs to one row. Tombstones are kept.
    Sets the counter to the highest number and returns it. Run it in the seeding
    transaction, while no device is pulling.
    """
    tables = [table_of(m) for m in SYNCED_MODELS]
    conn.execute(delete(_index).where(_index.c.deleted.is_(False)))
    for t in tables:  # a tombstone whose row exists again is stale
        conn.execute(
            delete(_index).where(_index.c.table_name == t.name, _index.c.row_id.in_(select(t.c.id)))
        )
    every = union_all(
        *[select(t.c.version.label("v")) for t in tables],
        select(_index.c.seq.label("v")),
    ).subquery()
    clashing = set(
        conn.execute(select(every.c.v).group_by(every.c.v).having(func.count() > 1)).scalars()
    )
    top = int(conn.execute(select(func.max(every.c.v))).scalar() or 0)
    top = max(top, current_seq(conn))
    for t in tables:
        stale = t.c.version <= 0
        if clashing:
            stale = stale | t.c.version.in_(sorted(clashing))
        ids = list(conn.execute(select(t.c.id).where(stale).order_by(t.c.id)).scalars())
        if ids:
            params = [{"b_id": i, "b_version": top + n + 1} for n, i in enumerate(ids)]
            top += len(ids)
            conn.execute(
                update(t).where(t.c.id == bindparam("b_id")).values(version=bindparam("b_version")),
                params,
            )
    if clashing:  # a tombstone that shared its number with a row gets a fresh one
        tombstones = conn.execute(
            select(_index.c.table_name, _index.c.row_id).where(_index.c.seq.in_(sorted(clashing)))
        ).all()
        for table_name, row_id in tombstones:
            top += 1
            conn.execute(
                update(_index)
                .where(_index.c.table_name == table_name, _index.c.row_id == row_id)
                .values(seq=top)
            )
    for t in tables:
        conn.execute(
            insert(_index).from_select(
                ["table_name", "row_id", "seq", "district_code", "deleted"],
                select(literal(t.name), t.c.id, t.c.version, t.c.district_code, literal(False)),
            )
        )
    _index_person_scopes(conn)
    stmt = update(_counter).where(_counter.c.id == 1).values(value=top)
    if conn.execute(stmt).rowcount == 0:
        conn.execute(insert(_counter).values(id=1, value=top))
    notify_reset(conn)  # running workers read their feed heads again
    return top
