"""A person's scope on the server, on SQLite and on PostgreSQL (server/scope.py): a
person named in two districts is in both districts' feeds and checksums, once in the
feed of a device serving both, and a server migrated from before (persons moved to
the last district that served them) gives them back to the first district's desks.
"""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, select, update

from domain.commands import person_id_for
from domain.models import LicenceApplication, Person
from server import apply, changes
from server.changes import current_seq, reindex_all
from server.migrate import alembic_config, upgrade
from server.models import ChangeIndex

_index = ChangeIndex.__table__


def _second_district(args: dict[str, Any], n: int) -> dict[str, Any]:
    """The same applicant's application in Mardan."""
    from domain.ids import new_id

    return {
        **args,
        "application_id": new_id(),
        "application_no": f"MRD-T-{n:07d}",
        "district_code": "MRD",
    }


def _checksum_of(desk: Any) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {}
    for (table, _row_id), record in desk.seen.items():
        count, total = counts.setdefault(table, [0, 0])
        counts[table] = [count + 1, total + int(record["version"])]
    return counts


def _entries(engine: Any, person_id: str) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(
            conn.execute(
                select(_index.c.district_code, _index.c.seq).where(
                    _index.c.table_name == "persons", _index.c.row_id == person_id
                )
            ).all()
        )


def test_a_person_of_two_districts_reaches_each_and_a_desk_of_both_once(server, make_application):
    psh = server.enrol("DC-PSH", "peshawar")
    mrd = server.enrol("DC-MRD", "mardan")
    both = server.enrol("DC-PSH", "provincial", district_codes=["PSH", "MRD"])
    first = make_application(1)
    assert psh.push("submit_licence_application", first)["status"] == "applied"
    assert mrd.push("submit_licence_application", _second_district(first, 1))["status"] == "applied"
    person_id = person_id_for(first["applicant"]["cnic"])
    entries = _entries(server.engine, person_id)
    assert set(entries) == {"PSH", "MRD"} and len(set(entries.values())) == 1
    for desk in (psh, mrd, both):
        page = desk.pull_all(limit=2)
        assert ("persons", person_id) in desk.seen
        applicants = {
            r["person_id"] for (t, _i), r in desk.seen.items() if t == "licence_applications"
        }
        assert applicants <= {i for (t, i) in desk.seen if t == "persons"}
        checksum = page["checksum"]
        assert {t: v for t, v in checksum.items() if v != [0, 0]} == _checksum_of(desk)
    # the desk of both districts got the person once, in one page
    page = both.client.get(
        "/sync/pull", headers=both.headers, params={"cursor": 0, "limit": 100}
    ).json()
    ids = [
        dict(zip(page["tables"]["persons"]["columns"], r))["id"]
        for r in page["tables"]["persons"]["rows"]
    ]
    assert ids == [person_id]


def test_a_person_gaining_a_district_is_numbered_again_so_desks_already_past_them_get_them(
    server, make_application
):
    psh = server.enrol("DC-PSH")
    mrd = server.enrol("DC-MRD")
    first = make_application(1)
    psh.push("submit_licence_application", first)
    mrd.push("submit_licence_application", make_application(2, district_code="MRD", prefix="MRD"))
    psh.pull_all()
    mrd.pull_all()  # the Mardan desk's cursor is past the person's first number
    mrd.push("submit_licence_application", _second_district(first, 1))
    page = mrd.pull_all()
    person_id = person_id_for(first["applicant"]["cnic"])
    assert ("persons", person_id) in mrd.seen
    assert page["checksum"]["persons"] == _checksum_of(mrd)["persons"]
    psh.pull_all()  # and Peshawar gets the new number too, its checksum agreeing
    assert (
        psh.seen[("persons", person_id)]["version"] == mrd.seen[("persons", person_id)]["version"]
    )


def test_a_district_gained_in_one_group_of_a_push_is_in_scope_in_the_next(
    server, make_application, monkeypatch
):
    """The districts read for one group's scope check are not trusted by the next
    group of the same push (`scope.districts_on_record` keeps them for a transaction):
    the Mardan desk names the Peshawar applicant in its first group, so it may correct
    their details in its second."""
    monkeypatch.setattr(apply, "GROUP", 1)
    psh, mrd = server.enrol("DC-PSH"), server.enrol("DC-MRD")
    first = make_application(1)
    assert psh.push("submit_licence_application", first)["status"] == "applied"
    person_id = person_id_for(first["applicant"]["cnic"])
    edit = {"table": "persons", "row_id": person_id, "at": first["at"]}
    response = mrd.push_envelopes(
        [
            mrd.envelope("submit_licence_application", _second_district(first, 1)),
            mrd.envelope("edit_record", {**edit, "changes": {"mobile": "03111234567"}}),
        ]
    )
    assert [a["status"] for a in response.json()["results"]] == ["applied", "applied"]
    assert set(_entries(server.engine, person_id)) == {"PSH", "MRD"}


