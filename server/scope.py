"""Which districts' desks a row belongs to, on the server.

Most rows belong to one district, their `district_code`. A person is one row for the
whole province (the id follows from the CNIC), yet served by every district that holds
a record of theirs: an applicant who applies in a second district must stay on the
first district's desks (their application there names them) and reach the second's.
So a person's scope is the district that first served them plus every district of a
row that names them (`person_id`): applications, licences. The rows about a person
(the field conflicts on their details and the history lines of edits to them) follow
the person's scope, so either district's desk can see and resolve them.

The change index (`server.models.ChangeIndex`) is where the scope lives: one entry per
(row, district) whose desks receive the row, all holding the row's latest change
number. A pull reads its districts' entries, the scope checksum counts them, and the
push's scope check asks them. A district a person gains is an entry added when the
command that names them there is numbered (`plan_entries`); the person (and the rows
that follow them) get a new change number at that moment, so the desks of that
district, whose cursors may be far past the person's old number, receive them. The
scope only grows: a desk never loses a person it once held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from domain.models import FieldConflict, Person, RecordEvent
from server.db import kept_for_transaction, one_of
from server.models import ChangeIndex

PERSONS = "persons"
_index = ChangeIndex.__table__
_CHUNK = 500  # ids per lookup, well under SQLite's bound-parameter limit


def about_person(table: str, obj: Any) -> str | None:
    """The person whose scope a row follows: the person itself, a field conflict on
    a person's details, a history line of an edit to a person; else None."""
    if table == PERSONS:
        return str(obj.id)
    if table == "field_conflicts" and obj.table_name == PERSONS:
        return str(obj.row_id)
    if table == "record_events" and obj.record_type == PERSONS:
        return str(obj.record_id)
    return None


def named_person(obj: Any) -> str | None:
    """The person a row names (an application, a licence): it links them to its district."""
    person_id = getattr(obj, "person_id", None)
    return person_id if isinstance(person_id, str) else None


