"""A person's details change only on purpose, and a person served by two districts
stays on the desks of both (issue 12, point 5), on a real server over SQLite and over
PostgreSQL.

- A returning applicant (a CNIC already on record) submitted with the optional
  fields empty keeps every stored detail, on the desk at once and on the server.
- Two desks that change the same applicant's mobile on new applications while
  offline meet as a field conflict: the first value stands, the second is kept.
- An applicant who applies in a second district reaches that district's desks and
  stays on the first district's; fresh desks of either district hold every one of
  their applications' applicants, with matching scope checksums; edits and conflict
  resolutions on that person are accepted from a desk of either district, and
  refused from a district that does not serve them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.ids import new_id, utcnow
from domain.models import FieldConflict, LicenceApplication, Person

FULL = {
    "name_en": "Gul Khan",
    "name_ur": "گل خان",
    "father_name_en": "Sher Khan",
    "father_name_ur": "شیر خان",
    "address": "Mohalla Jangi, Peshawar",
    "mobile": "03001234567",
}


def _application(
    kit: Any,
    n: int,
    cnic: int,
    prefix: str = "PSH",
    *,
    district: str | None = None,
    **applicant: Any,
) -> dict[str, Any]:
    args = kit.application_args(n, prefix=prefix, cnic=cnic)
    args["applicant"] = {
        "cnic": args["applicant"]["cnic"],
        "date_of_birth": "1980-01-01",
        "name_en": "Gul Khan",
        **applicant,
    }
    if district:
        args["district_code"] = district
    return args


def _person(store_or_server: Any, cnic: str) -> Person:
    sessions = getattr(store_or_server, "sessions", None)
    if sessions is not None:
        with sessions() as s:
            person = s.scalars(select(Person).where(Person.cnic == cnic)).one()
            s.expunge(person)
            return person
    from sqlalchemy.orm import Session

    with Session(store_or_server.engine) as s:
        person = s.scalars(select(Person).where(Person.cnic == cnic)).one()
        s.expunge(person)
        return person


def _details(person: Person) -> dict[str, str]:
    return {f: getattr(person, f) for f in FULL}


def _applicants_missing(store: Any) -> list[str]:
    """Applications in a desk's store whose applicant the store does not hold."""
    with store.engine.connect() as conn:
        return [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT a.application_no FROM licence_applications a "
                "LEFT JOIN persons p ON p.id = a.person_id WHERE p.id IS NULL"
            )
        ]


def test_a_returning_applicant_submitted_with_empty_optional_fields_keeps_every_stored_detail(
    live_server, make_device, sync_kit
):
    first, first_engine = make_device("DC-PSH")
    first.execute(
        "submit_licence_application", _application(sync_kit, 1, 11, **FULL), actor="clerk-a"
    )
    first_engine.run_once()
    cnic = sync_kit.cnic(11)
    # The same office's other desk (holding the person), and a desk of another
    # district (never holding them): both type only the CNIC, name and birth date.
    second, second_engine = make_device("DC-PSH")
    second_engine.run_once()
    other, other_engine = make_device("DC-MRD")
    other_engine.run_once()
    second.execute(
        "submit_licence_application",
        _application(sync_kit, 2, 11, name_ur="", father_name_ur="", address="", mobile=""),
        actor="clerk-b",
    )
    assert _details(_person(second, cnic)) == FULL  # at once, on the desk
    other.execute(
        "submit_licence_application",
        _application(sync_kit, 3, 11, prefix="MRD", district="MRD"),
        actor="clerk-c",
    )
    assert _details(_person(other, cnic))["mobile"] == ""  # this desk never held them
    for engine in (second_engine, other_engine, first_engine, second_engine, other_engine):
        report = engine.run_once()
        assert report.rejected == 0 and report.conflicts == 0
    assert _details(_person(live_server, cnic)) == FULL
    for store in (first, second, other):
        assert _details(_person(store, cnic)) == FULL
        with store.sessions() as s:
            assert s.scalars(select(FieldConflict)).all() == []
        assert store.pending_count() == 0


def test_two_desks_changing_an_applicants_mobile_offline_meet_as_a_conflict(
    live_server, make_device, sync_kit
):
    first, first_engine = make_device("DC-PSH")
    first.execute(
        "submit_licence_application", _application(sync_kit, 1, 21, **FULL), actor="clerk-a"
    )
    first_engine.run_once()
    second, second_engine = make_device("DC-PSH")
    second_engine.run_once()
    cnic = sync_kit.cnic(21)
    # Both offline: each takes a new application and types a new mobile number.
    first.execute(
        "submit_licence_application",
        _application(sync_kit, 2, 21, **{**FULL, "mobile": "03111111111"}),
        actor="clerk-a",
    )
    second.execute(
        "submit_licence_application",
        _application(sync_kit, 3, 21, **{**FULL, "mobile": "03222222222"}),
        actor="clerk-b",
    )
    assert first_engine.run_once().conflicts == 0
    report = second_engine.run_once()
    assert report.conflicts == 1 and report.rejected == 0
    entry = sync_kit.outbox(second)[-1]
    assert entry.state == "conflict" and entry.answer["fields"] == ["mobile"]
    assert entry.answer["theirs"] == {"mobile": "03111111111"}
    assert entry.answer["ours"] == {"mobile": "03222222222"}
    with live_server.engine.connect() as conn:
        kept = conn.execute(select(FieldConflict)).one()
        assert (kept.table_name, kept.field, kept.theirs, kept.ours, kept.status) == (
            "persons",
            "mobile",
            "03111111111",
            "03222222222",
            "open",
        )
        # the second application went in all the same
        assert (
            conn.scalar(
                select(LicenceApplication.id).where(
                    LicenceApplication.application_no == "PSH-26-0000003"
                )
            )
            is not None
        )
    assert _person(live_server, cnic).mobile == "03111111111"  # the first value stands
    first_engine.run_once()
    for store in (first, second):
        assert _person(store, cnic).mobile == "03111111111"
        with store.sessions() as s:
            assert s.get(FieldConflict, kept.id).status == "open"
    # The second desk keeps its own number: the answer is a new command.
    second.execute(
        "resolve_conflict", {"conflict_id": kept.id, "value": "03222222222"}, actor="officer"
    )
    assert second_engine.run_once().rejected == 0
    first_engine.run_once()
    for store in (first, second):
        assert _person(store, cnic).mobile == "03222222222"
    assert _person(live_server, cnic).mobile == "03222222222"


