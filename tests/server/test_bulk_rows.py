"""A group's new rows written in bulk (`server.changes.add_new`) end as the ORM's
flush would have written them.

The same push is applied to two copies of one database: once as the server does it,
new persons, applications and history lines held out of the session and inserted
with one executemany per table, once with every new row added to the session and
flushed (the path the bulk one replaced). Rows, change index, feed counter, audit
chain, stored answers and the answers themselves must be identical, including for a
group where a later command loads a row an earlier one made (the same applicant
twice, a voucher for an application just submitted, an edit of one) and where a
command is refused after it wrote a row (the group runs again with savepoints), on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, MetaData, insert, select, text
from sqlalchemy.orm import Session

from domain import reference
from domain.models import SYNCED_MODELS, Operator
from domain.models.base import table_of
from server import apply
from server.accounts import make_scope
from server.db import make_engine, session_factory
from server.migrate import prepare_database
from server.models import Device
from sync.signing import canonical_command, public_key_text, sign
from tests.server.conftest import _admin_engine, _url_for, application_args

NOW = datetime(2026, 11, 20, 9, 45, tzinfo=timezone.utc)
AT = "2026-11-20T09:30:00+00:00"
DEVICE = "0b0e0d00-0000-4000-8000-000000000001"
OPERATOR = "0b0e0d00-0000-4000-8000-000000000002"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def twin_urls(request: Any, tmp_path: Any) -> Iterator[tuple[str, str]]:
    """Two empty, migrated server databases of one backend."""
    if request.param == "sqlite":
        yield tuple(f"sqlite:///{tmp_path / f'{n}.sqlite3'}" for n in "ab")  # type: ignore[misc]
        return
    template = request.getfixturevalue("pg_template")
    admin = _admin_engine()
    names = [f"daftar_test_{secrets.token_hex(6)}" for _ in "ab"]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield _url_for(names[0]), _url_for(names[1])
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _prepared(url: str) -> Engine:
    """A server database holding one desk of DC-PSH and its supervisor (fixed ids and
    key, so both copies sign and store alike)."""
    engine = make_engine(url)
    prepare_database(engine)
    office = reference.office("DC-PSH")
    with Session(engine) as s, s.begin():
        s.add(
            Device(
                device_id=DEVICE,
                device_no=1,
                token_hash="0" * 64,
                name="counter 1",
                office_code=office.code,
                district_codes=[office.district_code],
                last_seq=0,
                enrolled_at=NOW,
                revoked=False,
            )
        )
        s.add(
            Operator(
                id=OPERATOR,
                username="desk1",
                full_name="Desk1",
                full_name_ur="",
                roles=["supervisor"],
                scope=make_scope(office.code),
                public_keys={DEVICE: public_key_text(KEY)},
                active=True,
                district_code=office.district_code,
                office_code=office.code,
                created_at=NOW,
                updated_at=NOW,
                version=1,
                sync_state="synced",
            )
        )
    return engine


def _envelope(seq: int, name: str, args: dict[str, Any]) -> dict[str, Any]:
    command_id = f"0c0e0d00-0000-4000-8000-{seq:012d}"
    return {
        "device_seq": seq,
        "command_id": command_id,
        "name": name,
        "args": args,
        "base_versions": {},
        "client_time": AT,
        "operator_id": OPERATOR,
        "signature": sign(KEY, canonical_command(DEVICE, 1, seq, command_id, name, args)),
    }


def _application(n: int, **changes: Any) -> dict[str, Any]:
    args = application_args(n)
    args["application_id"] = f"0a0e0d00-0000-4000-8000-{n:012d}"
    args.update(changes)
    return args


def _pushes() -> list[list[dict[str, Any]]]:
    """Two pushes: a group whose commands look up rows made earlier in it, then one
    with a refusal before any write and one after a write."""
    first, again = _application(1), _application(3)
    again["applicant"] = dict(first["applicant"], mobile="03119876543")  # the same person
    second, edited = _application(2), _application(6)
    clean = [
        _envelope(n + 1, "submit_licence_application", args)
        for n, args in enumerate((first, second, again, edited))
    ]
    clean.append(
        _envelope(  # looks up a held application, whose applicant is held too
            5,
            "issue_voucher",
            {
                "voucher_id": "0d0e0d00-0000-4000-8000-000000000001",
                "at": AT,
                "application_id": second["application_id"],
            },
        )
    )
    clean.append(
        _envelope(
            6,
            "edit_record",
            {
                "table": "licence_applications",
                "row_id": edited["application_id"],
                "at": AT,
                "changes": {"remarks": "walk-in"},
            },
        )
    )
    bad_weapon = _application(4, weapon_type="no such weapon")  # refused before a write
    taken = _application(5, application_no=first["application_no"])  # after one
    refused = [
        _envelope(7, "submit_licence_application", bad_weapon),
        _envelope(8, "submit_licence_application", taken),
        _envelope(9, "submit_licence_application", _application(7)),
    ]
    return [clean, refused]


def _contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the synced tables and of the server's own push tables."""
    meta = MetaData()
    names = [m.__tablename__ for m in SYNCED_MODELS] + [
        "change_index",
        "feed_counter",
        "audit_log",
        "audit_head",
        "processed_commands",
        "devices",
    ]
    meta.reflect(engine, only=names)
    out = {}
    with engine.connect() as conn:
        for name in names:
            table = meta.tables[name]
            rows = conn.execute(select(table)).all()
            out[name] = sorted(tuple(map(repr, row)) for row in rows)
    return out


