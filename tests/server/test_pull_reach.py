"""Pull carries only what a desk's accounts need (issue 14, point 4): the tables their
roles name, the tehsils and prisons their scope names, and nothing but the accounts list while an
office has no account (`server.feed.reach_of_device`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from domain.ids import new_id
from server import feed

AT = "2026-11-20T09:30:00+00:00"
VISIT_TABLES = {"inmates", "approved_visitors", "visit_slots", "visit_bookings"}


def _inmate(desk: Any, prison: str, no: str) -> str:
    inmate_id = new_id()
    answer = desk.push(
        "register_inmate",
        {
            "inmate_id": inmate_id,
            "prison_code": prison,
            "inmate_no": no,
            "name_en": f"Inmate {no}",
            "at": AT,
        },
    )
    assert answer["status"] == "applied", answer
    answer = desk.push(
        "approve_visitor",
        {
            "visitor_id": new_id(),
            "inmate_id": inmate_id,
            "cnic": f"173010000{no[-3:]}1",
            "name_en": "Visitor",
            "relationship": "brother",
            "at": AT,
        },
    )
    assert answer["status"] == "applied", answer
    answer = desk.push(
        "open_visit_slot",
        {
            "slot_id": new_id(),
            "prison_code": prison,
            "starts_at": "2026-11-25T05:00:00+00:00",
            "minutes": 30,
            "capacity": 2,
            "at": AT,
        },
    )
    assert answer["status"] == "applied", answer
    return inmate_id


def _khyber_with_two_prisons(server: Any, make_application: Any) -> Any:
    """Records at two prisons of Khyber and a licence application there, written by a
    supervisor of Peshawar whose scope takes in Khyber (not an account of DC-KHR)."""
    writer = server.enrol("DC-KHR", "writer", signed=False)
    writer.sign_as(
        server.operator(
            "writer", ["supervisor"], "DC-PSH", districts=["PSH", "KHR"], desks=[writer]
        )
    )
    _inmate(writer, "SJ-KHR-1", "K1-001")
    _inmate(writer, "SJ-KHR-2", "K2-002")
    app = make_application(7, prefix="KHR", district_code="KHR")
    assert writer.push("submit_licence_application", app)["status"] == "applied"
    return writer


def test_a_prison_desk_gets_exactly_its_prisons_visit_tables(server, make_application):
    _khyber_with_two_prisons(server, make_application)
    desk = server.enrol("DC-KHR", "jail desk", signed=False)
    desk.sign_as(
        server.operator("warden", ["prison_staff"], "DC-KHR", prisons=["SJ-KHR-1"], desks=[desk])
    )
    server.operator("helper", ["help_desk"], "DC-KHR", prisons=["SJ-KHR-1"])
    page = desk.pull_all()

    expected = VISIT_TABLES | {"operators", "record_events", "field_conflicts"}
    assert set(page["checksum"]) == expected
    assert {t for t, _ in desk.seen} <= expected
    rows = {t: [r for (tt, _), r in desk.seen.items() if tt == t] for t in expected}
    assert [r["prison_code"] for r in rows["inmates"]] == ["SJ-KHR-1"]
    assert [r["prison_code"] for r in rows["visit_slots"]] == ["SJ-KHR-1"]
    inmate_id = rows["inmates"][0]["id"]
    assert [r["inmate_id"] for r in rows["approved_visitors"]] == [inmate_id]
    # The checksum counts what was sent, so the desk agrees with it.
    for table in ("inmates", "approved_visitors", "visit_slots"):
        assert page["checksum"][table][0] == 1, table


def test_one_unlimited_keeper_of_visits_widens_the_desk_to_every_prison(server, make_application):
    _khyber_with_two_prisons(server, make_application)
    desk = server.enrol("DC-KHR", "jail desk", signed=False)
    desk.sign_as(
        server.operator("warden", ["prison_staff"], "DC-KHR", prisons=["SJ-KHR-1"], desks=[desk])
    )
    server.operator("superintendent", ["prison_staff"], "DC-KHR")  # every prison of KHR
    desk.pull_all()
    prisons = sorted(r["prison_code"] for (t, _), r in desk.seen.items() if t == "inmates")
    assert prisons == ["SJ-KHR-1", "SJ-KHR-2"]
    assert not any(t == "licence_applications" for t, _ in desk.seen)


def test_an_office_without_accounts_pulls_the_accounts_list_only(server, make_application):
    """No one can sign a command at such a desk, so it has no business with records;
    the first account's roles widen it (the desk then compares the checksum at once:
    `sync.engine.SyncEngine.verify_scope`)."""
    _khyber_with_two_prisons(server, make_application)
    desk = server.enrol("DC-KHR", "new desk", signed=False)
    page = desk.pull_all()
    assert set(page["checksum"]) == {"operators"}
    assert {t for t, _ in desk.seen} <= {"operators"}

    server.operator("clerk", ["licence_operator"], "DC-KHR", desks=[desk])
    page = desk.pull_all()
    assert "licence_applications" in page["checksum"] and "inmates" not in page["checksum"]
    assert page["checksum"]["licence_applications"][0] == 1
    # Its cursor is past the application: the desk sees the count it lacks and
    # downloads its scope again, which now holds the application.
    desk.cursor = 0
    desk.pull_all()
    assert any(t == "licence_applications" for t, _ in desk.seen)


def test_an_unsigned_server_has_no_accounts_to_narrow_by(server_engine):
    reach = feed.reach_of_device(server_engine, "DC-KHR", ["KHR"], unsigned=True)
    assert reach.tables is None and reach.places == {}
    reach = feed.reach_of_device(server_engine, "TO-MRD-01", ["MRD"])
    assert reach.tables == ["operators"] and reach.places == {"tehsil": ["MRD-01"]}


def _mutations_of_two_tehsils(server: Any) -> dict[str, str]:
    """A mutation in each of two Peshawar tehsils, written by a supervisor of Khyber
    whose scope takes in Peshawar (not an account of DC-PSH)."""
    from tests.server.test_identity import mutation_args

    writer = server.enrol("DC-KHR", "writer", signed=False, district_codes=["KHR", "PSH"])
    writer.sign_as(
        server.operator(
            "writer", ["supervisor"], "DC-KHR", districts=["KHR", "PSH"], desks=[writer]
        )
    )
    ids = {}
    for tehsil, no in (("PSH-01", "1"), ("PSH-02", "2")):
        args = mutation_args(tehsil, no)
        assert writer.push("record_mutation", args)["status"] == "applied"
        ids[tehsil] = args["mutation_id"]
    return ids


def test_a_district_desk_of_tehsil_clerks_gets_their_tehsils_mutations_only(server):
    """Issue 14 point 4: a tehsil clerk gets its tehsil's mutations, at a DC office too
    (the office itself spans the district): the union of its mutation keepers' tehsils."""
    ids = _mutations_of_two_tehsils(server)
    desk = server.enrol("DC-PSH", "mutation desk", signed=False)
    desk.sign_as(
        server.operator("clerk", ["mutation_clerk"], "DC-PSH", tehsils=["PSH-01"], desks=[desk])
    )
    server.operator("licences", ["licence_operator"], "DC-PSH")  # keeps no mutations
    page = desk.pull_all()
    assert {i for t, i in desk.seen if t == "mutations"} == {ids["PSH-01"]}
    parties = [r for (t, _), r in desk.seen.items() if t == "mutation_parties"]
    assert parties and {r["mutation_id"] for r in parties} == {ids["PSH-01"]}
    assert page["checksum"]["mutations"][0] == 1  # the desk agrees with what it got