def test_an_applicant_of_two_districts_is_on_the_desks_of_both_and_either_may_edit_them(
    live_server, make_device, sync_kit
):
    psh, psh_engine = make_device("DC-PSH")
    mrd, mrd_engine = make_device("DC-MRD")
    for engine in (psh_engine, mrd_engine):
        engine.checksum_every = 1  # every round compares the scope checksum
    for n in range(1, 4):
        psh.execute(
            "submit_licence_application",
            _application(sync_kit, n, 30 + n, **FULL),
            actor="clerk-psh",
        )
    psh_engine.run_once()
    mrd_engine.run_once()
    cnic = sync_kit.cnic(31)
    # The first applicant applies in Mardan too; the Mardan desk never held them.
    mrd.execute(
        "submit_licence_application",
        _application(sync_kit, 1, 31, prefix="MRD", district="MRD"),
        actor="clerk-mrd",
    )
    for engine in (mrd_engine, psh_engine, mrd_engine):
        report = engine.run_once()
        assert report.rejected == 0 and report.checksum_ok is True
    for store in (psh, mrd):
        assert _details(_person(store, cnic)) == FULL
        assert _applicants_missing(store) == []
    person_id = _person(live_server, cnic).id
    assert _person(live_server, cnic).district_code == "PSH"  # not moved to Mardan

    # Fresh desks of either district get every application's applicant.
    for office in ("DC-PSH", "DC-MRD"):
        fresh, fresh_engine = make_device(office)
        fresh_engine.checksum_every = 1
        assert fresh_engine.run_once().checksum_ok is True
        assert _applicants_missing(fresh) == []
        with fresh.sessions() as s:
            assert s.get(Person, person_id) is not None

    # Either district's desk may edit the person; both desks see both edits.
    psh.execute(
        "edit_record",
        {"table": "persons", "row_id": person_id, "changes": {"address": "Saddar, Peshawar"}},
        actor="clerk-psh",
    )
    mrd.execute(
        "edit_record",
        {"table": "persons", "row_id": person_id, "changes": {"name_ur": "گل خان آفریدی"}},
        actor="clerk-mrd",
    )
    for engine in (psh_engine, mrd_engine, psh_engine):
        report = engine.run_once()
        assert report.rejected == 0 and report.conflicts == 0 and report.checksum_ok is True
    for store in (psh, mrd):
        person = _person(store, cnic)
        assert (person.address, person.name_ur) == ("Saddar, Peshawar", "گل خان آفریدی")

    # Both change the mobile offline: a conflict that the other district resolves.
    psh.execute(
        "edit_record",
        {"table": "persons", "row_id": person_id, "changes": {"mobile": "03111111111"}},
        actor="clerk-psh",
    )
    mrd.execute(
        "edit_record",
        {"table": "persons", "row_id": person_id, "changes": {"mobile": "03333333333"}},
        actor="clerk-mrd",
    )
    assert mrd_engine.run_once().conflicts == 0
    assert psh_engine.run_once().conflicts == 1
    mrd_engine.run_once()
    with mrd.sessions() as s:  # the Mardan desk sees the Peshawar desk's conflict
        conflict = s.scalars(select(FieldConflict).where(FieldConflict.status == "open")).one()
        assert (conflict.theirs, conflict.ours) == ("03333333333", "03111111111")
    mrd.execute(
        "resolve_conflict",
        {"conflict_id": conflict.id, "value": "03111111111"},
        actor="officer-mrd",
    )
    for engine in (mrd_engine, psh_engine):
        report = engine.run_once()
        assert report.rejected == 0 and report.checksum_ok is True
    for store in (psh, mrd):
        assert _person(store, cnic).mobile == "03111111111"
        with store.sessions() as s:
            assert s.get(FieldConflict, conflict.id).status == "resolved"
        assert store.pending_count() == 0
    assert sync_kit.local_versions(psh) == live_server.scope_versions(["PSH"])
    assert sync_kit.local_versions(mrd) == live_server.scope_versions(["MRD"])

    # A district that does not serve them may not change them (its desks cannot even
    # see them: the edit is sent as a desk would send it).
    swt, swt_engine = make_device("DC-SWT")
    at = utcnow().isoformat()
    answers, _ = swt_engine.transport.push(
        swt.identity().device_id,
        [
            {
                "device_seq": 1,
                "command_id": new_id(),
                "name": "edit_record",
                "client_time": at,
                "args": {
                    "table": "persons",
                    "row_id": person_id,
                    "changes": {"mobile": "03444444444"},
                    "at": at,
                    "actor": "clerk-swt",
                },
                "base_versions": {},
            }
        ],
    )
    assert answers[0]["status"] == "rejected" and answers[0]["code"] == "out_of_scope"
    assert _person(live_server, cnic).mobile == "03111111111"
