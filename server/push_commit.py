"""The end of a push group's transaction: numbers, answers, audit chain, commit.

Every push takes the feed counter's row lock (`server.changes`) and then the audit
chain's head (`server.audit`), and holds both to its commit: while one push holds them,
every other push on the server waits. With 300 desks pushing, the counter was busy
90% of the time, held about 30 ms a push: a round trip to take it, Python to build
the numbering, a statement, Python to build the answers, an INSERT, a round trip to
lock the head, Python to hash the entries, two writes, the commit; and between each,
a wait for the worker's GIL among its other requests' threads.

Here everything a push writes that needs its numbers is built before the counter is
taken, with each row's place in the numbering (`changes.Numbering.offsets`) standing
for its number, and three statements go to PostgreSQL in one pipeline: take the
numbers (`changes.TAKE_NUMBERS`), then one statement that reads the first number
back from the transaction and writes the versions, the change-index entries, the stored
answers and the chained audit entries and moves the head, then COMMIT. The locks are
held for the database's own work on those statements; no Python runs in between.

The second statement runs after the first has the counter, so its snapshot holds
every push that committed before: the trap DESIGN.md names (a pull skipping a change)
stays closed exactly as before, and the lock order (counter, then head) is unchanged.
SQLite (one writer at a time) numbers before the flush and commits as it did.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from domain.models.base import table_of
from server import audit, changes
from server.changes import Numbering, numbered, numbering_ctes
from server.db import insert_many, json_insert_sql, json_rows
from server.models import ProcessedCommand

_processed = table_of(ProcessedCommand)

#: A stored answer's versions are places in the numbering until here: the first number
#: is added to each (`f` is the numbering's, `changes.numbering_ctes`).
_ANSWER = (
    "jsonb_set(x.answer::jsonb, '{versions}', (SELECT coalesce(jsonb_object_agg(j.k, "
    "f.first + j.v::bigint), '{}'::jsonb) FROM jsonb_each_text(x.answer::jsonb -> "
    "'versions') AS j(k, v)))::json"
)


def _answers_cte(dialect: Any, processed: list[dict[str, Any]]) -> tuple[str, list[Any]]:
    sql, processors = json_insert_sql(
        dialect, _processed, list(processed[0]), reads={"answer": _ANSWER}, source="f, "
    )
    return f"pc AS ({sql})", [json_rows(processed, processors)]


def commit_group(session: Session, numbering: Numbering, processed: list[dict[str, Any]]) -> int:
    """Store the answers `processed` (their versions still places in `numbering`), the
    audit entries noted in the session, the numbering itself, and commit. Returns the
    first number (add it to a place to get the number; 0 when the places are numbers
    already, as on SQLite)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql" or not numbering.entries:
        insert_many(conn, _processed, processed)
        session.commit()  # the audit entries go at commit (`audit.track`)
        return numbering.first or 0
    session.flush()  # anything left (nothing, in a push group) before the counter
    ctes, params, selects = [], [], []
    part, values, notify = numbering_ctes(numbering)
    ctes.append(part)
    params += values
    selects.append(notify)
    if processed:
        part, values = _answers_cte(conn.dialect, processed)
        ctes.append(part)
        params += values
    entries = audit.take_noted(session)
    if entries:
        part, values, guard = audit.chain_ctes(conn.dialect, entries)
        ctes.append(part)
        params += values
        selects.append(guard)
    raw = conn.connection.driver_connection
    assert raw is not None  # a live connection: the transaction has written already
    try:
        with raw.pipeline():
            taken = raw.execute(changes.TAKE_NUMBERS, {"n": len(numbering.entries)})
            raw.execute(f"WITH RECURSIVE {', '.join(ctes)} SELECT {', '.join(selects)}", params)
            raw.commit()
    except BaseException:
        session.rollback()
        raise
    row = taken.fetchone()
    assert row is not None
    first = int(row[0])
    numbered(session, numbering, first)
    session.commit()  # written already: ends the ORM's transaction, raises the heads
    return first