def _apply_all(engine: Engine) -> list[list[Any]]:
    sessions = session_factory(engine)
    return [apply.apply_push(sessions, DEVICE, push).results for push in _pushes()]


def test_bulk_rows_are_the_rows_the_orm_flush_wrote(
    twin_urls: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("server.apply.utcnow", lambda: NOW)
    monkeypatch.setattr("server.audit.utcnow", lambda: NOW)
    bulk_engine, orm_engine = (_prepared(url) for url in twin_urls)
    try:
        held: list[Any] = []
        real_add_new: Callable[..., None] = apply.add_new

        def counting(session: Session, obj: Any) -> None:
            held.append(obj)
            real_add_new(session, obj)

        monkeypatch.setattr(apply, "add_new", counting)
        bulk_answers = _apply_all(bulk_engine)
        assert held, "the group pass held no new row back"
        monkeypatch.setattr(apply, "add_new", lambda session, obj: session.add(obj))
        orm_answers = _apply_all(orm_engine)

        assert [a["status"] for a in bulk_answers[0]] == ["applied"] * 6
        assert [a["status"] for a in bulk_answers[1]] == ["rejected", "rejected", "applied"]
        assert bulk_answers == orm_answers
        bulk, orm = _contents(bulk_engine), _contents(orm_engine)
        assert bulk["licence_applications"] and bulk["audit_log"]
        for table in bulk:
            assert bulk[table] == orm[table], table
    finally:
        bulk_engine.dispose()
        orm_engine.dispose()


def test_insert_many_stores_what_an_executemany_stores(twin_urls: tuple[str, str]) -> None:
    """`server.db.insert_many` (one statement over a JSON array on PostgreSQL) against
    SQLAlchemy's executemany: the same rows, to the text of JSON and the zone of
    times, NULLs included."""
    from server.db import insert_many
    from server.models import AuditEntry, ProcessedCommand

    processed = table_of(ProcessedCommand)
    log = table_of(AuditEntry)
    rows = {
        processed: [
            {
                "device_id": DEVICE,
                "device_seq": n,
                "command_id": f"c{n}",
                "name": "submit_licence_application",
                "answer": {
                    "status": "applied",
                    "versions": {"persons:x": n},
                    "n": None,
                    "u": "نام",
                },
                "processed_at": NOW,
            }
            for n in (1, 2)
        ],
        log: [
            {
                "seq": n,
                "server_time": NOW,
                "client_time": "",
                "flags": "no_client_time" if n == 1 else "",
                "operator_id": "",
                "operator": "",
                "device_id": DEVICE,
                "device_seq": n,
                "command_id": f"c{n}",
                "command": 'a "quoted"\\ line\nنام',
                "args_sha256": "0" * 64,
                "status": "applied",
                "code": "",
                "prev_hash": "0" * 64,
                "hash": f"{n:064d}",
            }
            for n in (1, 2)
        ],
    }
    engines = [make_engine(url) for url in twin_urls]
    try:
        for engine in engines:
            prepare_database(engine)
        with engines[0].begin() as conn:
            for table, values in rows.items():
                insert_many(conn, table, [dict(r) for r in values])
        with engines[1].begin() as conn:
            for table, values in rows.items():
                conn.execute(insert(table), [dict(r) for r in values])
        stored = []
        for engine in engines:
            with engine.connect() as conn:
                stored.append(
                    {t.name: sorted(map(repr, conn.execute(select(t)).all())) for t in rows}
                )
                if engine.dialect.name == "postgresql":  # JSON as stored, to the byte
                    stored[-1]["text"] = sorted(
                        conn.exec_driver_sql("SELECT answer::text FROM processed_commands")
                        .scalars()
                        .all()
                    )
        assert stored[0] == stored[1]
        assert len(stored[0]["processed_commands"]) == 2
    finally:
        for engine in engines:
            engine.dispose()