def test_one_district_wide_mutation_keeper_widens_the_desk_to_every_tehsil(server):
    ids = _mutations_of_two_tehsils(server)
    desk = server.enrol("DC-PSH", "mutation desk", signed=False)
    desk.sign_as(
        server.operator("clerk", ["mutation_clerk"], "DC-PSH", tehsils=["PSH-01"], desks=[desk])
    )
    server.operator("second", ["mutation_clerk"], "DC-PSH", tehsils=["PSH-02"])
    desk.pull_all()
    assert {i for t, i in desk.seen if t == "mutations"} == set(ids.values())
    server.operator("officer", ["revenue_officer"], "DC-PSH")  # the whole district
    reach = feed.reach_of_device(server.engine, "DC-PSH", ["PSH"])
    assert "tehsil" not in reach.places


def test_a_pull_reads_its_reach_and_its_page_on_one_connection(
    server, make_application, monkeypatch
):
    """Issue 21: a pull after every push is most of a desk's rounds under load. The
    reach (from the office's accounts) and the page it bounds are read on one
    connection of the pool, in one transaction (`feed.pull_for_device`): one snapshot,
    and no second connection and its two round trips."""
    desk = server.enrol("DC-PSH", "licence desk", signed=False)
    other = server.enrol("DC-PSH", "second desk", signed=False)
    other.sign_as(server.operator("clerk", ["licence_operator"], "DC-PSH", desks=[desk, other]))
    desk.pull_all()
    assert other.push("submit_licence_application", make_application(1))["status"] == "applied"
    seen: list[tuple[str, int]] = []

    def ran(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM operators" in statement:
            seen.append(("reach", id(conn.connection.dbapi_connection)))

    def returned(dbapi_connection: Any, _record: Any) -> None:
        seen.append(("returned", id(dbapi_connection)))

    read_page = feed.read_page

    def page_of(conn: Any, *args: Any, **kw: Any) -> Any:
        seen.append(("page", id(conn.connection.dbapi_connection)))
        return read_page(conn, *args, **kw)

    monkeypatch.setattr(feed, "read_page", page_of)
    event.listen(server.engine, "before_cursor_execute", ran)
    event.listen(server.engine.pool, "checkin", returned)
    try:
        page = desk.pull()
    finally:
        event.remove(server.engine, "before_cursor_execute", ran)
        event.remove(server.engine.pool, "checkin", returned)
    assert [i for t, i in desk.seen if t == "licence_applications"]  # the new row came
    assert page["more"] is False
    kinds = [kind for kind, _ in seen]
    reach, at = kinds.index("reach"), kinds.index("page")
    assert seen[reach][1] == seen[at][1]
    assert "returned" not in kinds[reach:at]
