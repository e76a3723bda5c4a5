"""A woman's relation (D/O or W/O) travels with the application, is edited like her
other details, and the desk and the server refuse the same wrong relation with the
same message; old databases take S/O or D/O from the CNIC's gender."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import text

from domain.commands.context import person_id_for
from domain.errors import DomainError
from domain.ids import utcnow
from sync.store import LocalStore

WOMAN = "1730100000028"  # even last digit


def _womans_application(make_application: Any, n: int, relation: str) -> dict[str, Any]:
    args = make_application(n)
    args["applicant"].update(
        cnic=WOMAN, name_en="Ayesha Bibi", father_name_en="Tariq Mehmood", relation=relation
    )
    return args


def _desk_refusal(name: str, args: dict[str, Any]) -> str:
    store = LocalStore.open("relation-desk")
    try:
        store.execute(name, copy.deepcopy(args), actor="clerk")
    except DomainError as exc:
        return str(exc.message)
    finally:
        store.close()
    raise AssertionError("the desk accepted it")


def test_a_man_entered_as_wife_of_is_refused_alike_by_desk_and_server(server, make_application):
    args = make_application(1)
    args["applicant"]["relation"] = "wife_of"  # the CNIC ends in 1: a man
    answer = server.enrol().push("submit_licence_application", args)
    assert answer["status"] == "rejected"
    assert answer["message"] == _desk_refusal("submit_licence_application", args)
    assert answer["message"] == (
        "The CNIC ends in an odd digit, a man's: the relation can only be S/O."
    )
    args["applicant"]["relation"] = "aunt_of"
    answer = server.enrol().push("submit_licence_application", args)
    assert answer["message"] == _desk_refusal("submit_licence_application", args)
    assert answer["message"].startswith("The relation must be son of (S/O)")


def test_a_wife_of_is_stored_pulled_and_edited_back_to_daughter_of(server, make_application):
    desk = server.enrol()
    args = _womans_application(make_application, 2, "wife_of")
    assert desk.push("submit_licence_application", args)["status"] == "applied"
    desk.pull()
    person = desk.seen[("persons", person_id_for(WOMAN))]
    assert (person["relation"], person["father_name_en"]) == ("wife_of", "Tariq Mehmood")

    edit = {"table": "persons", "row_id": person["id"], "at": args["at"]}
    refused = desk.push("edit_record", {**edit, "changes": {"relation": "son_of"}})
    assert refused["status"] == "rejected"
    assert refused["message"] == (
        "The CNIC ends in an even digit, a woman's: the relation is D/O or W/O."
    )
    changes = {"relation": "daughter_of", "father_name_en": "Gul Khan"}
    assert desk.push("edit_record", {**edit, "changes": changes})["status"] == "applied"
    desk.pull()
    person = desk.seen[("persons", person_id_for(WOMAN))]
    assert (person["relation"], person["father_name_en"]) == ("daughter_of", "Gul Khan")


def test_a_new_applicant_without_a_relation_takes_the_cnics(server, make_application):
    desk = server.enrol()
    assert desk.push("submit_licence_application", make_application(3))["status"] == "applied"
    woman = make_application(4)
    woman["applicant"]["cnic"] = WOMAN
    assert desk.push("submit_licence_application", woman)["status"] == "applied"
    desk.pull()
    relations = {r["cnic"]: r["relation"] for (t, _), r in desk.seen.items() if t == "persons"}
    assert relations == {make_application(3)["applicant"]["cnic"]: "son_of", WOMAN: "daughter_of"}


_OLD_PERSON = (
    "INSERT INTO persons (id, cnic, name_en, name_ur, father_name_en, father_name_ur, gender,"
    " address, mobile, version, district_code, office_code, created_at, updated_at, sync_state)"
    " VALUES (:id, :cnic, 'N', '', 'F', '', :gender, '', '', 1, 'PSH', 'DC-PSH', :now, :now,"
    " 'synced')"
)
_OLD_PEOPLE = [
    {"id": "m", "cnic": "1730100000011", "gender": "male"},
    {"id": "f", "cnic": "1730100000028", "gender": "female"},
    {"id": "u", "cnic": "1730100000046", "gender": ""},  # gender never filled: the CNIC says
]


def test_an_old_server_database_takes_relations_from_gender(tmp_path):
    from alembic import command

    from server.db import make_engine
    from server.migrate import alembic_config, current_revision, head_revision, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(engine, "0012")
        with engine.begin() as conn:
            conn.execute(text(_OLD_PERSON), [{**p, "now": utcnow()} for p in _OLD_PEOPLE])
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, relation FROM persons")).all())
        assert rows == {"m": "son_of", "f": "daughter_of", "u": "daughter_of"}
        cfg = alembic_config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0012")
            conn.commit()
    finally:
        engine.dispose()


def test_an_old_desk_store_takes_relations_from_gender(tmp_path):
    from sqlalchemy import create_engine

    from sync.store.migrate import head_revision, migrate_store

    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        migrate_store(engine, path, "0011")
        with engine.begin() as conn:
            conn.execute(text(_OLD_PERSON), [{**p, "now": "2026-11-30"} for p in _OLD_PEOPLE])
        report = migrate_store(engine, path, "head")
        assert report.to_revision == head_revision() == "0012"
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, relation FROM persons")).all())
        assert rows == {"m": "son_of", "f": "daughter_of", "u": "daughter_of"}
    finally:
        engine.dispose()


@pytest.mark.parametrize("relation", ["daughter_of", "wife_of"])
def test_a_woman_may_be_either(server, make_application, relation):
    args = _womans_application(make_application, 5, relation)
    assert server.enrol().push("submit_licence_application", args)["status"] == "applied"