@pytest.mark.postgres
def test_a_district_gained_while_a_push_numbers_the_person_gets_their_new_number(
    pg_engine, make_server, make_application, monkeypatch
):
    """A push reads a person's districts before it takes the numbers. A district that
    another push adds in between (it commits first) must get the person's new number
    too (`move_all_entries`; the numbering statement's `fo`): an entry left at the old
    number is never sent again to that district's desks, which would keep the old
    details for ever. (On SQLite writers take turns, so this cannot happen there.)"""
    server = make_server(pg_engine)
    psh = server.enrol("DC-PSH")
    first = make_application(1)
    assert psh.push("submit_licence_application", first)["status"] == "applied"
    person_id = person_id_for(first["applicant"]["cnic"])
    old = _entries(pg_engine, person_id)["PSH"]
    real = changes.plan_entries

    def and_meanwhile(session: Any, objs: Any) -> Any:
        plan = real(session, objs)
        if any(table == "persons" for table, *_rest in objs):
            with pg_engine.begin() as conn:  # a Mardan push naming them, committed now
                conn.execute(
                    _index.insert().values(
                        table_name="persons", row_id=person_id, district_code="MRD", seq=old
                    )
                )
        return plan

    monkeypatch.setattr(changes, "plan_entries", and_meanwhile)
    edit = {"table": "persons", "row_id": person_id, "at": first["at"]}
    answer = psh.push("edit_record", {**edit, "changes": {"mobile": "03111234567"}})
    assert answer["status"] == "applied"
    entries = _entries(pg_engine, person_id)
    assert set(entries) == {"PSH", "MRD"}
    assert entries["MRD"] == entries["PSH"] > old


def test_a_server_migrated_from_moved_persons_gives_them_back_to_the_first_district(
    server, make_application
):
    psh = server.enrol("DC-PSH")
    mrd = server.enrol("DC-MRD")
    first = make_application(1)
    psh.push("submit_licence_application", first)
    mrd.push("submit_licence_application", _second_district(first, 1))
    person_id = person_id_for(first["applicant"]["cnic"])
    engine = server.engine
    # What the old code left: the person moved to Mardan, out of Peshawar's feed.
    with engine.begin() as conn:
        conn.execute(
            update(Person.__table__)
            .where(Person.__table__.c.id == person_id)
            .values(district_code="MRD")
        )
        conn.execute(
            delete(_index).where(_index.c.table_name == "persons", _index.c.district_code == "PSH")
        )
    psh.pull_all()
    assert ("persons", person_id) not in psh.seen  # the bug the migration repairs
    with engine.connect() as conn:
        before = current_seq(conn)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
        conn.commit()
    upgrade(engine)
    entries = _entries(engine, person_id)
    assert set(entries) == {"PSH", "MRD"} and len(set(entries.values())) == 1
    with engine.connect() as conn:
        assert next(iter(entries.values())) > before
        assert conn.scalar(select(Person.version).where(Person.id == person_id)) == entries["PSH"]
        assert current_seq(conn) >= entries["PSH"]
    # The downgrade took the accounts table with it (0003 predates accounts), and an
    # office without accounts pulls only the accounts list (`feed.reach_of_device`).
    server.operator("psh-clerk", ["licence_operator"], "DC-PSH")
    page = psh.pull_all()  # from its old cursor: the person arrives
    assert ("persons", person_id) in psh.seen
    assert page["checksum"]["persons"] == _checksum_of(psh)["persons"]


def test_reindexing_a_seeded_server_puts_persons_in_every_district_that_names_them(
    server, make_application
):
    psh = server.enrol("DC-PSH")
    first = make_application(1)
    psh.push("submit_licence_application", first)
    person_id = person_id_for(first["applicant"]["cnic"])
    with server.engine.begin() as conn:  # a seed writes rows straight, then reindexes
        conn.execute(update(LicenceApplication.__table__).values(district_code="MRD"))
        reindex_all(conn)
    assert set(_entries(server.engine, person_id)) == {"PSH", "MRD"}
    mrd = server.enrol("DC-MRD")
    mrd.pull_all()
    assert ("persons", person_id) in mrd.seen
