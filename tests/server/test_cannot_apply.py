"""A command the server cannot apply is answered, not retried for ever (issue 12, point 2).

An error caused by one command's data (a handler failing on a value, a value the
database refuses) rolls back that command alone, answers it `rejected` with code
`cannot_apply`, logs the details for an administrator and lets the commands behind it
go on. Only a fault of the server itself answers 5xx, so the desk retries.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from domain.commands import CATALOGUE, person_id_for
from domain.commands import records as records_module
from domain.models import LicenceApplication, Person


def _three(
    desk: Any, make_application: Any, second: tuple[str, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    envelopes = [desk.envelope("submit_licence_application", make_application(1))]
    envelopes.append(
        desk.envelope(*second)
        if second
        else desk.envelope("submit_licence_application", make_application(2))
    )
    envelopes.append(desk.envelope("submit_licence_application", make_application(3)))
    return envelopes


def _applications(server: Any) -> set[str]:
    with server.engine.connect() as conn:
        return set(conn.scalars(select(LicenceApplication.application_no)))


def test_a_handler_failing_on_one_command_answers_it_cannot_apply_and_applies_the_rest(
    server, make_application, monkeypatch, caplog
):
    real = CATALOGUE["submit_licence_application"]

    def fails_on_the_second(ctx: Any, a: Any) -> Any:
        if a.raw["application_no"].endswith("0000002"):
            raise KeyError("a value the handler did not expect")
        return real(ctx, a)

    monkeypatch.setitem(CATALOGUE, "submit_licence_application", fails_on_the_second)
    desk = server.enrol()
    envelopes = _three(desk, make_application)
    with caplog.at_level(logging.ERROR, logger="server.apply"):
        response = desk.push_envelopes(envelopes)
    assert response.status_code == 200, response.text
    answers = response.json()["results"]
    assert [a["status"] for a in answers] == ["applied", "rejected", "applied"]
    refused = answers[1]
    assert refused["code"] == "cannot_apply"
    assert refused["message"].startswith(
        "submit_licence_application could not be applied (KeyError)"
    )
    assert "set aside" in refused["message"] and refused["template"]  # the desk translates it
    assert response.json()["last_seq"] == 3
    assert _applications(server) == {"PSH-T-0000001", "PSH-T-0000003"}
    # the administrator's log has what the desk is not shown: the traceback
    logged = [r for r in caplog.records if "cannot_apply" in r.getMessage()]
    assert logged and logged[0].exc_info and "a value the handler did not expect" in caplog.text
    # a resend gets the stored answer; nothing is applied twice
    again = desk.push_envelopes(envelopes).json()["results"]
    assert again == answers


def _unguarded_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the domain's check of edited values away, as a server with a gap in its
    rules would be: the database is then the one to refuse."""
    monkeypatch.setattr(records_module, "checked", lambda table, field, value: value)


def test_a_value_the_database_refuses_is_answered_cannot_apply_on_both_databases(
    server, make_application, monkeypatch, caplog
):
    _unguarded_edits(monkeypatch)
    desk = server.enrol()
    first = make_application(1)
    assert desk.push("submit_licence_application", first)["status"] == "applied"
    person = person_id_for(first["applicant"]["cnic"])
    # a person's name may not be missing (NOT NULL on both databases)
    edit = (
        "edit_record",
        {"table": "persons", "row_id": person, "changes": {"name_en": None}, "at": first["at"]},
    )
    envelopes = [
        desk.envelope(*edit),
        desk.envelope("submit_licence_application", make_application(2)),
    ]
    with caplog.at_level(logging.ERROR, logger="server.apply"):
        answers = desk.push_envelopes(envelopes).json()["results"]
    assert [a["status"] for a in answers] == ["rejected", "applied"]
    assert answers[0]["code"] == "cannot_apply"
    assert "The command could not be applied (the database refused it" in answers[0]["message"]
    assert "NOT NULL" not in answers[0]["message"]  # the database's words go to the log
    assert "cannot_apply" in caplog.text
    with server.engine.connect() as conn:
        assert conn.scalar(select(Person.name_en).where(Person.id == person)) == "Applicant 1"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "changes", [{"mobile": "0" * 27}, {"name_en": "Gul\x00 Khan"}, {"address": "x" * 10_000}]
)
def test_a_value_only_postgresql_refuses_is_answered_cannot_apply(
    pg_engine, make_server, make_application, monkeypatch, changes
):
    _unguarded_edits(monkeypatch)
    server = make_server(pg_engine)
    desk = server.enrol()
    first = make_application(1)
    assert desk.push("submit_licence_application", first)["status"] == "applied"
    person = person_id_for(first["applicant"]["cnic"])
    envelopes = [
        desk.envelope(
            "edit_record",
            {"table": "persons", "row_id": person, "changes": changes, "at": first["at"]},
        ),
        desk.envelope("submit_licence_application", make_application(2)),
    ]
    answers = desk.push_envelopes(envelopes).json()["results"]
    assert [(a["status"], a.get("code")) for a in answers] == [
        ("rejected", "cannot_apply"),
        ("applied", None),
    ]
    assert "refused one of its values" in answers[0]["message"]
    with server.engine.connect() as conn:
        assert conn.scalar(select(Person.mobile).where(Person.id == person)) == "03001234567"


@pytest.mark.parametrize("fault", [MemoryError, lambda: ConnectionResetError("link")])
def test_a_fault_of_the_server_itself_is_answered_5xx_and_leaves_no_trace(
    server, make_application, monkeypatch, fault
):
    from sqlalchemy.exc import InterfaceError

    real = CATALOGUE["submit_licence_application"]

    def faulty(ctx: Any, a: Any) -> Any:
        if a.raw["application_no"].endswith("0000002"):
            error = fault()
            if not isinstance(error, MemoryError):
                raise InterfaceError("INSERT ...", {}, error)  # the database link is gone
            raise error
        return real(ctx, a)

    monkeypatch.setitem(CATALOGUE, "submit_licence_application", faulty)
    desk = server.enrol()
    client = TestClient(server.client.app, raise_server_exceptions=False)
    response = client.post(
        "/sync/push", headers=desk.headers, json={"commands": _three(desk, make_application)}
    )
    assert response.status_code == 500
    me = server.client.get("/sync/whoami", headers=desk.headers).json()
    assert me["last_seq"] == 1  # the command before stands, the faulty one is not answered
    assert _applications(server) == {"PSH-T-0000001"}
    with server.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LicenceApplication)) == 1
