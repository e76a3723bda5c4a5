"""The audit chain: one append-only entry per processed command, hash-chained.

Each entry holds who (operator, device), what (command, its id, the SHA-256 of its
arguments), when (the client's time as the operator's claim, the server's receipt
time) and the answer (status, code), plus the previous entry's hash and its own,
which covers all of that. A row changed, removed or slipped in afterwards breaks the
chain at that point, and `verify` names it (`daftar audit verify`). On PostgreSQL a
trigger refuses UPDATE and DELETE on the table (migration 0004).

A client time in the future (beyond `CLOCK_SKEW`) or earlier than the device's
previous command is kept as sent and flagged (`future_time`, `before_previous`).

Entries are noted while a push runs and written just before its transaction commits,
under a lock of the chain's head row (`audit_head`): two workers committing at once
take turns there, so the chain never forks, and the lock is held only from that
point to the commit.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, event, select, update
from sqlalchemy.orm import Session, sessionmaker

from domain.ids import utcnow
from server.db import insert_many, json_record, json_rows
from server.identity import SIGNER
from server.models import AuditEntry, AuditHead, Device

CLOCK_SKEW = timedelta(minutes=5)
GENESIS = "0" * 64
_NOTED = "daftar_audit"
_log = AuditEntry.__table__
_head = AuditHead.__table__
FIELDS = (
    "seq",
    "server_time",
    "client_time",
    "flags",
    "operator_id",
    "operator",
    "device_id",
    "device_seq",
    "command_id",
    "command",
    "args_sha256",
    "status",
    "code",
)


def args_hash(args: Any) -> str:
    return hashlib.sha256(orjson.dumps(args, option=orjson.OPT_SORT_KEYS)).hexdigest()


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash an entry holds: SHA-256 over the previous hash and its fields."""
    values = [entry[f].isoformat() if isinstance(entry[f], datetime) else entry[f] for f in FIELDS]
    return hashlib.sha256(orjson.dumps([prev_hash, *values])).hexdigest()


def _client_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _kept(value: Any, limit: int) -> str:
    """Text as the audit table can keep it: control characters (a NUL in a hostile
    command id) escaped, cut to the column. The entry still hashes what was kept."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit or _CONTROL.search(text):
        text = repr(text)[1:-1][:limit]
    return text


def note(
    session: Session, device: Device, env: Mapping[str, Any], answer: Mapping[str, Any]
) -> None:
    """Remember a processed command for the chain (written at commit by `track`)."""
    now = utcnow()
    claimed = _client_time(env.get("client_time"))
    flags = []
    if claimed is None:
        flags.append("no_client_time")
    else:
        if claimed > now + CLOCK_SKEW:
            flags.append("future_time")
        previous = device.last_client_time
        if previous is not None and claimed < previous:
            flags.append("before_previous")
        if previous is None or claimed > previous:
            device.last_client_time = claimed
    signer = env.get(SIGNER)
    if signer is None:
        flags.append("unsigned")
    session.info.setdefault(_NOTED, []).append(
        {
            "server_time": now,
            "client_time": _kept(env.get("client_time") or "", 40),
            "flags": ",".join(flags),
            "operator_id": signer.operator_id if signer else "",
            "operator": signer.username if signer else "",
            "device_id": device.device_id,
            "device_seq": int(env["device_seq"]),
            "command_id": _kept(env["command_id"], 36),
            "command": _kept(env["name"], 60),
            "args_sha256": args_hash(env.get("args")),
            "status": str(answer.get("status", "")),
            "code": str(answer.get("code") or "")[:40],
        }
    )


def append(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Chain `entries` after the head and move the head, under the head's lock."""
    seq, prev = conn.execute(
        select(_head.c.seq, _head.c.hash).where(_head.c.id == 1).with_for_update()
    ).one()
    for entry in entries:
        seq += 1
        entry["seq"] = seq
        entry["prev_hash"] = prev
        entry["hash"] = prev = entry_hash(prev, entry)
    insert_many(conn, _log, entries)  # type: ignore[arg-type]
    conn.execute(
        update(_head)  # type: ignore[arg-type]
        .where(_head.c.id == 1)
        .values(seq=seq, hash=prev)
    )


def take_noted(session: Session) -> list[dict[str, Any]]:
    """The entries noted so far, taken over by the caller (`chain_ctes`): they are no
    longer written at commit."""
    return session.info.pop(_NOTED, None) or []


