"""A push is applied a group of commands at a time: read ahead, one flush, one numbering.

These are the cases where commands of one group depend on each other (the same
applicant twice, a voucher for an application submitted just before it, a number
claimed twice) and the cost the grouping exists for: a bounded number of statements
per group, not a handful per command. On SQLite and on PostgreSQL (`server`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, select

from domain.ids import new_id
from domain.models import LicenceApplication, Person, RecordEvent, Voucher
from server.apply import GROUP

AT = "2026-11-20T09:30:00+00:00"


def _statuses(result: dict[str, Any]) -> list[str]:
    return [a["status"] for a in result["results"]]


def test_a_voucher_for_an_application_submitted_in_the_same_group(server, make_application):
    desk = server.enrol()
    application = make_application(1)
    voucher_id = new_id()
    result = desk.push_envelopes(
        [
            desk.envelope("submit_licence_application", application),
            desk.envelope(
                "issue_voucher",
                {
                    "voucher_id": voucher_id,
                    "at": AT,
                    "application_id": application["application_id"],
                },
            ),
        ]
    ).json()
    assert _statuses(result) == ["applied", "applied"], result
    submitted, vouchered = result["results"]
    app_key = f"licence_applications:{application['application_id']}"
    assert set(vouchered["versions"]) >= {app_key, f"vouchers:{voucher_id}"}
    assert app_key in submitted["versions"]
    desk.pull_all()
    row = desk.seen[("licence_applications", application["application_id"])]
    assert row["status"] == "voucher_issued"
    assert row["version"] == vouchered["versions"][app_key]
    assert desk.seen[("vouchers", voucher_id)]["subject_id"] == application["application_id"]


def test_the_same_applicant_twice_in_one_group_is_one_person(server, make_application):
    desk = server.enrol()
    first, second = make_application(1), make_application(2)
    second["applicant"] = dict(first["applicant"], mobile="03119876543")
    result = desk.push_envelopes(
        [desk.envelope("submit_licence_application", a) for a in (first, second)]
    ).json()
    assert _statuses(result) == ["applied", "applied"], result
    person_key = next(k for k in result["results"][0]["versions"] if k.startswith("persons:"))
    assert person_key in result["results"][1]["versions"]
    with server.engine.connect() as conn:
        people = conn.execute(select(Person.cnic, Person.mobile)).all()
        applications = conn.scalar(select(func.count()).select_from(LicenceApplication))
    assert people == [(first["applicant"]["cnic"], "03119876543")] and applications == 2


def test_a_group_with_a_command_out_of_scope_applies_the_others(server, make_application):
    desk = server.enrol("DC-PSH")
    result = desk.push_envelopes(
        [
            desk.envelope("submit_licence_application", make_application(1)),
            desk.envelope("submit_licence_application", make_application(2, district_code="MRD")),
            desk.envelope("submit_licence_application", make_application(3)),
        ]
    ).json()
    assert _statuses(result) == ["applied", "rejected", "applied"]
    assert result["results"][1]["code"] == "out_of_scope"
    with server.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LicenceApplication)) == 2
        assert conn.scalar(select(func.count()).select_from(RecordEvent)) == 2


def test_an_application_id_sent_again_under_a_new_number_is_a_duplicate(server, make_application):
    """The read-ahead knows the id is free; the first command takes it."""
    desk = server.enrol()
    first = make_application(1)
    again = dict(make_application(2), application_id=first["application_id"])
    result = desk.push_envelopes(
        [desk.envelope("submit_licence_application", a) for a in (first, again)]
    ).json()
    assert _statuses(result) == ["applied", "rejected"]
    assert result["results"][1]["code"] == "duplicate"
    with server.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Voucher)) == 0
        assert conn.scalar(select(LicenceApplication.application_no)) == first["application_no"]


def test_a_full_group_of_new_applications_costs_a_few_statements_not_some_per_command(
    server, make_application
):
    desk = server.enrol()
    envelopes = [
        desk.envelope("submit_licence_application", make_application(n))
        for n in range(1, GROUP + 1)
    ]
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.append(sql)

    event.listen(server.engine, "before_cursor_execute", count)
    try:
        result = desk.push_envelopes(envelopes).json()
    finally:
        event.remove(server.engine, "before_cursor_execute", count)
    assert _statuses(result) == ["applied"] * GROUP
    # Device lock, read-ahead, one flush (an executemany per table), numbering, answers:
    # about fifteen. One SELECT or INSERT per command would be hundreds.
    assert len(statements) < 30, "\n".join(statements)


def test_a_refusal_that_changed_nothing_does_not_send_the_group_round_again(
    server, make_application, monkeypatch
):
    """A rule broken before the command wrote a row (here an edit the rules refuse,
    and an application id used again for the same applicant) is answered in the
    group's own run. One broken after it wrote a row (a new applicant added, then
    the id found taken) sends the group round again with a savepoint per command,
    which undoes that row alone."""
    import server.apply as apply

    runs: list[bool] = []
    real = apply._apply_group

    def counted(session: Any, device_id: str, group: Any, *, savepoints: bool) -> Any:
        runs.append(savepoints)
        return real(session, device_id, group, savepoints=savepoints)

    monkeypatch.setattr(apply, "_apply_group", counted)
    desk = server.enrol()
    first = make_application(1)
    taken = {"application_id": first["application_id"]}
    edit = {"table": "licence_applications", "row_id": new_id(), "changes": {"remarks": "x"}}
    result = desk.push_envelopes(
        [
            desk.envelope("submit_licence_application", first),
            desk.envelope("edit_record", edit),
            desk.envelope(
                "submit_licence_application",
                dict(make_application(2), applicant=first["applicant"], **taken),
            ),
            desk.envelope("submit_licence_application", make_application(3)),
        ]
    ).json()
    assert _statuses(result) == ["applied", "rejected", "rejected", "applied"]
    assert result["results"][2]["code"] == "duplicate"
    assert runs == [False]

    runs.clear()
    result = desk.push_envelopes(
        [
            desk.envelope("submit_licence_application", make_application(4)),
            desk.envelope("submit_licence_application", dict(make_application(5), **taken)),
        ]
    ).json()
    assert _statuses(result) == ["applied", "rejected"]
    assert runs == [False, True]
    with server.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LicenceApplication)) == 3
        cnics = set(conn.scalars(select(Person.cnic)))
    assert make_application(5)["applicant"]["cnic"] not in cnics  # its person undone


def test_effects_are_seen_before_and_after_a_flush_the_command_causes(server, make_application):
    from server.changes import had_effects, watch_effects
    from server.db import session_factory

    desk = server.enrol()
    application = make_application(1)
    assert desk.push("submit_licence_application", application)["status"] == "applied"
    sessions = session_factory(server.engine)
    with sessions() as s:
        row = s.get(LicenceApplication, application["application_id"])
        other = s.get(Person, row.person_id)
        watch_effects(s)
        s.get(LicenceApplication, application["application_id"])  # a read changes nothing
        assert not had_effects(s)

        watch_effects(s)
        row.remarks = "changed"
        assert had_effects(s)

        watch_effects(s)  # the row is changed already; changed again:
        row.remarks = "changed again"
        assert had_effects(s)

        watch_effects(s)  # a query flushes the earlier change: not this command's
        s.scalar(select(func.count()).select_from(Person))
        assert not had_effects(s)

        watch_effects(s)  # a change, then a query that flushes it away
        other.mobile = "03111111111"
        s.scalar(select(func.count()).select_from(Person))
        assert had_effects(s)

        watch_effects(s)
        s.delete(other)
        assert had_effects(s)
        s.rollback()

        watch_effects(s)
        s.add(RecordEvent(record_id=new_id(), record_type="persons", command="x", actor="x"))
        assert had_effects(s)
        s.rollback()


def test_a_conflict_names_the_author_of_an_edit_made_earlier_in_its_group(server, make_application):
    from domain.models import FieldConflict

    first = server.enrol()
    application = make_application(1)
    assert first.push("submit_licence_application", application)["status"] == "applied"
    first.pull()
    person = next(row for (table, _), row in first.seen.items() if table == "persons")
    seen = {"mobile": person["mobile"]}
    edit = {"table": "persons", "row_id": person["id"]}
    moved = first.push(
        "edit_record",
        {**edit, "at": "2026-11-20T10:00:00+00:00", "changes": {"mobile": "03110000001"}},
    )
    assert moved["status"] == "applied"
    second = server.enrol()
    current = moved["versions"][f"persons:{person['id']}"]
    result = second.push_envelopes(
        [
            second.envelope(  # made on the current version: applied, its author noted
                "edit_record",
                {
                    **edit,
                    "at": "2026-11-20T11:00:00+00:00",
                    "changes": {"address": "Hayatabad"},
                    "base_version": current,
                    "base_values": {"address": person["address"]},
                },
            ),
            second.envelope(  # made on the version before the first desk's edit
                "edit_record",
                {
                    **edit,
                    "at": "2026-11-20T11:05:00+00:00",
                    "changes": {"mobile": "03110000002"},
                    "base_version": person["version"],
                    "base_values": seen,
                },
            ),
        ]
    ).json()
    assert _statuses(result) == ["applied", "conflict"], result
    with server.engine.connect() as conn:
        authors = conn.execute(select(FieldConflict.their_author, FieldConflict.our_author)).all()
    assert authors == [(second.signer.username, second.signer.username)]