def linked_districts(conn: Connection, person_ids: Iterable[str]) -> dict[str, set[str]]:
    """The districts each person's scope holds already (their change-index entries)."""
    ids = sorted(set(person_ids))
    found: dict[str, set[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row_id, district in conn.execute(
            select(_index.c.row_id, _index.c.district_code).where(
                _index.c.table_name == PERSONS,
                one_of(_index.c.row_id, chunk, conn.dialect.name),
            )
        ):
            found.setdefault(row_id, set()).add(district)
    return found


_ON_RECORD = "daftar_person_districts"


def districts_on_record(
    session: Session, person_ids: Iterable[str], *, last: bool = False
) -> dict[str, set[str]]:
    """`linked_districts`, remembered for the transaction until its rows are numbered
    (`last`: the numbering's own read, after which the index changes).

    Why: a push group's scope check and its numbering ask about the same persons, a
    look-up of the change index each (4% of a push's CPU). Reading once is no less
    safe than reading twice: a district that another push adds after either read is
    not missed, because the numbering moves every entry of a person's rows in every
    district, whichever districts it read (`server.changes.move_all_entries`)."""
    known: dict[str, set[str]] = kept_for_transaction(session, _ON_RECORD, dict)
    wanted = set(person_ids)
    missing = wanted - known.keys()
    if missing:
        found = linked_districts(session.connection(), missing)
        for person_id in missing:
            known[person_id] = found.get(person_id, set())
    if last:
        session.info.pop(_ON_RECORD, None)
    return {p: set(known[p]) for p in wanted if known[p]}


def session_links(objs: Iterable[Any]) -> dict[str, set[str]]:
    """person id -> districts of the rows among `objs` (written, not yet numbered) that
    name them, and each new or changed person's own district."""
    links: dict[str, set[str]] = {}
    for obj in objs:
        person_id = named_person(obj)
        if person_id is not None:
            links.setdefault(person_id, set()).add(obj.district_code)
        elif isinstance(obj, Person) and obj.district_code:
            links.setdefault(obj.id, set()).add(obj.district_code)
    return links


@dataclass
class EntryPlan:
    """What `plan_entries` found: the districts of every person-scoped row being
    numbered, and rows to number again because their person gained a district."""

    districts: dict[str, set[str]] = field(default_factory=dict)  # person id -> districts
    renumber: list[Any] = field(default_factory=list)  # persistent ORM rows
    on_record: set[str] = field(default_factory=set)  # persons with entries already

    def of(self, table: str, obj: Any, own: str) -> set[str]:
        """The districts whose desks receive this row."""
        person_id = about_person(table, obj)
        if person_id is None:
            return {own}
        return self.districts.get(person_id, set()) | {own}

    def spread(self, table: str, obj: Any) -> bool:
        """Whether the row follows a person already on record, whose entries in other
        districts (maybe one added concurrently) must all move to its new number."""
        return about_person(table, obj) in self.on_record


def plan_entries(session: Session, objs: list[tuple[str, Any, bool]]) -> EntryPlan:
    """Work out, before the rows of a transaction are numbered, the districts of the
    person-scoped ones and the rows to number again.

    `objs` are (table, row, deleted) of the rows about to be numbered. A person named
    in a district their scope lacks gains it; if they were on record already, the
    person and the rows that follow them are numbered again (added to `renumber`
    unless being numbered anyway) so that the new district's desks receive them."""
    live = [obj for _t, obj, deleted in objs if not deleted]
    links = session_links(live)
    followed = {p for t, obj, _d in objs if (p := about_person(t, obj)) is not None}
    wanted = set(links) | followed
    plan = EntryPlan()
    if not wanted:
        return plan
    on_record = districts_on_record(session, wanted, last=True)
    plan.on_record = set(on_record)
    gained = {p for p, ds in links.items() if on_record.get(p) and ds - on_record[p]}
    for person_id in wanted:
        plan.districts[person_id] = on_record.get(person_id, set()) | links.get(person_id, set())
    if gained:
        numbered = {(t, obj.id) for t, obj, _d in objs}
        extra: list[Any] = [session.get(Person, p) for p in sorted(gained)]
        for model, column, kind in (
            (FieldConflict, FieldConflict.row_id, FieldConflict.table_name),
            (RecordEvent, RecordEvent.record_id, RecordEvent.record_type),
        ):
            ids = sorted(gained)
            for start in range(0, len(ids), _CHUNK):
                extra += session.scalars(
                    select(model).where(column.in_(ids[start : start + _CHUNK]), kind == PERSONS)
                )
        plan.renumber = [
            obj for obj in extra if obj is not None and (obj.__tablename__, obj.id) not in numbered
        ]
    return plan


Rows = list[tuple[str, str, str, bool, Any]]


def first_out_of_scope(
    session: Session, rows: Rows, written: Callable[[], Rows], scope: list[str]
) -> tuple[str, str] | None:
    """(what, district) of the first of `rows` outside `scope`, or None.

    A row belongs to its district; a person, and a row about one, to the person's
    districts: those on record and those that the rows `written` in this transaction
    (`rows` among them) add, so a desk may change the details of an applicant it
    serves, or serves from this command on, and not of one it does not."""
    persons: dict[str, tuple[str, str]] = {}
    for table, row_id, district, _deleted, obj in rows:
        person_id = about_person(table, obj)
        if person_id is None:
            if district not in scope:
                return f"{table} {row_id}", district
        else:
            persons.setdefault(person_id, (f"{table} {row_id}", district))
    if not persons:
        return None
    adding = session_links(obj for *_, obj in written())
    # The persons the rows name are read too: the numbering asks about them next.
    on_record = districts_on_record(session, persons.keys() | adding.keys())
    for person_id, (what, district) in persons.items():
        if not (on_record.get(person_id, set()) | adding.get(person_id, set())) & set(scope):
            return what, district
    return None
