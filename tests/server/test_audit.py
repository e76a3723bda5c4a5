"""The audit chain: one entry per processed command, chained by SHA-256, checked by
`daftar audit verify`; client times that run ahead or go back are flagged."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from daftar_cli.main import main as daftar
from domain.ids import new_id
from server import audit
from server.apply import apply_push
from server.db import session_factory
from server.models import AuditEntry


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _entries(engine) -> list[AuditEntry]:
    with session_factory(engine)() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_each_processed_command_is_one_chained_entry(server, make_application, capsys):
    desk = server.enrol()
    bad = make_application(1)
    bad["documents"] = []
    envelopes = [
        desk.envelope("submit_licence_application", bad),
        desk.envelope("submit_licence_application", make_application(2)),
    ]
    desk.push_envelopes(envelopes)
    desk.push_envelopes(envelopes)  # a resend is answered from store, not audited again
    entries = _entries(server.engine)
    assert [(e.device_seq, e.status, e.operator) for e in entries] == [
        (1, "rejected", desk.signer.username),
        (2, "applied", desk.signer.username),
    ]
    assert entries[0].code == "validation" and entries[1].prev_hash == entries[0].hash
    assert entries[1].args_sha256 == audit.args_hash(envelopes[1]["args"])
    assert entries[0].client_time == "2026-11-20T09:30:00+00:00"
    assert daftar(["audit", "verify", "--db", _url(server.engine)]) == 0
    assert f"intact: 2 entries, head {entries[1].hash}" in capsys.readouterr().out


def test_an_altered_audit_row_is_caught_by_verify(server, make_application, capsys):
    desk = server.enrol()
    for n in range(1, 4):
        desk.push("submit_licence_application", make_application(n))
    change = text("UPDATE audit_log SET operator = 'someone else' WHERE seq = 2")
    if server.engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), server.engine.begin() as conn:
            conn.execute(change)
        with pytest.raises(DBAPIError, match="append-only"), server.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
        # the owner of the database can still switch the trigger off: the chain tells
        with server.engine.begin() as conn:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
    with server.engine.begin() as conn:
        conn.execute(change)
    assert daftar(["audit", "verify", "--db", _url(server.engine)]) == 1
    out = capsys.readouterr().out
    assert "broken at entry 2" in out and "changed" in out
    with server.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq >= 2"))
    verdict = audit.verify(server.engine)
    assert verdict.broken_at == 2 and "removed" in verdict.reason


def test_a_client_time_ahead_or_going_back_is_kept_and_flagged(server, make_application):
    desk = server.enrol()
    for at in (
        "2026-11-20T09:30:00+00:00",
        "2031-01-01T00:00:00+00:00",
        "2019-01-01T00:00:00+00:00",
        "not a time",
    ):
        env = desk.envelope("submit_licence_application", make_application(desk.seq + 1))
        env["client_time"] = at
        desk.push_envelopes([env])
    entries = _entries(server.engine)
    assert [e.flags for e in entries] == ["", "future_time", "before_previous", "no_client_time"]
    assert entries[2].client_time == "2019-01-01T00:00:00+00:00"
    assert entries[2].server_time > entries[0].server_time


def test_two_workers_appending_at_once_keep_one_chain(server, make_application):
    desks = [server.enrol(name=f"counter {n}", signed=False) for n in range(3)]
    sessions = session_factory(server.engine)
    failures: list[BaseException] = []

    def work(desk, offset: int) -> None:
        try:
            for k in range(1, 21):
                env = {
                    "device_seq": k,
                    "command_id": new_id(),
                    "name": "submit_licence_application",
                    "args": make_application(offset + k),
                    "base_versions": {},
                    "client_time": "2026-11-20T09:30:00+00:00",
                }
                apply_push(sessions, desk.device_id, [env], require_signatures=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(d, 100 * n)) for n, d in enumerate(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    verdict = audit.verify(server.engine)
    assert verdict.broken_at is None and verdict.count == 60
    assert {e.flags for e in _entries(server.engine)} == {"unsigned"}


HOSTILE = "q'u\"o\\te \x00 \u2028 نام 🙂"


def test_hostile_text_in_a_group_is_chained_as_verify_hashes_it(server, make_application):
    """On PostgreSQL a group's entries are hashed by the database (`audit.chain_ctes`):
    quotes, backslashes, a NUL, a line separator, Urdu and an emoji in the command's
    id, name and client time must hash to the bytes `entry_hash` hashes in Python."""
    desk = server.enrol()
    applied = desk.envelope("submit_licence_application", make_application(1))
    refused = desk.envelope("no such command " + HOSTILE, {"note": HOSTILE})
    refused["command_id"] = ("id " + HOSTILE)[:36]
    refused["client_time"] = HOSTILE
    response = desk.push_envelopes([applied, refused, desk.envelope("x", {})])
    assert response.status_code == 200, response.text
    answers = response.json()["results"]
    assert [a["status"] for a in answers] == ["applied", "rejected", "rejected"]
    entries = _entries(server.engine)
    # a group notes its refusals as they come and its applied commands at its end
    assert [(e.device_seq, e.status) for e in entries] == [
        (2, "rejected"),
        (3, "rejected"),
        (1, "applied"),
    ]
    hostile = next(e for e in entries if e.command.startswith("no such command"))
    assert "نام 🙂" in hostile.command and "\\x00" in hostile.command_id
    verdict = audit.verify(server.engine)
    assert verdict.broken_at is None and verdict.count == 3, verdict