def chain_ctes(dialect: Any, entries: list[dict[str, Any]]) -> tuple[str, list[Any], str]:
    """Common table expressions that chain `entries` after the head, write them and
    move the head, in one statement (`server.push_commit`), and a SELECT list item
    that fails the statement (division by zero) if the head row is missing.

    The hash is the one `entry_hash` computes, to the byte: the JSON text it hashes is
    `["<prev hash>",<seq>,` followed by the rest of the fields as orjson writes them,
    which is made here, while no lock is held; PostgreSQL joins the three parts and
    hashes each entry after the one before (a recursive query). So the head's lock is
    held for one statement, not for a read, the hashing in Python and two writes."""
    keys = [f for f in FIELDS if f != "seq"]
    rows = []
    for n, entry in enumerate(entries, 1):
        values = [
            entry[f].isoformat() if isinstance(entry[f], datetime) else entry[f] for f in keys
        ]
        rows.append(
            {**{k: entry[k] for k in keys}, "n": n, "rest": orjson.dumps(values).decode()[1:]}
        )
    declared, selected, processors = json_record(dialect, _log, keys)  # type: ignore[arg-type]
    columns = ", ".join(keys)
    sql = (
        f"a_in AS (SELECT * FROM json_to_recordset(%s::json) AS "
        f"x({', '.join(declared)}, n int, rest text)), "
        "h0 AS (SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE), "
        "chain AS (SELECT 0 AS n, h0.seq, h0.hash::text AS hash, NULL::text AS prev FROM h0 "
        "UNION ALL SELECT a.n, c.seq + 1, encode(sha256(convert_to("
        "'[\"' || c.hash || '\",' || (c.seq + 1) || ',' || a.rest, 'UTF8')), 'hex'), c.hash "
        "FROM chain AS c JOIN a_in AS a ON a.n = c.n + 1), "
        f"al AS (INSERT INTO audit_log ({columns}, seq, prev_hash, hash) "
        f"SELECT {', '.join('a.' + s for s in selected)}, c.seq, c.prev, c.hash "
        "FROM a_in AS a JOIN chain AS c ON c.n = a.n), "
        "ah AS (UPDATE audit_head SET seq = t.seq, hash = t.hash FROM (SELECT seq, hash "
        "FROM chain ORDER BY n DESC LIMIT 1) AS t WHERE audit_head.id = 1)"
    )
    return sql, [json_rows(rows, [*processors, None, None])], "(SELECT 1 / count(*) FROM h0)"


def _write_noted(session: Session) -> None:
    # `before_commit` fires for a SAVEPOINT's release too: write only at the real end,
    # after the changes are numbered (`server.changes`), so every transaction takes the
    # feed counter before the chain's head. Taken mid-group at a savepoint, the head
    # was locked before the counter, and two pushes deadlocked over the pair.
    if session.in_nested_transaction():
        return
    entries = session.info.pop(_NOTED, None)
    if entries:
        append(session.connection(), entries)


def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_NOTED, None)


def track(factory: sessionmaker[Session]) -> None:
    """Make sessions of `factory` write their noted entries just before commit."""
    event.listen(factory, "before_commit", _write_noted)
    event.listen(factory, "after_transaction_end", _forget)


@dataclass(frozen=True)
class Verdict:
    count: int
    head: str
    broken_at: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.broken_at is None:
            return f"Audit chain intact: {self.count} entries, head {self.head}."
        return f"Audit chain broken at entry {self.broken_at}: {self.reason}."


def _entries(engine: Engine) -> Iterator[dict[str, Any]]:
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=5000).execute(select(_log).order_by(_log.c.seq))
        for row in result.mappings():
            yield dict(row)


def verify(engine: Engine) -> Verdict:
    """Walk the chain from the first entry; the first link that does not hold, or the
    head hash and count."""
    prev, count = GENESIS, 0
    for entry in _entries(engine):
        count += 1
        if entry["seq"] != count:
            return Verdict(count, prev, count, f"entry {count} is missing (next is {entry['seq']})")
        if entry["prev_hash"] != prev:
            return Verdict(count, prev, count, "it does not hold the previous entry's hash")
        if entry_hash(prev, entry) != entry["hash"]:
            return Verdict(
                count, prev, count, "its contents do not match its hash (the row was changed)"
            )
        prev = entry["hash"]
    with engine.connect() as conn:
        head_seq, head_hash = conn.execute(
            select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)
        ).one()
    if (head_seq, head_hash) != (count, prev):
        return Verdict(
            count,
            prev,
            count + 1 if head_seq > count else head_seq,
            f"the head names entry {head_seq} but the log ends at {count} (entries "
            "were removed from the end)",
        )
    return Verdict(count, prev)
